extension Migrations {
    /// Version 25: a police case's report number and NCIC entry say who recorded them and when, for
    /// they prove the duties of the missing-from-care report the case is linked to, on both records.
    static let v25 = Migration(
        version: 25, name: "police case proofs with their recorders",
        statements: [
            "ALTER TABLE police_cases ADD COLUMN report_number_recorded_by TEXT REFERENCES users (id)",
            "ALTER TABLE police_cases ADD COLUMN report_number_recorded_at TEXT",
            "ALTER TABLE police_cases ADD COLUMN ncic_recorded_at TEXT",
        ]
    )
}
