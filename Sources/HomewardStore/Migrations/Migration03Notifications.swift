extension Migrations {
    /// Version 3: escalations, notifications and case tasks.
    static let v3 = Migration(
        version: 3, name: "escalations, notifications and case tasks",
        statements: [
            """
            CREATE TABLE escalations (
                episode_id TEXT NOT NULL REFERENCES episodes (id),
                clock_kind TEXT NOT NULL,
                threshold TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (episode_id, clock_kind, threshold)
            )
            """,
            """
            CREATE TABLE notifications (
                id TEXT PRIMARY KEY,
                recipient_id TEXT NOT NULL REFERENCES users (id),
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                episode_id TEXT NOT NULL REFERENCES episodes (id),
                clock_kind TEXT NOT NULL,
                threshold TEXT NOT NULL,
                channel TEXT NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at TEXT NOT NULL,
                read_at TEXT,
                delivery TEXT NOT NULL,
                UNIQUE (episode_id, clock_kind, threshold, channel, recipient_id)
            )
            """,
            "CREATE INDEX notifications_inbox ON notifications (recipient_id, channel, created_at)",
            "CREATE INDEX notifications_outbox ON notifications (delivery, created_at)",
            """
            CREATE TABLE case_tasks (
                id TEXT PRIMARY KEY,
                episode_id TEXT NOT NULL REFERENCES episodes (id),
                kind TEXT NOT NULL,
                due_at TEXT NOT NULL,
                completed_at TEXT,
                completed_by TEXT REFERENCES users (id),
                note TEXT
            )
            """,
            "CREATE INDEX case_tasks_by_episode ON case_tasks (episode_id, due_at)",
            "CREATE INDEX case_tasks_open ON case_tasks (completed_at, due_at)",
        ]
    )
}
