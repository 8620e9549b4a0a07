extension Migrations {
    /// Version 9: overdue QA reviews are escalated through the notifications, which no longer
    /// always name a case and a clock.
    static let v9 = Migration(
        version: 9, name: "overdue QA reviews escalated through the notifications",
        statements: [
            """
            CREATE TABLE qa_escalations (
                review_id TEXT PRIMARY KEY REFERENCES qa_reviews (id),
                recorded_at TEXT NOT NULL
            )
            """
        ],
        sqliteOnly: [
            // SQLite cannot drop a NOT NULL: the table is made again with the same rows.
            """
            CREATE TABLE notifications_v9 (
                id TEXT PRIMARY KEY,
                recipient_id TEXT NOT NULL REFERENCES users (id),
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                episode_id TEXT REFERENCES episodes (id),
                clock_kind TEXT,
                qa_review_id TEXT REFERENCES qa_reviews (id),
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
            """
            INSERT INTO notifications_v9 (id, recipient_id, organization_id, episode_id, clock_kind, threshold, channel, title, body,
                created_at, read_at, delivery)
            SELECT id, recipient_id, organization_id, episode_id, clock_kind, threshold, channel, title, body, created_at, read_at, delivery
            FROM notifications
            """,
            "DROP TABLE notifications",
            "ALTER TABLE notifications_v9 RENAME TO notifications",
            "CREATE INDEX notifications_inbox ON notifications (recipient_id, channel, created_at)",
            "CREATE INDEX notifications_outbox ON notifications (delivery, created_at)",
        ],
        postgresOnly: [
            "ALTER TABLE notifications ALTER COLUMN episode_id DROP NOT NULL",
            "ALTER TABLE notifications ALTER COLUMN clock_kind DROP NOT NULL",
            "ALTER TABLE notifications ADD COLUMN qa_review_id TEXT REFERENCES qa_reviews (id)",
        ]
    )
}
