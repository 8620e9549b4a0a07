import Foundation

/// How a notification reaches a person: the in-app inbox. E-mails and webhooks go through the
/// outbox (``OutboxMessage``).
public enum NotificationChannel: String, CaseIterable, Codable, Sendable {
    case inbox
}

/// Where an outbox row stands.
public enum DeliveryState: String, CaseIterable, Codable, Sendable {
    /// Inbox rows need no delivery.
    case notApplicable = "not_applicable"
    case pending
    case delivered
    case failed
}

/// One message to one person: an escalation of a clock crossing a threshold, or of a QA review
/// past its window, in the inbox or in the outbox for e-mail. Carries ids and the case number, never the child's name, so that an
/// e-mail leaking from a mailbox reveals no child.
public struct HomewardNotification: Sendable, Equatable, Identifiable {
    public var id: String
    public var recipient: UserID
    public var organizationID: OrganizationID
    /// The case and clock of a clock's escalation.
    public var episodeID: EpisodeID?
    public var clockKind: ClockKind?
    /// The review of an overdue QA review's escalation.
    public var qaReviewID: QAReviewID?
    /// The police case of its NCIC clock's escalation.
    public var policeCaseID: PoliceCaseID?
    /// The crossed threshold's key: `0.50`, `0.90` or `breach` (`overdue` for a QA review).
    public var threshold: String
    public var channel: NotificationChannel
    public var title: String
    public var body: String
    public var createdAt: Date
    public var readAt: Date?
    public var delivery: DeliveryState

    public init(
        id: String, recipient: UserID, organizationID: OrganizationID, episodeID: EpisodeID?, clockKind: ClockKind?,
        qaReviewID: QAReviewID? = nil, policeCaseID: PoliceCaseID? = nil, threshold: String, channel: NotificationChannel, title: String,
        body: String, createdAt: Date, readAt: Date? = nil, delivery: DeliveryState
    ) {
        self.id = id
        self.recipient = recipient
        self.organizationID = organizationID
        self.episodeID = episodeID
        self.clockKind = clockKind
        self.qaReviewID = qaReviewID
        self.policeCaseID = policeCaseID
        self.threshold = threshold
        self.channel = channel
        self.title = title
        self.body = body
        self.createdAt = Timestamp.truncated(createdAt)
        self.readAt = readAt.map(Timestamp.truncated)
        self.delivery = delivery
    }
}

/// What telling people about one event writes, in the event's own transaction: the inbox rows
/// and the outbox messages (e-mails, webhooks).
public struct Notices: Sendable {
    public var notifications: [HomewardNotification]
    public var outbox: [OutboxMessage]

    public init(notifications: [HomewardNotification] = [], outbox: [OutboxMessage] = []) {
        self.notifications = notifications
        self.outbox = outbox
    }

    public static let none = Notices()
}

/// One clock of one episode crossing one threshold: the unit that is escalated exactly once.
public struct Escalation: Sendable, Equatable, Hashable {
    public var episodeID: EpisodeID
    public var clockKind: ClockKind
    public var threshold: String

    public init(episodeID: EpisodeID, clockKind: ClockKind, threshold: String) {
        self.episodeID = episodeID
        self.clockKind = clockKind
        self.threshold = threshold
    }
}

/// Escalations and the notifications they produce.
public protocol NotificationStore: Sendable {
    /// The escalations already recorded for these episodes.
    func escalations(for episodes: [EpisodeID]) async throws -> Set<Escalation>
    /// Records `escalation`, its inbox notifications and its outbox messages (e-mails, webhooks) in
    /// one transaction, unless it was recorded already (by this instance or another); returns
    /// whether this call recorded it.
    func recordEscalation(_ escalation: Escalation, at instant: Date, notifications: [HomewardNotification], outbox: [OutboxMessage])
        async throws -> Bool
    /// Records that `review` is escalated as overdue, with its notifications and outbox messages, in
    /// one transaction, unless it was already (by this instance or another); returns whether this
    /// call recorded it.
    func recordQAEscalation(_ review: QAReviewID, at instant: Date, notifications: [HomewardNotification], outbox: [OutboxMessage])
        async throws -> Bool
    /// A person's notifications in the inbox, newest first, after `cursor` (the creation time and
    /// id of the last notification of the page before).
    func inbox(of user: UserID, after cursor: PageCursor?, limit: Int) async throws -> [HomewardNotification]
    /// How many of a person's inbox notifications are unread, up to ``CappedCount/limit`` and one more.
    func unreadCount(of user: UserID) async throws -> Int
    func markRead(_ id: String, by user: UserID, at instant: Date) async throws
    /// Counts of notifications, for tests and the operations view.
    func notificationCount(channel: NotificationChannel?) async throws -> Int
}

extension NotificationStore {
    /// The first page of a person's inbox.
    public func inbox(of user: UserID, limit: Int) async throws -> [HomewardNotification] {
        try await inbox(of: user, after: nil, limit: limit)
    }
}
