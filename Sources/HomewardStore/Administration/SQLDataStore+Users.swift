import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func createUser(_ user: User, passwordHash: String?, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            if try await db.raw("SELECT id FROM users WHERE email = \(bind: user.email)").first() != nil {
                throw HomewardError.invalid("email", "Another account already uses this e-mail address.")
            }
            try await db.raw(
                """
                INSERT INTO users (id, organization_id, email, name, active, password_hash, failed_sign_ins, locked_until,
                    last_sign_in_at, created_at, language)
                VALUES (\(bind: user.id.rawValue), \(bind: user.organizationID.rawValue), \(bind: user.email), \(bind: user.name),
                    \(bind: user.active), \(bind: passwordHash), \(bind: Int64(user.failedSignIns)), \(bind: stored(user.lockedUntil)),
                    \(bind: stored(user.lastSignInAt)), \(bind: stored(user.createdAt)), \(bind: user.language))
                """
            ).run()
            for role in user.sortedRoles {
                try await db.raw("INSERT INTO user_roles (user_id, role) VALUES (\(bind: user.id.rawValue), \(bind: role.rawValue))").run()
            }
        }
    }

    public func user(_ id: UserID) async throws -> User? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM users WHERE id = \(bind: id.rawValue)").first() else { return nil }
            return try await Self.users(from: [row], in: db).first
        }
    }

    public func user(email: String) async throws -> User? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM users WHERE email = \(bind: email.trimmed.lowercased())").first()
            else { return nil }
            return try await Self.users(from: [row], in: db).first
        }
    }

    public func users(_ ids: [UserID]) async throws -> [User] {
        let unique = Array(Set(ids.map(\.rawValue)))
        guard !unique.isEmpty else { return [] }
        return try await engine.read { db in
            var found: [User] = []
            for chunk in stride(from: 0, to: unique.count, by: 500).map({ Array(unique[$0..<min($0 + 500, unique.count)]) }) {
                found += try await Self.users(from: try await db.raw("SELECT * FROM users WHERE id IN (\(binds: chunk))").all(), in: db)
            }
            return found
        }
    }

    public func users(in organization: OrganizationID) async throws -> [User] {
        try await engine.read { db in
            let rows = try await db.raw(
                "SELECT * FROM users WHERE organization_id = \(bind: organization.rawValue) ORDER BY name, id"
            ).all()
            return try await Self.users(from: rows, in: db)
        }
    }

    public func passwordHash(of user: UserID) async throws -> String? {
        try await engine.read { db in
            try await db.raw("SELECT password_hash FROM users WHERE id = \(bind: user.rawValue)").first()?.optionalString("password_hash")
        }
    }

    public func setLanguage(_ language: String, of user: UserID, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw("UPDATE users SET language = \(bind: language) WHERE id = \(bind: user.rawValue)").run()
        }
    }

    public func setPasswordHash(_ hash: String, of user: UserID, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw(
                "UPDATE users SET password_hash = \(bind: hash), failed_sign_ins = 0, locked_until = NULL WHERE id = \(bind: user.rawValue)"
            ).run()
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: user.rawValue)").run()
            try await Self.revokeTokens(of: user, at: audit.occurredAt, in: db)
        }
    }

    /// A new password or a disabled account ends every token the person made: a token must not
    /// outlive the trust that made it (or come back when the account is enabled again).
    static func revokeTokens(of user: UserID, at instant: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE api_tokens SET revoked_at = \(bind: stored(instant)) WHERE user_id = \(bind: user.rawValue) AND revoked_at IS NULL"
        ).run()
    }

    public func setActive(_ active: Bool, of user: UserID, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw("UPDATE users SET active = \(bind: active) WHERE id = \(bind: user.rawValue)").run()
            if !active {
                try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: user.rawValue)").run()
                try await Self.revokeTokens(of: user, at: audit.occurredAt, in: db)
            }
        }
    }

    public func recordFailedSignIn(of user: UserID, policy: LockoutPolicy, audit: AuditEntry) async throws -> User {
        let kind = engine.kind
        return try await engine.write { db in
            // The increment happens in the database so that failures arriving at two instances at
            // once are both counted.
            try await db.raw("UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = \(bind: user.rawValue)").run()
            guard let row = try await db.raw("SELECT * FROM users WHERE id = \(bind: user.rawValue)").first() else {
                throw HomewardError.notFound("account")
            }
            var account = try await Self.users(from: [row], in: db)[0]
            let outcome = policy.afterFailure(
                failures: account.failedSignIns - 1, lockedUntil: account.lockedUntil, at: audit.occurredAt)
            let lockedUntil = outcome.lockedUntil ?? account.lockedUntil
            try await db.raw(
                """
                UPDATE users SET failed_sign_ins = \(bind: Int64(outcome.failures)), locked_until = \(bind: stored(lockedUntil))
                WHERE id = \(bind: user.rawValue)
                """
            ).run()
            account.failedSignIns = outcome.failures
            account.lockedUntil = lockedUntil.map(Timestamp.truncated)
            _ = try await Self.appendAudit(audit, in: db, kind: kind)
            if let pausedUntil = outcome.lockedUntil {
                var lockAudit = audit
                lockAudit.action = "sign_in.locked_out"
                lockAudit.detail = "paused until \(Timestamp.format(pausedUntil))"
                _ = try await Self.appendAudit(lockAudit, in: db, kind: kind)
            }
            return account
        }
    }

    public func recordSignIn(of user: UserID, at instant: Date, audit: AuditEntry) async throws {
        try await audited(audit) { db in try await Self.noteSignIn(of: user, at: instant, in: db) }
    }

    static func noteSignIn(of user: UserID, at instant: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = \(bind: stored(instant))
            WHERE id = \(bind: user.rawValue)
            """
        ).run()
    }

    /// Users from their rows, with their roles read in one query.
    static func users(from rows: [any SQLRow], in db: any SQLDatabase) async throws -> [User] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.string("id") }
        var roles: [String: Set<Role>] = [:]
        // Chunked so that a large organization stays under every engine's bind-parameter limit.
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let roleRows = try await db.raw("SELECT user_id, role FROM user_roles WHERE user_id IN (\(binds: chunk))").all()
            for row in roleRows {
                if let role = Role(rawValue: try row.string("role")) {
                    roles[try row.string("user_id"), default: []].insert(role)
                }
            }
        }
        return try rows.map { row in
            let id = try row.string("id")
            return User(
                id: UserID(id), organizationID: OrganizationID(try row.string("organization_id")),
                email: try row.string("email"), name: try row.string("name"), roles: roles[id] ?? [],
                active: try row.bool("active"), createdAt: try row.date("created_at"),
                lastSignInAt: try row.optionalDate("last_sign_in_at"), failedSignIns: try row.int("failed_sign_ins"),
                lockedUntil: try row.optionalDate("locked_until"), language: try row.optionalString("language") ?? "en"
            )
        }
    }
}
