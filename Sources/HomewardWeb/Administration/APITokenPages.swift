import Foundation
import HomewardCore
import Hummingbird

/// API tokens for system-to-system use: created here or with `homeward token create`, shown once,
/// stored hashed, revocable.
enum APITokenPages {
    struct Row: Sendable {
        var name: String
        var prefix: String
        var createdBy: String
        var created: String
        var lastUsed: String
        var revoked: String?
        var expired: String?
        var expires: String
        var revokeHref: String
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var organizationName: String
        var rows: [Row]
        var action: String
        var name: String
        var nameError: String?
        var newSecret: String?
        var newName: String?
        var notice: String?
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.apiTokens, allowing: .manageAPITokens, .page, scope: .organization,
                summary: "API tokens of an organization",
                auditedRead: .init(action: .apiTokensList, recordType: .organization), handler: list),
            Endpoint(
                .post, Routes.apiTokens, allowing: .manageAPITokens, .page, scope: .organization,
                summary: "Create an API token",
                handler: create),
            Endpoint(
                .post, Routes.revokeAPIToken, allowing: .manageAPITokens, .page,
                scope: .organization, summary: "Revoke an API token", handler: revoke),
        ]
    }

    static func model(
        _ context: SignedInContext, _ services: AppServices, organization: Organization, name: String = "", nameError: String? = nil,
        newSecret: String? = nil, newName: String? = nil, notice: String? = nil
    ) async throws -> ListModel {
        let zone = context.local
        let people = Dictionary(uniqueKeysWithValues: try await services.store.users(in: organization.id).map { ($0.id, $0.name) })
        let rows = try await services.store.apiTokens(in: organization.id).map { token in
            Row(
                name: token.name, prefix: token.prefix + "…", createdBy: people[token.userID] ?? "—", created: zone.format(token.createdAt),
                lastUsed: token.lastUsedAt.map(zone.format) ?? StaffText.text("staff.apiToken.never"),
                revoked: token.revokedAt.map(zone.format),
                expired: token.isRevoked || token.isUsable(at: services.clock.now()) ? nil : zone.format(token.effectiveExpiry),
                expires: zone.format(token.effectiveExpiry),
                revokeHref: Routes.revokeAPIToken(organization.id, token.id))
        }
        return ListModel(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.apiTokens", ["name": organization.name]),
                current: Routes.apiTokens(organization.id)
            ),
            organizationName: organization.name, rows: rows, action: Routes.apiTokens(organization.id), name: name, nameError: nameError,
            newSecret: newSecret, newName: newName, notice: notice)
    }

    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        let notice =
            TokenOutcome.message(in: request)
        return try services.views.page("api-tokens", try await model(context, services, organization: organization, notice: notice))
    }

    @Sendable static func create(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        do {
            let (token, secret) = try await PeopleCommands.createToken(
                name: form["name"], for: context.user, in: organization, context: context, services: services)
            // The secret is in this one response only; nothing can show it again.
            return try services.views.page(
                "api-tokens", try await model(context, services, organization: organization, newSecret: secret, newName: token.name),
                status: .created)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "api-tokens", try await model(context, services, organization: organization, name: form["name"], nameError: errors["name"]),
                status: .unprocessableContent)
        }
    }

    @Sendable static func revoke(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        guard let token = try await services.store.apiToken(APITokenID(context.parameters.get(.token) ?? "")),
            token.organizationID == organization.id
        else { throw HomewardError.notFound("API token") }
        try await services.store.revokeAPIToken(
            token.id, at: services.clock.now(),
            audit: services.auditEntry(
                context, action: .apiTokensRevoke, recordType: .apiToken, recordID: token.id.rawValue, organization: organization.id))
        return TokenOutcome.revoked.redirect(to: Routes.apiTokens(organization.id))
    }
}

extension APITokenPages {
}

/// What the token page confirms.
enum TokenOutcome: String, Outcome {
    case revoked

    var message: String { StaffText.text("staff.apiToken.theTokenWasRevoked") }
}
