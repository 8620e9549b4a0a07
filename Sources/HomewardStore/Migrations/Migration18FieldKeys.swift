extension Migrations {
    /// Version 18: the keys that sealed stored values, by id and fingerprint, so that a missing or
    /// different key is found at start-up rather than by a page that cannot open a value.
    static let v18 = Migration(
        version: 18, name: "field encryption keys in use",
        statements: [
            """
            CREATE TABLE field_keys (
                id TEXT PRIMARY KEY,
                fingerprint TEXT NOT NULL,
                added_at TEXT NOT NULL
            )
            """
        ]
    )
}
