extension Migrations {
    /// Version 23: the 2-hour NCIC clock of a police case from a 911 call is escalated like a
    /// case's clocks, once per threshold, and its notifications link to the police case.
    static let v23 = Migration(
        version: 23, name: "police cases' NCIC clocks escalated",
        statements: [
            """
            CREATE TABLE police_case_escalations (
                police_case_id TEXT NOT NULL REFERENCES police_cases (id),
                threshold TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (police_case_id, threshold)
            )
            """,
            "ALTER TABLE notifications ADD COLUMN police_case_id TEXT REFERENCES police_cases (id)",
            """
            CREATE INDEX police_cases_awaiting_ncic ON police_cases (reported_at, id)
            WHERE status = 'open' AND ncic_entered_at IS NULL
            """,
        ]
    )
}
