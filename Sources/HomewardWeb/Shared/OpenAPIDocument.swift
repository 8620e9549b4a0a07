import Foundation
import HTTPTypes
import HomewardCore

/// The OpenAPI 3.1 document for `/api/v1`. Operations are listed from the registered API endpoints
/// joined with their documentation here; a test fails when an endpoint has no documentation or
/// the documentation names a route that does not exist.
enum OpenAPIDocument {
    /// What the document says about one operation beyond its method, path and summary. Request and
    /// response shapes are the Codable types the handlers decode and encode.
    struct Operation {
        var operationID: String
        var tag: String
        var query: [(name: String, description: String)] = []
        /// The query parameters a request must carry.
        var requiredQuery: Set<String> = []
        var request: RequestBody?
        var responseStatus: Int = 200
        var response: any APISchema.Type
        /// Open to anyone, without a token.
        var isPublic = false
    }

    /// A request body: a Codable type sent as JSON, or a body no Codable type decodes (CSV files,
    /// a partial report) described by hand under a name.
    enum RequestBody {
        case json(any APISchema.Type)
        case described(name: String, mediaType: String, schema: [String: Any])
    }

    /// The key of an operation: its method and its route's pattern.
    static func key(_ method: HTTPRequest.Method, _ route: some RoutePattern) -> String { "\(method) \(route.pattern)" }

