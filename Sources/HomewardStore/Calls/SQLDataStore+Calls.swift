import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    // MARK: Reference data

    public func callChecklists() async throws -> [CallChecklist] {
        try await engine.read { db in
            try await db.raw("SELECT definition FROM call_checklists ORDER BY effective_from, code").all().map {
                try Self.decoded(CallChecklist.self, from: try $0.string("definition"))
            }
        }
    }

    /// Adds the shipped checklists the database lacks.
    public func seedCallChecklists(_ checklists: [CallChecklist], at instant: Date) async throws {
        let definitions = try checklists.map { ($0, try Self.json($0)) }
        try await engine.write { db in
            for (checklist, definition) in definitions {
                try await Self.insertChecklist(checklist, definition: definition, by: nil, at: instant, in: db, ifAbsent: true)
            }
        }
    }

    public func addCallChecklist(_ checklist: CallChecklist, by person: UserID?, at instant: Date, audit: AuditEntry) async throws {
        let definition = try Self.json(checklist)
        try await audited(audit) { db in
            try await Self.insertChecklist(checklist, definition: definition, by: person, at: instant, in: db, ifAbsent: false)
        }
    }

    static func insertChecklist(
        _ checklist: CallChecklist, definition: String, by person: UserID?, at instant: Date, in db: any SQLDatabase, ifAbsent: Bool
    ) async throws {
        try await db.raw(
            """
            INSERT INTO call_checklists (code, effective_from, definition, added_by, added_at)
            VALUES (\(bind: checklist.code), \(bind: checklist.effectiveFrom), \(bind: definition), \(bind: person?.rawValue),
                \(bind: stored(instant)))
            \(unsafeRaw: ifAbsent ? "ON CONFLICT (code) DO NOTHING" : "")
            """
        ).run()
    }

    public func scoreBands() async throws -> ScoreBands {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT bands FROM qa_score_bands ORDER BY version DESC LIMIT 1").first() else {
                return ScoreBands.shipped
            }
            return try Self.decoded(ScoreBands.self, from: try row.string("bands"))
        }
    }

    public func publishScoreBands(_ bands: ScoreBands, by person: UserID, at instant: Date, audit: AuditEntry) async throws {
        let text = try Self.json(bands)
        try await audited(audit) { db in
            let latest = try await db.raw("SELECT MAX(version) AS latest FROM qa_score_bands").first()
            let version = (try latest?.decodeNil(column: "latest") == false ? try latest?.int("latest") : nil).map { $0 + 1 } ?? 1
            try await db.raw(
                """
                INSERT INTO qa_score_bands (version, bands, published_by, published_at)
                VALUES (\(bind: version), \(bind: text), \(bind: person.rawValue), \(bind: stored(instant)))
                """
            ).run()
        }
    }

    // MARK: Calls

    public func openCall(_ call: MissingChildCall, idempotencyKey: IdempotencyKey?, audit: AuditEntry) async throws -> MissingChildCall {
        let opened: CallID = try await audited(audit) { db in
            if let key = idempotencyKey,
                let row = try await db.raw(
                    """
                    SELECT resource_id, request_digest FROM idempotency_keys
                    WHERE organization_id = \(bind: call.psapID.rawValue) AND operation = 'calls.create' AND key = \(bind: key.key)
                    """
                ).first()
            {
                let digest = try row.string("request_digest")
                if !digest.isEmpty && !key.requestDigest.isEmpty && digest != key.requestDigest {
                    throw IdempotencyKey.reusedWithOtherContent
                }
                return CallID(try row.string("resource_id"))
            }
            try await db.raw(
                """
                INSERT INTO calls (id, psap_id, checklist_code, opened_at, opened_by, cad_incident, status)
                VALUES (\(bind: call.id.rawValue), \(bind: call.psapID.rawValue), \(bind: call.checklistCode), \(bind: stored(call.openedAt)),
                    \(bind: call.openedBy.rawValue), \(bind: call.cadIncident), \(bind: call.status.rawValue))
                """
            ).run()
            for (index, answer) in call.log.enumerated() {
                try await Self.insertAnswer(answer, on: call.id, sequence: index + 1, in: db)
            }
            if let key = idempotencyKey {
                try await db.raw(
                    """
                    INSERT INTO idempotency_keys (organization_id, operation, key, resource_id, created_at, request_digest)
                    VALUES (\(bind: call.psapID.rawValue), 'calls.create', \(bind: key.key), \(bind: call.id.rawValue),
                        \(bind: stored(call.openedAt)), \(bind: key.requestDigest))
                    """
                ).run()
            }
            return call.id
        }
        guard let stored = try await self.call(opened) else { throw HomewardError.notFound("call") }
        return stored
    }

    public func call(_ id: CallID) async throws -> MissingChildCall? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM calls WHERE id = \(bind: id.rawValue)").first() else { return nil }
            return try await Self.calls(from: [row], in: db).first
        }
    }

    public func calls(in psap: OrganizationID, status: CallStatus?, after cursor: PageCursor?, limit: Int) async throws
        -> [MissingChildCall]
    {
        let query = SweepQuery.calls(in: psap, status: status, after: cursor, limit: limit)
        return try await engine.readLagged { db in try await Self.calls(from: try await db.raw(query).all(), in: db) }
    }

    public func openCallCount(in psap: OrganizationID) async throws -> Int {
        let query = Keyset.cappedCount("calls WHERE psap_id = \(bind: psap.rawValue) AND status = 'open'")
        return try await engine.readLagged { db in try await db.raw(query).first()?.int("n") ?? 0 }
    }

    public func callsEnded(in psap: OrganizationID, from: Date, until: Date) async throws -> [MissingChildCall] {
        try await engine.read { db in
            let rows = try await db.raw(
                """
                SELECT * FROM calls WHERE psap_id = \(bind: psap.rawValue)
                    AND ended_at >= \(bind: stored(from)) AND ended_at < \(bind: stored(until))
                ORDER BY ended_at, id
                """
            ).all()
            return try await Self.calls(from: rows, in: db)
        }
    }

    public func recordAnswer(_ answer: CallAnswer, on call: CallID, audit: AuditEntry) async throws {
        let kind = engine.kind
        try await audited(audit) { db in
            try await Self.requireOpen(call, in: db, kind: kind)
            let last = try await db.raw(
                "SELECT COALESCE(MAX(sequence), 0) AS last FROM call_answers WHERE call_id = \(bind: call.rawValue)"
            ).first()
            try await Self.insertAnswer(answer, on: call, sequence: (try last?.int("last") ?? 0) + 1, in: db)
        }
    }

    public func endCall(
        _ call: MissingChildCall, policeCase: PoliceCase?, review: QAReview, notices: Notices, audit: AuditEntry
    ) async throws {
        let kind = engine.kind
        let items = try Self.json(review.items)
        let training = try Self.json(review.followUpTraining)
        try await audited(audit) { db in
            try await Self.requireOpen(call.id, in: db, kind: kind)
            try await db.raw(
                """
                UPDATE calls SET status = \(bind: call.status.rawValue), handed_off_to = \(bind: call.handedOffTo?.rawValue),
                    ended_at = \(bind: stored(call.endedAt)), ended_by = \(bind: call.endedBy?.rawValue),
                    closing_reason = \(bind: call.closingReason)
                WHERE id = \(bind: call.id.rawValue)
                """
            ).run()
            if let policeCase { try await Self.insertPoliceCase(policeCase, in: db) }
            try await Self.insertReview(review, items: items, training: training, in: db)
            try await Self.insertNotifications(notices.notifications, in: db)
            try await Self.insertOutbox(notices.outbox, in: db)
        }
    }

    /// Locks the call's row until the transaction ends (PostgreSQL; SQLite has one writer) and
    /// refuses when the call has ended.
    private static func requireOpen(_ call: CallID, in db: any SQLDatabase, kind: SQLEngineKind) async throws {
        let row = try await db.raw(
            "SELECT status FROM calls WHERE id = \(bind: call.rawValue)\(unsafeRaw: kind == .postgres ? " FOR UPDATE" : "")"
        ).first()
        guard let row else { throw HomewardError.notFound("call") }
        guard try row.string("status") == CallStatus.open.rawValue else {
            throw HomewardError.conflict("This call has ended; its answers can no longer change.")
        }
    }

    private static func insertAnswer(_ answer: CallAnswer, on call: CallID, sequence: Int, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO call_answers (call_id, sequence, item_id, value, answered_at, answered_by)
            VALUES (\(bind: call.rawValue), \(bind: sequence), \(bind: answer.itemID), \(bind: answer.value), \(bind: stored(answer.at)),
                \(bind: answer.by.rawValue))
            """
        ).run()
    }

    /// The calls of `rows` with their answers, read in one query.
    private static func calls(from rows: [any SQLRow], in db: any SQLDatabase) async throws -> [MissingChildCall] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.string("id") }
        var logs: [String: [CallAnswer]] = [:]
        for row in try await db.raw(
            "SELECT * FROM call_answers WHERE call_id IN (\(binds: ids)) ORDER BY call_id, sequence"
        ).all() {
            logs[try row.string("call_id"), default: []].append(
                CallAnswer(
                    itemID: try row.string("item_id"), value: try row.string("value"), at: try row.date("answered_at"),
                    by: UserID(try row.string("answered_by"))))
        }
        return try rows.map { row in
            let id = try row.string("id")
            return MissingChildCall(
                id: CallID(id), psapID: OrganizationID(try row.string("psap_id")), checklistCode: try row.string("checklist_code"),
                openedAt: try row.date("opened_at"), openedBy: UserID(try row.string("opened_by")),
                cadIncident: try row.optionalString("cad_incident"),
                status: CallStatus(rawValue: try row.string("status")) ?? .open, log: logs[id] ?? [],
                handedOffTo: try row.optionalString("handed_off_to").map(OrganizationID.init(rawValue:)),
                endedAt: try row.optionalDate("ended_at"), endedBy: try row.optionalString("ended_by").map(UserID.init(rawValue:)),
                closingReason: try row.optionalString("closing_reason"))
        }
    }

    // MARK: QA reviews

    public func qaReview(_ id: QAReviewID) async throws -> QAReview? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM qa_reviews WHERE id = \(bind: id.rawValue)").first().map(Self.review(from:))
        }
    }

    public func qaReviews(ofCall call: CallID) async throws -> [QAReview] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM qa_reviews WHERE call_id = \(bind: call.rawValue) ORDER BY is_calibration, opened_at").all()
                .map(Self.review(from:))
        }
    }

    public func qaReviews(in psap: OrganizationID, from: Date, until: Date) async throws -> [QAReview] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM qa_reviews WHERE psap_id = \(bind: psap.rawValue)
                    AND opened_at >= \(bind: stored(from)) AND opened_at < \(bind: stored(until))
                ORDER BY opened_at, id
                """
            ).all().map(Self.review(from:))
        }
    }

    public func pendingQAReviews(in psap: OrganizationID, after cursor: PageCursor?, limit: Int) async throws -> [QAReview] {
        let query = SweepQuery.pendingQAReviews(in: psap, after: cursor, limit: limit)
        return try await engine.readLagged { db in try await db.raw(query).all().map(Self.review(from:)) }
    }

    public func pendingQAReviewCounts(in psap: OrganizationID, at instant: Date) async throws -> (pending: Int, overdue: Int) {
        let pending: SQLQueryString = "qa_reviews WHERE psap_id = \(bind: psap.rawValue) AND submitted_at IS NULL"
        let overdue: SQLQueryString = "\(pending) AND due_at < \(bind: stored(instant))"
        let query: SQLQueryString = "SELECT (\(Keyset.cappedCount(pending))) AS pending, (\(Keyset.cappedCount(overdue))) AS overdue"
        return try await engine.readLagged { db in
            let row = try await db.raw(query).first()
            return (try row?.int("pending") ?? 0, try row?.int("overdue") ?? 0)
        }
    }

    public func unescalatedOverdueQAReviews(at instant: Date, limit: Int) async throws -> [QAReview] {
        try await engine.read { db in
            try await db.raw(
                SweepQuery.qaReviewsOverdue(at: instant, limit: limit)
            ).all().map(Self.review(from:))
        }
    }

    public func addQAReview(_ review: QAReview, audit: AuditEntry) async throws {
        let items = try Self.json(review.items)
        let training = try Self.json(review.followUpTraining)
        try await audited(audit) { db in try await Self.insertReview(review, items: items, training: training, in: db) }
    }

    public func submitQAReview(_ review: QAReview, audit: AuditEntry) async throws {
        let items = try Self.json(review.items)
        let training = try Self.json(review.followUpTraining)
        try await audited(audit) { db in
            let updated = try await db.raw(
                """
                UPDATE qa_reviews SET items = \(bind: items), findings = \(bind: review.findings), follow_up_training = \(bind: training),
                    reviewer_id = \(bind: review.reviewer?.rawValue), submitted_at = \(bind: stored(review.submittedAt)),
                    level = \(bind: review.level), percent = \(bind: review.percent)
                WHERE id = \(bind: review.id.rawValue) AND submitted_at IS NULL
                RETURNING id
                """
            ).first()
            guard updated != nil else { throw HomewardError.conflict("This review was submitted already.") }
        }
    }

    private static func insertReview(_ r: QAReview, items: String, training: String, in db: any SQLDatabase) async throws {
        let (role, person): (String?, String?) =
            switch r.assignee {
            case .role(let role): (role.rawValue, nil)
            case .person(let id): (nil, id.rawValue)
            }
        try await db.raw(
            """
            INSERT INTO qa_reviews (id, call_id, psap_id, telecommunicator_id, assignee_role, assignee_id, opened_at, due_at,
                is_calibration, items, findings, follow_up_training, reviewer_id, submitted_at, level, percent)
            VALUES (\(bind: r.id.rawValue), \(bind: r.callID.rawValue), \(bind: r.psapID.rawValue), \(bind: r.telecommunicator.rawValue),
                \(bind: role), \(bind: person), \(bind: stored(r.openedAt)), \(bind: stored(r.dueAt)), \(bind: r.isCalibration),
                \(bind: items), \(bind: r.findings), \(bind: training), \(bind: r.reviewer?.rawValue), \(bind: stored(r.submittedAt)),
                \(bind: r.level), \(bind: r.percent))
            """
        ).run()
    }

    private static func review(from row: any SQLRow) throws -> QAReview {
        let assignee: QAAssignee =
            if let person = try row.optionalString("assignee_id") {
                .person(UserID(person))
            } else {
                .role(Role(rawValue: try row.optionalString("assignee_role") ?? "") ?? .qaReviewer)
            }
        return QAReview(
            id: QAReviewID(try row.string("id")), callID: CallID(try row.string("call_id")),
            psapID: OrganizationID(try row.string("psap_id")), telecommunicator: UserID(try row.string("telecommunicator_id")),
            assignee: assignee, openedAt: try row.date("opened_at"), dueAt: try row.date("due_at"),
            isCalibration: try row.bool("is_calibration"), items: try decoded([ItemReview].self, from: try row.string("items")),
            findings: try row.string("findings"), followUpTraining: try decoded([String].self, from: try row.string("follow_up_training")),
            reviewer: try row.optionalString("reviewer_id").map(UserID.init(rawValue:)), submittedAt: try row.optionalDate("submitted_at"),
            level: try row.optionalString("level"),
            percent: try row.decodeNil(column: "percent") ? nil : try row.decode(column: "percent", as: Double.self))
    }

    static func decoded<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
