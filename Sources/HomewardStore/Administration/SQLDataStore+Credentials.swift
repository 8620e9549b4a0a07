import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    // MARK: Sessions

    public func createSession(_ session: SessionRecord) async throws {
        try await engine.write { db in try await Self.insertSession(session, in: db) }
    }

    public func startSession(_ session: SessionRecord, replacing previousKeyHash: String?, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            if let previousKeyHash { try await db.raw("DELETE FROM sessions WHERE key_hash = \(bind: previousKeyHash)").run() }
            try await Self.insertSession(session, in: db)
            try await Self.noteSignIn(of: session.userID, at: session.createdAt, in: db)
        }
    }

    static func insertSession(_ session: SessionRecord, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO sessions (key_hash, user_id, created_at, last_seen_at, expires_at)
            VALUES (\(bind: session.keyHash), \(bind: session.userID.rawValue), \(bind: stored(session.createdAt)),
                \(bind: stored(session.lastSeenAt)), \(bind: stored(session.expiresAt)))
            """
        ).run()
    }

    public func session(keyHash: String) async throws -> SessionRecord? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM sessions WHERE key_hash = \(bind: keyHash)").first() else { return nil }
            return SessionRecord(
                keyHash: try row.string("key_hash"), userID: UserID(try row.string("user_id")),
                createdAt: try row.date("created_at"), lastSeenAt: try row.date("last_seen_at"),
                expiresAt: try row.date("expires_at")
            )
        }
    }

    public func touchSession(keyHash: String, at instant: Date) async throws {
        try await engine.write { db in
            try await db.raw("UPDATE sessions SET last_seen_at = \(bind: stored(instant)) WHERE key_hash = \(bind: keyHash)").run()
        }
    }

    public func endSessions(of user: UserID, audit: AuditEntry) async throws -> Int {
        try await audited(audit) { db in
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: user.rawValue) RETURNING key_hash").all().count
        }
    }

    public func deleteSession(keyHash: String) async throws {
        try await engine.write { db in
            try await db.raw("DELETE FROM sessions WHERE key_hash = \(bind: keyHash)").run()
        }
    }

    @discardableResult
    public func deleteSessions(expiredBefore instant: Date, idleTimeout: TimeInterval) async throws -> Int {
        let idleCutoff = stored(instant.addingTimeInterval(-idleTimeout))
        return try await engine.write { db in
            let condition: SQLQueryString = "expires_at <= \(bind: stored(instant)) OR last_seen_at <= \(bind: idleCutoff)"
            let count = try await db.raw("SELECT COUNT(*) AS n FROM sessions WHERE \(condition)").first()?.int("n") ?? 0
            try await db.raw("DELETE FROM sessions WHERE \(condition)").run()
            return count
        }
    }

    // MARK: API tokens

    public func createAPIToken(_ token: APIToken, secretHash: String, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw(
                """
                INSERT INTO api_tokens (id, organization_id, user_id, name, prefix, secret_hash, created_at, last_used_at, revoked_at,
                    expires_at)
                VALUES (\(bind: token.id.rawValue), \(bind: token.organizationID.rawValue), \(bind: token.userID.rawValue),
                    \(bind: token.name), \(bind: token.prefix), \(bind: secretHash), \(bind: stored(token.createdAt)),
                    \(bind: stored(token.lastUsedAt)), \(bind: stored(token.revokedAt)), \(bind: stored(token.expiresAt)))
                """
            ).run()
        }
    }

    public func apiToken(secretHash: String) async throws -> APIToken? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM api_tokens WHERE secret_hash = \(bind: secretHash)").first().map(Self.apiToken(from:))
        }
    }

    public func apiToken(_ id: APITokenID) async throws -> APIToken? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM api_tokens WHERE id = \(bind: id.rawValue)").first().map(Self.apiToken(from:))
        }
    }

    public func apiTokens(in organization: OrganizationID) async throws -> [APIToken] {
        try await engine.read { db in
            try await db.raw(
                "SELECT * FROM api_tokens WHERE organization_id = \(bind: organization.rawValue) ORDER BY created_at DESC, id"
            ).all().map(Self.apiToken(from:))
        }
    }

    public func revokeAPIToken(_ id: APITokenID, at instant: Date, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw(
                "UPDATE api_tokens SET revoked_at = \(bind: stored(instant)) WHERE id = \(bind: id.rawValue) AND revoked_at IS NULL"
            ).run()
        }
    }

    public func markAPITokenUsed(_ id: APITokenID, at instant: Date) async throws {
        let cutoff = stored(instant.addingTimeInterval(-60))
        try await engine.write { db in
            try await db.raw(
                """
                UPDATE api_tokens SET last_used_at = \(bind: stored(instant))
                WHERE id = \(bind: id.rawValue) AND (last_used_at IS NULL OR last_used_at < \(bind: cutoff))
                """
            ).run()
        }
    }

    static func apiToken(from row: any SQLRow) throws -> APIToken {
        APIToken(
            id: APITokenID(try row.string("id")), organizationID: OrganizationID(try row.string("organization_id")),
            userID: UserID(try row.string("user_id")), name: try row.string("name"), prefix: try row.string("prefix"),
            createdAt: try row.date("created_at"), lastUsedAt: try row.optionalDate("last_used_at"),
            revokedAt: try row.optionalDate("revoked_at"), expiresAt: try row.optionalDate("expires_at")
        )
    }
}