    /// Documentation per `METHOD path`.
    static var operations: [String: Operation] {
        [
            key(.get, Routes.apiMe): Operation(operationID: "getMe", tag: "Access", response: AdministrationAPI.MeJSON.self),
            key(.get, Routes.apiOrganizations): Operation(
                operationID: "listOrganizations", tag: "Organizations",
                query: [
                    ("kind", "Only organizations of this kind: clearinghouse, child_welfare, law_enforcement or psap."),
                    ("state", "Only organizations in this state (two-letter code)."), ("cursor", "The nextCursor of the page before."),
                ],
                response: APIResponse.Page<AdministrationAPI.OrganizationJSON>.self),
            key(.post, Routes.apiOrganizations): Operation(
                operationID: "createOrganization", tag: "Organizations", request: .json(OrganizationDraft.self), responseStatus: 201,
                response: AdministrationAPI.OrganizationJSON.self),
            key(.get, Routes.apiOrganization): Operation(
                operationID: "getOrganization", tag: "Organizations", response: AdministrationAPI.OrganizationJSON.self),
            key(.get, Routes.apiUsers): Operation(
                operationID: "listUsers", tag: "Accounts", response: APIResponse.List<AdministrationAPI.UserJSON>.self),
            key(.post, Routes.apiUsers): Operation(
                operationID: "createUser", tag: "Accounts", request: .json(AdministrationAPI.NewUserJSON.self), responseStatus: 201,
                response: AdministrationAPI.UserJSON.self),
            key(.get, Routes.apiAuditEvents): Operation(
                operationID: "listAuditEvents", tag: "Audit",
                query: [
                    (
                        "organization",
                        "Only events by or about this organization (clearinghouse administrators; others always see their own)."
                    ),
                    ("action", "Only actions starting with this text, such as users."), ("outcome", "allowed, denied or failed."),
                    ("record", "Only events about this record id."), ("from", "UTC instant, inclusive."),
                    ("until", "UTC instant, exclusive."),
                    ("before", "Only events with a lower sequence number (for paging)."),
                    ("limit", "At most this many events (1 to 1000, default 100)."),
                ],
                response: AdministrationAPI.AuditPageJSON.self),
            key(.post, Routes.apiEpisodes): Operation(
                operationID: "fileReport", tag: "Reporting", request: .json(ReportForm.self), responseStatus: 201,
                response: EpisodeAPI.EpisodeJSON.self),
            key(.get, Routes.apiEpisode): Operation(operationID: "getEpisode", tag: "Reporting", response: EpisodeAPI.EpisodeJSON.self),
            key(.patch, Routes.apiEpisode): Operation(
                operationID: "updateEpisode", tag: "Reporting", request: reportChanges, response: EpisodeAPI.EpisodeJSON.self),
            key(.post, Routes.apiEpisodeEvents): Operation(
                operationID: "recordDuty", tag: "Reporting", request: .json(EpisodeAPI.NewEventJSON.self), responseStatus: 201,
                response: EpisodeAPI.EpisodeJSON.self),
            key(.post, Routes.apiInvestigatingAgency): Operation(
                operationID: "changeInvestigatingAgency", tag: "Reporting", request: .json(EpisodeAPI.ChangePoliceBody.self),
                response: EpisodeAPI.EpisodeJSON.self),
            key(.get, Routes.apiClocks): Operation(
                operationID: "getClocks", tag: "Reporting", response: APIResponse.List<EpisodeAPI.ClockJSON>.self),
            key(.get, Routes.apiNCIC): Operation(operationID: "getNCICSheet", tag: "Reporting", response: EpisodeAPI.NCICJSON.self),
            key(.get, Routes.apiEvidence): Operation(
                operationID: "getEvidencePacket", tag: "Reporting", response: EvidencePacket.Packet.self),
            key(.get, Routes.apiChildren): Operation(
                operationID: "searchChildren", tag: "Reporting",
                query: [("q", "A name (typo-tolerant, phonetic), a date of birth, a case number or a NIC; any combination.")],
                requiredQuery: ["q"], response: APIResponse.List<ChildSearchPages.HitJSON>.self),
            key(.get, Routes.apiNotifications): Operation(
                operationID: "listNotifications", tag: "Notifications", query: [("cursor", "The nextCursor of the page before.")],
                response: APIResponse.Page<NotificationAPI.NotificationJSON>.self),
            key(.get, Routes.apiAgencyReadiness): Operation(
                operationID: "getReadiness", tag: "Readiness", response: ReadinessAPI.ReadinessJSON.self),
            key(.post, Routes.apiAgencyPersonnel): Operation(
                operationID: "importPersonnel", tag: "Readiness",
                query: [("dry_run", "true to check the file and report what it would do, writing nothing.")], request: personnelCSV,
                response: ReadinessAPI.ImportJSON.self),
            key(.post, Routes.apiAgencyTraining): Operation(
                operationID: "importTraining", tag: "Readiness",
                query: [("dry_run", "true to check the file and report what it would do, writing nothing.")], request: trainingCSV,
                response: ReadinessAPI.ImportJSON.self),
            key(.get, Routes.apiApplications): Operation(
                operationID: "listApplications", tag: "Readiness",
                query: [
                    ("status", "submitted (default, oldest first), returned or approved (newest decision first)."),
                    ("cursor", "The nextCursor of the page before."),
                ],
                response: APIResponse.Page<ReadinessAPI.ApplicationJSON>.self),
            key(.get, Routes.apiTips): Operation(
                operationID: "listTips", tag: "Tips",
                query: [
                    ("status", "waiting (oldest first), received or all (the default; newest first)."),
                    ("cursor", "The nextCursor of the page before."),
                ],
                response: TipRepresentation.TipPageJSON.self),
            key(.get, Routes.apiCalls): Operation(
                operationID: "listCalls", tag: "Calls",
                query: [
                    ("status", "Only calls in this status: open, handed_off or closed."),
                    ("cursor", "The nextCursor of the page before."),
                ],
                response: APIResponse.Page<CallAPI.CallJSON>.self),
            key(.post, Routes.apiCalls): Operation(
                operationID: "openCall", tag: "Calls", request: .json(CallAPI.NewCallJSON.self), responseStatus: 201,
                response: CallAPI.CallJSON.self),
            key(.get, Routes.apiCall): Operation(operationID: "getCall", tag: "Calls", response: CallAPI.CallJSON.self),
            key(.post, Routes.apiCallAnswers): Operation(
                operationID: "recordAnswer", tag: "Calls", request: .json(CallAPI.NewAnswerJSON.self), responseStatus: 201,
                response: CallAPI.CallJSON.self),
            key(.get, Routes.apiWebhooks): Operation(
                operationID: "listWebhooks", tag: "Webhooks", response: APIResponse.List<WebhookPages.WebhookJSON>.self),
            key(.post, Routes.apiWebhooks): Operation(
                operationID: "addWebhook", tag: "Webhooks", request: .json(WebhookPages.NewWebhookJSON.self), responseStatus: 201,
                response: WebhookPages.WebhookJSON.self),
            key(.post, Routes.apiRotateWebhook): Operation(
                operationID: "rotateWebhookSecret", tag: "Webhooks", response: WebhookPages.WebhookJSON.self),
            key(.get, Routes.apiDeliveries): Operation(
                operationID: "listDeliveries", tag: "Webhooks",
                query: [("state", "Only messages in this state: pending, delivered or dead.")],
                response: APIResponse.List<WebhookPages.DeliveryJSON>.self),
            key(.post, Routes.apiReplayDelivery): Operation(
                operationID: "replayDelivery", tag: "Webhooks", response: WebhookPages.DeliveryJSON.self),
            key(.get, Routes.apiEpisodes): Operation(
                operationID: "listEpisodes", tag: "Episodes",
                query: [
                    ("status", "Only episodes in these states, comma-separated: draft, open, located, recovered, closed."),
                    ("agency", "The clearinghouse only: episodes reported by this agency (its id)."),
                    ("updated_since", "Only episodes whose record or timeline changed at or after this UTC time (2026-11-01T00:00:00Z)."),
                    ("limit", "Episodes per page, 1 to 200 (default 50)."), ("cursor", "The nextCursor of the page before."),
                ], response: EpisodeAPI.EpisodePageJSON.self),
            key(.get, Routes.apiTasks): Operation(
                operationID: "listTasks", tag: "Episodes", response: APIResponse.List<CaseWorkAPI.TaskJSON>.self),
            key(.post, Routes.apiCompleteTask): Operation(
                operationID: "completeTask", tag: "Episodes", request: .json(CaseWorkAPI.CompletionJSON.self),
                response: CaseWorkAPI.TaskJSON.self),
            key(.get, Routes.apiReferrals): Operation(
                operationID: "listReferrals", tag: "Episodes", response: APIResponse.List<CaseWorkAPI.ReferralJSON>.self),
            key(.post, Routes.apiReferrals): Operation(
                operationID: "addReferral", tag: "Episodes", request: .json(CaseWorkAPI.NewReferralJSON.self), responseStatus: 201,
                response: CaseWorkAPI.ReferralJSON.self),
            key(.post, Routes.apiReferral): Operation(
                operationID: "updateReferral", tag: "Episodes", request: .json(CaseWorkAPI.ReferralUpdateJSON.self),
                response: CaseWorkAPI.ReferralJSON.self),
            key(.post, Routes.apiMarkTip): Operation(
                operationID: "markTip", tag: "Tips", request: .json(CaseWorkAPI.TipMarkJSON.self), response: TipRepresentation.TipJSON.self),
            key(.get, Routes.apiPoster): Operation(operationID: "getPoster", tag: "Posters", response: PosterAPI.PosterJSON.self),
            key(.post, Routes.apiPoster): Operation(
                operationID: "savePoster", tag: "Posters", request: .json(PosterAPI.PosterDraftJSON.self),
                response: PosterAPI.PosterJSON.self),
            key(.post, Routes.apiPosterConsents): Operation(
                operationID: "recordPosterConsent", tag: "Posters", request: .json(PosterAPI.PosterConsentJSON.self),
                response: PosterAPI.PosterJSON.self),
            key(.post, Routes.apiPosterPublish): Operation(
                operationID: "requestPosterApproval", tag: "Posters", request: .json(PosterAPI.PosterPublishJSON.self),
                response: PosterAPI.PosterJSON.self),
            key(.post, Routes.apiPosterApprove): Operation(
                operationID: "approvePoster", tag: "Posters", request: .json(PosterAPI.PosterApprovalJSON.self),
                response: PosterAPI.PosterJSON.self),
            key(.post, Routes.apiPosterWithdraw): Operation(
                operationID: "withdrawPoster", tag: "Posters", request: .json(PosterAPI.PosterWithdrawalJSON.self),
                response: PosterAPI.PosterJSON.self),
            key(.post, Routes.apiCallHandOff): Operation(
                operationID: "handOffCall", tag: "Calls", request: .json(CallAPI.HandOffJSON.self), responseStatus: 201,
                response: CallAPI.HandedOffJSON.self),
            key(.get, Routes.apiQAReviews): Operation(
                operationID: "listQAReviews", tag: "Calls",
                query: [
                    (
                        "from",
                        "Every review opened since this UTC time (2026-11-01T00:00:00.000Z); without it, the reviews not yet submitted, soonest due first."
                    ),
                    ("cursor", "The nextCursor of the page before (reviews not yet submitted)."),
                ],
                response: APIResponse.Page<CallAPI.QAReviewJSON>.self),
            key(.get, Routes.apiPublicPosters): Operation(
                operationID: "listPosters", tag: "Public",
                query: [
                    ("state", "Only children missing from this state (two-letter code)."), ("cursor", "The nextCursor of the page before."),
                ],
                response: PublicPosterPages.ListJSON.self, isPublic: true),
            key(.get, Routes.apiPublicMembers): Operation(
                operationID: "listMembers", tag: "Public",
                query: [
                    ("state", "Only agencies in this state (two-letter code)."), ("kind", "law_enforcement or psap."),
                    ("cursor", "The nextCursor of the page before."),
                ],
                response: MemberPages.ListJSON.self, isPublic: true),
        ]
    }

