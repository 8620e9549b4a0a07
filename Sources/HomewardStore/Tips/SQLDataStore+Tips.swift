import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func addTip(_ t: Tip, recipients: [UserID], audit: AuditEntry?) async throws -> (tip: Tip, created: Bool) {
        try await addTips([(t, recipients, audit)], summary: nil)[0]
    }

    /// A group commit: every tip of the batch in one multi-row insert (a tip whose idempotency key
    /// is stored already is skipped and answered with the stored one), their deliveries in another,
    /// their audit entries in a third, all in one transaction.
    public func addTips(_ items: [(tip: Tip, recipients: [UserID], audit: AuditEntry?)], summary: AuditEntry?) async throws
        -> [(tip: Tip, created: Bool)]
    {
        guard !items.isEmpty else { return [] }
        let kind = engine.kind
        return try await engine.write { db in
            var results: [(tip: Tip, created: Bool)] = []
            // Bound variables per statement stay well under the engines' limits.
            for chunk in stride(from: 0, to: items.count, by: 200).map({ Array(items[$0..<min($0 + 200, items.count)]) }) {
                results += try await self.insertTips(chunk, in: db, kind: kind)
            }
            if var summary {
                let ids = results.filter(\.created).map(\.tip.id)
                if !ids.isEmpty {
                    summary.detail = (summary.detail.map { $0 + ": " } ?? "") + ids.joined(separator: ",")
                    try await Self.appendAudits([summary], in: db, kind: kind)
                }
            }
            return results
        }
    }

    func insertTips(_ items: [(tip: Tip, recipients: [UserID], audit: AuditEntry?)], in db: any SQLDatabase, kind: SQLEngineKind)
        async throws -> [(tip: Tip, created: Bool)]
    {
        // A tip goes to the agency investigating the case now: one routed from a route read before
        // the case was handed over is refused, to be routed again.
        let episodes = Array(Set(items.map(\.tip.episodeID.rawValue)))
        var investigating: [String: String?] = [:]
        for row in try await db.raw("SELECT id, police_organization_id FROM episodes WHERE id IN (\(binds: episodes))").all() {
            investigating[try row.string("id")] = try row.optionalString("police_organization_id")
        }
        for item in items where investigating[item.tip.episodeID.rawValue] != .some(item.tip.investigatingOrganizationID?.rawValue) {
            throw TipRouteChanged(episodeID: item.tip.episodeID)
        }
        // A retry within the window of a tip stored in the period before: answered with that tip.
        var retried: [String: Tip] = [:]
        for item in items where !item.tip.earlierKeys.isEmpty {
            let since = item.tip.submittedAt - TipRetry.window
            if let row = try await db.raw(
                """
                SELECT * FROM tips WHERE idempotency_key IN (\(binds: item.tip.earlierKeys)) AND submitted_at >= \(bind: stored(since))
                ORDER BY submitted_at LIMIT 1
                """
            ).first() {
                retried[item.tip.id] = try tip(from: row)
            }
        }
        let fresh = items.filter { retried[$0.tip.id] == nil }
        guard !fresh.isEmpty else { return items.map { (retried[$0.tip.id]!, false) } }
        let stored = try await insertFreshTips(fresh, in: db, kind: kind)
        var answers = Dictionary(zip(fresh.map(\.tip.id), stored), uniquingKeysWith: { first, _ in first })
        for (id, tip) in retried { answers[id] = (tip, false) }
        return items.map { answers[$0.tip.id]! }
    }

    private func insertFreshTips(
        _ items: [(tip: Tip, recipients: [UserID], audit: AuditEntry?)], in db: any SQLDatabase, kind: SQLEngineKind
    ) async throws -> [(tip: Tip, created: Bool)] {
        let values: [SQLQueryString] = items.map { item in
            let t = item.tip
            return """
                (\(bind: t.id), \(bind: t.posterID), \(bind: t.episodeID.rawValue), \(bind: t.investigatingOrganizationID?.rawValue),
                \(bind: t.submission.seen), \(bind: t.submission.place), \(bind: t.submission.when),
                \(bind: sealed(t.submission.contactName, "tips.contact_name")), \(bind: sealed(t.submission.contactPhone, "tips.contact_phone")),
                \(bind: sealed(t.submission.contactEmail, "tips.contact_email")), \(bind: stored(t.submittedAt)),
                \(bind: stored(t.acknowledgeBy)), NULL, NULL, NULL, \(bind: t.idempotencyKey))
                """
        }
        let created = Set(
            try await db.raw(
                """
                INSERT INTO tips (id, poster_id, episode_id, investigating_organization_id, seen, place, seen_when, contact_name,
                    contact_phone, contact_email, submitted_at, acknowledge_by, received_at, received_by, actionable, idempotency_key)
                VALUES \(values.joined(separator: ", "))
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id
                """
            ).all().map { try $0.string("id") })
        // Tips sent before (or twice in this batch): answer with the one stored.
        let repeated = items.filter { !created.contains($0.tip.id) }.map(\.tip.idempotencyKey)
        var earlier: [String: Tip] = [:]
        if !repeated.isEmpty {
            for row in try await db.raw("SELECT * FROM tips WHERE idempotency_key IN (\(binds: repeated))").all() {
                let tip = try tip(from: row)
                earlier[tip.idempotencyKey] = tip
            }
        }
        var deliveries: [SQLQueryString] = []
        var audits: [AuditEntry] = []
        for item in items where created.contains(item.tip.id) {
            for recipient in Set(item.recipients) {
                deliveries.append("(\(bind: item.tip.id), \(bind: recipient.rawValue), \(bind: stored(item.tip.submittedAt)))")
            }
            if let audit = item.audit { audits.append(audit) }
        }
        if !deliveries.isEmpty {
            try await db.raw(
                "INSERT INTO tip_deliveries (tip_id, recipient_id, delivered_at) VALUES \(deliveries.joined(separator: ", "))"
            ).run()
        }
        try await Self.appendAudits(audits, in: db, kind: kind)
        return try items.map { item in
            if created.contains(item.tip.id) { return (item.tip, true) }
            guard let first = earlier[item.tip.idempotencyKey] else { throw HomewardError.conflict("The tip could not be stored.") }
            return (first, false)
        }
    }

    public func tip(_ id: String) async throws -> Tip? {
        try await engine.read { db in try await db.raw("SELECT * FROM tips WHERE id = \(bind: id)").first().map(self.tip(from:)) }
    }

    public func tipRecipients(_ id: String) async throws -> [UserID] {
        try await engine.read { db in
            try await db.raw("SELECT recipient_id FROM tip_deliveries WHERE tip_id = \(bind: id) ORDER BY recipient_id").all().map {
                UserID(try $0.string("recipient_id"))
            }
        }
    }

    public func tips(matching filter: TipFilter) async throws -> [Tip] {
        let query = SweepQuery.tips(filter)
        return try await engine.readLagged { db in try await db.raw(query).all().compactMap(self.readableTip) }
    }

    public func tipCounts(routedTo organization: OrganizationID?, at instant: Date) async throws -> TipCounts {
        let query = SweepQuery.tipCounts(routedTo: organization, at: instant)
        return try await engine.readLagged { db in
            let row = try await db.raw(query).first()
            return TipCounts(waiting: try row?.int("waiting") ?? 0, overdue: try row?.int("overdue") ?? 0)
        }
    }

    public func tips(ofEpisode episode: EpisodeID) async throws -> [Tip] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM tips WHERE episode_id = \(bind: episode.rawValue) ORDER BY submitted_at DESC, id").all()
                .compactMap(self.readableTip)
        }
    }

    public func markTip(_ id: String, received: Bool, actionable: Bool?, by user: UserID, at instant: Date, audit: AuditEntry) async throws
    {
        try await audited(audit) { db in
            if received {
                try await db.raw(
                    """
                    UPDATE tips SET received_at = \(bind: stored(instant)), received_by = \(bind: user.rawValue)
                    WHERE id = \(bind: id) AND received_at IS NULL
                    """
                ).run()
            }
            if let actionable {
                try await db.raw(
                    """
                    UPDATE tips SET actionable = \(bind: actionable),
                        received_at = COALESCE(received_at, \(bind: stored(instant))), received_by = COALESCE(received_by, \(bind: user.rawValue))
                    WHERE id = \(bind: id)
                    """
                ).run()
            }
        }
    }

    public func tipCount() async throws -> Int {
        try await engine.read { db in try await db.raw("SELECT COUNT(*) AS n FROM tips").first()?.int("n") ?? 0 }
    }

    /// The tip of `row` in a list, or nil (logged by id) when it cannot be read: one damaged tip
    /// must not hide every other tip from its police, or stop the notice pass for everyone.
    func readableTip(_ row: any SQLRow) -> Tip? {
        do {
            return try tip(from: row)
        } catch {
            Self.skipUnreadable("tip", id: try? row.string("id"), error)
            return nil
        }
    }

    func tip(from row: any SQLRow) throws -> Tip {
        Tip(
            id: try row.string("id"), posterID: try row.string("poster_id"), episodeID: EpisodeID(try row.string("episode_id")),
            investigatingOrganizationID: try row.optionalString("investigating_organization_id").map(OrganizationID.init(rawValue:)),
            submission: TipSubmission(
                seen: try row.string("seen"), place: try row.string("place"), when: try row.string("seen_when"),
                contactName: try opened(try row.string("contact_name"), "tips.contact_name"),
                contactPhone: try opened(try row.string("contact_phone"), "tips.contact_phone"),
                contactEmail: try opened(try row.string("contact_email"), "tips.contact_email")),
            submittedAt: try row.date("submitted_at"), acknowledgeBy: try row.date("acknowledge_by"),
            receivedAt: try row.optionalDate("received_at"), receivedBy: try row.optionalString("received_by").map(UserID.init(rawValue:)),
            actionable: try row.decodeNil(column: "actionable") ? nil : try row.bool("actionable"),
            idempotencyKey: try row.string("idempotency_key"))
    }
}
