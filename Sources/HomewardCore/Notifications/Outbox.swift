import Foundation

/// What happened, as a webhook's `type` and a person's notification preference names it.
public enum EventType: String, CaseIterable, Codable, Sendable {
    case clockWarning = "clock.warning"
    case clockBreach = "clock.breach"
    case tipReceived = "tip.received"
    case tipUnacknowledged = "tip.unacknowledged"
    case qaReviewDue = "qa_review.due"
    case qaReviewOverdue = "qa_review.overdue"
    case applicationDecided = "readiness.application_decided"
    case renewalOpen = "readiness.renewal_open"

    /// The legal clocks: their messages reach people by every channel, whatever they chose.
    public var isLegalClock: Bool { self == .clockWarning || self == .clockBreach }

    public var title: String {
        switch self {
        case .clockWarning: "A legal deadline is near"
        case .clockBreach: "A legal deadline was missed"
        case .tipReceived: "A new tip"
        case .tipUnacknowledged: "A tip past its acknowledgement time"
        case .qaReviewDue: "A call's QA review is due"
        case .qaReviewOverdue: "A call's QA review is overdue"
        case .applicationDecided: "A readiness application was decided"
        case .renewalOpen: "A readiness renewal opened"
        }
    }
}

/// The channels of the outbox; the in-app inbox is written directly and needs no delivery.
public enum DeliveryChannel: String, CaseIterable, Codable, Sendable {
    case email
    case webhook
}

/// Where a message in the outbox stands.
public enum OutboxState: String, CaseIterable, Codable, Sendable {
    /// Waiting for its next attempt (or its first).
    case pending
    case delivered
    /// Every attempt failed, or the endpoint is gone: administrators see it and can replay it.
    case dead
}

/// The thin webhook payload: what happened, when, and ids and links only — never a name.
public struct EventPayload: Codable, Sendable, Equatable {
    public var type: String
    /// UTC, `YYYY-MM-DDThh:mm:ssZ`.
    public var timestamp: String
    public var data: [String: String]

    public init(type: EventType, at instant: Date, data: [String: String]) {
        self.type = type.rawValue
        self.timestamp = Timestamp.formatSeconds(instant)
        self.data = data
    }

    /// The bytes sent and signed: keys sorted, so a retry sends the same bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// One delivery on one channel: an e-mail to one person or a webhook call to one endpoint.
public struct OutboxMessage: Sendable, Equatable {
    public var id: String
    /// The same on every attempt: the webhook's `webhook-id`, the e-mail's Message-ID.
    public var eventID: String
    public var eventType: EventType
    public var organizationID: OrganizationID
    public var channel: DeliveryChannel
    /// The person an e-mail goes to.
    public var recipient: UserID?
    /// The endpoint a webhook goes to.
    public var endpointID: WebhookEndpointID?
    /// The e-mail's subject, or the event's title.
    public var subject: String
    /// The e-mail's text (ids, a deadline and a link; no personal data), or empty for a webhook.
    public var text: String
    /// The webhook's JSON body, sent byte for byte on every attempt.
    public var payload: Data
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Date
    public var createdAt: Date
    public var deliveredAt: Date?
    public var lastStatus: Int?
    public var lastError: String?

    public init(
        id: String, eventID: String, eventType: EventType, organizationID: OrganizationID, channel: DeliveryChannel,
        recipient: UserID? = nil, endpointID: WebhookEndpointID? = nil, subject: String, text: String = "", payload: Data = Data(),
        state: OutboxState = .pending, attempts: Int = 0, nextAttemptAt: Date, createdAt: Date, deliveredAt: Date? = nil,
        lastStatus: Int? = nil, lastError: String? = nil
    ) {
        self.id = id
        self.eventID = eventID
        self.eventType = eventType
        self.organizationID = organizationID
        self.channel = channel
        self.recipient = recipient
        self.endpointID = endpointID
        self.subject = subject
        self.text = text
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = Timestamp.truncated(nextAttemptAt)
        self.createdAt = Timestamp.truncated(createdAt)
        self.deliveredAt = deliveredAt.map(Timestamp.truncated)
        self.lastStatus = lastStatus
        self.lastError = lastError
    }
}

/// How long to wait before each retry: the delays of the schedule in order, each varied by up to
/// `jitter` of itself so that many failed deliveries do not all come back at once.
public struct RetrySchedule: Sendable, Equatable {
    public var delays: [TimeInterval]
    public var jitter: Double

    public init(delays: [TimeInterval], jitter: Double = 0.2) {
        self.delays = delays
        self.jitter = jitter
    }

    /// 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 6 h, 12 h, 24 h: about two days in all.
    public static let standard = RetrySchedule(delays: [5, 30, 120, 600, 1800, 3600, 7200, 21_600, 43_200, 86_400])

