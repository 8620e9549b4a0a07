import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func escalations(for episodes: [EpisodeID]) async throws -> Set<Escalation> {
        guard !episodes.isEmpty else { return [] }
        return try await engine.read { db in try await Self.escalations(of: episodes.map(\.rawValue), in: db) }
    }

    public func recordEscalation(
        _ escalation: Escalation, at instant: Date, notifications: [HomewardNotification], outbox: [OutboxMessage]
    ) async throws -> Bool {
        try await engine.write { db in
            // The primary key decides who records it: a second instance's insert waits for the
            // first transaction, then inserts nothing and returns no row.
            let inserted = try await db.raw(
                """
                INSERT INTO escalations (episode_id, clock_kind, threshold, recorded_at)
                VALUES (\(bind: escalation.episodeID.rawValue), \(bind: escalation.clockKind.rawValue), \(bind: escalation.threshold),
                    \(bind: stored(instant)))
                ON CONFLICT (episode_id, clock_kind, threshold) DO NOTHING
                RETURNING episode_id
                """
            ).first()
            guard inserted != nil else { return false }
            try await Self.insertNotifications(notifications, in: db)
            try await Self.insertOutbox(outbox, in: db)
            try await self.refreshSchedule(escalation.episodeID, in: db)
            return true
        }
    }

    public func recordPoliceCaseEscalation(
        _ id: PoliceCaseID, threshold: String, at instant: Date, notifications: [HomewardNotification], outbox: [OutboxMessage]
    ) async throws -> Bool {
        try await recordOnce(
            """
            INSERT INTO police_case_escalations (police_case_id, threshold, recorded_at)
            VALUES (\(bind: id.rawValue), \(bind: threshold), \(bind: stored(instant)))
            ON CONFLICT (police_case_id, threshold) DO NOTHING
            RETURNING police_case_id
            """, notifications: notifications, outbox: outbox)
    }

    public func recordQAEscalation(
        _ review: QAReviewID, at instant: Date, notifications: [HomewardNotification], outbox: [OutboxMessage]
    ) async throws -> Bool {
        try await recordOnce(
            """
            INSERT INTO qa_escalations (review_id, recorded_at) VALUES (\(bind: review.rawValue), \(bind: stored(instant)))
            ON CONFLICT (review_id) DO NOTHING
            RETURNING review_id
            """, notifications: notifications, outbox: outbox)
    }

    /// Runs `insert` (an `INSERT … ON CONFLICT DO NOTHING RETURNING …` of an escalation's key) and,
    /// when it inserted, the escalation's notifications and outbox messages, in one transaction;
    /// returns whether it inserted (false: another instance recorded it first).
    private func recordOnce(_ insert: SQLQueryString, notifications: [HomewardNotification], outbox: [OutboxMessage]) async throws
        -> Bool
    {
        try await engine.write { db in
            guard try await db.raw(insert).first() != nil else { return false }
            try await Self.insertNotifications(notifications, in: db)
            try await Self.insertOutbox(outbox, in: db)
            return true
        }
    }

    static func insertNotifications(_ notifications: [HomewardNotification], in db: any SQLDatabase) async throws {
        for n in notifications {
            try await db.raw(
                """
                INSERT INTO notifications (id, recipient_id, organization_id, episode_id, clock_kind, qa_review_id, police_case_id, threshold,
                    channel, title, body, created_at, read_at, delivery)
                VALUES (\(bind: n.id), \(bind: n.recipient.rawValue), \(bind: n.organizationID.rawValue), \(bind: n.episodeID?.rawValue),
                    \(bind: n.clockKind?.rawValue), \(bind: n.qaReviewID?.rawValue), \(bind: n.policeCaseID?.rawValue), \(bind: n.threshold),
                    \(bind: n.channel.rawValue),
                    \(bind: n.title), \(bind: n.body), \(bind: stored(n.createdAt)), \(bind: stored(n.readAt)), \(bind: n.delivery.rawValue))
                ON CONFLICT (episode_id, clock_kind, threshold, channel, recipient_id) DO NOTHING
                """
            ).run()
        }
    }

    public func inbox(of user: UserID, after cursor: PageCursor?, limit: Int) async throws -> [HomewardNotification] {
        let query = SweepQuery.inbox(of: user, after: cursor, limit: limit)
        return try await engine.read { db in try await db.raw(query).all().map(Self.notification(from:)) }
    }

    public func unreadCount(of user: UserID) async throws -> Int {
        let query = Keyset.cappedCount(
            "notifications WHERE recipient_id = \(bind: user.rawValue) AND channel = 'inbox' AND read_at IS NULL")
        return try await engine.read { db in try await db.raw(query).first()?.int("n") ?? 0 }
    }

    public func markRead(_ id: String, by user: UserID, at instant: Date) async throws {
        try await engine.write { db in
            try await db.raw(
                """
                UPDATE notifications SET read_at = \(bind: stored(instant))
                WHERE id = \(bind: id) AND recipient_id = \(bind: user.rawValue) AND read_at IS NULL
                """
            ).run()
        }
    }

    public func notificationCount(channel: NotificationChannel?) async throws -> Int {
        try await engine.read { db in
            if let channel {
                return try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE channel = \(bind: channel.rawValue)").first()?.int(
                    "n") ?? 0
            }
            return try await db.raw("SELECT COUNT(*) AS n FROM notifications").first()?.int("n") ?? 0
        }
    }

    static func notification(from row: any SQLRow) throws -> HomewardNotification {
        let kind = try row.optionalString("clock_kind").map { ClockKind(rawValue: $0) }
        guard kind != .some(nil), let channel = NotificationChannel(rawValue: try row.string("channel")),
            let delivery = DeliveryState(rawValue: try row.string("delivery"))
        else { throw StoreError.corruptRow("notifications") }
        return HomewardNotification(
            id: try row.string("id"), recipient: UserID(try row.string("recipient_id")),
            organizationID: OrganizationID(try row.string("organization_id")),
            episodeID: try row.optionalString("episode_id").map(EpisodeID.init(rawValue:)), clockKind: kind ?? nil,
            qaReviewID: try row.optionalString("qa_review_id").map(QAReviewID.init(rawValue:)),
            policeCaseID: try row.optionalString("police_case_id").map(PoliceCaseID.init(rawValue:)),
            threshold: try row.string("threshold"),
            channel: channel,
            title: try row.string("title"), body: try row.string("body"), createdAt: try row.date("created_at"),
            readAt: try row.optionalDate("read_at"),
            delivery: delivery)
    }
}
