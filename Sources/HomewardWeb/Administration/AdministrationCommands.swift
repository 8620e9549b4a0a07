import Foundation
import HomewardCore
import HomewardStore

/// What the `homeward` subcommands do, as plain functions the tests call directly. Changes made
/// here are audited as coming from the command line.
public enum AdministrationCommands {
    static func audit(
        _ services: AppServices, _ action: AuditAction, _ type: AuditRecordType, _ id: String, _ organization: OrganizationID?
    )
        -> AuditEntry
    {
        AuditEntry(
            occurredAt: services.clock.now(), actorUserID: nil, actorOrganizationID: nil, action: action, recordType: type,
            recordID: id, targetOrganizationID: organization, address: "command line")
    }

    /// Every organization, one line each.
    public static func organizationList(_ services: AppServices) async throws -> String {
        let rows = try await services.store.organizations().map { o in
            [o.code, o.kind.rawValue, o.state, o.ori ?? o.psapIdentifier ?? "-", o.active ? "active" : "inactive", o.id.rawValue, o.name]
        }
        return table(header: ["CODE", "KIND", "STATE", "ORI/PSAP", "STATUS", "ID", "NAME"], rows: rows)
    }

    /// Creates an account; when no password is given, generates one and returns it.
    public static func addUser(
        _ services: AppServices, organization idOrCode: String, email: String, name: String, roles: [String], password: String?
    ) async throws -> (User, generatedPassword: String?) {
        let organization = try await services.store.organization(idOrCode: idOrCode)
        let generated = password == nil ? SecretGenerator.make(bytes: 12) : nil
        let draft = UserDraft(
            email: email, name: name, roles: roles.flatMap { $0.split(separator: ",").map { String($0).trimmed } },
            password: password ?? generated)
        let user = try draft.validated(id: UserID(services.ids.next()), organization: organization, createdAt: services.clock.now())
        let hash = try await services.passwords.hash(draft.password!)
        try await services.store.createUser(
            user, passwordHash: hash, audit: audit(services, .usersCreate, .user, user.id.rawValue, organization.id))
        return (user, generated)
    }

    /// The accounts of one organization, or of all.
    public static func userList(_ services: AppServices, organization idOrCode: String?) async throws -> String {
        let organizations: [Organization] =
            if let idOrCode { [try await services.store.organization(idOrCode: idOrCode)] } else {
                try await services.store.organizations()
            }
        let now = services.clock.now()
        var rows: [[String]] = []
        for organization in organizations {
            for user in try await services.store.users(in: organization.id) {
                let status = !user.active ? "disabled" : user.isLocked(at: now) ? "locked" : "active"
                rows.append([user.email, user.sortedRoles.map(\.rawValue).joined(separator: ","), status, organization.code, user.name])
            }
        }
        return table(header: ["EMAIL", "ROLES", "STATUS", "ORGANIZATION", "NAME"], rows: rows)
    }

    static func requireUser(_ services: AppServices, email: String) async throws -> User {
        guard let user = try await services.store.user(email: email) else {
            throw HomewardError.notFound("account with that e-mail address")
        }
        return user
    }

    public static func disableUser(_ services: AppServices, email: String) async throws {
        let user = try await requireUser(services, email: email)
        try await services.store.setActive(
            false, of: user.id, audit: audit(services, .usersDisable, .user, user.id.rawValue, user.organizationID))
    }

    /// Sets a new password (generated when none is given, and returned), unlocking the account.
    public static func resetPassword(_ services: AppServices, email: String, password: String?) async throws -> String? {
        let user = try await requireUser(services, email: email)
        let generated = password == nil ? SecretGenerator.make(bytes: 12) : nil
        let newPassword = password ?? generated!
        if let problem = UserRules.passwordProblem(newPassword) { throw HomewardError.invalid("password", problem) }
        try await services.store.setPasswordHash(
            try await services.passwords.hash(newPassword), of: user.id,
            audit: audit(services, .usersResetPassword, .user, user.id.rawValue, user.organizationID))
        return generated
    }

    /// Creates an API token for the account with `email`; returns the secret, shown once.
    public static func createToken(_ services: AppServices, email: String, name: String) async throws -> (APIToken, String) {
        let user = try await requireUser(services, email: email)
        guard user.active, let organization = try await services.store.organization(user.organizationID) else {
            throw HomewardError.conflict("The account is disabled.")
        }
        return try await PeopleCommands.createToken(name: name, for: user, in: organization, context: nil, services: services)
    }

    public static func revokeToken(_ services: AppServices, id: String) async throws {
        guard let token = try await services.store.apiToken(APITokenID(id)) else { throw HomewardError.notFound("API token") }
        try await services.store.revokeAPIToken(
            token.id, at: services.clock.now(),
            audit: audit(services, .apiTokensRevoke, .apiToken, token.id.rawValue, token.organizationID))
    }

    /// Walks the audit chain; returns the report and whether it is intact.
    public static func verifyAudit(_ services: AppServices) async throws -> (report: String, intact: Bool) {
        let (checked, broken) = try await services.store.verifyAuditChain(batchSize: 5000)
        if let broken {
            return ("Audit trail BROKEN at event \(broken.sequence): \(broken.reason). \(checked) events read.", false)
        }
        return ("Audit trail intact: \(checked) events, every link verified.", true)
    }

    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
