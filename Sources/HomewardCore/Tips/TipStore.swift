import Foundation

/// Tips from the public and their delivery to the investigating agency.
public protocol TipStore: Sendable {
    /// Stores a tip and a delivery record for each recipient in one transaction, unless a tip with
    /// the same idempotency key is stored already; returns the stored tip and whether it was new.
    func addTip(_ tip: Tip, recipients: [UserID], audit: AuditEntry?) async throws -> (tip: Tip, created: Bool)
    /// Stores several tips in one transaction (a group commit), each as ``addTip(_:recipients:audit:)``
    /// would; answers in the same order. With `summary`, one audit event records the batch, its
    /// detail followed by the ids of the tips it stored.
    func addTips(_ items: [(tip: Tip, recipients: [UserID], audit: AuditEntry?)], summary: AuditEntry?) async throws
        -> [(tip: Tip, created: Bool)]
    /// Who a tip was delivered to.
    func tipRecipients(_ id: String) async throws -> [UserID]
    func tip(_ id: String) async throws -> Tip?
    /// Tips routed to `organization` (nil: all), newest first.
    func tips(routedTo organization: OrganizationID?, limit: Int) async throws -> [Tip]
    func tips(ofEpisode episode: EpisodeID) async throws -> [Tip]
    func markTip(_ id: String, received: Bool, actionable: Bool?, by user: UserID, at instant: Date, audit: AuditEntry) async throws
    func tipCount() async throws -> Int
}
