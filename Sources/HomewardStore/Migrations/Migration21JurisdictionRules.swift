extension Migrations {
    /// Version 21: state and territory rules as versioned reference data, the version each
    /// episode's clocks run under (none: the federal rules), tribal agencies and a child's tribal
    /// affiliation.
    static let v21 = Migration(
        version: 21, name: "jurisdiction rules and tribal affiliation",
        statements: [
            """
            CREATE TABLE jurisdiction_rules (
                state TEXT NOT NULL,
                version BIGINT NOT NULL,
                effective_from TEXT NOT NULL,
                rules TEXT NOT NULL,
                citation TEXT NOT NULL,
                recorded_by TEXT NOT NULL REFERENCES users (id),
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (state, version)
            )
            """,
            "CREATE INDEX jurisdiction_rules_in_force ON jurisdiction_rules (state, effective_from)",
            "ALTER TABLE episodes ADD COLUMN rules_id TEXT",
            // Tribal agencies (Savanna's Act), and a child's tribal affiliation: private, counted in
            // the compliance report, never published.
            "ALTER TABLE organizations ADD COLUMN tribe TEXT",
            "ALTER TABLE children ADD COLUMN tribal_affiliation TEXT",
        ]
    )
}
