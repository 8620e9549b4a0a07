import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func secondFactor(of user: UserID) async throws -> SecondFactorRecord? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM second_factors WHERE user_id = \(bind: user.rawValue)").first() else {
                return nil
            }
            guard let secret = Base32.decode(try self.opened(try row.string("secret"), "second_factors.secret")) else {
                throw StoreError.corruptRow("second factor of \(user)")
            }
            let unused =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = \(bind: user.rawValue) AND used_at IS NULL"
                ).first()?.int("n") ?? 0
            return SecondFactorRecord(
                userID: user, totp: TOTP(secret: secret), lastUsedStep: try row.optionalInt("last_step").map(Int64.init),
                enrolledAt: try row.date("enrolled_at"), unusedRecoveryCodes: unused)
        }
    }

    public func usersWithSecondFactor(in organization: OrganizationID) async throws -> Set<UserID> {
        try await engine.read { db in
            Set(
                try await db.raw(
                    """
                    SELECT second_factors.user_id FROM second_factors JOIN users ON users.id = second_factors.user_id
                    WHERE users.organization_id = \(bind: organization.rawValue)
                    """
                ).all().map { UserID(try $0.string("user_id")) })
        }
    }

    public func enrolSecondFactor(
        _ totp: TOTP, of user: UserID, confirmedStep step: Int64, recoveryCodeHashes: [String], at instant: Date, audit: AuditEntry
    ) async throws {
        try await audited(audit) { db in
            try await db.raw("DELETE FROM second_factors WHERE user_id = \(bind: user.rawValue)").run()
            try await db.raw(
                """
                INSERT INTO second_factors (user_id, secret, last_step, enrolled_at)
                VALUES (\(bind: user.rawValue), \(bind: self.sealed(Base32.encode(totp.secret), "second_factors.secret")), \(bind: step), \(bind: stored(instant)))
                """
            ).run()
            try await Self.insertRecoveryCodes(recoveryCodeHashes, of: user, in: db)
        }
    }

    static func insertRecoveryCodes(_ hashes: [String], of user: UserID, in db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: user.rawValue)").run()
        for hash in Set(hashes) {
            try await db.raw("INSERT INTO recovery_codes (user_id, code_hash) VALUES (\(bind: user.rawValue), \(bind: hash))").run()
        }
    }

    public func spendSecondFactor(_ proof: SecondFactorProof, of user: UserID, at instant: Date) async throws -> Bool {
        let now = stored(instant)
        return try await engine.write { db in
            // Conditional updates: of two requests racing with one code, only one changes a row.
            switch proof {
            case .totp(let step):
                return try await !db.raw(
                    """
                    UPDATE second_factors SET last_step = \(bind: step)
                    WHERE user_id = \(bind: user.rawValue) AND (last_step IS NULL OR last_step < \(bind: step)) RETURNING user_id
                    """
                ).all().isEmpty
            case .recoveryCode(let hash):
                return try await !db.raw(
                    """
                    UPDATE recovery_codes SET used_at = \(bind: now)
                    WHERE user_id = \(bind: user.rawValue) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING user_id
                    """
                ).all().isEmpty
            }
        }
    }

    public func hasUnusedRecoveryCode(_ hash: String, of user: UserID) async throws -> Bool {
        try await engine.read { db in
            try await db.raw(
                "SELECT 1 AS found FROM recovery_codes WHERE user_id = \(bind: user.rawValue) AND code_hash = \(bind: hash) AND used_at IS NULL"
            ).first() != nil
        }
    }

    public func replaceRecoveryCodes(of user: UserID, with hashes: [String], audit: AuditEntry) async throws {
        try await audited(audit) { db in try await Self.insertRecoveryCodes(hashes, of: user, in: db) }
    }

    public func removeSecondFactor(of user: UserID, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw("DELETE FROM second_factors WHERE user_id = \(bind: user.rawValue)").run()
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: user.rawValue)").run()
            try await db.raw("DELETE FROM pending_sign_ins WHERE user_id = \(bind: user.rawValue)").run()
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: user.rawValue)").run()
        }
    }

    public func startPendingSignIn(_ pending: PendingSignIn, at instant: Date) async throws {
        try await engine.write { db in
            // One waiting sign-in per person, and none left past its time.
            try await db.raw(
                "DELETE FROM pending_sign_ins WHERE user_id = \(bind: pending.userID.rawValue) OR expires_at <= \(bind: stored(instant))"
            ).run()
            try await db.raw(
                """
                INSERT INTO pending_sign_ins (key_hash, user_id, step, enrolling_secret, expires_at, next_path)
                VALUES (\(bind: pending.keyHash), \(bind: pending.userID.rawValue), \(bind: pending.step == .enrol ? "enrol" : "code"),
                    \(bind: self.sealed(pending.enrolling.map { Base32.encode($0.secret) }, "pending_sign_ins.enrolling_secret")), \(bind: stored(pending.expiresAt)), \(bind: pending.next))
                """
            ).run()
        }
    }

    public func pendingSignIn(keyHash: String) async throws -> PendingSignIn? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM pending_sign_ins WHERE key_hash = \(bind: keyHash)").first() else { return nil }
            return PendingSignIn(
                keyHash: keyHash, userID: UserID(try row.string("user_id")), step: try row.string("step") == "enrol" ? .enrol : .code,
                enrolling: try self.opened(try row.optionalString("enrolling_secret"), "pending_sign_ins.enrolling_secret").flatMap(
                    Base32.decode
                )
                .map(TOTP.init(secret:)),
                expiresAt: try row.date("expires_at"), next: try row.string("next_path"))
        }
    }

    public func deletePendingSignIn(keyHash: String) async throws {
        try await engine.write { db in try await db.raw("DELETE FROM pending_sign_ins WHERE key_hash = \(bind: keyHash)").run() }
    }
}
