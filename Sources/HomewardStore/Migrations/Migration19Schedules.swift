extension Migrations {
    /// Version 19: each episode's schedule (see `EpisodeSchedule`) and the partial indexes the
    /// background passes and the case queue read instead of scanning open cases, tips and reviews.
    static let v19 = Migration(
        version: 19, name: "episode schedules and sweep indexes",
        statements: [
            "ALTER TABLE episodes ADD COLUMN next_check_at TEXT",
            "ALTER TABLE episodes ADD COLUMN attention_from TEXT",
            "ALTER TABLE episodes ADD COLUMN open_deadline_at TEXT",
            "ALTER TABLE episodes ADD COLUMN queue_key TEXT",
            "ALTER TABLE episodes ADD COLUMN long_term_tasks_at TEXT",
            // Until the store derives each schedule (at its first start on this version), every open
            // case is due at once, so no threshold is missed in between.
            "UPDATE episodes SET next_check_at = received_at WHERE status = 'open'",
            """
            UPDATE episodes SET long_term_tasks_at = (
                SELECT MIN(t.due_at) FROM case_tasks t WHERE t.episode_id = episodes.id AND t.kind = 'age_progression_request')
            WHERE EXISTS (SELECT 1 FROM case_tasks t WHERE t.episode_id = episodes.id AND t.kind = 'age_progression_request')
                AND EXISTS (SELECT 1 FROM case_tasks t WHERE t.episode_id = episodes.id AND t.kind = 'ncic_30_day_update')
            """,
            "CREATE INDEX episodes_next_check ON episodes (next_check_at, id) WHERE next_check_at IS NOT NULL",
            "CREATE INDEX episodes_queue ON episodes (queue_key, id) WHERE queue_key IS NOT NULL",
            // The status leads so that SQLite, without statistics, prefers these to the status index.
            "CREATE INDEX episodes_attention ON episodes (status, attention_from) WHERE attention_from IS NOT NULL",
            "CREATE INDEX episodes_open_deadline ON episodes (status, open_deadline_at) WHERE open_deadline_at IS NOT NULL",
            "CREATE INDEX episodes_long_term_due ON episodes (status, received_at) WHERE long_term_tasks_at IS NULL",
            // Every case, newest first; and the long-term list, cases still missing, oldest first.
            "CREATE INDEX episodes_by_receipt ON episodes (received_at, id)",
            // SQLite uses a partial index only when the query repeats its condition as written: the
            // store writes status lists sorted.
            "CREATE INDEX episodes_missing_by_receipt ON episodes (status, received_at, id) WHERE status IN ('located', 'open')",
            // PostgreSQL reads the same list in order from this one without a sort.
            "CREATE INDEX episodes_missing_in_order ON episodes (received_at, id) WHERE status IN ('located', 'open')",
            // Acknowledged tips leave this index, so the overdue pass reads only tips still waiting.
            "DROP INDEX tips_overdue_to_notify",
            "CREATE INDEX tips_awaiting_acknowledgement ON tips (acknowledge_by, id) WHERE received_at IS NULL AND overdue_notified_at IS NULL",
            "CREATE INDEX qa_reviews_open_by_due ON qa_reviews (due_at, id) WHERE submitted_at IS NULL",
            // The tip inbox: tips waiting to be marked received, of every agency and of one.
            "CREATE INDEX tips_waiting ON tips (submitted_at, id) WHERE received_at IS NULL",
            // The organization list, by name, of every kind or one.
            "CREATE INDEX organizations_by_name ON organizations (name, id)",
            "CREATE INDEX organizations_by_kind ON organizations (kind, name, id)",
            "CREATE INDEX tips_waiting_by_agency ON tips (investigating_organization_id, submitted_at, id) WHERE received_at IS NULL",
            "CREATE INDEX tips_waiting_by_deadline ON tips (acknowledge_by) WHERE received_at IS NULL",
        ]
    )
}
