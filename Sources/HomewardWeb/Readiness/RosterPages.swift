import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The roster and training records: a table, CSV import with a preview, CSV export.
extension ReadinessPages {

    struct CompletionView: Sendable {
        var text: String
        var certificateHref: String?
    }

    struct PersonRow: Sendable {
        var number: String
        var name: String
        var role: String
        var hired: String
        var active: Bool
        var courses: [CompletionView]
        var status: String
        var statusClass: String
    }

    struct RosterModel: Sendable {
        /// For a 911 center: follow-up training its QA reviews asked for.
        var qaTraining: [QAPracticeLoads.TrainingNeed]
        var layout: LayoutModel
        var organizationName: String
        var readinessHref: String
        var people: [PersonRow]
        var shown: Int
        var total: Int
        var activeCount: Int
        var trainingCount: Int
        var canManage: Bool
        var importAction: String
        var periodAction: String
        var dueDays: FieldView
        var rosterCSV: String
        var trainingCSV: String
        var gapsCSV: String
        var preview: RosterImportCommands.PreviewView?
        var fileError: String?
        var courses: [ReadinessCourse]
        var completionAction: String
        var completionFields: [FieldView]
        var certificateError: String?
    }

    static let rosterPageLimit = 1000

    static func rosterModel(
        _ state: ReadinessState, context: SignedInContext, services: AppServices, flash: String?,
        preview: RosterImportCommands.PreviewView? = nil,
        errors: FieldErrors = FieldErrors(), dueDaysText: String? = nil, completion: [(name: String, value: String)] = []
    ) async throws -> RosterModel {
        func typed(_ name: String) -> String { completion.first { $0.name == name }?.value ?? "" }
        let org = state.organization
        let gaps = Set(state.evaluation.gaps.map(\.personnelID))
        var pendingDue: [String: CivilDate] = [:]
        for gap in state.evaluation.pending { pendingDue[gap.personnelID] = min(pendingDue[gap.personnelID] ?? gap.dueOn, gap.dueOn) }
        var completions: [String: [TrainingRecord]] = [:]
        for record in state.training { completions[record.personnelID, default: []].append(record) }
        let people = state.personnel.prefix(rosterPageLimit).map { person in
            let (status, statusClass): (String, String) =
                if !person.active { (StaffText.text("staff.roster.inactive"), "status-off") } else if gaps.contains(person.id) {
                    (StaffText.text("staff.roster.needsTraining"), "status-warn")
                } else if let due = pendingDue[person.id] {
                    (StaffText.text("staff.roster.dueBy", ["iso": "\(due.iso)"]), "status-warn")
                } else { (StaffText.text("staff.roster.trained"), "status-ok") }
            return PersonRow(
                number: person.employeeNumber, name: person.name, role: person.role.title, hired: person.hireDate.iso,
                active: person.active,
                courses: (completions[person.id] ?? []).map {
                    CompletionView(
                        text: "\($0.courseCode) (\($0.completedOn.iso))",
                        certificateHref: $0.certificateDocumentID.map { Routes.readinessDocument(org.id, $0) })
                },
                status: status, statusClass: statusClass)
        }
        return RosterModel(
            qaTraining: try await QAPracticeLoads.trainingNeeds(of: org, context: context, services: services),
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.rosterAndTraining", ["name": org.name]),
                current: Routes.readiness(org.id),
                flash: flash),
            organizationName: org.name, readinessHref: Routes.readiness(org.id), people: Array(people), shown: people.count,
            total: state.personnel.count,
            activeCount: state.personnel.filter(\.active).count, trainingCount: state.training.count,
            canManage: AccessPolicy.decide(context.principal, .manageReadiness, organization: org.id).isAllowed,
            importAction: Routes.readinessRosterImport(org.id), periodAction: Routes.readinessTrainingPeriod(org.id),
            dueDays: .text(
                "dueDays", StaffText.text("staff.roster.daysANewHire"), dueDaysText ?? state.trainingDueDays.map(String.init) ?? "",
                errors: errors,
                hint: StaffText.text("staff.roster.fromYourAgencyS", ["defaultTrainingDueDays": "\(state.program.defaultTrainingDueDays)"]),
                type: "number"),
            rosterCSV: Routes.readinessRosterCSV(org.id), trainingCSV: Routes.readinessTrainingCSV(org.id),
            gapsCSV: Routes.readinessGapsCSV(org.id), preview: preview,
            fileError: errors["file"], courses: state.program.courses, completionAction: Routes.readinessTraining(org.id),
            completionFields: [
                .text(
                    "employeeNumber", StaffText.text("staff.roster.employeeNumber"), typed("employeeNumber"), errors: errors, required: true
                ),
                .select(
                    "course", StaffText.text("staff.roster.course"), typed("course"),
                    options: [("", StaffText.text("staff.roster.choose"))]
                        + state.program.courses.map { ($0.code, "\($0.code): \($0.title)") }, errors: errors,
                    required: true),
                .text(
                    "completedOn", StaffText.text("staff.roster.completedOn"), typed("completedOn"), errors: errors, type: "date",
                    required: true),
                .text(
                    "reference", StaffText.text("staff.roster.reference"), typed("reference"), errors: errors,
                    hint: StaffText.text("staff.roster.aCertificateNumberOr")),
            ], certificateError: errors["certificate"])
    }

    @Sendable static func roster(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let state = try await services.store.readinessState(
            of: try await ReadinessLoads.organization(context, services), at: services.clock.now())
        return try services.views.page(
            "readiness-roster", try await rosterModel(state, context: context, services: services, flash: flash(request)))
    }

    @Sendable static func rosterCSV(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await ReadinessLoads.organization(context, services)
        let personnel = try await services.store.personnel(in: organization.id)
        return FileResponse.csv(RosterImport.personnelCSV(personnel), fileName: "roster-\(organization.code).csv")
    }

    @Sendable static func trainingCSV(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await ReadinessLoads.organization(context, services)
        async let personnel = services.store.personnel(in: organization.id)
        async let records = services.store.trainingRecords(in: organization.id)
        return FileResponse.csv(
            RosterImport.trainingCSV(try await records, roster: try await personnel), fileName: "training-\(organization.code).csv")
    }

    /// A preview (a file chosen in the form) or the import itself (the previewed text sent back).
    /// What an import request sends: a file chosen on the roster page (multipart), or the CSV
    /// text carried back from the preview with the step to take.
    struct ImportRequest {
        var kind: String
        var text: String
        var commit: Bool
        var errors = FieldErrors()
    }

    static func readImport(_ request: inout Request, limit: Int) async throws -> ImportRequest {
        guard MultipartForm.isMultipart(request) else {
            let form = try await request.form(limit: limit)
            return ImportRequest(kind: form["kind"], text: form["csv"], commit: form["step"] == "commit")
        }
        let form = try await MultipartForm.read(&request, limit: limit)
        var read = ImportRequest(kind: form.value("kind") ?? "", text: "", commit: false)
        if let file = form.file("file"), !file.data.isEmpty {
            read.text = String(decoding: file.data, as: UTF8.self)
            if String(data: file.data, encoding: .utf8) == nil {
                read.errors.add("file", StaffText.text("staff.roster.theFileIsNot"))
            }
        } else {
            read.errors.add("file", StaffText.text("staff.roster.chooseACsvFile"))
        }
        return read
    }

    @Sendable static func importFile(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let organization = try await ReadinessLoads.organization(context, services)
        let read = try await readImport(&request, limit: services.configuration.maxUploadBytes)
        let (kindText, text, commit) = (read.kind, read.text, read.commit)
        var errors = read.errors
        guard let kind = RosterImportCommands.ImportKind(rawValue: kindText) else {
            throw HomewardError.invalid("kind", StaffText.text("staff.roster.chooseRosterOrTraining"))
        }
        let state = try await services.store.readinessState(of: organization, at: services.clock.now())
        var parsed: RosterImportCommands.ParsedImport?
        if errors.isEmpty {
            do {
                parsed = try RosterImportCommands.buildPreview(kind, text: text, state: state, services: services)
            } catch HomewardError.invalid(let fields) {
                errors = fields
            }
        }
        let preview = parsed?.preview
        guard let parsed, parsed.preview.canImport, commit else {
            let status: HTTPResponse.Status = preview?.canImport == true ? .ok : .unprocessableContent
            return try services.views.page(
                "readiness-roster",
                try await rosterModel(state, context: context, services: services, flash: nil, preview: preview, errors: errors),
                status: status)
        }
        try await RosterImportCommands.writeImport(parsed, state: state, context: context, services: services)
        return ReadinessOutcome.imported.redirect(to: Routes.readinessRoster(organization.id))
    }

    /// One completion recorded by hand, with its certificate file or a reference.
    @Sendable static func addCompletion(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let organization = try await ReadinessLoads.organization(context, services)
        let form = try await MultipartForm.read(&request, limit: services.configuration.maxUploadBytes)
        let state = try await services.store.readinessState(of: organization, at: services.clock.now())
        let record: TrainingRecord
        let certificate: UploadedDocument?
        do {
            (record, certificate) = try state.recordingCompletion(
                CompletionInput(
                    employeeNumber: form.value("employeeNumber") ?? "", course: form.value("course") ?? "",
                    completedOn: form.value("completedOn") ?? "", reference: form.value("reference") ?? "",
                    certificate: form.file("certificate").map { (fileName: $0.filename, bytes: $0.data) }),
                newID: services.ids.next)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "readiness-roster",
                try await rosterModel(state, context: context, services: services, flash: nil, errors: errors, completion: form.fields),
                status: .unprocessableContent)
        }
        let audit = services.auditEntry(
            context, action: .readinessTrainingAdd, recordType: .trainingRecord, recordID: record.id, organization: organization.id,
            detail: certificate == nil ? "with reference" : "with certificate")
        let user = context.user.id
        if let certificate {
            try await services.store.addTrainingRecord(
                record, certificate: certificate, in: organization.id, by: user, at: services.clock.now(), audit: audit)
        } else {
            try await services.store.addTrainingRecords([record], in: organization.id, by: user, at: services.clock.now(), audit: audit)
        }
        return ReadinessOutcome.completion.redirect(to: Routes.readinessRoster(organization.id))
    }

    @Sendable static func document(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await ReadinessLoads.organization(context, services)
        guard let document = try await services.store.readinessDocument(context.parameters.get(.document) ?? "", of: organization.id)
        else {
            throw HomewardError.notFound("document")
        }
        return FileResponse.file(document.bytes, contentType: document.contentType, fileName: document.fileName)
    }

    @Sendable static func setTrainingPeriod(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws
        -> Response
    {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let organization = try await ReadinessLoads.organization(context, services)
        let text = form["dueDays"].trimmed
        let days = NumberKind.trainingDueDays.value(text)
        guard text.isEmpty || days != nil else {
            let state = try await services.store.readinessState(of: organization, at: services.clock.now())
            var errors = FieldErrors()
            errors.add("dueDays", StaffText.text("staff.roster.giveAWholeNumber"))
            return try services.views.page(
                "readiness-roster",
                try await rosterModel(state, context: context, services: services, flash: nil, errors: errors, dueDaysText: text),
                status: .unprocessableContent)
        }
        try await services.store.setTrainingDueDays(
            days, of: organization.id,
            audit: services.auditEntry(
                context, action: .readinessTrainingPeriod, recordType: .organization, recordID: organization.id.rawValue,
                organization: organization.id, detail: days.map { "\($0) days" } ?? "program default"))
        return ReadinessOutcome.period.redirect(to: Routes.readinessRoster(organization.id))
    }
}
