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
    /// A page of tips: those waiting to be marked received, oldest first (the longest waiting at
    /// the top), or those received, newest first.
    func tips(matching filter: TipFilter) async throws -> [Tip]
    /// How many tips routed to `organization` (nil: all) wait to be marked received, and how many
    /// of those are past the time to acknowledge at `instant`; counted by the database.
    func tipCounts(routedTo organization: OrganizationID?, at instant: Date) async throws -> TipCounts
    func tips(ofEpisode episode: EpisodeID) async throws -> [Tip]
    func markTip(_ id: String, received: Bool, actionable: Bool?, by user: UserID, at instant: Date, audit: AuditEntry) async throws
    func tipCount() async throws -> Int

    /// Tips not yet announced (`overdue` false), or past their acknowledgement time at `instant`,
    /// still not received and not yet announced as such (`overdue` true); oldest first.
    func tipsAwaitingNotice(overdue: Bool, at instant: Date, limit: Int) async throws -> [Tip]
    /// Marks tips announced and stores the notices of those this call marked (another instance may
    /// have marked some first), in one transaction; returns the ids this call marked.
    func recordTipNotices(overdue: Bool, notices: [TipNotice], at instant: Date) async throws -> [String]
    /// People who take tips in a daily digest, with when their last digest went (nil: never).
    func tipDigestReaders() async throws -> [(user: UserID, lastSent: Date?)]
    /// How many tips reached `user` since `instant`.
    func tipsDelivered(to user: UserID, since instant: Date) async throws -> Int
    /// Records that `user`'s digest went at `instant`, with its e-mail, unless another instance sent
    /// one since `lastSent`; returns whether this call recorded it.
    func recordTipDigest(of user: UserID, lastSent: Date?, at instant: Date, outbox: [OutboxMessage]) async throws -> Bool
}

/// What announcing one tip writes: its recipients' inbox rows and its outbox messages.
public struct TipNotice: Sendable {
    public var tipID: String
    public var notifications: [HomewardNotification]
    public var outbox: [OutboxMessage]

    public init(tipID: String, notifications: [HomewardNotification], outbox: [OutboxMessage]) {
        self.tipID = tipID
        self.notifications = notifications
        self.outbox = outbox
    }
}

/// Which page of tips to list.
public struct TipFilter: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Not yet marked received: oldest first.
        case waiting
        /// Marked received: newest first.
        case received
        /// Every tip, newest first.
        case all
    }

    /// Tips routed to this agency; nil for every agency's (clearinghouse case staff).
    public var organization: OrganizationID?
    public var status: Status
    /// Only tips after this one in the list's order.
    public var after: PageCursor?
    public var limit: Int

    public init(organization: OrganizationID?, status: Status, after: PageCursor? = nil, limit: Int = 50) {
        self.organization = organization
        self.status = status
        self.after = after
        self.limit = limit
    }
}

/// Tips waiting for someone, as counted by the store: each count stops one past ``limit``.
public struct TipCounts: Sendable, Equatable {
    /// Counts stop at ``CappedCount/limit``.
    public static let limit = CappedCount.limit
    public var waiting: Int
    public var overdue: Int

    /// A count in words: the number, or "10,000 or more".
    public static func text(_ count: Int) -> String { CappedCount.text(count) }

    public init(waiting: Int, overdue: Int) {
        self.waiting = waiting
        self.overdue = overdue
    }
}
