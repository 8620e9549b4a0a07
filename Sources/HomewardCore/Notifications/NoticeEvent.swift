import Foundation

/// A notice a command causes: what happened, who is told, which organizations' webhook endpoints
/// hear of it, where the inbox rows point, and its words as catalog keys with their values (ids,
/// times in the organization's zone; never a child's name). The application renders it into inbox
/// rows, e-mails and webhook payloads in the reader's language, and stores them in the command's
/// transaction.
public struct NoticeEvent: Sendable, Equatable {
    /// The record an inbox row opens.
    public enum Subject: Sendable, Equatable {
        case episode(EpisodeID)
        case qaReview(QAReviewID)
        case policeCase(PoliceCaseID)
        /// The tips inbox, the row naming the tip's case.
        case tips(EpisodeID)
        /// An agency's readiness page.
        case readiness(OrganizationID)
        /// The tips inbox as a whole.
        case tipInbox
    }

    /// How the people told receive it.
    public enum Delivery: Sendable, Equatable {
        /// An inbox row each, and an e-mail to those whose choices take this event at once.
        case inboxAndChosenEmail
        /// Only an e-mail, to each person told: a digest they chose instead of the e-mails at once.
        case digestEmail
    }

    public var type: EventType
    public var recipients: [User]
    /// Organizations whose webhook endpoints taking `type` are called.
    public var organizations: [OrganizationID]
    /// The organization the inbox rows belong to; nil for each recipient's own.
    public var organization: OrganizationID?
    public var subject: Subject
    /// The legal clock an inbox row is about, for a clock's alerts.
    public var clockKind: ClockKind?
    public var delivery: Delivery
    /// The kind of inbox row (`due`, `overdue`, …).
    public var threshold: String
    /// Catalog keys of the e-mail subject and text (also the inbox row's title and body).
    public var titleKey: String
    public var textKey: String
    /// The values the catalog's words take; the application adds `link`, the subject's address.
    public var values: [String: String]
    /// Instants the words name, written in each recipient's organization's time zone (in UTC for
    /// webhooks).
    public var times: [String: Date]
    /// The webhook payload's data: ids and times only (the application adds `link`).
    public var data: [String: String]

    public init(
        type: EventType, recipients: [User], organizations: [OrganizationID], organization: OrganizationID?, subject: Subject,
        clockKind: ClockKind? = nil, delivery: Delivery = .inboxAndChosenEmail, threshold: String, titleKey: String, textKey: String,
        values: [String: String], times: [String: Date] = [:],
        data: [String: String]
    ) {
        // Each person is told once.
        var seen = Set<UserID>()
        self.type = type
        self.recipients = recipients.filter { seen.insert($0.id).inserted }
        self.organizations = organizations
        self.organization = organization
        self.subject = subject
        self.clockKind = clockKind
        self.delivery = delivery
        self.threshold = threshold
        self.titleKey = titleKey
        self.textKey = textKey
        self.values = values
        self.times = times
        self.data = data
    }
}
