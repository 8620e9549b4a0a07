import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// Readiness for partner systems: an agency's evaluation, roster and training imports from its
/// personnel or learning system, and the review queue.
enum ReadinessAPI {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.apiAgencyReadiness, allowing: .viewReadiness, .api, scope: .organization,
                summary: "An agency's readiness evaluation",
                auditedRead: .init(action: .readinessView, recordType: .organization), handler: readiness),
            Endpoint(
                .post, Routes.apiAgencyPersonnel, allowing: .manageReadiness, .api,
                scope: .organization, summary: "Import the roster from CSV (all rows or none)", handler: importPersonnel),
            Endpoint(
                .post, Routes.apiAgencyTraining, allowing: .manageReadiness, .api,
                scope: .organization, summary: "Import training completions from CSV (all rows or none)", handler: importTraining),
            Endpoint(
                .get, Routes.apiApplications, allowing: .reviewReadiness, .api, scope: .none, summary: "Readiness applications by status",
                handler: applications),
        ]
    }

    struct RecognitionJSON: Codable, Sendable {
        /// `YYYY-MM-DD`.
        var id: String
        var certificateNumber: String
        var termStart: String
        var validThrough: String
        var current: Bool
        var revoked: Bool
    }

    struct ReadinessJSON: Codable, Sendable, APISchema {
        static let schemaName = "Readiness"

        var organizationId: String
        var status: String
        var canApply: Bool
        var evaluation: ReadinessEvaluation
        var recognitions: [RecognitionJSON]
    }

    @Sendable static func readiness(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let state = try await services.store.readinessState(
            of: try await ReadinessLoads.organization(context, services), at: services.clock.now())
        return try APIResponse.json(
            ReadinessJSON(
                organizationId: state.organization.id.rawValue, status: state.statusSentence, canApply: state.canApply,
                evaluation: state.evaluation,
                recognitions: state.recognitions.map {
                    RecognitionJSON(
                        id: $0.id, certificateNumber: $0.certificateNumber, termStart: $0.termStart.iso,
                        validThrough: $0.termEnd.adding(days: -1).iso, current: $0.isCurrent(on: state.today), revoked: $0.revokedAt != nil)
                }))
    }

    struct ImportJSON: Codable, Sendable, APISchema {
        static let schemaName = "ImportResult"

        var dryRun: Bool
        var added: Int
        var updated: Int
    }

    /// Reads the CSV body, validates every row, and writes all of them or none. Row problems come
    /// back as a 422 problem whose `errors` name the line and column.
    static func importCSV(
        _ kind: RosterImportCommands.ImportKind, _ request: Request, _ context: SignedInContext, _ services: AppServices
    ) async throws -> Response {
        var request = request
        let organization = try await ReadinessLoads.organization(context, services)
        let buffer = try await request.limitedBody(upTo: services.configuration.maxUploadBytes)
        let text = String(buffer: buffer)
        let dryRun = ["1", "true", "yes"].contains(request.uri.queryParameters.get("dry_run") ?? "")
        let state = try await services.store.readinessState(of: organization, at: services.clock.now())
        let parsed = try RosterImportCommands.buildPreview(kind, text: text, state: state, services: services)
        let preview = parsed.preview
        if !preview.errors.isEmpty {
            var errors = FieldErrors()
            for e in preview.errors { errors.add("line \(e.line)\(e.column.isEmpty ? "" : " \(e.column)")", e.message) }
            throw HomewardError.invalid(errors)
        }
        if !dryRun {
            try await RosterImportCommands.writeImport(parsed, state: state, context: context, services: services)
        }
        return try APIResponse.json(ImportJSON(dryRun: dryRun, added: preview.added, updated: preview.updated))
    }

    @Sendable static func importPersonnel(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws
        -> Response
    {
        try await importCSV(.personnel, request, context, services)
    }

    @Sendable static func importTraining(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws
        -> Response
    {
        try await importCSV(.training, request, context, services)
    }

    struct ApplicationJSON: Codable, Sendable, APISchema {
        static let schemaName = "Application"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "kind": .values(["initial", "renewal"]), "status": .values(of: ApplicationStatus.self), "submittedAt": .dateTime,
                    "decidedAt": .dateTime,
                ])
        }

        var id: String
        var organizationId: String
        var kind: String
        var programCode: String
        var status: String
        var submittedAt: String
        var decidedAt: String?
        var decisionComment: String
        var allMetAtSubmission: Bool
    }

    @Sendable static func applications(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let text = request.uri.queryParameters.get("status") ?? "submitted"
        guard let status = ApplicationStatus(rawValue: text) else {
            throw HomewardError.invalid("status", "Use submitted, returned or approved.")
        }
        var errors = FieldErrors()
        let after = Paging.cursor(request, errors: &errors)
        try errors.throwIfAny()
        let page = PageOf(
            try await services.store.applications(in: status, after: after, limit: 101), size: 100,
            cursor: { PageCursor(at: $0.decidedAt ?? $0.submittedAt, id: $0.id) })
        let items = page.rows.map {
            ApplicationJSON(
                id: $0.id, organizationId: $0.organizationID.rawValue, kind: $0.kind.rawValue, programCode: $0.programCode,
                status: $0.status.rawValue, submittedAt: Timestamp.format($0.submittedAt), decidedAt: $0.decidedAt.map(Timestamp.format),
                decisionComment: $0.decisionComment, allMetAtSubmission: $0.snapshot.evaluation.allMet)
        }
        return try APIResponse.json(APIResponse.Page(items, next: page.next))
    }
}
