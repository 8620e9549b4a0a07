extension Migrations {
    /// Version 4: readiness: programs, roster, training, policies, applications, recognitions.
    static let v4 = Migration(
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
            """
            CREATE TABLE readiness_documents (
                id TEXT PRIMARY KEY,
                organization_id TEXT NOT NULL REFERENCES organizations (id),
                file_name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                byte_count BIGINT NOT NULL,
                sha256 TEXT NOT NULL,
                bytes {binary} NOT NULL,
                uploaded_by TEXT NOT NULL REFERENCES users (id),
                uploaded_at TEXT NOT NULL
            )
            """,
        ]
    )
}