    /// The longest wait one step of a configured schedule may have: a week.
    public static let longestDelay: TimeInterval = 7 * 86_400

    /// Reads "5s, 30s, 2m, 1h"; nil when a delay is unreadable, not above zero, longer than
    /// ``longestDelay``, or the list is empty or longer than 50 steps.
    public static func parse(_ text: String, jitter: Double = 0.2) -> RetrySchedule? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= 50 else { return nil }
        let delays = parts.map { part -> TimeInterval? in
            guard let unit = part.last, let number = Double(part.dropLast()), number.isFinite, number > 0 else { return nil }
            let seconds: TimeInterval
            switch unit {
            case "s": seconds = number
            case "m": seconds = number * 60
            case "h": seconds = number * 3600
            default: return nil
            }
            return seconds <= longestDelay ? seconds : nil
        }
        guard !delays.isEmpty, delays.allSatisfy({ $0 != nil }) else { return nil }
        return RetrySchedule(delays: delays.compactMap { $0 }, jitter: jitter)
    }

    /// The longest wait a receiver's `Retry-After` can ask for: a week. A larger one (or a date
    /// centuries away) would put the next attempt past any time the outbox can store.
    public static let longestRetryAfter: TimeInterval = 7 * 86_400

    /// The wait after failed attempt number `attempt` (1 for the first), at least what the
    /// receiver asked for with `Retry-After` (at most a week); nil once the schedule is spent.
    /// `random` in 0..<1.
    public func delay(afterAttempt attempt: Int, retryAfter: TimeInterval?, random: Double) -> TimeInterval? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let base = delays[attempt - 1]
        let varied = base * (1 - jitter + 2 * jitter * random)
        return max(varied, min(retryAfter ?? 0, Self.longestRetryAfter))
    }
}

/// What one attempt came to.
public enum AttemptOutcome: Sendable, Equatable {
    case delivered(status: Int?)
    /// Try again later: a failure, a 429 or a 503 (with the receiver's `Retry-After`, if any).
    case retry(status: Int?, retryAfter: TimeInterval?, reason: String)
    /// 410 Gone: the endpoint is disabled and the message ends in the dead letters.
    case gone(status: Int)
    /// Refused for good (a mail server's 5xx to the recipient, an endpoint no longer in use):
    /// retrying cannot help, so the message goes to the dead letters at once.
    case rejected(status: Int?, reason: String)

    /// The outcome of an HTTP answer: 2xx delivered, 410 gone, anything else retried.
    public static func http(status: Int, retryAfter: String?, now: Date) -> AttemptOutcome {
        switch status {
        case 200..<300: return .delivered(status: status)
        case 410: return .gone(status: status)
        default:
            let wait = retryAfter.flatMap { RetryAfter.seconds($0, now: now) }
            return .retry(status: status, retryAfter: wait, reason: "HTTP \(status)")
        }
    }
}

/// One attempt, recorded whatever its outcome.
public struct DeliveryAttempt: Sendable, Equatable {
    public var messageID: String
    public var number: Int
    public var at: Date
    public var outcome: String
    public var status: Int?
    public var error: String?

    public init(messageID: String, number: Int, at: Date, outcome: String, status: Int?, error: String?) {
        self.messageID = messageID
        self.number = number
        self.at = Timestamp.truncated(at)
        self.outcome = outcome
        self.status = status
        self.error = error
    }
}

extension OutboxMessage {
    /// The message after an attempt with `outcome` at `instant`, the attempt as recorded, and
    /// whether the endpoint must be disabled (410). A retry waits as `schedule` says; a spent
    /// schedule ends in the dead letters.
    public func recording(_ outcome: AttemptOutcome, at instant: Date, schedule: RetrySchedule, random: Double)
        -> (message: OutboxMessage, attempt: DeliveryAttempt, disableEndpoint: Bool)
    {
        var message = self
        message.attempts += 1
        let number = message.attempts
        switch outcome {
        case .delivered(let status):
            message.state = .delivered
            message.deliveredAt = Timestamp.truncated(instant)
            message.lastStatus = status
            message.lastError = nil
            return (
                message, DeliveryAttempt(messageID: id, number: number, at: instant, outcome: "delivered", status: status, error: nil),
                false
            )
        case .gone(let status):
            message.state = .dead
            message.lastStatus = status
            message.lastError = "The endpoint answered 410 Gone; it is disabled."
            return (
                message,
                DeliveryAttempt(messageID: id, number: number, at: instant, outcome: "gone", status: status, error: message.lastError), true
            )
        case .rejected(let status, let reason):
            message.state = .dead
            message.lastStatus = status
            message.lastError = reason
            return (
                message, DeliveryAttempt(messageID: id, number: number, at: instant, outcome: "rejected", status: status, error: reason),
                false
            )
        case .retry(let status, let retryAfter, let reason):
            message.lastStatus = status
            message.lastError = reason
            if let wait = schedule.delay(afterAttempt: number, retryAfter: retryAfter, random: random) {
                message.nextAttemptAt = Timestamp.truncated(instant + wait)
            } else {
                message.state = .dead
            }
            return (
                message, DeliveryAttempt(messageID: id, number: number, at: instant, outcome: "failed", status: status, error: reason),
                false
            )
        }
    }

