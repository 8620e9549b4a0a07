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
                .get, Routes.readinessApplications, allowing: .reviewReadiness, .page, scope: .none, summary: "Applications to review",
                handler: queue),
            Endpoint(
                .get, Routes.readinessApplication, allowing: .reviewReadiness, .page, scope: .none,
                summary: "One application",
                auditedRead: .init(action: .readinessApplicationView, recordType: .readinessApplication), handler: show),
            Endpoint(
                .post, Routes.reviewApplication, allowing: .reviewReadiness, .page,
                scope: .none, summary: "Confirm or reject the policy mapping; approve or return the application", handler: review),
            Endpoint(
                .post, Routes.revokeRecognition, allowing: .reviewReadiness, .page,
                scope: .organization, summary: "Revoke a recognition", handler: revoke),
            Endpoint(
                .get, Routes.readinessPrograms, allowing: .reviewReadiness, .page, scope: .none, summary: "Readiness program versions",
                handler: programs),
            Endpoint(
                .post, Routes.readinessPrograms, allowing: .manageReadinessPrograms, .page, scope: .none,
                summary: "Add a readiness program version",
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
        var rows: [QueueRow]
        var views: [ListChoice]
        var waiting: Bool
        var heading: String
        var nextHref: String?
        var firstHref: String?
    }

    /// Applications waiting for review, oldest first (the default), or those returned or approved,
    /// newest decision first (`?show=returned|approved`), a page at a time (`?after=`).
    @Sendable static func queue(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let store = services.store
        let show = Paging.choice(request, "show", among: ["returned", "approved"])
        let status = show.flatMap(ApplicationStatus.init(rawValue:)) ?? .submitted
        let after = Paging.after(request)
        let size = ListChoice.pageSize
        let page = PageOf(
            try await store.applications(in: status, after: after, limit: size + 1), size: size,
            cursor: { PageCursor(at: $0.decidedAt ?? $0.submittedAt, id: $0.id) })
        let organizations = Dictionary(
            try await store.organizations(page.rows.map(\.organizationID)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func row(_ a: ReadinessApplication) -> QueueRow {
            let org = organizations[a.organizationID]
            let zone = org?.zone ?? TimeZone.utc
            return QueueRow(
                href: Routes.readinessApplication(a.id), agency: org?.name ?? a.organizationID.rawValue, kind: org?.kind.title ?? "",
                state: org?.state ?? "",
                applicationKind: a.kind == .renewal ? StaffText.text("staff.review.renewal") : StaffText.text("staff.review.initial"),
                submitted: CivilDate(a.submittedAt, in: zone).iso, status: a.status.title,
                decided: a.decidedAt.map { CivilDate($0, in: zone).iso } ?? "")
        }
        let waiting = try await store.applicationCount(in: .submitted)
        let path = Routes.readinessApplications.path
        let views = Paging.views(
            path, "show",
            [
                (StaffText.text("staff.review.waiting", ["count": "\(CappedCount.text(waiting))"]), nil),
                (StaffText.text("staff.review.returned"), "returned"), (StaffText.text("staff.review.approved"), "approved"),
            ],
            current: show)
        let links = Paging.links(path, ["show": show], next: page.next, onFirstPage: after == nil)
        return try services.views.page(
            "applications",
            QueueModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.readinessApplications"), current: path),
                rows: page.rows.map(row), views: views, waiting: status == .submitted,
                heading: status == .submitted ? StaffText.text("staff.review.waitingForReview") : "\(status.title), newest decision first",
                nextHref: links.next, firstHref: links.first))
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
        /// For a 911 center: whether its QA section is practised, beside the written one.
        var qaPractice: QAPracticeLoads.PracticeView?
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
        var sections: [ReadinessView.SectionView]
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

    static func load(_ context: SignedInContext, _ services: AppServices) async throws -> (ReadinessApplication, ReadinessState) {
        guard let application = try await services.store.application(context.parameters.get(.application) ?? "") else {
            throw HomewardError.notFound("application")
        }
        guard let organization = try await services.store.organization(application.organizationID) else {
            throw HomewardError.notFound("organization")
        }
        return (application, try await services.store.readinessState(of: organization, at: services.clock.now()))
    }

    static func applicationModel(
        _ application: ReadinessApplication, _ state: ReadinessState, context: SignedInContext, services: AppServices, flash: String?,
        form: FormInput? = nil, errors: FieldErrors = FieldErrors()
    ) async throws -> ApplicationModel {
        let org = state.organization
        let evaluation = application.snapshot.evaluation
        let program = state.programs.first { $0.code == application.programCode } ?? state.program
        func mapping(_ item: PolicyItem) -> MappingView {
            let m = state.mappings[item.id]
            let chosen = form?["review.\(item.id)"] ?? (m?.review == .pending ? "" : m?.review.rawValue ?? "")
            return MappingView(
                id: item.id, title: item.title, description: item.description,
                answer: m.map {
                    $0.present
                        ? ($0.statement.isEmpty ? StaffText.text("staff.review.covered") : $0.statement)
                        : StaffText.text("staff.review.absentFromThePolicy")
                } ?? StaffText.text("staff.review.notMapped"),
                citation: m?.citation ?? "", confirmed: chosen == "confirmed", rejected: chosen == "rejected",
                comment: form?["comment.\(item.id)"] ?? m?.reviewComment ?? "", error: errors[item.id])
        }
        let affirmationTexts = Dictionary(program.affirmations.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
        return ApplicationModel(
            qaPractice: try await QAPracticeLoads.practice(of: org, services: services),
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.application", ["name": org.name]),
                current: Routes.readinessApplications.path,
                flash: flash
            ),
            agency: org.name, kindTitle: org.kind.title, state: org.state, readinessHref: Routes.readiness(org.id),
            applicationKind: application.kind == .renewal
                ? StaffText.text("staff.review.renewal") : StaffText.text("staff.review.initialApplication"),
            status: application.status.title,
            submitted: LocalTime(timeZone: org.timeZone).format(application.submittedAt),
            signer: "\(application.signerName), \(application.signerTitle)",
            affirmations: application.affirmations.map { affirmationTexts[$0] ?? $0 }, programName: program.name,
            allMetAtSubmission: evaluation.allMet,
            sections: ReadinessView.sections(evaluation),
            personnelCount: application.snapshot.evidence.personnel.count, trainingCount: application.snapshot.evidence.training.count,
            roster: frozenRoster(application.snapshot.evidence),
            policyFile: application.snapshot.policyFileName ?? "none", policySHA: application.snapshot.policySHA256 ?? "",
            policyHref: state.policy.map { Routes.readinessPolicyVersion(org.id, $0.version) },
            policyChanged: state.policy?.sha256 != application.snapshot.policySHA256,
            basis: state.policy?.basis.title(for: org.kind) ?? StaffText.text("staff.review.noPolicy"),
            components: state.policy?.basis == .own ? (state.track?.components ?? []).map(mapping) : [],
            qualityAssurance: program.qualityAssurance.map(mapping), isOpen: application.status == .submitted,
            action: Routes.reviewApplication(application.id),
            decisionComment: .textarea(
                "decisionComment", StaffText.text("staff.review.commentToTheAgency"), form?["decisionComment"] ?? "", errors: errors,
                hint: StaffText.text("staff.review.requiredWhenReturningThe")),
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
                status: person.active ? StaffText.text("staff.review.active") : StaffText.text("staff.review.inactive"),
                courses: completed.isEmpty
                    ? StaffText.text("staff.review.none")
                    : completed.map { "\($0.courseCode) (\($0.completedOn.iso))" }.joined(separator: ", "))
        }
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (application, state) = try await load(context, services)
        let flash = ApplicationOutcome.message(in: request)
        return try services.views.page(
            "application", try await applicationModel(application, state, context: context, services: services, flash: flash))
    }

    @Sendable static func review(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (application, state) = try await load(context, services)
        let items = application.reviewItems(in: state)
        let submission = ReviewSubmission(
            decision: form["decision"],
            marks: Dictionary(items.map { ($0.id, form["review.\($0.id)"]) }, uniquingKeysWith: { first, _ in first }),
            comments: Dictionary(items.map { ($0.id, form["comment.\($0.id)"]) }, uniquingKeysWith: { first, _ in first }),
            confirmAll: form.value("confirmAll") != nil, comment: form["decisionComment"])
        let outcome: ReviewOutcome
        do {
            outcome = try application.reviewing(
                submission, state: state, by: context.user.id, at: services.clock.now(), recognitionID: services.ids.next())
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "application",
                try await applicationModel(
                    application, state, context: context, services: services, flash: nil, form: form, errors: errors),
                status: .unprocessableContent)
        }
        let (reviewAudit, decisionAudit) = audits(outcome, context: context, services: services)
        try await services.store.recordReview(
            outcome, reviewAudit: reviewAudit, decisionAudit: decisionAudit,
            notices: try await decidedNotices(outcome, services: services))
        let done: ApplicationOutcome =
            switch outcome.decision {
            case .approved: .approved
            case .returned: .returned
            default: .saved
            }
        return done.redirect(to: Routes.readinessApplication(application.id))
    }

    /// The notices of a decision: the agency's administrators and managers hear it was approved or
    /// returned, with a link to their readiness page; its webhooks get the event.
    static func decidedNotices(_ outcome: ReviewOutcome, services: AppServices) async throws -> Notices {
        guard let agency = try await services.store.organization(outcome.organizationID),
            let notice = outcome.decidedNotice(agency: agency, staff: try await services.store.users(in: agency.id))
        else { return .none }
        var outbound = Outbound(services: services)
        return try await outbound.render([notice], at: services.clock.now())
    }

    /// The audit events a review writes: the marks, and the decision when there is one.
    static func audits(_ outcome: ReviewOutcome, context: SignedInContext, services: AppServices) -> (AuditEntry, AuditEntry?) {
        let (org, application) = (outcome.organizationID, outcome.applicationID)
        let reviews = outcome.reviews
        let marks = services.auditEntry(
            context, action: .readinessMappingReview, recordType: .readinessApplication, recordID: application, organization: org,
            detail:
                "\(reviews.filter { $0.state == .confirmed }.count) confirmed, \(reviews.filter { $0.state == .rejected }.count) rejected")
        let decision: AuditEntry? =
            switch outcome.decision {
            case .approved:
                services.auditEntry(
                    context, action: .readinessApprove, recordType: .readinessApplication, recordID: application, organization: org,
                    detail: outcome.recognition.map { "recognition \($0.id) until \($0.termEnd.iso)" })
            case .returned:
                services.auditEntry(
                    context, action: .readinessReturn, recordType: .readinessApplication, recordID: application, organization: org)
            default: nil
            }
        return (marks, decision)
    }

    @Sendable static func revoke(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let organization = try await ReadinessLoads.organization(context, services)
        guard let recognition = try await services.store.recognition(context.parameters.get(.recognition) ?? ""),
            recognition.organizationID == organization.id
        else { throw HomewardError.notFound("recognition") }
        let reason = form["reason"].trimmed
        guard !reason.isEmpty, reason.count <= 500 else {
            throw HomewardError.invalid("reason", StaffText.text("staff.review.giveTheReasonFor"))
        }
        try await services.store.revokeRecognition(
            recognition.id, reason: reason, at: services.clock.now(),
            audit: services.auditEntry(
                context, action: .readinessRevoke, recordType: .recognition, recordID: recognition.id, organization: organization.id))
        return .redirect(to: Routes.readiness(organization.id), type: .normal)
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
        _ programs: [ReadinessProgram], context: SignedInContext, services: AppServices, flash: String?, definition: String? = nil,
        errors: FieldErrors = FieldErrors()
    ) throws -> ProgramsModel {
        let today = CivilDate(services.clock.now(), in: context.zone)
        let inForce = ReadinessProgram.inForce(on: today, among: programs)?.code
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let template = try programs.last.map { String(decoding: try encoder.encode($0), as: UTF8.self) } ?? ""
        return ProgramsModel(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.readinessProgram"),
                current: Routes.readinessPrograms.path, flash: flash),
            programs: programs.map {
                ProgramRow(
                    code: $0.code, name: $0.name, effectiveFrom: $0.effectiveFrom, inForce: $0.code == inForce,
                    courses: $0.courses.map(\.code).joined(separator: ", "), termYears: $0.termYears)
            },
            canAdd: AccessPolicy.decide(context.principal, .manageReadinessPrograms).isAllowed,
            definition: .textarea(
                "definition", StaffText.text("staff.review.newVersionJson"), definition ?? template, errors: errors,
                hint: StaffText.text("staff.review.startFromTheNewest")
            ))
    }

    @Sendable static func programs(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let flash = ProgramOutcome.message(in: request)
        return try services.views.page(
            "programs", try programsModel(try await services.store.readinessPrograms(), context: context, services: services, flash: flash))
    }

    @Sendable static func addProgram(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let text = form["definition"]
        var errors = FieldErrors()
        do {
            let program = try JSONDecoder().decode(ReadinessProgram.self, from: Data(text.utf8))
            try program.validate(addedOn: CivilDate(services.clock.now(), in: context.organization.zone))
            try await services.store.addReadinessProgram(
                program, by: context.user.id, at: services.clock.now(),
                audit: services.auditEntry(
                    context, action: .readinessProgramAdd, recordType: .readinessProgram, recordID: program.code,
                    detail: "effective \(program.effectiveFrom)"))
            return ProgramOutcome.added.redirect(to: Routes.readinessPrograms.path)
        } catch let error as DecodingError {
            errors.add("definition", StaffText.text("staff.review.theJsonDoesNot", ["problem": "\(DecodingProblem.describe(error))"]))
        } catch HomewardError.invalid(let fields) {
            errors.add("definition", fields.entries.map { "\($0.field): \($0.message)" }.joined(separator: " "))
        } catch HomewardError.conflict {
            errors.add("definition", StaffText.text("staff.review.aVersionWithThis"))
        }
        return try services.views.page(
            "programs",
            try programsModel(
                try await services.store.readinessPrograms(), context: context, services: services, flash: nil, definition: text,
                errors: errors),
            status: .unprocessableContent)
    }

}

/// What an application's page confirms after the review form.
enum ApplicationOutcome: String, Outcome {
    case saved, approved, returned

    var message: String {
        switch self {
        case .saved: StaffText.text("staff.review.reviewSaved")
        case .approved: StaffText.text("staff.review.approvedTheAgencyIs")
        case .returned: StaffText.text("staff.review.returnedToTheAgency")
        }
    }
}

/// What the program page confirms after a version is added.
enum ProgramOutcome: String, Outcome {
    case added

    var message: String { StaffText.text("staff.review.programVersionAdded") }
}
