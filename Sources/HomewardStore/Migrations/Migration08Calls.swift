extension Migrations {
    /// Version 8: missing-child calls, their answers and QA reviews, with checklist versions and score bands.
    static let v8 = Migration(
        version: 8, name: "missing-child calls, their answers and QA reviews, with checklist versions and score bands",
        statements: [
            """
            CREATE TABLE call_checklists (
                code TEXT PRIMARY KEY,
                effective_from TEXT NOT NULL,
                definition TEXT NOT NULL,
                added_by TEXT REFERENCES users (id),
                added_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE qa_score_bands (
                version BIGINT PRIMARY KEY,
                bands TEXT NOT NULL,
                published_by TEXT NOT NULL REFERENCES users (id),
                published_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE calls (
                id TEXT PRIMARY KEY,
                psap_id TEXT NOT NULL REFERENCES organizations (id),
                checklist_code TEXT NOT NULL REFERENCES call_checklists (code),
                opened_at TEXT NOT NULL,
                opened_by TEXT NOT NULL REFERENCES users (id),
                cad_incident TEXT,
                status TEXT NOT NULL,
                handed_off_to TEXT REFERENCES organizations (id),
                ended_at TEXT,
                ended_by TEXT REFERENCES users (id),
                closing_reason TEXT
            )
            """,
            "CREATE INDEX calls_by_psap ON calls (psap_id, status, opened_at)",
            "CREATE INDEX calls_by_end ON calls (psap_id, ended_at)",
            """
            CREATE TABLE call_answers (
                call_id TEXT NOT NULL REFERENCES calls (id),
                sequence BIGINT NOT NULL,
                item_id TEXT NOT NULL,
                value TEXT NOT NULL,
                answered_at TEXT NOT NULL,
                answered_by TEXT NOT NULL REFERENCES users (id),
                PRIMARY KEY (call_id, sequence)
            )
            """,
            """
            CREATE TABLE qa_reviews (
                id TEXT PRIMARY KEY,
                call_id TEXT NOT NULL REFERENCES calls (id),
                psap_id TEXT NOT NULL REFERENCES organizations (id),
                telecommunicator_id TEXT NOT NULL REFERENCES users (id),
                assignee_role TEXT,
                assignee_id TEXT REFERENCES users (id),
                opened_at TEXT NOT NULL,
                due_at TEXT NOT NULL,
                is_calibration BOOLEAN NOT NULL,
                items TEXT NOT NULL,
                findings TEXT NOT NULL,
                follow_up_training TEXT NOT NULL,
                reviewer_id TEXT REFERENCES users (id),
                submitted_at TEXT,
                level TEXT,
                percent DOUBLE PRECISION
            )
            """,
            "CREATE UNIQUE INDEX qa_reviews_one_per_kind ON qa_reviews (call_id, is_calibration)",
            "CREATE INDEX qa_reviews_by_psap ON qa_reviews (psap_id, submitted_at, due_at)",
        ]
    )
}
