import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func referrals(ofEpisode episode: EpisodeID) async throws -> [Referral] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM referrals WHERE episode_id = \(bind: episode.rawValue) ORDER BY requested_at, id").all().map {
                row in
                Referral(
                    id: try row.string("id"), episodeID: EpisodeID(try row.string("episode_id")),
                    kind: ReferralKind(rawValue: try row.string("kind")) ?? .familyAdvocacy,
                    status: ReferralStatus(rawValue: try row.string("status")) ?? .requested,
                    note: try self.opened(try row.string("note"), "referrals.note"),
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
                VALUES (\(bind: r.id), \(bind: r.episodeID.rawValue), \(bind: r.kind.rawValue), \(bind: r.status.rawValue), \(bind: self.sealed(r.note, "referrals.note")),
                    \(bind: r.declineReason), \(bind: r.requestedBy.rawValue), \(bind: stored(r.requestedAt)), \(bind: stored(r.updatedAt)))
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, note = excluded.note, decline_reason = excluded.decline_reason,
                    updated_at = excluded.updated_at
                """
            ).run()
        }
    }
}
