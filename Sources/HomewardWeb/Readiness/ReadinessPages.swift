import Foundation
import HTTPTypes
import HomewardCore
import HomewardPDF
import Hummingbird

/// An agency's readiness: the checklist, the roster and training, the policy, the application and
/// the certificate.
enum ReadinessPages {
    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: .readinessView, recordType: .organization)
        return [
            Endpoint(
                .get, Routes.readiness, allowing: .viewReadiness, .page, scope: .organization,
                summary: "Readiness checklist",
                auditedRead: read, handler: overview),
            Endpoint(
                .get, Routes.readinessGapsCSV, allowing: .viewReadiness, .page,
                scope: .organization, summary: "Who must take which course, as CSV", auditedRead: read, handler: gapsCSV),
            Endpoint(
                .get, Routes.readinessRoster, allowing: .viewReadiness, .page, scope: .organization,
                summary: "Roster and training",
                auditedRead: read, handler: roster),
            Endpoint(
                .get, Routes.readinessRosterCSV, allowing: .viewReadiness, .page, scope: .organization,
                summary: "The roster as CSV",
                auditedRead: read, handler: rosterCSV),
            Endpoint(
                .get, Routes.readinessTrainingCSV, allowing: .viewReadiness, .page,
                scope: .organization, summary: "Training records as CSV", auditedRead: read, handler: trainingCSV),
            Endpoint(
                .post, Routes.readinessRosterImport, allowing: .manageReadiness, .page,
                scope: .organization, summary: "Preview or import a roster or training CSV file", handler: importFile),
            Endpoint(
                .post, Routes.readinessTraining, allowing: .manageReadiness, .page,
                scope: .organization, summary: "Record one course completion with its certificate or a reference",
                handler: addCompletion),
            Endpoint(
                .get, Routes.readinessDocument, allowing: .viewReadiness, .page,
                scope: .organization, summary: "Download a training certificate", auditedRead: read, handler: document),
            Endpoint(
                .post, Routes.readinessTrainingPeriod, allowing: .manageReadiness, .page,
                scope: .organization, summary: "Set the period new hires have to train", handler: setTrainingPeriod),
            Endpoint(
                .post, Routes.readinessApply, allowing: .applyForRecognition, .page,
                scope: .organization, summary: "Sign and submit an application for recognition", handler: apply),
            Endpoint(
                .get, Routes.certificate, allowing: .viewReadiness, .page,
                scope: .organization, summary: "The recognition certificate (PDF)", auditedRead: read, handler: certificate),
        ]
    }

    // MARK: Overview

    struct ApplicationView: Sendable {
        var submitted: String
        var kind: String
        var status: String
        var comment: String
        var signer: String
    }

    struct RecognitionView: Sendable {
        var start: String
        var last: String
        var number: String
        var status: String
        var certificateHref: String?
        /// Where a reviewer revokes it, while it is current.
        var revokeAction: String?
        var revokeReason: String
    }

    struct AffirmationView: Sendable {
        var id: String
        var text: String
        var checked: Bool
    }

    struct OverviewModel: Sendable {
        /// For a 911 center: whether its QA section is practised.
        var qaPractice: QAPracticeLoads.PracticeView?
        var layout: LayoutModel
        var organizationName: String
        var kindTitle: String
        var status: String
        var programName: String
        var programSince: String
        var allMet: Bool
        var metCount: Int
        var criteriaCount: Int
        var sections: [ReadinessView.SectionView]
        var warnings: [String]
        var gapCount: Int
        /// Nil when there are none: a template section shows for any number, zero included.
        var pendingCount: Int?
        var rosterHref: String
        var policyHref: String
        var gapsHref: String
        var canManage: Bool
        var canApply: Bool
        var applyAction: String
        var applyBlocked: String?
        var renewal: Bool
        var affirmations: [AffirmationView]
        var signerName: FieldView
        var signerTitle: FieldView
        var errors: [String]
        var applications: [ApplicationView]
        var recognitions: [RecognitionView]
    }

    static func flash(_ request: Request) -> String? { ReadinessOutcome.message(in: request) }

    static func overviewModel(
        _ state: ReadinessState, context: SignedInContext, services: AppServices, flash: String?, form: FormInput? = nil,
        errors: FieldErrors = FieldErrors()
    ) async throws -> OverviewModel {
        let org = state.organization
        let principal = context.principal
        let zone = org.zone
        let checked = Set(form?.values("affirmation") ?? [])
        var blocked: String?
        if state.openApplication != nil {
            blocked = StaffText.text("staff.readiness.anApplicationIsUnder")
        } else if state.current != nil && !state.renewalOpen {
            blocked =
                StaffText.text(
                    "staff.readiness.renewalOpensOn",
                    ["date": "\(state.current!.renewalOpens(windowMonths: state.program.renewalWindowMonths).iso)"])
        } else if !state.evaluation.allMet {
            blocked = StaffText.text("staff.readiness.applyingOpensWhenEvery")
        }
        return OverviewModel(
            qaPractice: try await QAPracticeLoads.practice(of: org, services: services),
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.readiness", ["name": org.name]),
                current: Routes.readiness(org.id), flash: flash),
            organizationName: org.name, kindTitle: org.kind.title, status: state.statusSentence,
            programName: state.program.name, programSince: state.program.effectiveFrom, allMet: state.evaluation.allMet,
            metCount: state.evaluation.criteria.filter(\.met).count, criteriaCount: state.evaluation.criteria.count,
            sections: ReadinessView.sections(state.evaluation),
            warnings: state.evaluation.warnings, gapCount: state.evaluation.gaps.count,
            pendingCount: state.evaluation.pending.isEmpty ? nil : state.evaluation.pending.count,
            rosterHref: Routes.readinessRoster(org.id), policyHref: Routes.readinessPolicy(org.id),
            gapsHref: Routes.readinessGapsCSV(org.id),
            canManage: AccessPolicy.decide(principal, .manageReadiness, organization: org.id).isAllowed,
            canApply: state.canApply && AccessPolicy.decide(principal, .applyForRecognition, organization: org.id).isAllowed,
            applyAction: Routes.readinessApply(org.id), applyBlocked: blocked, renewal: state.renewalOpen,
            affirmations: state.program.affirmations(for: org.kind).map {
                AffirmationView(id: $0.id, text: $0.text, checked: checked.contains($0.id))
            },
            signerName: .text(
                "signerName", StaffText.text("staff.readiness.yourFullNameSignature"), form?["signerName"] ?? context.user.name,
                errors: errors,
                required: true),
            signerTitle: .text(
                "signerTitle", StaffText.text("staff.readiness.yourTitle"), form?["signerTitle"] ?? "", errors: errors,
                hint: StaffText.text("staff.readiness.chiefSheriffPsapDirector"),
                required: true),
            errors: errors.entries.filter { $0.field == "affirmation" || $0.field == "application" }.map(\.message),
            applications: state.applications.map {
                ApplicationView(
                    submitted: CivilDate($0.submittedAt, in: zone).iso,
                    kind: $0.kind == .renewal ? StaffText.text("staff.readiness.renewal") : StaffText.text("staff.readiness.initial"),
                    status: $0.status.title, comment: $0.decisionComment, signer: "\($0.signerName), \($0.signerTitle)")
            },
            recognitions: state.recognitions.map { r in
                let status =
                    r.revokedAt != nil
                    ? StaffText.text("staff.readiness.revoked")
                    : r.isCurrent(on: state.today)
                        ? StaffText.text("staff.readiness.current")
                        : r.termStart > state.today
                            ? StaffText.text("staff.readiness.startsLater") : StaffText.text("staff.readiness.lapsed")
                let canRevoke = r.revokedAt == nil && r.termEnd > state.today && AccessPolicy.decide(principal, .reviewReadiness).isAllowed
                return RecognitionView(
                    start: r.termStart.iso, last: r.termEnd.adding(days: -1).iso, number: r.certificateNumber, status: status,
                    certificateHref: r.revokedAt == nil ? Routes.certificate(org.id, r.id) : nil,
                    revokeAction: canRevoke ? Routes.revokeRecognition(org.id, r.id) : nil, revokeReason: r.revokeReason)
            })
    }

    @Sendable static func overview(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let state = try await services.store.readinessState(
            of: try await ReadinessLoads.organization(context, services), at: services.clock.now())
        return try services.views.page(
            "readiness", try await overviewModel(state, context: context, services: services, flash: flash(request)))
    }

    @Sendable static func gapsCSV(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let state = try await services.store.readinessState(
            of: try await ReadinessLoads.organization(context, services), at: services.clock.now())
        return FileResponse.csv(state.evaluation.gapsCSV(), fileName: "training-gaps-\(state.organization.code)-\(state.today.iso).csv")
    }

    // MARK: Apply

    @Sendable static func apply(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let organization = try await ReadinessLoads.organization(context, services)
        let state = try await services.store.readinessState(of: organization, at: services.clock.now())
        let application: ReadinessApplication
        do {
            application = try state.applying(
                ApplicationSignature(
                    affirmed: Set(form.values("affirmation")), signerName: form["signerName"], signerTitle: form["signerTitle"]),
                id: services.ids.next(), by: context.user.id, at: services.clock.now())
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "readiness", try await overviewModel(state, context: context, services: services, flash: nil, form: form, errors: errors),
                status: .unprocessableContent)
        }
        do {
            try await services.store.addApplication(
                application,
                audit: services.auditEntry(
                    context, action: .readinessApply, recordType: .readinessApplication, recordID: application.id,
                    organization: organization.id, detail: "\(application.kind.rawValue) under \(application.programCode)"))
        } catch HomewardError.conflict(let message) {
            var errors = FieldErrors()
            errors.add("application", message)
            return try services.views.page(
                "readiness", try await overviewModel(state, context: context, services: services, flash: nil, form: form, errors: errors),
                status: .conflict)
        }
        return ReadinessOutcome.applied.redirect(to: Routes.readiness(organization.id))
    }

    // MARK: Certificate

    @Sendable static func certificate(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await ReadinessLoads.organization(context, services)
        guard let recognition = try await services.store.recognition(context.parameters.get(.recognition) ?? ""),
            recognition.organizationID == organization.id, recognition.revokedAt == nil
        else { throw HomewardError.notFound("certificate") }
        let programs = try await services.store.readinessPrograms()
        let program = programs.first { $0.code == recognition.programCode }
        let pdf = try CertificatePDF.render(
            CertificateContent(
                agencyName: organization.name, agencyKind: organization.kind, state: organization.state,
                certificateNumber: recognition.certificateNumber, termStart: recognition.termStart, termEnd: recognition.termEnd,
                programName: program?.name ?? "Missing Kids Readiness Project", issuer: services.configuration.clearinghouseName))
        return FileResponse.file(
            pdf, contentType: "application/pdf", fileName: "certificate-\(recognition.certificateNumber).pdf", inline: true)
    }
}

/// What the readiness pages (overview, roster, policy) confirm after a form on them.
enum ReadinessOutcome: String, Outcome {
    case applied, imported, period, completion, policy, mappings

    var message: String {
        switch self {
        case .applied: StaffText.text("staff.readiness.applicationSubmittedAReadiness")
        case .imported: StaffText.text("staff.readiness.importComplete")
        case .period: StaffText.text("staff.readiness.trainingPeriodSaved")
        case .completion: StaffText.text("staff.readiness.completionRecorded")
        case .policy: StaffText.text("staff.readiness.policyUploadedCheckThe")
        case .mappings: StaffText.text("staff.readiness.policyMappingSaved")
        }
    }
}
