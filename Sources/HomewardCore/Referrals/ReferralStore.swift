import Foundation

/// Referrals from a case to services.
public protocol ReferralStore: Sendable {
    func referrals(ofEpisode episode: EpisodeID) async throws -> [Referral]
    func saveReferral(_ referral: Referral, audit: AuditEntry) async throws
}
