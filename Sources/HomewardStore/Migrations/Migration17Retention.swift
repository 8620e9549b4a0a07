extension Migrations {
    /// Version 17: when a record's personal details were removed under the retention policy, and
    /// the indexes the retention run finds expired records by.
    static let v17 = Migration(
        version: 17, name: "retention tombstones",
        statements: [
            "ALTER TABLE episodes ADD COLUMN personal_data_removed_at TEXT",
            "ALTER TABLE children ADD COLUMN personal_data_removed_at TEXT",
            "ALTER TABLE tips ADD COLUMN personal_data_removed_at TEXT",
            "ALTER TABLE calls ADD COLUMN personal_data_removed_at TEXT",
            "CREATE INDEX episodes_by_status_update ON episodes (status, updated_at)",
            "CREATE INDEX tips_by_submission ON tips (submitted_at)",
            "CREATE INDEX calls_by_end_time ON calls (ended_at)",
        ],
        // The timeline stays append-only with two exceptions: a retention tombstone may clear an
        // event's note, reference and method (who found the child), and key rotation may seal its
        // note anew. Nothing else about an event ever changes.
        sqliteOnly: [
            "DROP TRIGGER episode_events_no_update",
            """
            CREATE TRIGGER episode_events_no_update BEFORE UPDATE ON episode_events
            WHEN NOT ((NEW.note IS NULL OR NEW.note LIKE 'hwenc1:%') AND (NEW.reference IS NULL OR NEW.reference IS OLD.reference)
                AND NEW.id = OLD.id AND NEW.episode_id = OLD.episode_id
                AND NEW.kind = OLD.kind AND NEW.occurred_at = OLD.occurred_at AND NEW.recorded_at = OLD.recorded_at
                AND NEW.recorded_by = OLD.recorded_by AND NEW.recorded_by_organization = OLD.recorded_by_organization
                AND (NEW.method IS OLD.method OR NEW.method IS NULL))
            BEGIN SELECT RAISE(ABORT, 'episode_events is append-only'); END
            """,
        ],
        postgresOnly: [
            """
            CREATE FUNCTION refuse_episode_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND (NEW.note IS NULL OR NEW.note LIKE 'hwenc1:%')
                    AND (NEW.reference IS NULL OR NEW.reference IS NOT DISTINCT FROM OLD.reference)
                    AND (NEW.method IS NULL OR NEW.method IS NOT DISTINCT FROM OLD.method)
                    AND (NEW.id, NEW.episode_id, NEW.kind, NEW.occurred_at, NEW.recorded_at, NEW.recorded_by,
                        NEW.recorded_by_organization)
                    IS NOT DISTINCT FROM (OLD.id, OLD.episode_id, OLD.kind, OLD.occurred_at, OLD.recorded_at, OLD.recorded_by,
                        OLD.recorded_by_organization)
                THEN RETURN NEW; END IF;
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
            END $$
            """,
            "DROP TRIGGER episode_events_no_change ON episode_events",
            """
            CREATE TRIGGER episode_events_no_change BEFORE UPDATE OR DELETE ON episode_events
            FOR EACH ROW EXECUTE FUNCTION refuse_episode_event_change()
            """,
        ]
    )
}