    /// A partial report: any fields of a new report, validated again as a whole.
    static var reportChanges: RequestBody {
        .described(
            name: "ReportChanges", mediaType: "application/json",
            schema: [
                "type": "object",
                "description":
                    "Any fields of NewReport except policeReportNumber (record the police report as an event). The whole report is validated again.",
                "additionalProperties": true,
            ])
    }

    static var personnelCSV: RequestBody {
        .described(
            name: "PersonnelCSV", mediaType: "text/csv",
            schema: [
                "type": "string",
                "description":
                    "CSV with the header employee_number,name,role,hire_date[,active]; roles: "
                    + PersonnelRole.allCases.map(\.rawValue).joined(separator: ", ") + ".",
            ])
    }

    static var trainingCSV: RequestBody {
        .described(
            name: "TrainingCSV", mediaType: "text/csv",
            schema: [
                "type": "string",
                "description": "CSV with the header employee_number,course,completed_on[,reference]; dates as YYYY-MM-DD.",
            ])
    }

    /// The document as JSON. Fails when a request or response type cannot be read as a schema,
    /// so a shape the reader does not understand stops the application from starting.
    static func json(endpoints: [Endpoint]) throws -> Data {
        let reader = SchemaReader()
        let problemSchema = try reader.reference(ProblemJSON.self)
        func problem(_ description: String) -> [String: Any] {
            ["description": description, "content": ["application/problem+json": ["schema": problemSchema]]]
        }
        var described: [String: [String: Any]] = [:]
        var paths: [String: [String: Any]] = [:]
        for endpoint in endpoints where endpoint.kind == .api {
            let key = "\(endpoint.method.rawValue) \(endpoint.path)"
            guard let operation = operations[key] else { continue }
            var parameters: [[String: Any]] = pathParameters(endpoint.path).map { name in
                [
                    "name": name, "in": "path", "required": true, "schema": ["type": "string"],
                    "description": name == "org" ? "The organization's id or short code." : "An identifier.",
                ]
            }
            parameters += operation.query.map {
                [
                    "name": $0.name, "in": "query", "required": operation.requiredQuery.contains($0.name), "schema": ["type": "string"],
                    "description": $0.description,
                ]
            }
            var responses: [String: Any] = [
                String(operation.responseStatus): [
                    "description": operation.responseStatus == 201 ? "Created" : "OK",
                    "content": ["application/json": ["schema": try reader.reference(operation.response)]],
                ]
            ]
            if !operation.isPublic {
                responses["401"] = problem("No valid API token.")
                responses["403"] = problem("The access policy refused the request; the refusal is audited.")
            }
            if endpoint.path.contains("{") { responses["404"] = problem("No such record, or none the caller may see.") }
            if operation.request != nil || !operation.query.isEmpty {
                responses["422"] = problem("The input broke a rule; `errors` lists each field.")
            }
            if endpoint.method == .post || endpoint.method == .patch {
                responses["409"] = problem("The record conflicts with an existing one.")
                responses["413"] = problem("The body is larger than the server accepts.")
            }
            var entry: [String: Any] = [
                "operationId": operation.operationID, "summary": endpoint.summary, "tags": [operation.tag],
                "security": operation.isPublic ? [[String: [String]]]() : [["bearerToken": [String]()]], "responses": responses,
            ]
            if !parameters.isEmpty { entry["parameters"] = parameters }
            switch operation.request {
            case .json(let type):
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": try reader.reference(type)]]]
            case .described(let name, let mediaType, let schema):
                described[name] = schema
                entry["requestBody"] = ["required": true, "content": [mediaType: ["schema": ["$ref": "#/components/schemas/\(name)"]]]]
            case nil:
                break
            }
            paths[endpoint.path, default: [:]][endpoint.method.rawValue.lowercased()] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Homeward API", "version": "1.0.0",
                "description":
                    "The clearinghouse's API for partner systems. Every request carries `Authorization: Bearer <token>`; a token acts for one organization with the roles of the person who created it. Errors are RFC 9457 problem details.",
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearerToken": ["type": "http", "scheme": "bearer"]],
                "schemas": reader.components.merging(described) { a, _ in a },
            ],
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }
}
