extension Migrations {
    /// Version 7: the confidential lexicon's versions, and the attestation recorded with a publication.
    static let v7 = Migration(
        version: 7, name: "the confidential lexicon's versions, and the attestation recorded with a publication",
        statements: [
            """
            CREATE TABLE confidential_lexicons (
                version BIGINT PRIMARY KEY,
                terms TEXT NOT NULL,
                published_by TEXT REFERENCES users (id),
                published_at TEXT NOT NULL,
                note TEXT NOT NULL
            )
            """,
            "ALTER TABLE posters ADD COLUMN attestation TEXT",
            "ALTER TABLE idempotency_keys ADD COLUMN request_digest TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE api_tokens ADD COLUMN expires_at TEXT",
        ]
    )
}
