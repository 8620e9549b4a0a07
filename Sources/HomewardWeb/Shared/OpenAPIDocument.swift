import Foundation
import HTTPTypes
import HomewardCore

/// The OpenAPI 3.1 document for `/api/v1`. Operations are listed from the registered API endpoints
/// joined with their documentation here; a test fails when an endpoint has no documentation or
/// the documentation names a route that does not exist.
enum OpenAPIDocument {
    /// What the document says about one operation beyond its method, path and summary.
    struct Operation {
        var operationID: String
        var tag: String
        var query: [(name: String, description: String)] = []
        /// The query parameters a request must carry.
        var requiredQuery: Set<String> = []
        var requestSchema: String?
        var responseStatus: Int = 200
        var responseSchema: String
        /// The request body's media type when it is not JSON (CSV imports).
        var requestMediaType = "application/json"
        /// Open to anyone, without a token.
        var isPublic = false
    }

    /// The key of an operation: its method and its route's pattern.
    static func key(_ method: HTTPRequest.Method, _ route: some RoutePattern) -> String { "\(method) \(route.pattern)" }

    /// Documentation per `METHOD path`.
    static let operations: [String: Operation] = [
        key(.get, Routes.apiMe): Operation(operationID: "getMe", tag: "Access", responseSchema: "Me"),
        key(.get, Routes.apiOrganizations): Operation(
            operationID: "listOrganizations", tag: "Organizations",
            query: [("kind", "Only organizations of this kind: clearinghouse, child_welfare, law_enforcement or psap.")],
            responseSchema: "OrganizationList"),
        key(.post, Routes.apiOrganizations): Operation(
            operationID: "createOrganization", tag: "Organizations", requestSchema: "NewOrganization", responseStatus: 201,
            responseSchema: "Organization"),
        key(.get, Routes.apiOrganization): Operation(operationID: "getOrganization", tag: "Organizations", responseSchema: "Organization"),
        key(.get, Routes.apiUsers): Operation(operationID: "listUsers", tag: "Accounts", responseSchema: "UserList"),
        key(.post, Routes.apiUsers): Operation(
            operationID: "createUser", tag: "Accounts", requestSchema: "NewUser", responseStatus: 201, responseSchema: "User"),
        key(.get, Routes.apiAuditEvents): Operation(
            operationID: "listAuditEvents", tag: "Audit",
            query: [
                ("organization", "Only events by or about this organization (clearinghouse administrators; others always see their own)."),
                ("action", "Only actions starting with this text, such as users."), ("outcome", "allowed, denied or failed."),
                ("record", "Only events about this record id."), ("from", "UTC instant, inclusive."), ("until", "UTC instant, exclusive."),
                ("before", "Only events with a lower sequence number (for paging)."),
                ("limit", "At most this many events (1 to 1000, default 100)."),
            ],
            responseSchema: "AuditEventPage"),
        key(.post, Routes.apiEpisodes): Operation(
            operationID: "fileReport", tag: "Reporting", requestSchema: "NewReport", responseStatus: 201, responseSchema: "Episode"),
        key(.get, Routes.apiEpisode): Operation(operationID: "getEpisode", tag: "Reporting", responseSchema: "Episode"),
        key(.patch, Routes.apiEpisode): Operation(
            operationID: "updateEpisode", tag: "Reporting", requestSchema: "ReportChanges", responseSchema: "Episode"),
        key(.post, Routes.apiEpisodeEvents): Operation(
            operationID: "recordDuty", tag: "Reporting", requestSchema: "NewEvent", responseStatus: 201, responseSchema: "Episode"),
        key(.post, Routes.apiInvestigatingAgency): Operation(
            operationID: "changeInvestigatingAgency", tag: "Reporting", requestSchema: "InvestigatingAgencyChange",
            responseSchema: "Episode"),
        key(.get, Routes.apiClocks): Operation(operationID: "getClocks", tag: "Reporting", responseSchema: "ClockList"),
        key(.get, Routes.apiNCIC): Operation(operationID: "getNCICSheet", tag: "Reporting", responseSchema: "NCICSheet"),
        key(.get, Routes.apiEvidence): Operation(
            operationID: "getEvidencePacket", tag: "Reporting", responseSchema: "EvidencePacket"),
        key(.get, Routes.apiChildren): Operation(
            operationID: "searchChildren", tag: "Reporting",
            query: [("q", "A name (typo-tolerant, phonetic), a date of birth, a case number or a NIC; any combination.")],
            requiredQuery: ["q"], responseSchema: "ChildSearchResults"),
        key(.get, Routes.apiNotifications): Operation(
            operationID: "listNotifications", tag: "Notifications", responseSchema: "NotificationList"),
        key(.get, Routes.apiAgencyReadiness): Operation(operationID: "getReadiness", tag: "Readiness", responseSchema: "Readiness"),
        key(.post, Routes.apiAgencyPersonnel): Operation(
            operationID: "importPersonnel", tag: "Readiness",
            query: [("dry_run", "true to check the file and report what it would do, writing nothing.")], requestSchema: "PersonnelCSV",
            responseSchema: "ImportResult", requestMediaType: "text/csv"),
        key(.post, Routes.apiAgencyTraining): Operation(
            operationID: "importTraining", tag: "Readiness",
            query: [("dry_run", "true to check the file and report what it would do, writing nothing.")], requestSchema: "TrainingCSV",
            responseSchema: "ImportResult", requestMediaType: "text/csv"),
        key(.get, Routes.apiApplications): Operation(
            operationID: "listApplications", tag: "Readiness", query: [("status", "submitted (default), returned or approved.")],
            responseSchema: "ApplicationList"),
        key(.get, Routes.apiTips): Operation(operationID: "listTips", tag: "Tips", responseSchema: "TipList"),
        key(.get, Routes.apiPublicPosters): Operation(
            operationID: "listPosters", tag: "Public", query: [("state", "Only children missing from this state (two-letter code).")],
            responseSchema: "PosterList", isPublic: true),
        key(.get, Routes.apiPublicMembers): Operation(
            operationID: "listMembers", tag: "Public",
            query: [("state", "Only agencies in this state (two-letter code)."), ("kind", "law_enforcement or psap.")],
            responseSchema: "MemberList", isPublic: true),
    ]

