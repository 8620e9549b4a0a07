extension Migrations {
    /// Version 5: posters, tips and their deliveries, referrals.
    static let v5 = Migration(
        version: 5, name: "posters, tips and their deliveries, referrals",
        statements: [
            """
            CREATE TABLE posters (
                id TEXT PRIMARY KEY,
                episode_id TEXT NOT NULL UNIQUE REFERENCES episodes (id),
                slug TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,
                narrative TEXT NOT NULL,
                photo_ids TEXT NOT NULL,
                guardian_consent TEXT,
                police_consent TEXT,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at TEXT NOT NULL,
                published_at TEXT,
                withdrawn_at TEXT,
                withdrawn_reason TEXT,
                revision INTEGER NOT NULL,
                public_json TEXT
            )
            """,
            "CREATE INDEX posters_by_status ON posters (status, published_at)",
            """
            CREATE TABLE tips (
                id TEXT PRIMARY KEY,
                poster_id TEXT NOT NULL REFERENCES posters (id),
                episode_id TEXT NOT NULL REFERENCES episodes (id),
                investigating_organization_id TEXT REFERENCES organizations (id),
                seen TEXT NOT NULL,
                place TEXT NOT NULL,
                seen_when TEXT NOT NULL,
                contact_name TEXT NOT NULL,
                contact_phone TEXT NOT NULL,
                contact_email TEXT NOT NULL,
                submitted_at TEXT NOT NULL,
                acknowledge_by TEXT NOT NULL,
                received_at TEXT,
                received_by TEXT REFERENCES users (id),
                actionable BOOLEAN,
                idempotency_key TEXT NOT NULL UNIQUE
            )
            """,
            "CREATE INDEX tips_by_organization ON tips (investigating_organization_id, submitted_at)",
            "CREATE INDEX tips_by_episode ON tips (episode_id, submitted_at)",
            """
            CREATE TABLE tip_deliveries (
                tip_id TEXT NOT NULL REFERENCES tips (id),
                recipient_id TEXT NOT NULL REFERENCES users (id),
                delivered_at TEXT NOT NULL,
                PRIMARY KEY (tip_id, recipient_id)
            )
            """,
            """
            CREATE TABLE referrals (
                id TEXT PRIMARY KEY,
                episode_id TEXT NOT NULL REFERENCES episodes (id),
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                note TEXT NOT NULL,
                decline_reason TEXT NOT NULL,
                requested_by TEXT NOT NULL REFERENCES users (id),
                requested_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX referrals_by_episode ON referrals (episode_id, requested_at)",
            // A long-term case opens its tasks once, however many instances notice it.
            """
            CREATE UNIQUE INDEX case_tasks_long_term ON case_tasks (episode_id, kind)
            WHERE kind IN ('ncic_30_day_update', 'age_progression_request')
            """,
        ]
    )
}
