import Foundation
import HomewardCore
import SQLKit

/// One numbered, append-only schema change. Once released a migration is never edited: a later
/// one changes what it made. Statements are the same on both engines unless a variant is given.
struct Migration: Sendable {
    var version: Int
    var name: String
    var statements: [String]
    var sqliteOnly: [String] = []
    var postgresOnly: [String] = []

    func statements(for kind: SQLEngineKind) -> [String] {
        statements + (kind == .sqlite ? sqliteOnly : postgresOnly)
    }
}

/// Every migration, in order.
enum Migrations {
    static let all: [Migration] = [
        Migration(
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
        ),
        Migration(
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
            ],
            // The timeline is append-only, like the audit trail. Photos are binary: BLOB on SQLite,
            // BYTEA on PostgreSQL.
            sqliteOnly: [
                """
                CREATE TABLE photos (
                    id TEXT PRIMARY KEY,
                    child_id TEXT NOT NULL REFERENCES children (id),
                    episode_id TEXT REFERENCES episodes (id),
                    content_type TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    byte_count BIGINT NOT NULL,
                    uploaded_by TEXT NOT NULL REFERENCES users (id),
                    uploaded_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX photos_by_child ON photos (child_id, uploaded_at)",
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
                CREATE TABLE photos (
                    id TEXT PRIMARY KEY,
                    child_id TEXT NOT NULL REFERENCES children (id),
                    episode_id TEXT REFERENCES episodes (id),
                    content_type TEXT NOT NULL,
                    bytes BYTEA NOT NULL,
                    byte_count BIGINT NOT NULL,
                    uploaded_by TEXT NOT NULL REFERENCES users (id),
                    uploaded_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX photos_by_child ON photos (child_id, uploaded_at)",
                """
                CREATE FUNCTION refuse_change_to_append_only_table() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$
                """,
                """
                CREATE TRIGGER episode_events_no_change BEFORE UPDATE OR DELETE ON episode_events
                FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only_table()
                """,
            ]
        ),
        Migration(
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
        ),
        Migration(
            version: 4, name: "readiness: programs, roster, training, policies, applications, recognitions",
            statements: [
                """
                CREATE TABLE readiness_programs (
                    code TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    effective_from TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    created_by TEXT REFERENCES users (id),
                    created_at TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE readiness_profiles (
                    organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
                    training_due_days INTEGER
                )
                """,
                """
                CREATE TABLE personnel (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    employee_number TEXT NOT NULL,
                    employee_key TEXT NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    hire_date TEXT NOT NULL,
                    active BOOLEAN NOT NULL,
                    updated_at TEXT NOT NULL,
                    UNIQUE (organization_id, employee_key)
                )
                """,
                """
                CREATE TABLE training_records (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    personnel_id TEXT NOT NULL REFERENCES personnel (id),
                    course_code TEXT NOT NULL,
                    completed_on TEXT NOT NULL,
                    reference TEXT NOT NULL,
                    certificate_document_id TEXT,
                    recorded_by TEXT NOT NULL REFERENCES users (id),
                    recorded_at TEXT NOT NULL,
                    UNIQUE (personnel_id, course_code, completed_on)
                )
                """,
                "CREATE INDEX training_records_by_organization ON training_records (organization_id, personnel_id, course_code, completed_on)",
                """
                CREATE TABLE policies (
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    version INTEGER NOT NULL,
                    document_id TEXT NOT NULL,
                    basis TEXT NOT NULL,
                    uploaded_by TEXT NOT NULL REFERENCES users (id),
                    uploaded_at TEXT NOT NULL,
                    PRIMARY KEY (organization_id, version)
                )
                """,
                """
                CREATE TABLE policy_mappings (
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    item_id TEXT NOT NULL,
                    present BOOLEAN NOT NULL,
                    citation TEXT NOT NULL,
                    statement TEXT NOT NULL,
                    review TEXT NOT NULL,
                    review_comment TEXT NOT NULL,
                    reviewed_by TEXT REFERENCES users (id),
                    reviewed_at TEXT,
                    updated_by TEXT NOT NULL REFERENCES users (id),
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (organization_id, item_id)
                )
                """,
                """
                CREATE TABLE readiness_applications (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    kind TEXT NOT NULL,
                    program_code TEXT NOT NULL REFERENCES readiness_programs (code),
                    submitted_at TEXT NOT NULL,
                    submitted_by TEXT NOT NULL REFERENCES users (id),
                    signer_name TEXT NOT NULL,
                    signer_title TEXT NOT NULL,
                    affirmations TEXT NOT NULL,
                    snapshot TEXT NOT NULL,
                    status TEXT NOT NULL,
                    decided_at TEXT,
                    decided_by TEXT REFERENCES users (id),
                    decision_comment TEXT NOT NULL
                )
                """,
                "CREATE INDEX readiness_applications_by_organization ON readiness_applications (organization_id, submitted_at)",
                "CREATE INDEX readiness_applications_by_status ON readiness_applications (status, submitted_at)",
                // At most one application per agency waits for review.
                "CREATE UNIQUE INDEX readiness_applications_one_open ON readiness_applications (organization_id) WHERE status = 'submitted'",
                """
                CREATE TABLE recognitions (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    application_id TEXT NOT NULL UNIQUE REFERENCES readiness_applications (id),
                    term_start TEXT NOT NULL,
                    term_end TEXT NOT NULL,
                    certificate_number TEXT NOT NULL UNIQUE,
                    policy_version INTEGER,
                    program_code TEXT NOT NULL,
                    revoked_at TEXT,
                    revoke_reason TEXT NOT NULL,
                    created_at TEXT NOT NULL
                )
                """,
                "CREATE INDEX recognitions_by_term ON recognitions (term_end, term_start)",
                "CREATE INDEX recognitions_by_organization ON recognitions (organization_id, term_start)",
            ],
            // Documents are binary: BLOB on SQLite, BYTEA on PostgreSQL. The engine-specific list runs
            // after the shared one, so policies hold a document's id without a foreign key to it.
            sqliteOnly: [
                """
                CREATE TABLE readiness_documents (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    file_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    byte_count BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    uploaded_by TEXT NOT NULL REFERENCES users (id),
                    uploaded_at TEXT NOT NULL
                )
                """
            ],
            postgresOnly: [
                """
                CREATE TABLE readiness_documents (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    file_name TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    byte_count BIGINT NOT NULL,
                    sha256 TEXT NOT NULL,
                    bytes BYTEA NOT NULL,
                    uploaded_by TEXT NOT NULL REFERENCES users (id),
                    uploaded_at TEXT NOT NULL
                )
                """
            ]
        ),

        Migration(
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
        ),
        Migration(
            version: 6, name: "photos encoded anew from their pixels",
            statements: [
                // Existing photos were cleaned by editing segments, which can leave private data in
                // trailers and between scans; they are marked 0 and hidden until encoded anew.
                "ALTER TABLE photos ADD COLUMN pixel_encoding INTEGER NOT NULL DEFAULT 0"
            ]
        ),
        Migration(
            version: 7, name: "the confidential lexicon's versions, and the attestation recorded with a publication",
            statements: [
                """
                CREATE TABLE confidential_lexicons (
                    version BIGINT PRIMARY KEY,
                    terms TEXT NOT NULL,
                    published_by TEXT REFERENCES users (id),
                    published_at TEXT NOT NULL,
                    note TEXT NOT NULL
                )
                """,
                "ALTER TABLE posters ADD COLUMN attestation TEXT",
                "ALTER TABLE idempotency_keys ADD COLUMN request_digest TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE api_tokens ADD COLUMN expires_at TEXT",
            ]
        ),
    ]

    /// Applies every migration the database lacks, each in its own transaction. Safe to run from
    /// several instances at once: on PostgreSQL they queue on an advisory lock and the later ones
    /// find the work done.
    static func run(on engine: any SQLEngine) async throws -> [Int] {
        let kind = engine.kind
        try await engine.write { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        var applied: [Int] = []
        for migration in all {
            let didApply = try await engine.write { db in
                if kind == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.migrations))").run() }
                let existing = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").first()
                if existing != nil { return false }
                for statement in migration.statements(for: kind) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.format(Date())))"
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }
}

/// PostgreSQL advisory-lock keys, one per kind of work that must not run twice at once.
enum AdvisoryLock {
    static let migrations = 4_751_001
    static let auditChain = 4_751_002
}
