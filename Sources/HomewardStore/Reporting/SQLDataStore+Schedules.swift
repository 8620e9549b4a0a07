import Foundation
import HomewardCore
import SQLKit

/// Each episode's schedule (`EpisodeSchedule`), kept beside it in the same transaction as every
/// change to the episode, its events or its escalations, and the reads that use it: the escalation
/// pass's due cases, the case queue in queue order, the attention counts and the long-term pass.
extension SQLDataStore {
    /// Derives the schedule of `id` from what the transaction sees and stores it. On PostgreSQL the
    /// episode's row is locked first, so two transactions that change one episode derive its
    /// schedule one after the other and the later one sees the earlier one's events.
    func refreshSchedule(_ id: EpisodeID, in db: any SQLDatabase) async throws {
        let lock: SQLQueryString = engine.kind == .postgres ? " FOR UPDATE" : ""
        guard let row = try await db.raw("SELECT * FROM episodes WHERE id = \(bind: id.rawValue)\(lock)").first() else { return }
        let episode = try episode(from: row)
        let own = try await db.raw(
            "SELECT * FROM episode_events WHERE episode_id = \(bind: id.rawValue) ORDER BY occurred_at, recorded_at, id"
        ).all().map(event(from:))
        let proofs = try await linkedProofEvents(of: [id.rawValue], in: db)[id] ?? []
        let events = Self.timeline(own, proofs)
        let escalated = try await Self.escalations(of: [id.rawValue], in: db)
        let rules = try await appliedRules(episode.rulesID, in: db)
        try await writeSchedule(
            EpisodeSchedule.derive(rules.definitions, episode: episode, events: events, escalated: escalated), of: id, in: db)
    }

    /// An episode's own events with the proofs its linked police cases hold, in timeline order.
    static func timeline(_ own: [EpisodeEvent], _ proofs: [EpisodeEvent]) -> [EpisodeEvent] {
        (own + proofs).sorted { ($0.occurredAt, $0.recordedAt, $0.id.rawValue) < ($1.occurredAt, $1.recordedAt, $1.id.rawValue) }
    }

    /// Whether an event of `kind` can change a clock: it closes one, or starts the one police's
    /// receipt of the report starts.
    func startsOrClosesAClock(_ kind: EpisodeEventKind) -> Bool {
        kind == .reportedToPolice || clockDefinitions.contains { $0.closingEvent == kind }
    }

    func writeSchedule(_ s: EpisodeSchedule, of id: EpisodeID, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE episodes SET next_check_at = \(bind: stored(s.nextCheckAt)), attention_from = \(bind: stored(s.attentionFrom)),
                open_deadline_at = \(bind: stored(s.openDeadline)), queue_key = \(bind: s.queueKey)
            WHERE id = \(bind: id.rawValue)
            """
        ).run()
    }

    static func escalations(of episodes: [String], in db: any SQLDatabase) async throws -> Set<Escalation> {
        var found = Set<Escalation>()
        for chunk in stride(from: 0, to: episodes.count, by: 500).map({ Array(episodes[$0..<min($0 + 500, episodes.count)]) }) {
            for row in try await db.raw("SELECT episode_id, clock_kind, threshold FROM escalations WHERE episode_id IN (\(binds: chunk))")
                .all()
            {
                guard let kind = ClockKind(rawValue: try row.string("clock_kind")) else { continue }
                found.insert(
                    Escalation(episodeID: EpisodeID(try row.string("episode_id")), clockKind: kind, threshold: try row.string("threshold")))
            }
        }
        return found
    }

    /// Derives every schedule again when the clock rules differ from those the stored schedules were
    /// derived under (a changed window or threshold, or the first start after the schedules were
    /// added), in batches; otherwise costs one read.
    func deriveSchedulesIfRulesChanged() async throws {
        let fingerprint = Self.fingerprint(clockDefinitions)
        let stored = try await engine.read { db in
            try await db.raw("SELECT value FROM counters WHERE name = 'episode-schedule-rules'").first()?.decode(
                column: "value", as: Int64.self)
        }
        guard stored != fingerprint else { return }
        var after = ""
        while true {
            let from = after
            let ids = try await engine.read { db in
                try await db.raw(
                    """
                    SELECT id FROM episodes WHERE status IN ('open', 'located') AND id > \(bind: from) ORDER BY id LIMIT 500
                    """
                ).all().map { try $0.string("id") }
            }
            guard let last = ids.last else { break }
            try await refreshSchedules(of: ids.map(EpisodeID.init(rawValue:)))
            after = last
        }
        try await engine.write { db in
            try await db.raw(
                """
                INSERT INTO counters (name, value) VALUES ('episode-schedule-rules', \(bind: fingerprint))
                ON CONFLICT (name) DO UPDATE SET value = \(bind: fingerprint)
                """
            ).run()
        }
    }

    static func fingerprint(_ definitions: [ClockDefinition]) -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let bytes = SHA256Digest.hash(Array((try? encoder.encode(definitions)) ?? Data()))
        return bytes.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }

    public func refreshSchedules(of episodes: [EpisodeID]) async throws {
        guard !episodes.isEmpty else { return }
        try await engine.write { db in
            for id in episodes { try await self.refreshSchedule(id, in: db) }
        }
    }

    public func episodesDue(at instant: Date, after cursor: PageCursor?, limit: Int) async throws -> [(
        record: EpisodeRecord, dueAt: Date
    )] {
        let final = SweepQuery.escalationsDue(at: instant, after: cursor, limit: limit)
        return try await engine.read { db in
            let rows = try await db.raw(final).all()
            var due: [String: Date] = [:]
            for row in rows { due[try row.string("id")] = try row.date("next_check_at") }
            return try await self.records(from: rows, in: db).compactMap { record in
                due[record.episode.id.rawValue].map { (record, $0) }
            }
        }
    }

    public func caseQueue(_ filter: CaseQueueFilter, after cursor: QueueCursor?, limit: Int) async throws -> [EpisodeRecord] {
        let query = SweepQuery.caseQueue(filter, after: cursor, limit: limit)
        return try await engine.readLagged { db in try await self.records(from: try await db.raw(query).all(), in: db) }
    }

    public func queueCursor(after record: EpisodeRecord) async throws -> QueueCursor? {
        try await engine.read { db in
            try await db.raw("SELECT queue_key FROM episodes WHERE id = \(bind: record.episode.id.rawValue)").first()
                .flatMap { try $0.optionalString("queue_key") }.map { QueueCursor(key: $0, id: record.episode.id) }
        }
    }

    public func attentionCounts(matching filter: EpisodeFilter, at instant: Date) async throws -> AttentionCounts {
        // A clock is breached once the instant is past its deadline; a case needs attention from its
        // first warning on, and counts as warning only while no deadline has passed.
        try await engine.readLagged { db in
            let breached = try await db.raw(SweepQuery.breachedCount(filter, at: instant)).first()?.int("n") ?? 0
            let attention = try await db.raw(SweepQuery.attentionCount(filter, at: instant)).first()?.int("n") ?? 0
            return AttentionCounts(breached: breached, warning: max(0, attention - breached))
        }
    }

    public func episodesTurningLongTerm(receivedBefore cutoff: Date, limit: Int) async throws -> [MissingEpisode] {
        try await engine.read { db in
            try await db.raw(
                SweepQuery.longTermDue(receivedBefore: cutoff, limit: limit)
            ).all().compactMap { row in
                do { return try self.episode(from: row) } catch {
                    Self.skipUnreadable("episode", id: try? row.string("id"), error)
                    return nil
                }
            }
        }
    }
}
