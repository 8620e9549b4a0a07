import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func tipsAwaitingNotice(overdue: Bool, at instant: Date, limit: Int) async throws -> [Tip] {
        try await engine.read { db in
            let query = overdue ? SweepQuery.tipsOverdue(at: instant, limit: limit) : SweepQuery.tipsToAnnounce(limit: limit)
            return try await db.raw(query).all().compactMap(self.readableTip)
        }
    }

    public func recordTipNotices(overdue: Bool, notices: [TipNotice], at instant: Date) async throws -> [String] {
        guard !notices.isEmpty else { return [] }
        let column = overdue ? "overdue_notified_at" : "notified_at"
        return try await engine.write { db in
            // The update decides which instance announces each tip: a tip another marked first
            // returns no row here, and its notices are not written twice.
            let marked = try await db.raw(
                """
                UPDATE tips SET \(unsafeRaw: column) = \(bind: stored(instant))
                WHERE id IN (\(binds: notices.map(\.tipID))) AND \(unsafeRaw: column) IS NULL
                RETURNING id
                """
            ).all().map { try $0.string("id") }
            let ours = Set(marked)
            for notice in notices where ours.contains(notice.tipID) {
                try await Self.insertNotifications(notice.notifications, in: db)
                try await Self.insertOutbox(notice.outbox, in: db)
            }
            return marked
        }
    }

    public func tipDigestReaders() async throws -> [(user: UserID, lastSent: Date?)] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT p.user_id, d.sent_at FROM notification_preferences p LEFT JOIN tip_digests d ON d.user_id = p.user_id
                WHERE p.tip_digest = \(bind: true) ORDER BY p.user_id
                """
            ).all().map { (UserID(try $0.string("user_id")), try $0.optionalDate("sent_at")) }
        }
    }

    public func tipsDelivered(to user: UserID, since instant: Date) async throws -> Int {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM tip_deliveries
                WHERE recipient_id = \(bind: user.rawValue) AND delivered_at >= \(bind: stored(instant))
                """
            ).first()?.int("n") ?? 0
        }
    }

    public func recordTipDigest(of user: UserID, lastSent: Date?, at instant: Date, outbox: [OutboxMessage]) async throws -> Bool {
        try await engine.write { db in
            let recorded: [any SQLRow]
            if let lastSent {
                recorded = try await db.raw(
                    """
                    UPDATE tip_digests SET sent_at = \(bind: stored(instant))
                    WHERE user_id = \(bind: user.rawValue) AND sent_at = \(bind: stored(lastSent))
                    RETURNING user_id
                    """
                ).all()
            } else {
                recorded = try await db.raw(
                    """
                    INSERT INTO tip_digests (user_id, sent_at) VALUES (\(bind: user.rawValue), \(bind: stored(instant)))
                    ON CONFLICT (user_id) DO NOTHING
                    RETURNING user_id
                    """
                ).all()
            }
            guard !recorded.isEmpty else { return false }
            try await Self.insertOutbox(outbox, in: db)
            return true
        }
    }
}