    /// A dead message sent again from now, its attempts kept.
    public func replaying(at instant: Date) throws -> OutboxMessage {
        guard state == .dead else { throw HomewardError.conflict("Only a message in the dead letters is replayed.") }
        var message = self
        message.state = .pending
        message.nextAttemptAt = Timestamp.truncated(instant)
        return message
    }
}

/// The `Retry-After` header: seconds, or an HTTP date.
public enum RetryAfter {
    public static func seconds(_ value: String, now: Date) -> TimeInterval? {
        let value = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(value), seconds >= 0 { return TimeInterval(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}

/// Which messages reach a person by e-mail besides the inbox: every kind unless turned off, the
/// legal clocks always; tips one by one or in a daily digest.
public struct NotificationPreferences: Sendable, Equatable {
    public var emailOff: Set<EventType>
    public var tipDigest: Bool

    public init(emailOff: Set<EventType> = [], tipDigest: Bool = false) {
        self.emailOff = emailOff
        self.tipDigest = tipDigest
    }

    /// Whether a message of `type` goes out by e-mail at once (digested tips wait for the digest).
    public func emailsAtOnce(_ type: EventType) -> Bool {
        if type.isLegalClock { return true }
        if type == .tipReceived && tipDigest { return false }
        return !emailOff.contains(type)
    }

    /// The choices as submitted: the kinds to e-mail (by their names) and the digest. A legal
    /// clock cannot be turned off.
    public static func choosing(emailed: [String], tipDigest: Bool) throws -> NotificationPreferences {
        var on = Set<EventType>()
        for name in emailed {
            guard let type = EventType(rawValue: name) else { throw HomewardError.invalid("email", "\(name) is not a kind of message.") }
            on.insert(type)
        }
        return NotificationPreferences(
            emailOff: Set(EventType.allCases.filter { !$0.isLegalClock && !on.contains($0) }), tipDigest: tipDigest)
    }
}

/// The outbox: messages waiting for delivery, their attempts, the webhook endpoints they go to,
/// and each person's choices. Any number of delivery workers share it: a message is claimed with a
/// lease, and only the holder of the lease records its attempt.
public protocol OutboxStore: Sendable {
    func webhookEndpoints(of organization: OrganizationID) async throws -> [WebhookEndpoint]
    func webhookEndpoint(_ id: WebhookEndpointID) async throws -> WebhookEndpoint?
    /// Adds an endpoint or stores its change (secret rotated, disabled, events chosen).
    func saveWebhookEndpoint(_ endpoint: WebhookEndpoint, audit: AuditEntry) async throws
    /// Adds messages to the outbox in one transaction.
    func enqueue(_ messages: [OutboxMessage]) async throws
    /// Claims up to `limit` messages due at `now` for `owner` until `now + lease`, the soonest due
    /// first; a message another worker holds is skipped, one whose lease ran out is taken over.
    func claimDueMessages(owner: String, now: Date, lease: TimeInterval, limit: Int) async throws -> [OutboxMessage]
    /// Records an attempt and the message's new state (and disables the endpoint on a 410) in one
    /// transaction, if `owner` still holds the lease; conflict when it does not.
    func recordAttempt(_ attempt: DeliveryAttempt, message: OutboxMessage, owner: String, disabling endpoint: WebhookEndpointID?)
        async throws
    func outboxMessage(_ id: String) async throws -> OutboxMessage?
    /// Messages in `state`, of `organization` when given, newest first.
    func outboxMessages(state: OutboxState?, organization: OrganizationID?, limit: Int) async throws -> [OutboxMessage]
    func deliveryAttempts(of message: String) async throws -> [DeliveryAttempt]
    /// Sends a dead message again from `instant`; conflict when it is not dead.
    func replay(_ id: String, at instant: Date, audit: AuditEntry) async throws
    func notificationPreferences(of user: UserID) async throws -> NotificationPreferences
    func setNotificationPreferences(_ preferences: NotificationPreferences, of user: UserID, audit: AuditEntry) async throws
}
