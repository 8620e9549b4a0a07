import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    // MARK: Programs

    public func readinessPrograms() async throws -> [ReadinessProgram] {
        try await engine.read { db in
            try await db.raw("SELECT definition FROM readiness_programs ORDER BY effective_from, code").all().map { row in
                try JSONDecoder().decode(ReadinessProgram.self, from: Data(try row.string("definition").utf8))
            }
        }
    }

    public func addReadinessProgram(_ program: ReadinessProgram, by user: UserID?, at instant: Date, audit: AuditEntry) async throws {
        let definition = try Self.json(program)
        try await audited(audit) { db in
            try await Self.insertProgram(program, definition: definition, by: user, at: instant, in: db, ifAbsent: false)
        }
    }

    public func seedReadinessPrograms(_ programs: [ReadinessProgram], at instant: Date) async throws {
        let definitions = try programs.map { ($0, try Self.json($0)) }
        try await engine.write { db in
            for (program, definition) in definitions {
                try await Self.insertProgram(program, definition: definition, by: nil, at: instant, in: db, ifAbsent: true)
            }
        }
    }

    static func insertProgram(
        _ program: ReadinessProgram, definition: String, by user: UserID?, at instant: Date, in db: any SQLDatabase, ifAbsent: Bool
    ) async throws {
        try await db.raw(
            """
            INSERT INTO readiness_programs (code, name, effective_from, definition, created_by, created_at)
            VALUES (\(bind: program.code), \(bind: program.name), \(bind: program.effectiveFrom), \(bind: definition),
                \(bind: user?.rawValue), \(bind: stored(instant)))
            \(unsafeRaw: ifAbsent ? "ON CONFLICT (code) DO NOTHING" : "")
            """
        ).run()
    }

    // MARK: Roster and training

    public func personnel(in organization: OrganizationID) async throws -> [Personnel] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT id, employee_number, name, role, hire_date, active FROM personnel
                WHERE organization_id = \(bind: organization.rawValue) ORDER BY name, employee_number
                """
            ).all().map { row in
                Personnel(
                    id: try row.string("id"), employeeNumber: try row.string("employee_number"), name: try row.string("name"),
                    role: PersonnelRole(rawValue: try row.string("role")) ?? .civilian,
                    hireDate: try Self.civilDate(row, "hire_date"), active: try row.bool("active"))
            }
        }
    }

    public func trainingRecords(in organization: OrganizationID) async throws -> [TrainingRecord] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT id, personnel_id, course_code, completed_on, reference, certificate_document_id FROM training_records
                WHERE organization_id = \(bind: organization.rawValue) ORDER BY personnel_id, course_code, completed_on
                """
            ).all().map { row in
                TrainingRecord(
                    id: try row.string("id"), personnelID: try row.string("personnel_id"), courseCode: try row.string("course_code"),
                    completedOn: try Self.civilDate(row, "completed_on"), reference: try row.string("reference"),
                    certificateDocumentID: try row.optionalString("certificate_document_id"))
            }
        }
    }

    public func savePersonnel(_ rows: [Personnel], in organization: OrganizationID, at instant: Date, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            for p in rows {
                try await db.raw(
                    """
                    INSERT INTO personnel (id, organization_id, employee_number, employee_key, name, role, hire_date, active, updated_at)
                    VALUES (\(bind: p.id), \(bind: organization.rawValue), \(bind: p.employeeNumber), \(bind: p.employeeNumber.lowercased()),
                        \(bind: p.name), \(bind: p.role.rawValue), \(bind: p.hireDate.iso), \(bind: p.active), \(bind: stored(instant)))
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, hire_date = excluded.hire_date,
                        active = excluded.active, updated_at = excluded.updated_at
                    """
                ).run()
            }
        }
    }

    public func addTrainingRecords(
        _ rows: [TrainingRecord], in organization: OrganizationID, by user: UserID, at instant: Date, audit: AuditEntry
    ) async throws {
        try await audited(audit) { db in
            // One read of the roster for the whole batch, not one per record.
            let roster = try await Self.personnelIDs(of: organization, in: db)
            for r in rows {
                try await Self.insertTrainingRecord(r, organization: organization, roster: roster, by: user, at: instant, in: db)
            }
        }
    }

    public func addTrainingRecord(
        _ record: TrainingRecord, certificate: UploadedDocument, in organization: OrganizationID, by user: UserID, at instant: Date,
        audit: AuditEntry
    ) async throws {
        var record = record
        record.certificateDocumentID = certificate.id
        try await audited(audit) { [record] db in
            try await Self.insertDocument(certificate, organization: organization, by: user, at: instant, in: db)
            let roster = try await Self.personnelIDs(of: organization, in: db)
            try await Self.insertTrainingRecord(record, organization: organization, roster: roster, by: user, at: instant, in: db)
        }
    }

    public func readinessDocument(_ id: String, of organization: OrganizationID) async throws -> UploadedDocument? {
        try await engine.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT id, file_name, content_type, bytes FROM readiness_documents
                    WHERE id = \(bind: id) AND organization_id = \(bind: organization.rawValue)
                    """
                ).first()
            else { return nil }
            return UploadedDocument(
                id: try row.string("id"), fileName: try row.string("file_name"), contentType: try row.string("content_type"),
                bytes: try row.decode(column: "bytes", as: Data.self))
        }
    }

    static func insertDocument(
        _ document: UploadedDocument, organization: OrganizationID, by user: UserID, at instant: Date, in db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO readiness_documents (id, organization_id, file_name, content_type, byte_count, sha256, bytes, uploaded_by, uploaded_at)
            VALUES (\(bind: document.id), \(bind: organization.rawValue), \(bind: document.fileName), \(bind: document.contentType),
                \(bind: Int64(document.bytes.count)), \(bind: SHA256Digest.hex(of: document.bytes)), \(bind: document.bytes),
                \(bind: user.rawValue), \(bind: stored(instant)))
            """
        ).run()
    }

    static func personnelIDs(of organization: OrganizationID, in db: any SQLDatabase) async throws -> Set<String> {
        Set(
            try await db.raw("SELECT id FROM personnel WHERE organization_id = \(bind: organization.rawValue)").all().map {
                try $0.string("id")
            })
    }

    /// Adds one completion of a person on `roster` (the agency's personnel ids).
    static func insertTrainingRecord(
        _ r: TrainingRecord, organization: OrganizationID, roster: Set<String>, by user: UserID, at instant: Date, in db: any SQLDatabase
    ) async throws {
        guard roster.contains(r.personnelID) else {
            throw HomewardError.invalid("personnel", "The person is not on this agency's roster.")
        }
        try await db.raw(
            """
            INSERT INTO training_records (id, organization_id, personnel_id, course_code, completed_on, reference,
                certificate_document_id, recorded_by, recorded_at)
            VALUES (\(bind: r.id), \(bind: organization.rawValue), \(bind: r.personnelID), \(bind: r.courseCode),
                \(bind: r.completedOn.iso), \(bind: r.reference), \(bind: r.certificateDocumentID), \(bind: user.rawValue),
                \(bind: stored(instant)))
            ON CONFLICT (personnel_id, course_code, completed_on) DO \(unsafeRaw: r.certificateDocumentID == nil
                ? "NOTHING" : "UPDATE SET certificate_document_id = excluded.certificate_document_id, reference = excluded.reference")
            """
        ).run()
    }

    public func trainingDueDays(of organization: OrganizationID) async throws -> Int? {
        try await engine.read { db in
            guard
                let row = try await db.raw(
                    "SELECT training_due_days FROM readiness_profiles WHERE organization_id = \(bind: organization.rawValue)"
                ).first(), !(try row.decodeNil(column: "training_due_days"))
            else { return nil }
            return try row.int("training_due_days")
        }
    }

    public func setTrainingDueDays(_ days: Int?, of organization: OrganizationID, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw(
                """
                INSERT INTO readiness_profiles (organization_id, training_due_days) VALUES (\(bind: organization.rawValue), \(bind: days))
                ON CONFLICT (organization_id) DO UPDATE SET training_due_days = excluded.training_due_days
                """
            ).run()
        }
    }

    // MARK: Policies

    public func addPolicy(
        _ bytes: Data, fileName: String, contentType: String, basis: PolicyBasis, in organization: OrganizationID, by user: UserID,
        at instant: Date, documentID: String, audit: AuditEntry
    ) async throws -> PolicyDocument {
        let digest = SHA256Digest.hex(of: bytes)
        return try await audited(audit) { db in
            let latest = try await db.raw(
                "SELECT MAX(version) AS v FROM policies WHERE organization_id = \(bind: organization.rawValue)"
            ).first()
            let version = (try latest.flatMap { try $0.decodeNil(column: "v") ? nil : $0.int("v") } ?? 0) + 1
            try await Self.insertDocument(
                UploadedDocument(id: documentID, fileName: fileName, contentType: contentType, bytes: bytes), organization: organization,
                by: user, at: instant, in: db)
            try await db.raw(
                """
                INSERT INTO policies (organization_id, version, document_id, basis, uploaded_by, uploaded_at)
                VALUES (\(bind: organization.rawValue), \(bind: version), \(bind: documentID), \(bind: basis.rawValue),
                    \(bind: user.rawValue), \(bind: stored(instant)))
                """
            ).run()
            // A new document must be read again: every confirmation goes back to pending.
            try await db.raw(
                """
                UPDATE policy_mappings SET review = 'pending', reviewed_by = NULL, reviewed_at = NULL
                WHERE organization_id = \(bind: organization.rawValue)
                """
            ).run()
            return PolicyDocument(
                organizationID: organization, version: version, documentID: documentID, fileName: fileName, contentType: contentType,
                size: bytes.count, sha256: digest, basis: basis, uploadedBy: user, uploadedAt: instant)
        }
    }

    static let policyColumns = """
        p.organization_id, p.version, p.document_id, p.basis, p.uploaded_by, p.uploaded_at,
        d.file_name, d.content_type, d.byte_count, d.sha256
        """

    public func currentPolicy(of organization: OrganizationID) async throws -> PolicyDocument? {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: Self.policyColumns) FROM policies p JOIN readiness_documents d ON d.id = p.document_id
                WHERE p.organization_id = \(bind: organization.rawValue) ORDER BY p.version DESC LIMIT 1
                """
            ).first().map(Self.policyDocument(from:))
        }
    }

    public func policyBytes(of organization: OrganizationID, version: Int) async throws -> (PolicyDocument, Data)? {
        try await engine.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT \(unsafeRaw: Self.policyColumns), d.bytes FROM policies p JOIN readiness_documents d ON d.id = p.document_id
                    WHERE p.organization_id = \(bind: organization.rawValue) AND p.version = \(bind: version)
                    """
                ).first()
            else { return nil }
            return (try Self.policyDocument(from: row), try row.decode(column: "bytes", as: Data.self))
        }
    }

    static func policyDocument(from row: any SQLRow) throws -> PolicyDocument {
        PolicyDocument(
            organizationID: OrganizationID(try row.string("organization_id")), version: try row.int("version"),
            documentID: try row.string("document_id"), fileName: try row.string("file_name"), contentType: try row.string("content_type"),
            size: try row.int("byte_count"), sha256: try row.string("sha256"),
            basis: PolicyBasis(rawValue: try row.string("basis")) ?? .own, uploadedBy: UserID(try row.string("uploaded_by")),
            uploadedAt: try row.date("uploaded_at"))
    }

    public func policyMappings(of organization: OrganizationID) async throws -> [String: PolicyMapping] {
        try await engine.read { db in try await Self.mappings(of: organization, in: db) }
    }

    static func mappings(of organization: OrganizationID, in db: any SQLDatabase) async throws -> [String: PolicyMapping] {
        var result: [String: PolicyMapping] = [:]
        for row in try await db.raw(
            "SELECT * FROM policy_mappings WHERE organization_id = \(bind: organization.rawValue)"
        ).all() {
            let mapping = PolicyMapping(
                itemID: try row.string("item_id"), present: try row.bool("present"), citation: try row.string("citation"),
                statement: try row.string("statement"), review: ReviewState(rawValue: try row.string("review")) ?? .pending,
                reviewComment: try row.string("review_comment"))
            result[mapping.itemID] = mapping
        }
        return result
    }

    public func savePolicyMappings(
        _ mappings: [PolicyMapping], of organization: OrganizationID, by user: UserID, at instant: Date, audit: AuditEntry
    ) async throws {
        try await audited(audit) { db in
            let current = try await Self.mappings(of: organization, in: db)
            for m in mappings {
                if let old = current[m.itemID], old.present == m.present, old.citation == m.citation, old.statement == m.statement {
                    continue
                }
                try await db.raw(
                    """
                    INSERT INTO policy_mappings (organization_id, item_id, present, citation, statement, review, review_comment,
                        reviewed_by, reviewed_at, updated_by, updated_at)
                    VALUES (\(bind: organization.rawValue), \(bind: m.itemID), \(bind: m.present), \(bind: m.citation),
                        \(bind: m.statement), 'pending', '', NULL, NULL, \(bind: user.rawValue), \(bind: stored(instant)))
                    ON CONFLICT (organization_id, item_id) DO UPDATE SET present = excluded.present, citation = excluded.citation,
                        statement = excluded.statement, review = 'pending', review_comment = '', reviewed_by = NULL,
                        reviewed_at = NULL, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                    """
                ).run()
            }
        }
    }

    public func reviewPolicyMappings(
        _ reviews: [MappingReview], of organization: OrganizationID, by user: UserID, at instant: Date, audit: AuditEntry
    ) async throws {
        try await audited(audit) { db in try await Self.markMappings(reviews, of: organization, by: user, at: instant, in: db) }
    }

    static func markMappings(
        _ reviews: [MappingReview], of organization: OrganizationID, by user: UserID, at instant: Date, in db: any SQLDatabase
    ) async throws {
        for r in reviews {
            try await db.raw(
                """
                UPDATE policy_mappings SET review = \(bind: r.state.rawValue), review_comment = \(bind: r.comment),
                    reviewed_by = \(bind: user.rawValue), reviewed_at = \(bind: stored(instant))
                WHERE organization_id = \(bind: organization.rawValue) AND item_id = \(bind: r.itemID)
                """
            ).run()
        }
    }

    public func recordReview(
        _ outcome: ReviewOutcome, reviewAudit: AuditEntry?, decisionAudit: AuditEntry?, notices: Notices
    ) async throws {
        guard let last = decisionAudit ?? reviewAudit, !outcome.isEmpty else { return }
        let kind = engine.kind
        try await audited(last) { db in
            try await Self.markMappings(outcome.reviews, of: outcome.organizationID, by: outcome.reviewer, at: outcome.at, in: db)
            if let decision = outcome.decision {
                // The marks' event goes first; `last` is then the decision's own event.
                if decisionAudit != nil, let reviewAudit, !outcome.reviews.isEmpty {
                    _ = try await Self.appendAudit(reviewAudit, in: db, kind: kind)
                }
                try await Self.decide(
                    outcome.applicationID, status: decision, comment: outcome.comment, by: outcome.reviewer, at: outcome.at,
                    recognition: outcome.recognition, in: db)
                try await Self.insertNotifications(notices.notifications, in: db)
                try await Self.insertOutbox(notices.outbox, in: db)
            }
        }
    }

    // MARK: Applications and recognitions

    public func addApplication(_ a: ReadinessApplication, audit: AuditEntry) async throws {
        let snapshot = try Self.json(a.snapshot)
        let affirmations = try Self.json(a.affirmations)
        try await audited(audit) { db in
            let open = try await db.raw(
                """
                SELECT id FROM readiness_applications WHERE organization_id = \(bind: a.organizationID.rawValue) AND status = 'submitted'
                """
            ).first()
            if open != nil { throw HomewardError.conflict("An application from this agency is already under review.") }
            try await db.raw(
                """
                INSERT INTO readiness_applications (id, organization_id, kind, program_code, submitted_at, submitted_by, signer_name,
                    signer_title, affirmations, snapshot, status, decided_at, decided_by, decision_comment)
                VALUES (\(bind: a.id), \(bind: a.organizationID.rawValue), \(bind: a.kind.rawValue), \(bind: a.programCode),
                    \(bind: stored(a.submittedAt)), \(bind: a.submittedBy.rawValue), \(bind: a.signerName), \(bind: a.signerTitle),
                    \(bind: affirmations), \(bind: snapshot), \(bind: a.status.rawValue), \(bind: stored(a.decidedAt)),
                    \(bind: a.decidedBy?.rawValue), \(bind: a.decisionComment))
                """
            ).run()
        }
    }

    public func application(_ id: String) async throws -> ReadinessApplication? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM readiness_applications WHERE id = \(bind: id)").first().map(Self.application(from:))
        }
    }

    public func applications(of organization: OrganizationID) async throws -> [ReadinessApplication] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM readiness_applications WHERE organization_id = \(bind: organization.rawValue)
                ORDER BY submitted_at DESC, id
                """
            ).all().map(Self.application(from:))
        }
    }

    public func applications(in status: ApplicationStatus, after cursor: PageCursor?, limit: Int) async throws
        -> [ReadinessApplication]
    {
        let query = SweepQuery.applications(in: status, after: cursor, limit: limit)
        return try await engine.readLagged { db in try await db.raw(query).all().map(Self.application(from:)) }
    }

    public func applicationCount(in status: ApplicationStatus) async throws -> Int {
        let query = Keyset.cappedCount("readiness_applications WHERE status = \(bind: status.rawValue)")
        return try await engine.readLagged { db in try await db.raw(query).first()?.int("n") ?? 0 }
    }

    static func application(from row: any SQLRow) throws -> ReadinessApplication {
        ReadinessApplication(
            id: try row.string("id"), organizationID: OrganizationID(try row.string("organization_id")),
            kind: ApplicationKind(rawValue: try row.string("kind")) ?? .initial, programCode: try row.string("program_code"),
            submittedAt: try row.date("submitted_at"), submittedBy: UserID(try row.string("submitted_by")),
            signerName: try row.string("signer_name"), signerTitle: try row.string("signer_title"),
            affirmations: try JSONDecoder().decode([String].self, from: Data(try row.string("affirmations").utf8)),
            snapshot: try JSONDecoder().decode(ApplicationSnapshot.self, from: Data(try row.string("snapshot").utf8)),
            status: ApplicationStatus(rawValue: try row.string("status")) ?? .submitted, decidedAt: try row.optionalDate("decided_at"),
            decidedBy: try row.optionalString("decided_by").map(UserID.init(rawValue:)), decisionComment: try row.string("decision_comment")
        )
    }

    public func decideApplication(
        _ id: String, status: ApplicationStatus, comment: String, by user: UserID, at instant: Date, recognition: Recognition?,
        audit: AuditEntry
    ) async throws {
        try await audited(audit) { db in
            try await Self.decide(id, status: status, comment: comment, by: user, at: instant, recognition: recognition, in: db)
        }
    }

    static func decide(
        _ id: String, status: ApplicationStatus, comment: String, by user: UserID, at instant: Date, recognition: Recognition?,
        in db: any SQLDatabase
    ) async throws {
        let updated = try await db.raw(
            """
            UPDATE readiness_applications SET status = \(bind: status.rawValue), decided_at = \(bind: stored(instant)),
                decided_by = \(bind: user.rawValue), decision_comment = \(bind: comment)
            WHERE id = \(bind: id) AND status = 'submitted'
            RETURNING id
            """
        ).first()
        guard updated != nil else { throw HomewardError.conflict("This application was already decided.") }
        if let r = recognition {
            try await db.raw(
                """
                INSERT INTO recognitions (id, organization_id, application_id, term_start, term_end, certificate_number,
                    policy_version, program_code, revoked_at, revoke_reason, created_at)
                VALUES (\(bind: r.id), \(bind: r.organizationID.rawValue), \(bind: r.applicationID), \(bind: r.termStart.iso),
                    \(bind: r.termEnd.iso), \(bind: r.certificateNumber), \(bind: r.policyVersion), \(bind: r.programCode),
                    NULL, '', \(bind: stored(instant)))
                """
            ).run()
        }
    }

    public func recognitions(of organization: OrganizationID) async throws -> [Recognition] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM recognitions WHERE organization_id = \(bind: organization.rawValue) ORDER BY term_start DESC, id
                """
            ).all().map(Self.recognition(from:))
        }
    }

    public func recognitionsAwaitingRenewalNotice(on day: CivilDate, limit: Int) async throws -> [Recognition] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM recognitions
                WHERE revoked_at IS NULL AND term_end > \(bind: day.iso)
                    AND id NOT IN (SELECT recognition_id FROM renewal_notices)
                ORDER BY term_end, id LIMIT \(bind: max(1, min(limit, 1000)))
                """
            ).all().map(Self.recognition(from:))
        }
    }

    public func recordRenewalNotice(_ recognition: String, at instant: Date, notices: Notices) async throws -> Bool {
        try await engine.write { db in
            let inserted = try await db.raw(
                """
                INSERT INTO renewal_notices (recognition_id, recorded_at) VALUES (\(bind: recognition), \(bind: stored(instant)))
                ON CONFLICT (recognition_id) DO NOTHING
                RETURNING recognition_id
                """
            ).first()
            guard inserted != nil else { return false }
            try await Self.insertNotifications(notices.notifications, in: db)
            try await Self.insertOutbox(notices.outbox, in: db)
            return true
        }
    }

    public func recognition(_ id: String) async throws -> Recognition? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM recognitions WHERE id = \(bind: id)").first().map(Self.recognition(from:))
        }
    }

    static func recognition(from row: any SQLRow) throws -> Recognition {
        Recognition(
            id: try row.string("id"), organizationID: OrganizationID(try row.string("organization_id")),
            applicationID: try row.string("application_id"), termStart: try civilDate(row, "term_start"),
            termEnd: try civilDate(row, "term_end"), certificateNumber: try row.string("certificate_number"),
            policyVersion: try row.decodeNil(column: "policy_version") ? nil : try row.int("policy_version"),
            programCode: try row.string("program_code"), revokedAt: try row.optionalDate("revoked_at"),
            revokeReason: try row.string("revoke_reason"))
    }

    public func revokeRecognition(_ id: String, reason: String, at instant: Date, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            let updated = try await db.raw(
                """
                UPDATE recognitions SET revoked_at = \(bind: stored(instant)), revoke_reason = \(bind: reason)
                WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
                """
            ).first()
            guard updated != nil else { throw HomewardError.conflict("This recognition was already revoked.") }
        }
    }

    public func members(on day: MemberDay, matching filter: MemberFilter) async throws -> [MemberListing] {
        try await engine.readLagged { db in
            let query = SweepQuery.members(on: try await Self.memberDays(day, in: db), matching: filter)
            return try await db.raw(query).all().map { row in
                MemberListing(
                    organizationID: OrganizationID(try row.string("id")), name: try row.string("name"),
                    kind: OrganizationKind(rawValue: try row.string("kind")) ?? .lawEnforcement, state: try row.string("state"),
                    recognizedOn: try Self.civilDate(row, "term_start"), termEnd: try Self.civilDate(row, "term_end"))
            }
        }
    }

    public func memberCounts(on day: MemberDay, kind: OrganizationKind?) async throws -> [String: Int] {
        try await engine.readLagged { db in
            let query = SweepQuery.memberCounts(on: try await Self.memberDays(day, in: db), kind: kind)
            var counts: [String: Int] = [:]
            for row in try await db.raw(query).all() { counts[try row.string("state")] = try row.int("n") }
            return counts
        }
    }

    /// `day` as the dates the agencies' time zones are on (one query for the zones in use).
    static func memberDays(_ day: MemberDay, in db: any SQLDatabase) async throws -> [(date: CivilDate, zones: [String]?)] {
        guard case .instant = day else { return SweepQuery.memberDays(day, zones: []) }
        let zones = try await db.raw("SELECT DISTINCT time_zone FROM organizations WHERE active").all().map { try $0.string("time_zone") }
        return SweepQuery.memberDays(day, zones: zones)
    }

    // MARK: Helpers

    static func civilDate(_ row: any SQLRow, _ column: String) throws -> CivilDate {
        let text = try row.string(column)
        guard let date = CivilDate(iso: text) else { throw StoreError.corruptRow("\(column) = \(text)") }
        return date
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