    /// The document as JSON.
    static func json(endpoints: [Endpoint]) -> Data {
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
                    "content": ["application/json": ["schema": ref(operation.responseSchema)]],
                ]
            ]
            if !operation.isPublic {
                responses["401"] = problem("No valid API token.")
                responses["403"] = problem("The access policy refused the request; the refusal is audited.")
            }
            if endpoint.path.contains("{") { responses["404"] = problem("No such record, or none the caller may see.") }
            if operation.requestSchema != nil || !operation.query.isEmpty {
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
            if let schema = operation.requestSchema {
                entry["requestBody"] = ["required": true, "content": [operation.requestMediaType: ["schema": ref(schema)]]]
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
            "components": ["securitySchemes": ["bearerToken": ["type": "http", "scheme": "bearer"]], "schemas": schemas],
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    private static func problem(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    private static var string: [String: Any] { ["type": "string"] }
    private static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    private static var timestamp: [String: Any] { ["type": "string", "format": "date-time"] }

    private static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    static var schemas: [String: Any] {
        [
            "Problem": object(
                [
                    "type": string, "title": string, "status": ["type": "integer"], "detail": string, "requestId": string,
                    "errors": ["type": "array", "items": object(["field": string, "message": string], required: ["field", "message"])],
                ], required: ["type", "title", "status", "detail"]),
            "Organization": object(
                [
                    "id": string, "code": string, "name": string,
                    "kind": ["type": "string", "enum": OrganizationKind.allCases.map(\.rawValue)],
                    "state": string, "timeZone": string, "ori": nullableString, "psapIdentifier": nullableString, "phone": nullableString,
                    "active": ["type": "boolean"], "createdAt": timestamp,
                ], required: ["id", "code", "name", "kind", "state", "timeZone", "active", "createdAt"]),
            "NewOrganization": object(
                [
                    "code": string, "name": string, "kind": ["type": "string", "enum": OrganizationKind.allCases.map(\.rawValue)],
                    "state": string, "timeZone": string, "ori": string, "psapIdentifier": string, "phone": string,
                ], required: ["code", "name", "kind", "state", "timeZone"]),
            "OrganizationList": object(["items": ["type": "array", "items": ref("Organization")]], required: ["items"]),
            "User": object(
                [
                    "id": string, "organizationId": string, "email": string, "name": string,
                    "roles": ["type": "array", "items": ["type": "string", "enum": Role.allCases.map(\.rawValue)]],
                    "active": ["type": "boolean"], "locked": ["type": "boolean"],
                    "lastSignInAt": ["type": ["string", "null"], "format": "date-time"],
                    "createdAt": timestamp,
                ], required: ["id", "organizationId", "email", "name", "roles", "active", "locked", "createdAt"]),
            "NewUser": object(
                [
                    "email": string, "name": string,
                    "roles": ["type": "array", "items": ["type": "string", "enum": Role.allCases.map(\.rawValue)]],
                    "password": ["type": "string", "minLength": UserRules.minimumPasswordLength],
                ], required: ["email", "name", "roles", "password"]),
            "UserList": object(["items": ["type": "array", "items": ref("User")]], required: ["items"]),
            "Me": object(
                ["user": ref("User"), "organization": ref("Organization"), "credential": string],
                required: ["user", "organization", "credential"]),
            "AuditEvent": object(
                [
                    "sequence": ["type": "integer"], "occurredAt": timestamp, "actorUserId": nullableString,
                    "actorOrganizationId": nullableString,
                    "action": string, "outcome": ["type": "string", "enum": AuditOutcome.allCases.map(\.rawValue)], "recordType": string,
                    "recordId": nullableString, "targetOrganizationId": nullableString, "address": nullableString,
                    "requestId": nullableString,
                    "detail": nullableString, "hash": string,
                ], required: ["sequence", "occurredAt", "action", "outcome", "recordType", "hash"]),
            "NewReport": object(
                Dictionary(
                    uniqueKeysWithValues: [
                        "firstName", "middleName", "lastName", "dateOfBirth", "sex", "race", "heightFeet", "heightInches", "weightPounds",
                        "eyeColor",
                        "hairColor", "marks", "receivedAt", "lastSeenAt", "lastSeenCity", "lastSeenState", "lastSeenPlace", "circumstances",
                        "clothing",
                        "possibleWhereabouts", "vehicleYear", "vehicleMake", "vehicleModel", "vehicleColor", "vehiclePlate",
                        "vehiclePlateState",
                        "guardianName", "guardianAgency", "guardianPhone", "guardianEmail", "policeOrganizationID", "policeName",
                        "policeOri",
                        "policePhone", "policeReportNumber", "officerName", "badge", "caseType",
                    ].map { ($0, string as Any) }
                ).merging(
                    [
                        "endangerments": ["type": "array", "items": ["type": "string", "enum": Endangerment.allCases.map(\.rawValue)]],
                        "noEndangerments": ["type": "boolean"],
                        "childDecision": [
                            "type": "string",
                            "description":
                                "Whether the child is one already on record. Empty: Homeward looks for probable matches and answers 409 (type possible-repeat) listing them in `candidates`. \"link:CHILD_ID\": a repeat episode of that child (refused while the child has an open case). \"new\": a child not on record.",
                        ],
                        "receivedAt": [
                            "type": "string", "format": "date-time", "description": "With its offset or Z; a bare local time is refused.",
                        ],
                        "lastSeenAt": ["type": "string", "format": "date-time", "description": "With its offset or Z."],
                    ], uniquingKeysWith: { _, b in b }),
                required: [
                    "firstName", "lastName", "dateOfBirth", "sex", "heightFeet", "weightPounds", "receivedAt", "lastSeenCity",
                    "lastSeenState",
                    "circumstances", "guardianName", "guardianPhone", "caseType",
                ]),
            "ReportChanges": [
                "type": "object",
                "description":
                    "Any fields of NewReport except policeReportNumber (record the police report as an event). The whole report is validated again.",
                "additionalProperties": true,
            ] as [String: Any],
            "NewEvent": object(
                [
                    "kind": ["type": "string", "enum": ["reported_to_police", "reported_to_clearinghouse", "ncic_entered"]],
                    "occurredAt": timestamp, "method": string, "reference": string, "officerName": string, "badge": string,
                ], required: ["kind", "occurredAt", "method", "reference"]),
            "InvestigatingAgencyChange": object(
                [
                    "policeOrganizationID": ["type": "string", "description": "The id of an active member police agency."],
                    "reason": ["type": "string", "maxLength": 500, "description": "Why the case changes hands; kept in the audit trail."],
                ], required: ["policeOrganizationID", "reason"]),
            "Clock": object(
                [
                    "kind": ["type": "string", "enum": ClockKind.allCases.map(\.rawValue)],
                    "title": string,
                    "status": ["type": "string", "enum": ["not_started", "running", "warning", "met_on_time", "met_late", "breached"]],
                    "statusText": string, "startedAt": ["type": ["string", "null"], "format": "date-time"],
                    "deadline": ["type": ["string", "null"], "format": "date-time"], "remainingSeconds": ["type": ["integer", "null"]],
                    "lateBySeconds": ["type": ["integer", "null"], "description": "How late the duty was met (met_late)."],
                    "overdueBySeconds": ["type": ["integer", "null"], "description": "How long the duty is overdue (breached)."],
                    "recordedAfterDeadlineBySeconds": [
                        "type": ["integer", "null"],
                        "description": "Set when the duty reads as met on time but its proof was entered after the deadline.",
                    ],
                    "proof": ["oneOf": [ref("Proof"), ["type": "null"]]], "owed": nullableString,
                ], required: ["kind", "title", "status", "statusText"]),
            "Proof": object(
                ["eventId": string, "at": timestamp, "recordedAt": timestamp, "recordedBy": string, "method": string, "reference": string],
                required: ["eventId", "at", "recordedAt", "recordedBy", "method", "reference"]),
            "ClockList": object(["items": ["type": "array", "items": ref("Clock")]], required: ["items"]),
            "Episode": object(
                [
                    "id": string, "caseNumber": nullableString, "status": string, "caseType": string, "receivedAt": timestamp,
                    "lastSeenAt": ["type": ["string", "null"], "format": "date-time"], "lastSeenCity": string, "lastSeenState": string,
                    "endangerments": ["type": "array", "items": string],
                    "child": object(
                        [
                            "id": string, "firstName": string, "middleName": nullableString, "lastName": string, "dateOfBirth": string,
                            "sex": string,
                        ],
                        required: ["id", "firstName", "lastName", "dateOfBirth", "sex"]),
                    "police": object(
                        [
                            "organizationId": nullableString, "name": string, "ori": nullableString, "phone": string,
                            "reportNumber": nullableString,
                        ],
                        required: ["name", "phone"]),
                    "ncicNumber": nullableString, "clocks": ["type": "array", "items": ref("Clock")],
                    "events": [
                        "type": "array",
                        "items": object(
                            [
                                "id": string, "kind": string, "occurredAt": timestamp, "recordedAt": timestamp, "recordedBy": string,
                                "method": nullableString, "reference": nullableString,
                            ], required: ["id", "kind", "occurredAt", "recordedAt", "recordedBy"]),
                    ],
                ], required: ["id", "status", "caseType", "receivedAt", "child", "police", "clocks", "events"]),
            "NCICSheet": object(
                [
                    "category": string, "categoryReason": string, "ready": ["type": "boolean"], "text": string,
                    "fields": [
                        "type": "array", "items": object(["code": string, "label": string, "value": string], required: ["code", "value"]),
                    ],
                    "problems": ["type": "array", "items": object(["field": string, "message": string], required: ["field", "message"])],
                ], required: ["category", "categoryReason", "ready", "text", "fields", "problems"]),
            "EvidencePacket": [
                "type": "object",
                "description":
                    "Each legal duty with its deadline (UTC and the agency's local time), when and how it was met, the proof and who recorded it, and every audit entry about the episode.",
                "required": ["generatedAt", "episodeId", "duties", "auditEntries", "auditChainIntact"],
                "properties": [
                    "generatedAt": timestamp, "generatedBy": string, "caseNumber": nullableString, "episodeId": string, "childId": string,
                    "agencyTimeZone": string, "status": string, "auditChainIntact": ["type": "boolean"],
                    "duties": ["type": "array", "items": ["type": "object"]],
                    "auditEntries": ["type": "array", "items": ["type": "object"]],
                ],
            ] as [String: Any],
            "ChildSearchResults": object(
                [
                    "items": [
                        "type": "array",
                        "items": object(
                            [
                                "childId": string, "firstName": string, "lastName": string, "dateOfBirth": string,
                                "latestEpisodeId": nullableString,
                                "caseNumber": nullableString, "status": nullableString, "nameDistance": ["type": "integer"],
                            ], required: ["childId", "firstName", "lastName", "dateOfBirth", "nameDistance"]),
                    ]
                ], required: ["items"]),
            "NotificationList": object(
                [
                    "items": [
                        "type": "array",
                        "items": object(
                            [
                                "id": string, "episodeId": string, "clock": string, "threshold": string, "title": string, "body": string,
                                "createdAt": timestamp, "readAt": ["type": ["string", "null"], "format": "date-time"],
                            ], required: ["id", "episodeId", "clock", "threshold", "title", "body", "createdAt"]),
                    ]
                ], required: ["items"]),
            "Readiness": object(
                [
                    "organizationId": string, "status": string, "canApply": ["type": "boolean"],
                    "evaluation": object(
                        [
                            "programCode": string, "programName": string, "renewal": ["type": "boolean"],
                            "criteria": [
                                "type": "array",
                                "items": object(
                                    [
                                        "id": string, "section": string, "title": string, "met": ["type": "boolean"], "reason": string,
                                        "done": ["type": "integer"], "total": ["type": "integer"],
                                        "responsible": ["type": "array", "items": string],
                                    ], required: ["id", "section", "title", "met", "reason", "done", "total", "responsible"]),
                            ],
                            "gaps": ["type": "array", "items": ["type": "object"]],
                            "pending": ["type": "array", "items": ["type": "object"]],
                            "warnings": ["type": "array", "items": string],
                        ], required: ["programCode", "criteria", "gaps", "warnings"]),
                    "recognitions": ["type": "array", "items": ["type": "object"]],
                ], required: ["organizationId", "status", "canApply", "evaluation", "recognitions"]),
            "PersonnelCSV": [
                "type": "string",
                "description":
                    "CSV with the header employee_number,name,role,hire_date[,active]; roles: executive, command_staff, supervisor, investigator, sworn, telecommunicator, civilian.",
            ],
            "TrainingCSV": [
                "type": "string",
                "description": "CSV with the header employee_number,course,completed_on[,reference]; dates as YYYY-MM-DD.",
            ],
            "ImportResult": object(
                ["dryRun": ["type": "boolean"], "added": ["type": "integer"], "updated": ["type": "integer"]],
                required: ["dryRun", "added", "updated"]),
            "ApplicationList": object(
                [
                    "items": [
                        "type": "array",
                        "items": object(
                            [
                                "id": string, "organizationId": string, "kind": string, "programCode": string, "status": string,
                                "submittedAt": timestamp, "decidedAt": ["type": ["string", "null"], "format": "date-time"],
                                "decisionComment": string, "allMetAtSubmission": ["type": "boolean"],
                            ], required: ["id", "organizationId", "kind", "programCode", "status", "submittedAt", "allMetAtSubmission"]),
                    ]
                ], required: ["items"]),
            "TipList": object(
                [
                    "items": [
                        "type": "array",
                        "items": object(
                            [
                                "id": string, "episodeId": string, "seen": string, "place": string, "when": string, "contactName": string,
                                "contactPhone": string, "contactEmail": string, "submittedAt": timestamp, "acknowledgeBy": timestamp,
                                "receivedAt": ["type": ["string", "null"], "format": "date-time"],
                                "actionable": ["type": ["boolean", "null"]],
                            ], required: ["id", "episodeId", "seen", "place", "when", "submittedAt", "acknowledgeBy"]),
                    ]
                ], required: ["items"]),
            "PosterList": object(
                [
                    "count": ["type": "integer"],
                    "posters": [
                        "type": "array",
                        "items": object(
                            [
                                "url": string, "pdf": string, "name": string, "caseType": string, "missingSince": string,
                                "missingFromCity": string, "missingFromState": string, "dateOfBirth": string, "ageNow": string,
                                "sex": string,
                                "race": nullableString, "hair": nullableString, "eyes": nullableString, "height": string, "weight": string,
                                "narrative": string, "photos": ["type": "array", "items": string], "contact": string, "agency": string,
                                "agencyPhone": string,
                            ], required: ["url", "pdf", "name", "caseType", "missingSince", "contact", "agency", "agencyPhone"]),
                    ],
                ], required: ["count", "posters"]),
            "MemberList": object(
                [
                    "asOf": string, "count": ["type": "integer"],
                    "members": [
                        "type": "array",
                        "items": object(
                            ["name": string, "kind": string, "state": string, "recognizedOn": string, "validThrough": string],
                            required: ["name", "kind", "state", "recognizedOn", "validThrough"]),
                    ],
                ], required: ["asOf", "count", "members"]),
            "AuditEventPage": object(
                ["items": ["type": "array", "items": ref("AuditEvent")], "nextBefore": ["type": ["integer", "null"]]], required: ["items"]),
        ]
    }
}
