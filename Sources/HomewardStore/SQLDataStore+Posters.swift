import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    // MARK: Posters

    public func poster(ofEpisode episode: EpisodeID) async throws -> Poster? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM posters WHERE episode_id = \(bind: episode.rawValue)").first().map(Self.poster(from:))
        }
    }

    public func poster(slug: String) async throws -> Poster? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM posters WHERE slug = \(bind: slug)").first().map(Self.poster(from:))
        }
    }

    public func posterRevision(slug: String) async throws -> (status: PosterStatus, revision: Int)? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT status, revision FROM posters WHERE slug = \(bind: slug)").first() else { return nil }
            return (PosterStatus(rawValue: try row.string("status")) ?? .draft, try row.int("revision"))
        }
    }

    public func publishedPosters(limit: Int) async throws -> [Poster] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM posters WHERE status = 'published' ORDER BY published_at DESC, id LIMIT \(literal: max(1, min(limit, 5000)))
                """
            ).all().map(Self.poster(from:))
        }
    }

    public func savePoster(_ p: Poster, audit: AuditEntry) async throws {
        let photos = try Self.json(p.photoIDs)
        let guardian = try p.guardianConsent.map(Self.json)
        let police = try p.policeConsent.map(Self.json)
        let published = try p.published.map(Self.json)
        let attestation = try p.attestation.map(Self.json)
        try await audited(audit) { db in
            try await db.raw(
                """
                INSERT INTO posters (id, episode_id, slug, status, narrative, photo_ids, guardian_consent, police_consent, created_by,
                    created_at, published_at, withdrawn_at, withdrawn_reason, revision, public_json, attestation)
                VALUES (\(bind: p.id), \(bind: p.episodeID.rawValue), \(bind: p.slug), \(bind: p.status.rawValue), \(bind: p.narrative),
                    \(bind: photos), \(bind: guardian), \(bind: police), \(bind: p.createdBy.rawValue), \(bind: stored(p.createdAt)),
                    \(bind: stored(p.publishedAt)), \(bind: stored(p.withdrawnAt)), \(bind: p.withdrawnReason), 1, \(bind: published),
                    \(bind: attestation))
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, narrative = excluded.narrative, photo_ids = excluded.photo_ids,
                    guardian_consent = excluded.guardian_consent, police_consent = excluded.police_consent,
                    published_at = excluded.published_at, withdrawn_at = excluded.withdrawn_at,
                    withdrawn_reason = excluded.withdrawn_reason, revision = posters.revision + 1, public_json = excluded.public_json,
                    attestation = excluded.attestation
                """
            ).run()
        }
    }

    static func withdrawPoster(of episode: EpisodeID, reason: String, at instant: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE posters SET status = 'withdrawn', withdrawn_at = \(bind: stored(instant)), withdrawn_reason = \(bind: reason),
                revision = revision + 1
            WHERE episode_id = \(bind: episode.rawValue) AND status = 'published'
            """
        ).run()
    }

    static func poster(from row: any SQLRow) throws -> Poster {
        func decode<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
            guard let text = try row.optionalString(column) else { return nil }
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
        return Poster(
            id: try row.string("id"), episodeID: EpisodeID(try row.string("episode_id")), slug: try row.string("slug"),
            status: PosterStatus(rawValue: try row.string("status")) ?? .draft, narrative: try row.string("narrative"),
            photoIDs: try decode([String].self, "photo_ids") ?? [], guardianConsent: try decode(PosterConsent.self, "guardian_consent"),
            policeConsent: try decode(PosterConsent.self, "police_consent"), createdBy: UserID(try row.string("created_by")),
            createdAt: try row.date("created_at"), publishedAt: try row.optionalDate("published_at"),
            withdrawnAt: try row.optionalDate("withdrawn_at"), withdrawnReason: try row.optionalString("withdrawn_reason"),
            revision: try row.int("revision"), published: try decode(PublicPoster.self, "public_json"),
            attestation: try decode(PublicationAttestation.self, "attestation"))
    }

    // MARK: Tips

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
                results += try await Self.insertTips(chunk, in: db, kind: kind)
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

    static func insertTips(_ items: [(tip: Tip, recipients: [UserID], audit: AuditEntry?)], in db: any SQLDatabase, kind: SQLEngineKind)
        async throws -> [(tip: Tip, created: Bool)]
    {
        let values: [SQLQueryString] = items.map { item in
            let t = item.tip
            return """
                (\(bind: t.id), \(bind: t.posterID), \(bind: t.episodeID.rawValue), \(bind: t.investigatingOrganizationID?.rawValue),
                \(bind: t.submission.seen), \(bind: t.submission.place), \(bind: t.submission.when), \(bind: t.submission.contactName),
                \(bind: t.submission.contactPhone), \(bind: t.submission.contactEmail), \(bind: stored(t.submittedAt)),
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
        try await appendAudits(audits, in: db, kind: kind)
        return try items.map { item in
            if created.contains(item.tip.id) { return (item.tip, true) }
            guard let first = earlier[item.tip.idempotencyKey] else { throw HomewardError.conflict("The tip could not be stored.") }
            return (first, false)
        }
    }

    public func tip(_ id: String) async throws -> Tip? {
        try await engine.read { db in try await db.raw("SELECT * FROM tips WHERE id = \(bind: id)").first().map(Self.tip(from:)) }
    }

    public func tipRecipients(_ id: String) async throws -> [UserID] {
        try await engine.read { db in
            try await db.raw("SELECT recipient_id FROM tip_deliveries WHERE tip_id = \(bind: id) ORDER BY recipient_id").all().map {
                UserID(try $0.string("recipient_id"))
            }
        }
    }

    public func tips(routedTo organization: OrganizationID?, limit: Int) async throws -> [Tip] {
        try await engine.read { db in
            let cap = max(1, min(limit, 1000))
            if let organization {
                return try await db.raw(
                    """
                    SELECT * FROM tips WHERE investigating_organization_id = \(bind: organization.rawValue)
                    ORDER BY submitted_at DESC, id LIMIT \(literal: cap)
                    """
                ).all().map(Self.tip(from:))
            }
            return try await db.raw("SELECT * FROM tips ORDER BY submitted_at DESC, id LIMIT \(literal: cap)").all().map(Self.tip(from:))
        }
    }

    public func tips(ofEpisode episode: EpisodeID) async throws -> [Tip] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM tips WHERE episode_id = \(bind: episode.rawValue) ORDER BY submitted_at DESC, id").all()
                .map(Self.tip(from:))
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

    static func tip(from row: any SQLRow) throws -> Tip {
        Tip(
            id: try row.string("id"), posterID: try row.string("poster_id"), episodeID: EpisodeID(try row.string("episode_id")),
            investigatingOrganizationID: try row.optionalString("investigating_organization_id").map(OrganizationID.init(rawValue:)),
            submission: TipSubmission(
                seen: try row.string("seen"), place: try row.string("place"), when: try row.string("seen_when"),
                contactName: try row.string("contact_name"), contactPhone: try row.string("contact_phone"),
                contactEmail: try row.string("contact_email")),
            submittedAt: try row.date("submitted_at"), acknowledgeBy: try row.date("acknowledge_by"),
            receivedAt: try row.optionalDate("received_at"), receivedBy: try row.optionalString("received_by").map(UserID.init(rawValue:)),
            actionable: try row.decodeNil(column: "actionable") ? nil : try row.bool("actionable"),
            idempotencyKey: try row.string("idempotency_key"))
    }

    // MARK: Long-term cases

    public func openLongTermTasks(_ tasks: [CaseTask], audit: AuditEntry) async throws -> Bool {
        try await audited(audit) { db in
            var opened = 0
            for task in tasks {
                let row = try await db.raw(
                    """
                    INSERT INTO case_tasks (id, episode_id, kind, due_at, completed_at, completed_by, note)
                    VALUES (\(bind: task.id), \(bind: task.episodeID.rawValue), \(bind: task.kind.rawValue), \(bind: stored(task.dueAt)),
                        NULL, NULL, NULL)
                    ON CONFLICT (episode_id, kind) WHERE kind IN ('ncic_30_day_update', 'age_progression_request') DO NOTHING
                    RETURNING id
                    """
                ).first()
                if row != nil { opened += 1 }
            }
            return opened > 0
        }
    }

    // MARK: Referrals

    public func referrals(ofEpisode episode: EpisodeID) async throws -> [Referral] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM referrals WHERE episode_id = \(bind: episode.rawValue) ORDER BY requested_at, id").all().map {
                row in
                Referral(
                    id: try row.string("id"), episodeID: EpisodeID(try row.string("episode_id")),
                    kind: ReferralKind(rawValue: try row.string("kind")) ?? .familyAdvocacy,
                    status: ReferralStatus(rawValue: try row.string("status")) ?? .requested, note: try row.string("note"),
                    declineReason: try row.string("decline_reason"), requestedBy: UserID(try row.string("requested_by")),
                    requestedAt: try row.date("requested_at"), updatedAt: try row.date("updated_at"))
            }
        }
    }

    public func saveReferral(_ r: Referral, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw(
                """
                INSERT INTO referrals (id, episode_id, kind, status, note, decline_reason, requested_by, requested_at, updated_at)
                VALUES (\(bind: r.id), \(bind: r.episodeID.rawValue), \(bind: r.kind.rawValue), \(bind: r.status.rawValue), \(bind: r.note),
                    \(bind: r.declineReason), \(bind: r.requestedBy.rawValue), \(bind: stored(r.requestedAt)), \(bind: stored(r.updatedAt)))
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, note = excluded.note, decline_reason = excluded.decline_reason,
                    updated_at = excluded.updated_at
                """
            ).run()
        }
    }
}
