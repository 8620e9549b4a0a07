extension Migrations {
    /// Version 16: second factors (an authenticator secret per person, one-use recovery codes) and
    /// the sign-ins waiting for a code.
    static let v16 = Migration(
        version: 16, name: "second factors, recovery codes and sign-ins waiting for a code",
        statements: [
            """
            CREATE TABLE second_factors (
                user_id TEXT PRIMARY KEY REFERENCES users (id),
                secret TEXT NOT NULL,
                last_step BIGINT,
                enrolled_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE recovery_codes (
                user_id TEXT NOT NULL REFERENCES users (id),
                code_hash TEXT NOT NULL,
                used_at TEXT,
                PRIMARY KEY (user_id, code_hash)
            )
            """,
            """
            CREATE TABLE pending_sign_ins (
                key_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id),
                step TEXT NOT NULL,
                enrolling_secret TEXT,
                expires_at TEXT NOT NULL,
                next_path TEXT NOT NULL
            )
            """,
            "CREATE INDEX pending_sign_ins_by_expiry ON pending_sign_ins (expires_at)",
        ]
    )
}
