extension Migrations {
    /// Version 13: every mutating API request sent with an Idempotency-Key is answered once per
    /// key and caller; a retry gets the first answer.
    static let v13 = Migration(
        version: 13, name: "idempotent API requests",
        statements: [
            """
            CREATE TABLE api_requests (
                scope TEXT NOT NULL,
                key TEXT NOT NULL,
                digest TEXT NOT NULL,
                state TEXT NOT NULL,
                status BIGINT,
                content_type TEXT,
                location TEXT,
                body TEXT,
                created_at TEXT NOT NULL,
                PRIMARY KEY (scope, key)
            )
            """
        ]
    )
}
