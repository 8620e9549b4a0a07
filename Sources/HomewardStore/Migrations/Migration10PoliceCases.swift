extension Migrations {
    /// Version 10: a missing-child call handed to police becomes the police agency's case.
    static let v10 = Migration(
        version: 10, name: "police cases opened from missing-child calls",
        statements: [
            """
            CREATE TABLE police_cases (
                id TEXT PRIMARY KEY,
                police_id TEXT NOT NULL REFERENCES organizations (id),
                call_id TEXT NOT NULL UNIQUE REFERENCES calls (id),
                psap_id TEXT NOT NULL REFERENCES organizations (id),
                reported_at TEXT NOT NULL,
                handed_off_at TEXT NOT NULL,
                handed_off_by TEXT NOT NULL REFERENCES users (id),
                case_type TEXT NOT NULL,
                report_number TEXT,
                ncic_number TEXT,
                ncic_entered_at TEXT,
                ncic_recorded_by TEXT REFERENCES users (id),
                episode_id TEXT REFERENCES episodes (id),
                linked_at TEXT,
                linked_by TEXT REFERENCES users (id),
                status TEXT NOT NULL,
                closed_at TEXT,
                closed_by TEXT REFERENCES users (id),
                closing_reason TEXT,
                version BIGINT NOT NULL
            )
            """,
            "CREATE INDEX police_cases_by_agency ON police_cases (police_id, status, reported_at)",
            "CREATE INDEX police_cases_by_episode ON police_cases (episode_id)",
        ]
    )
}
