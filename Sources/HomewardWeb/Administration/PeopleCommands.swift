import Foundation
import HomewardCore
import Hummingbird

/// What the people pages and the administration API do to accounts alike: find one in its
/// organization, create one, set its password; each audited as the signed-in person's act.
enum PeopleCommands {
    /// The organization and user named in the path; a user of another organization is not found.
    static func find(_ context: SignedInContext, services: AppServices) async throws -> (Organization, User) {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        guard let user = try await services.store.user(UserID(context.parameters.get(.user) ?? "")),
            user.organizationID == organization.id
        else { throw HomewardError.notFound("account") }
        return (organization, user)
    }

    static func create(_ draft: UserDraft, in organization: Organization, context: SignedInContext, services: AppServices) async throws
        -> User
    {
        var draft = draft
        if draft.password == nil { draft.password = "" }
        let user = try draft.validated(id: UserID(services.ids.next()), organization: organization, createdAt: services.clock.now())
        let hash = try await services.passwords.hash(draft.password!)
        try await services.store.createUser(
            user, passwordHash: hash,
            audit: services.auditEntry(
                context, action: .usersCreate, recordType: .user, recordID: user.id.rawValue, organization: organization.id,
                detail: "roles: " + user.sortedRoles.map(\.rawValue).joined(separator: ",")))
        return user
    }

    static func setPassword(
        _ password: String, confirmation: String, of user: User, context: SignedInContext, services: AppServices, action: AuditAction
    ) async throws {
        try UserRules.checkNewPassword(password, confirmation: confirmation)
        let hash = try await services.passwords.hash(password)
        try await services.store.setPasswordHash(
            hash, of: user.id,
            audit: services.auditEntry(
                context, action: action, recordType: .user, recordID: user.id.rawValue, organization: user.organizationID))
    }

    /// Creates a token acting for `user` in `organization`; returns it with its secret, which is
    /// never stored.
    static func createToken(
        name: String, for user: User, in organization: Organization, context: SignedInContext?, services: AppServices
    ) async throws -> (APIToken, String) {
        let now = services.clock.now()
        let (token, secret) = try APIToken.issue(
            name: name, for: user.id, in: organization.id, id: APITokenID(services.ids.next()), at: now,
            lifetimeDays: services.configuration.apiTokenDays)
        var audit = AuditEntry(
            occurredAt: now, actorUserID: user.id, actorOrganizationID: organization.id, action: .apiTokensCreate,
            recordType: .apiToken, recordID: token.id.rawValue, targetOrganizationID: organization.id)
        if let context {
            audit = services.auditEntry(
                context, action: .apiTokensCreate, recordType: .apiToken, recordID: token.id.rawValue, organization: organization.id)
        }
        try await services.store.createAPIToken(token, secretHash: APIToken.hash(secret: secret), audit: audit)
        return (token, secret)
    }
}
