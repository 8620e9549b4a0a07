extension Migrations {
    /// Version 11: one outbox for every e-mail and webhook, with each attempt recorded, the
    /// organizations' webhook endpoints and each person's notification choices. E-mails that were
    /// waiting as notification rows move to the outbox.
    static let v11 = Migration(
        version: 11, name: "one outbox for e-mail and webhooks, webhook endpoints, notification preferences",
        statements: [
            """
            CREATE TABLE webhook_endpoints (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                url TEXT NOT NULL,
                event_types TEXT NOT NULL,
                secrets TEXT NOT NULL,
                active BOOLEAN NOT NULL,
                disabled_reason TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX webhook_endpoints_by_organization ON webhook_endpoints (organization_id)",
            """
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY,
                event_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                channel TEXT NOT NULL,
                recipient_id TEXT REFERENCES users (id),
                endpoint_id TEXT REFERENCES webhook_endpoints (id),
                subject TEXT NOT NULL,
                text TEXT NOT NULL,
                payload TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts BIGINT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                lease_owner TEXT,
                lease_until TEXT,
                created_at TEXT NOT NULL,
                delivered_at TEXT,
                last_status BIGINT,
                last_error TEXT
            )
            """,
            "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)",
            "CREATE INDEX outbox_by_organization ON outbox (organization_id, state, created_at)",
            """
            CREATE TABLE delivery_attempts (
                message_id TEXT NOT NULL REFERENCES outbox (id),
                number BIGINT NOT NULL,
                attempted_at TEXT NOT NULL,
                outcome TEXT NOT NULL,
                status BIGINT,
                error TEXT,
                PRIMARY KEY (message_id, number)
            )
            """,
            """
            CREATE TABLE notification_preferences (
                user_id TEXT PRIMARY KEY REFERENCES users (id),
                email_off TEXT NOT NULL,
                tip_digest BOOLEAN NOT NULL
            )
            """,
            """
            INSERT INTO outbox (id, event_id, event_type, organization_id, channel, recipient_id, subject, text, payload, state, attempts,
                next_attempt_at, created_at)
            SELECT id, id,
                CASE WHEN threshold = 'breach' THEN 'clock.breach' WHEN threshold = 'overdue' THEN 'qa_review.overdue'
                    ELSE 'clock.warning' END,
                organization_id, 'email', recipient_id, title, body, '', 'pending', 0, created_at, created_at
            FROM notifications WHERE channel = 'email' AND delivery = 'pending'
            """,
            "DELETE FROM notifications WHERE channel = 'email'",
        ]
    )
}
