extension Migrations {
    /// Version 2: children, missing episodes, timeline events, report drafts, counters.
    static let v2 = Migration(
        version: 2, name: "children, missing episodes, timeline events, report drafts, counters",
        statements: [
            """
            CREATE TABLE children (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                first_name TEXT NOT NULL,
                middle_name TEXT,
                last_name TEXT NOT NULL,
                date_of_birth TEXT NOT NULL,
                sex TEXT NOT NULL,
                race TEXT,
                height_inches BIGINT NOT NULL,
                weight_pounds BIGINT NOT NULL,
                eye_color TEXT,
                hair_color TEXT,
                marks TEXT,
                first_phonetic TEXT NOT NULL,
                last_phonetic TEXT NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            // The search reads candidates' names from these indexes alone (they cover id and
            // names), so a common name costs one index range, not hundreds of table reads.
            "CREATE INDEX children_by_organization ON children (organization_id, last_phonetic, first_phonetic, id, first_name, middle_name, last_name)",
            "CREATE INDEX children_by_birth ON children (date_of_birth, id, first_name, middle_name, last_name)",
            "CREATE INDEX children_by_last_phonetic ON children (last_phonetic, first_phonetic, id, first_name, middle_name, last_name)",
            "CREATE INDEX children_by_first_phonetic ON children (first_phonetic, id, first_name, middle_name, last_name)",
            """
            CREATE TABLE episodes (
                id TEXT PRIMARY KEY,
                child_id TEXT NOT NULL REFERENCES children (id),
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                status TEXT NOT NULL,
                case_number TEXT UNIQUE,
                received_at TEXT NOT NULL,
                last_seen_at TEXT,
                last_seen_city TEXT NOT NULL,
                last_seen_state TEXT NOT NULL,
                last_seen_place TEXT,
                circumstances TEXT NOT NULL,
                endangerments TEXT NOT NULL,
                clothing TEXT,
                possible_whereabouts TEXT,
                vehicle_year TEXT,
                vehicle_make TEXT,
                vehicle_model TEXT,
                vehicle_color TEXT,
                vehicle_plate TEXT,
                vehicle_plate_state TEXT,
                guardian_name TEXT NOT NULL,
                guardian_agency TEXT,
                guardian_phone TEXT NOT NULL,
                guardian_email TEXT,
                police_organization_id TEXT REFERENCES organizations (id),
                police_name TEXT NOT NULL,
                police_ori TEXT,
                police_phone TEXT NOT NULL,
                police_report_number TEXT,
                police_officer TEXT,
                police_badge TEXT,
                ncic_number TEXT,
                case_type TEXT NOT NULL,
                case_manager_id TEXT REFERENCES users (id),
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at TEXT NOT NULL,
                submitted_at TEXT
            )
            """,
            "CREATE INDEX episodes_by_organization ON episodes (organization_id, status, received_at)",
            "CREATE INDEX episodes_by_police ON episodes (police_organization_id, status, received_at)",
            "CREATE INDEX episodes_by_child ON episodes (child_id, received_at)",
            "CREATE INDEX episodes_by_ncic ON episodes (ncic_number)",
            """
            CREATE TABLE episode_events (
                id TEXT PRIMARY KEY,
                episode_id TEXT NOT NULL REFERENCES episodes (id),
                kind TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL REFERENCES users (id),
                recorded_by_organization TEXT NOT NULL REFERENCES organizations (id),
                method TEXT,
                reference TEXT,
                note TEXT
            )
            """,
            "CREATE INDEX episode_events_by_episode ON episode_events (episode_id, occurred_at)",
            """
            CREATE TABLE report_drafts (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                created_by TEXT NOT NULL REFERENCES users (id),
                updated_at TEXT NOT NULL,
                fields TEXT NOT NULL
            )
            """,
            "CREATE INDEX report_drafts_by_organization ON report_drafts (organization_id, updated_at)",
            "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
            """
            CREATE TABLE idempotency_keys (
                organization_id TEXT NOT NULL,
                operation TEXT NOT NULL,
                key TEXT NOT NULL,
                resource_id TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (organization_id, operation, key)
            )
            """,
            """
            CREATE TABLE photos (
                id TEXT PRIMARY KEY,
                child_id TEXT NOT NULL REFERENCES children (id),
                episode_id TEXT REFERENCES episodes (id),
                content_type TEXT NOT NULL,
                bytes {binary} NOT NULL,
                byte_count BIGINT NOT NULL,
                uploaded_by TEXT NOT NULL REFERENCES users (id),
                uploaded_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX photos_by_child ON photos (child_id, uploaded_at)",
        ],
        // The timeline is append-only, like the audit trail.
        sqliteOnly: [
            """
            CREATE TRIGGER episode_events_no_update BEFORE UPDATE ON episode_events
            BEGIN SELECT RAISE(ABORT, 'episode_events is append-only'); END
            """,
            """
            CREATE TRIGGER episode_events_no_delete BEFORE DELETE ON episode_events
            BEGIN SELECT RAISE(ABORT, 'episode_events is append-only'); END
            """,
        ],
        postgresOnly: [
            """
            CREATE FUNCTION refuse_change_to_append_only_table() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$
            """,
            """
            CREATE TRIGGER episode_events_no_change BEFORE UPDATE OR DELETE ON episode_events
            FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()
            """,
        ]
    )
}
