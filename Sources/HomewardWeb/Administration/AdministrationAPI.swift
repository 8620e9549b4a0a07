import Foundation
import HomewardCore
import Hummingbird

/// The administration part of the JSON API: the token's own account, organizations, users and
/// the audit trail.
enum AdministrationAPI {
    struct OrganizationJSON: Codable, Sendable, APISchema {
        static let schemaName = "Organization"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["kind": .values(of: OrganizationKind.self), "createdAt": .dateTime])
        }

        var id: String
        var code: String
        var name: String
        var kind: String
        var state: String
        var timeZone: String
        var ori: String?
        var psapIdentifier: String?
        var phone: String?
        var tribe: String?
        var active: Bool
        var createdAt: String

        init(_ o: Organization) {
            id = o.id.rawValue
            code = o.code
            name = o.name
            kind = o.kind.rawValue
            state = o.state
            timeZone = o.timeZone
            ori = o.ori
            psapIdentifier = o.psapIdentifier
            phone = o.phone
            tribe = o.tribe
            active = o.active
            createdAt = Timestamp.format(o.createdAt)
        }
    }

    struct UserJSON: Codable, Sendable, APISchema {
        static let schemaName = "User"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["roles": .values(of: Role.self), "lastSignInAt": .dateTime, "createdAt": .dateTime])
        }

        var id: String
        var organizationId: String
        var email: String
        var name: String
        var roles: [String]
        var active: Bool
        var locked: Bool
        var lastSignInAt: String?
        var createdAt: String

        init(_ u: User, now: Date) {
            id = u.id.rawValue
            organizationId = u.organizationID.rawValue
            email = u.email
            name = u.name
            roles = u.sortedRoles.map(\.rawValue)
            active = u.active
            locked = u.isLocked(at: now)
            lastSignInAt = u.lastSignInAt.map(Timestamp.format)
            createdAt = Timestamp.format(u.createdAt)
        }
    }

    struct MeJSON: Codable, Sendable, APISchema {
        static let schemaName = "Me"

        var user: UserJSON
        var organization: OrganizationJSON
        var credential: String
    }

    struct AuditEventJSON: Codable, Sendable, APISchema {
        static let schemaName = "AuditEvent"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["occurredAt": .dateTime, "outcome": .values(of: AuditOutcome.self)])
        }

        var sequence: Int64
        var occurredAt: String
        var actorUserId: String?
        var actorOrganizationId: String?
        var action: String
        var outcome: String
        var recordType: String
        var recordId: String?
        var targetOrganizationId: String?
        var address: String?
        var requestId: String?
        var detail: String?
        var hash: String

        init(_ event: AuditEvent) {
            let e = event.entry
            sequence = event.sequence
            occurredAt = Timestamp.format(e.occurredAt)
            actorUserId = e.actorUserID?.rawValue
            actorOrganizationId = e.actorOrganizationID?.rawValue
            action = e.action
            outcome = e.outcome.rawValue
            recordType = e.recordType
            recordId = e.recordID
            targetOrganizationId = e.targetOrganizationID?.rawValue
            address = e.address
            requestId = e.requestID
            detail = e.detail
            hash = event.hash
        }
    }

    struct AuditPageJSON: Codable, Sendable, APISchema {
        static let schemaName = "AuditEventPage"

        var items: [AuditEventJSON]
        var nextBefore: Int64?
    }

    struct NewUserJSON: Codable, Sendable, APISchema {
        static let schemaName = "NewUser"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["roles": .values(of: Role.self), "password": PropertyNote(minLength: UserRules.minimumPasswordLength)])
        }

        var email: String
        var name: String
        var roles: [String]
        var password: String
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.apiMe, allowing: .viewHome, .api, scope: .none, summary: "The token's user and organization", handler: me),
            Endpoint(
                .get, Routes.apiOrganizations, allowing: .listOrganizations, .api, scope: .none, summary: "List organizations",
                handler: listOrganizations),
            Endpoint(
                .post, Routes.apiOrganizations, allowing: .createOrganization, .api, scope: .none, summary: "Create an organization",
                handler: createOrganization),
            Endpoint(
                .get, Routes.apiOrganization, allowing: .viewOrganization, .api, scope: .organization,
                summary: "Get an organization",
                handler: getOrganization),
            Endpoint(
                .get, Routes.apiUsers, allowing: .listUsers, .api, scope: .organization,
                summary: "List an organization's accounts",
                auditedRead: .init(action: .usersList, recordType: .organization), handler: listUsers),
            Endpoint(
                .post, Routes.apiUsers, allowing: .manageUsers, .api, scope: .organization,
                summary: "Create an account",
                handler: createUser),
            Endpoint(
                .get, Routes.apiAuditEvents, allowing: .viewAudit, .api, scope: .none, summary: "List audit events, newest first",
                auditedRead: .init(action: .auditView, recordType: .auditTrail), handler: listAuditEvents),
        ]
    }

    @Sendable static func me(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let credential: String = if case .apiToken(let id) = context.principal.credential { "api_token:\(id)" } else { "session" }
        return try APIResponse.json(
            MeJSON(
                user: UserJSON(context.user, now: services.clock.now()), organization: OrganizationJSON(context.organization),
                credential: credential))
    }

    @Sendable static func listOrganizations(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws
        -> Response
    {
        let query = request.uri.queryParameters
        var errors = FieldErrors()
        var filter = OrganizationFilter(limit: 201)
        if let kind = query.get("kind").map({ String($0) }), !kind.isEmpty {
            filter.kind = OrganizationKind(rawValue: kind)
            if filter.kind == nil {
                errors.add("kind", "Use one of: " + OrganizationKind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
        }
        if let state = query.get("state").map({ String($0).uppercased() }), !state.isEmpty {
            if USState.isValid(state) { filter.state = state } else { errors.add("state", "Use a two-letter state code.") }
        }
        if let cursor = query.get("cursor").map({ String($0) }), !cursor.isEmpty {
            filter.after = NameCursor(cursor)
            if filter.after == nil { errors.add("cursor", "This cursor is not one Homeward gave.") }
        }
        try errors.throwIfAny()
        let found = try await services.store.organizations(matching: filter)
        let page = Array(found.prefix(200))
        let next = found.count > page.count ? page.last.map { NameCursor(name: $0.name, id: $0.id.rawValue).text } : nil
        return try APIResponse.json(APIResponse.Page(page.map(OrganizationJSON.init), nextCursor: next))
    }

    @Sendable static func createOrganization(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws
        -> Response
    {
        var request = request
        let draft = try await request.json(OrganizationDraft.self, limit: services.configuration.maxBodyBytes)
        let organization = try await OrganizationCommands.create(draft, context: context, services: services)
        var response = try APIResponse.json(OrganizationJSON(organization), status: .created)
        response.headers[.location] = Routes.apiOrganization(organization.id)
        return response
    }

    @Sendable static func getOrganization(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response
    {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        return try APIResponse.json(OrganizationJSON(organization))
    }

    @Sendable static func listUsers(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        let now = services.clock.now()
        return try APIResponse.json(
            APIResponse.List(items: try await services.store.users(in: organization.id).map { UserJSON($0, now: now) }))
    }

    @Sendable static func createUser(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        var request = request
        let body = try await request.json(NewUserJSON.self, limit: services.configuration.maxBodyBytes)
        let user = try await PeopleCommands.create(
            UserDraft(email: body.email, name: body.name, roles: body.roles, password: body.password), in: organization, context: context,
            services: services)
        var response = try APIResponse.json(UserJSON(user, now: services.clock.now()), status: .created)
        response.headers[.location] = Routes.apiUsers(organization.id)
        return response
    }

    @Sendable static func listAuditEvents(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response
    {
        var query = try AuditQuery.reading { request.uri.queryParameters.get($0).map { String($0) } }
        query.filter.organizationID = AccessPolicy.auditScope(context.principal, requested: query.filter.organizationID)
        let (filter, before, limit) = (query.filter, query.before, query.limit)
        let events = try await services.store.auditEvents(matching: filter, beforeSequence: before, limit: limit)
        return try APIResponse.json(
            AuditPageJSON(items: events.map(AuditEventJSON.init), nextBefore: events.count == limit ? events.last?.sequence : nil))
    }
}

extension OrganizationDraft: APISchema {
    static let schemaName = "NewOrganization"
    static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["kind": .values(of: OrganizationKind.self)]) }
}
