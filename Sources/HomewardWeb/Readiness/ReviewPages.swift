import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The clearinghouse's side: the review queue, one application with its frozen evidence and the
/// policy mapping to confirm, the decision, revocation, and the program versions.
enum ReviewPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/readiness/applications", .principal(.reviewReadiness), .page, summary: "Applications to review", handler: queue),
            Endpoint(
                .get, "/readiness/applications/{application}", .principal(.reviewReadiness), .page, summary: "One application",
                auditedRead: .init(action: "readiness.application_view", recordType: "readiness_application"), handler: show),
            Endpoint(
                .post, "/readiness/applications/{application}/review", .principal(.reviewReadiness), .page,
                summary: "Confirm or reject the policy mapping; approve or return the application", handler: review),
            Endpoint(
                .post, "/organizations/{org}/readiness/recognitions/{recognition}/revoke", .principal(.reviewReadiness), .page,
                summary: "Revoke a recognition", handler: revoke),
            Endpoint(
                .get, "/readiness/programs", .principal(.reviewReadiness), .page, summary: "Readiness program versions", handler: programs),
            Endpoint(
                .post, "/readiness/programs", .principal(.manageReadinessPrograms), .page, summary: "Add a readiness program version",
                handler: addProgram),
        ]
    }

    // MARK: Queue

    struct QueueRow: Sendable {
        var href: String
        var agency: String
        var kind: String
        var state: String
        var applicationKind: String
        var submitted: String
        var status: String
        var decided: String
    }

    struct QueueModel: Sendable {
        var layout: LayoutModel
        var waiting: [QueueRow]
        var decided: [QueueRow]
    }

    @Sendable static func queue(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let store = services.store
        let organizations = Dictionary(
            try await store.organizations().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func row(_ a: ReadinessApplication) -> QueueRow {
            let org = organizations[a.organizationID]
            let zone = org.map(ReadinessOperations.zone) ?? TimeZone(identifier: "UTC")!
            return QueueRow(
                href: Paths.readinessApplication(a.id), agency: org?.name ?? a.organizationID.rawValue, kind: org?.kind.title ?? "",
                state: org?.state ?? "", applicationKind: a.kind == .renewal ? "Renewal" : "Initial",
                submitted: CivilDate(a.submittedAt, in: zone).iso, status: a.status.title,
                decided: a.decidedAt.map { CivilDate($0, in: zone).iso } ?? "")
        }
        let waiting = try await store.applications(in: .submitted, limit: 500)
        let decided = (try await store.applications(in: .returned, limit: 200) + store.applications(in: .approved, limit: 200))
            .sorted { ($0.decidedAt ?? $0.submittedAt) > ($1.decidedAt ?? $1.submittedAt) }.prefix(50)
        return try services.views.page(
            "applications",
            QueueModel(
                layout: .init(context: context, services: services, title: "Readiness applications", current: Paths.readinessApplications),
                waiting: waiting.map(row), decided: decided.map(row)))
    }

    // MARK: One application

    struct MappingView: Sendable {
        var id: String
        var title: String
        var description: String
        var answer: String
        var citation: String
        var confirmed: Bool
        var rejected: Bool
        var comment: String
        var error: String?
    }

    struct ApplicationModel: Sendable {
        var layout: LayoutModel
        var agency: String
        var kindTitle: String
        var state: String
        var readinessHref: String
        var applicationKind: String
        var status: String
        var submitted: String
        var signer: String
        var affirmations: [String]
        var programName: String
        var allMetAtSubmission: Bool
        var sections: [ReadinessPages.SectionView]
        var personnelCount: Int
        var trainingCount: Int
        /// The roster and training as frozen with the application, for the reviewer to check.
        var roster: [FrozenPerson]
        var policyFile: String
        var policySHA: String
        var policyHref: String?
        var policyChanged: Bool
        var basis: String
        var components: [MappingView]
        var qualityAssurance: [MappingView]
        var isOpen: Bool
        var action: String
        var decisionComment: FieldView
        var errors: [String]
        var pastComment: String
    }

    static func load(_ context: HomewardContext, _ services: AppServices) async throws -> (ReadinessApplication, ReadinessState) {
        guard let application = try await services.store.application(context.parameters.get("application") ?? "") else {
            throw HomewardError.notFound("application")
        }
        guard let organization = try await services.store.organization(application.organizationID) else {
            throw HomewardError.notFound("organization")
        }
        return (application, try await ReadinessOperations.load(organization, services))
    }

    static func applicationModel(
        _ application: ReadinessApplication, _ state: ReadinessState, context: HomewardContext, services: AppServices, flash: String?,
        form: FormInput? = nil, errors: FieldErrors = FieldErrors()
    ) -> ApplicationModel {
        let org = state.organization
        let evaluation = application.snapshot.evaluation
        let program = state.programs.first { $0.code == application.programCode } ?? state.program
        func mapping(_ item: PolicyItem) -> MappingView {
            let m = state.mappings[item.id]
            let chosen = form?["review.\(item.id)"] ?? (m?.review == .pending ? "" : m?.review.rawValue ?? "")
            return MappingView(
                id: item.id, title: item.title, description: item.description,
                answer: m.map { $0.present ? ($0.statement.isEmpty ? "Covered" : $0.statement) : "Absent from the policy" } ?? "Not mapped",
                citation: m?.citation ?? "", confirmed: chosen == "confirmed", rejected: chosen == "rejected",
                comment: form?["comment.\(item.id)"] ?? m?.reviewComment ?? "", error: errors[item.id])
        }
        let affirmationTexts = Dictionary(program.affirmations.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        return ApplicationModel(
            layout: .init(
                context: context, services: services, title: "Application — \(org.name)", current: Paths.readinessApplications, flash: flash
            ),
            agency: org.name, kindTitle: org.kind.title, state: org.state, readinessHref: Paths.readiness(org.id),
            applicationKind: application.kind == .renewal ? "Renewal" : "Initial application", status: application.status.title,
            submitted: LocalTime(timeZone: org.timeZone).format(application.submittedAt),
            signer: "\(application.signerName), \(application.signerTitle)",
            affirmations: application.affirmations.map { affirmationTexts[$0] ?? $0 }, programName: program.name,
            allMetAtSubmission: evaluation.allMet,
            sections: ReadinessPages.sections(evaluation),
            personnelCount: application.snapshot.evidence.personnel.count, trainingCount: application.snapshot.evidence.training.count,
            roster: frozenRoster(application.snapshot.evidence),
            policyFile: application.snapshot.policyFileName ?? "none", policySHA: application.snapshot.policySHA256 ?? "",
            policyHref: state.policy.map { Paths.readinessPolicy(org.id) + "/\($0.version)" },
            policyChanged: state.policy?.sha256 != application.snapshot.policySHA256,
            basis: state.policy?.basis.title(for: org.kind) ?? "No policy",
            components: state.policy?.basis == .own ? (state.track?.components ?? []).map(mapping) : [],
            qualityAssurance: program.qualityAssurance.map(mapping), isOpen: application.status == .submitted,
            action: Paths.readinessApplication(application.id) + "/review",
            decisionComment: .textarea(
                "decisionComment", "Comment to the agency", form?["decisionComment"] ?? "", errors: errors,
                hint: "Required when returning the application: say what to fix."),
            // Every problem is listed next to the buttons, where the reviewer is looking; item problems
            // are also shown in their rows.
            errors: errors.entries.map(\.message), pastComment: application.decisionComment)
    }

    struct FrozenPerson: Sendable {
        var name: String
        var employeeNumber: String
        var role: String
        var hired: String
        var status: String
        var courses: String
    }

    /// Each person as frozen with the application, with the courses they had completed.
    static func frozenRoster(_ evidence: ReadinessEvidence) -> [FrozenPerson] {
        let training = Dictionary(grouping: evidence.training, by: \.personnelID)
        return evidence.personnel.sorted { ($0.role.ordinal, $0.name) < ($1.role.ordinal, $1.name) }.map { person in
            let completed = (training[person.id] ?? []).sorted { $0.completedOn < $1.completedOn }
            return FrozenPerson(
                name: person.name, employeeNumber: person.employeeNumber, role: person.role.title, hired: person.hireDate.iso,
                status: person.active ? "Active" : "Inactive",
                courses: completed.isEmpty ? "None" : completed.map { "\($0.courseCode) (\($0.completedOn.iso))" }.joined(separator: ", "))
        }
    }

    @Sendable static func show(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let (application, state) = try await load(context, services)
        let flash: String? =
            switch request.uri.queryParameters.get("done") {
            case "saved": "Review saved."
            case "approved": "Approved. The agency is recognized and listed on the public member list."
            case "returned": "Returned to the agency with your comment."
            default: nil
            }
        return try services.views.page(
            "application", applicationModel(application, state, context: context, services: services, flash: flash))
    }

    /// The items a reviewer must confirm before approving: every component of an agency's own
    /// policy, and every QA element.
    static func reviewItems(_ state: ReadinessState, program: ReadinessProgram) -> [PolicyItem] {
        (state.policy?.basis == .own ? state.track?.components ?? [] : []) + program.qualityAssurance
    }

    @Sendable static func review(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (application, state) = try await load(context, services)
        let program = state.programs.first { $0.code == application.programCode } ?? state.program
        let items = reviewItems(state, program: program)
        let decision = form["decision"]
        var errors = FieldErrors()
        var reviews: [MappingReview] = []
        // "Confirm all": every item the reviewer did not mark is confirmed; a marked one keeps its mark.
        let confirmAll = form.value("confirmAll") != nil
        for item in items {
            let marked = form["review.\(item.id)"]
            let choice = marked.isEmpty && confirmAll ? ReviewState.confirmed.rawValue : marked
            let comment = form["comment.\(item.id)"].trimmed
            guard let review = ReviewState(rawValue: choice), review != .pending else { continue }
            if state.mappings[item.id] == nil { continue }
            if review == .rejected && comment.isEmpty { errors.add(item.id, "Say why you reject this, so the agency can fix it.") }
            if comment.count > 500 { errors.add(item.id, "Keep the comment under 500 characters.") }
            reviews.append(MappingReview(itemID: item.id, state: review, comment: comment))
        }
        let comment = form["decisionComment"].trimmed
        guard application.status == .submitted else { throw HomewardError.conflict("This application was already decided.") }
        switch decision {
        case "approve":
            var after = state.mappings
            for r in reviews { after[r.itemID]?.review = r.state }
            let unconfirmed = items.filter { after[$0.id]?.review != .confirmed }
            if !unconfirmed.isEmpty {
                errors.add(
                    "decision",
                    "Confirm every item before approving (\(unconfirmed.count) not confirmed: "
                        + "\(unconfirmed.prefix(4).map(\.title).joined(separator: ", "))\(unconfirmed.count > 4 ? "…" : "")). "
                        + "Return the application if something must change.")
            }
            if !application.snapshot.evaluation.allMet { errors.add("decision", "Not every criterion was met when the agency applied.") }
        case "return":
            if comment.isEmpty { errors.add("decisionComment", "Say what the agency must fix.") }
        case "save": break
        default: errors.add("decision", "Choose to save, approve or return.")
        }
        if comment.count > 2000 { errors.add("decisionComment", "Keep the comment under 2,000 characters.") }
        guard errors.isEmpty else {
            return try services.views.page(
                "application",
                applicationModel(application, state, context: context, services: services, flash: nil, form: form, errors: errors),
                status: .unprocessableContent)
        }
        let reviewer = context.signedIn!.user.id
        let now = services.clock.now()
        let org = state.organization
        if !reviews.isEmpty {
            try await services.store.reviewPolicyMappings(
                reviews, of: org.id, by: reviewer, at: now,
                audit: services.auditEntry(
                    context, action: "readiness.mapping_review", recordType: "readiness_application", recordID: application.id,
                    organization: org.id,
                    detail:
                        "\(reviews.filter { $0.state == .confirmed }.count) confirmed, \(reviews.filter { $0.state == .rejected }.count) rejected"
                ))
        }
        switch decision {
        case "approve":
            let recognition = newRecognition(for: application, state: state, program: program, id: services.ids.next())
            try await services.store.decideApplication(
                application.id, status: .approved, comment: comment, by: reviewer, at: now, recognition: recognition,
                audit: services.auditEntry(
                    context, action: "readiness.approve", recordType: "readiness_application", recordID: application.id,
                    organization: org.id, detail: "recognition \(recognition.id) until \(recognition.termEnd.iso)"))
            return .redirect(to: Paths.readinessApplication(application.id) + "?done=approved", type: .normal)
        case "return":
            try await services.store.decideApplication(
                application.id, status: .returned, comment: comment, by: reviewer, at: now, recognition: nil,
                audit: services.auditEntry(
                    context, action: "readiness.return", recordType: "readiness_application", recordID: application.id,
                    organization: org.id))
            return .redirect(to: Paths.readinessApplication(application.id) + "?done=returned", type: .normal)
        default:
            return .redirect(to: Paths.readinessApplication(application.id) + "?done=saved", type: .normal)
        }
    }

    /// The recognition an approval grants: from today, or for a renewal from the end of the term
    /// still running, for the program's term.
    static func newRecognition(
        for application: ReadinessApplication, state: ReadinessState, program: ReadinessProgram, id: String
    ) -> Recognition {
        let start = state.current.map { max($0.termEnd, state.today) } ?? state.today
        return Recognition(
            id: id, organizationID: state.organization.id, applicationID: application.id, termStart: start,
            termEnd: start.adding(years: program.termYears),
            certificateNumber: Recognition.certificateNumber(start: start, id: id),
            policyVersion: state.policy?.version, programCode: program.code)
    }

    @Sendable static func revoke(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let organization = try await ReadinessOperations.organization(context, services)
        guard let recognition = try await services.store.recognition(context.parameters.get("recognition") ?? ""),
            recognition.organizationID == organization.id
        else { throw HomewardError.notFound("recognition") }
        let reason = form["reason"].trimmed
        guard !reason.isEmpty, reason.count <= 500 else {
            throw HomewardError.invalid("reason", "Give the reason for revoking (at most 500 characters).")
        }
        try await services.store.revokeRecognition(
            recognition.id, reason: reason, at: services.clock.now(),
            audit: services.auditEntry(
                context, action: "readiness.revoke", recordType: "recognition", recordID: recognition.id, organization: organization.id))
        return .redirect(to: Paths.readiness(organization.id), type: .normal)
    }

    // MARK: Program versions

    struct ProgramRow: Sendable {
        var code: String
        var name: String
        var effectiveFrom: String
        var inForce: Bool
        var courses: String
        var termYears: Int
    }

    struct ProgramsModel: Sendable {
        var layout: LayoutModel
        var programs: [ProgramRow]
        var canAdd: Bool
        var definition: FieldView
    }

    static func programsModel(
        _ programs: [ReadinessProgram], context: HomewardContext, services: AppServices, flash: String?, definition: String? = nil,
        errors: FieldErrors = FieldErrors()
    ) throws -> ProgramsModel {
        let today = CivilDate(services.clock.now(), in: TimeZone(identifier: context.signedIn!.organization.timeZone) ?? .gmt)
        let inForce = ReadinessProgram.inForce(on: today, among: programs)?.code
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let template = try programs.last.map { String(decoding: try encoder.encode($0), as: UTF8.self) } ?? ""
        return ProgramsModel(
            layout: .init(context: context, services: services, title: "Readiness program", current: Paths.readinessPrograms, flash: flash),
            programs: programs.map {
                ProgramRow(
                    code: $0.code, name: $0.name, effectiveFrom: $0.effectiveFrom, inForce: $0.code == inForce,
                    courses: $0.courses.map(\.code).joined(separator: ", "), termYears: $0.termYears)
            },
            canAdd: AccessPolicy.decide(context.signedIn!.principal, .manageReadinessPrograms).isAllowed,
            definition: .textarea(
                "definition", "New version (JSON)", definition ?? template, errors: errors,
                hint:
                    "Start from the newest version: change its code, name and first day, then the criteria. Applications dated on or after the first day are judged by it."
            ))
    }

    @Sendable static func programs(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let flash = request.uri.queryParameters.get("done") == "added" ? "Program version added." : nil
        return try services.views.page(
            "programs", try programsModel(try await services.store.readinessPrograms(), context: context, services: services, flash: flash))
    }

    @Sendable static func addProgram(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let text = form["definition"]
        var errors = FieldErrors()
        do {
            let program = try JSONDecoder().decode(ReadinessProgram.self, from: Data(text.utf8))
            try program.validate()
            try await services.store.addReadinessProgram(
                program, by: context.signedIn!.user.id, at: services.clock.now(),
                audit: services.auditEntry(
                    context, action: "readiness.program_add", recordType: "readiness_program", recordID: program.code,
                    detail: "effective \(program.effectiveFrom)"))
            return .redirect(to: Paths.readinessPrograms + "?done=added", type: .normal)
        } catch let error as DecodingError {
            errors.add("definition", "The JSON does not describe a program version: \(describe(error)).")
        } catch HomewardError.invalid(let fields) {
            errors.add("definition", fields.entries.map { "\($0.field): \($0.message)" }.joined(separator: " "))
        } catch HomewardError.conflict {
            errors.add("definition", "A version with this code exists; give the new version its own code.")
        }
        return try services.views.page(
            "programs",
            try programsModel(
                try await services.store.readinessPrograms(), context: context, services: services, flash: nil, definition: text,
                errors: errors),
            status: .unprocessableContent)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context): return path(context).isEmpty ? "it is not valid JSON" : "\(path(context)) is not valid"
        @unknown default: return "it is not valid"
        }
    }
}
