extension Migrations {
    /// Version 1: organizations, users, sessions, API tokens, audit trail.
    static let v1 = Migration(
        version: 1, name: "organizations, users, sessions, API tokens, audit trail",
        statements: [
            """
            CREATE TABLE organizations (
                id TEXT PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('clearinghouse', 'child_welfare', 'law_enforcement', 'psap')),
                state TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                ori TEXT UNIQUE,
                psap_identifier TEXT,
                phone TEXT,
                active BOOLEAN NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                active BOOLEAN NOT NULL,
                password_hash TEXT,
                failed_sign_ins BIGINT NOT NULL DEFAULT 0,
                locked_until TEXT,
                last_sign_in_at TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX users_by_organization ON users (organization_id, name)",
            """
            CREATE TABLE user_roles (
                user_id TEXT NOT NULL REFERENCES users (id),
                role TEXT NOT NULL,
                PRIMARY KEY (user_id, role)
            )
            """,
            "CREATE INDEX user_roles_by_role ON user_roles (role, user_id)",
            """
            CREATE TABLE sessions (
                key_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id),
                created_at TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                expires_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX sessions_by_user ON sessions (user_id)",
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                user_id TEXT NOT NULL REFERENCES users (id),
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            )
            """,
            "CREATE INDEX api_tokens_by_organization ON api_tokens (organization_id, created_at)",
            """
            CREATE TABLE audit_events (
                sequence BIGINT PRIMARY KEY,
                occurred_at TEXT NOT NULL,
                actor_user_id TEXT,
                actor_organization_id TEXT,
                action TEXT NOT NULL,
                outcome TEXT NOT NULL,
                record_type TEXT NOT NULL,
                record_id TEXT,
                target_organization_id TEXT,
                address TEXT,
                request_id TEXT,
                detail TEXT,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_by_target ON audit_events (target_organization_id, sequence)",
            "CREATE INDEX audit_by_actor_org ON audit_events (actor_organization_id, sequence)",
            "CREATE INDEX audit_by_actor ON audit_events (actor_user_id, sequence)",
            "CREATE INDEX audit_by_record ON audit_events (record_id, sequence)",
        ],
        // The audit trail is append-only: the database itself refuses edits and deletions. The
        // hash chain catches whoever goes around this (by dropping the trigger, say).
        sqliteOnly: [
            """
            CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
            """,
            """
            CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
            BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
            """,
        ],
        postgresOnly: [
            """
            CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$
            """,
            """
            CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
            """,
        ]
    )
}
