extension Migrations {
    /// Version 12: tips are announced to their recipients (inbox, e-mail, webhooks) by a pass that
    /// marks each tip once, as new and again when past its acknowledgement time; a tip digest is
    /// sent at most once a day. Tips stored before this are counted as announced.
    static let v12 = Migration(
        version: 12, name: "tip notices and the daily tip digest",
        statements: [
            "ALTER TABLE tips ADD COLUMN notified_at TEXT",
            "ALTER TABLE tips ADD COLUMN overdue_notified_at TEXT",
            "UPDATE tips SET notified_at = submitted_at, overdue_notified_at = submitted_at",
            "CREATE INDEX tips_to_notify ON tips (notified_at, submitted_at)",
            "CREATE INDEX tips_overdue_to_notify ON tips (overdue_notified_at, acknowledge_by)",
            """
            CREATE TABLE tip_digests (
                user_id TEXT PRIMARY KEY REFERENCES users (id),
                sent_at TEXT NOT NULL
            )
            """,
        ]
    )
}
