import Foundation

/// What a member of the public sends from a poster's tip form.
public struct TipSubmission: Sendable, Equatable, Codable {
    public var seen: String
    public var place: String
    public var when: String
    public var contactName: String
    public var contactPhone: String
    public var contactEmail: String

    public init(seen: String, place: String, when: String, contactName: String = "", contactPhone: String = "", contactEmail: String = "") {
        self.seen = seen
        self.place = place
        self.when = when
        self.contactName = contactName
        self.contactPhone = contactPhone
        self.contactEmail = contactEmail
    }

    private enum CodingKeys: String, CodingKey {
        case seen, place, when, contactName, contactPhone, contactEmail
    }

    /// Decodes a tip sent as JSON; the contact fields may be left out.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seen = try c.decodeIfPresent(String.self, forKey: .seen) ?? ""
        place = try c.decodeIfPresent(String.self, forKey: .place) ?? ""
        when = try c.decodeIfPresent(String.self, forKey: .when) ?? ""
        contactName = try c.decodeIfPresent(String.self, forKey: .contactName) ?? ""
        contactPhone = try c.decodeIfPresent(String.self, forKey: .contactPhone) ?? ""
        contactEmail = try c.decodeIfPresent(String.self, forKey: .contactEmail) ?? ""
    }

    /// Every problem at once, by field.
    public func validate() throws {
        var errors = FieldErrors()
        if seen.trimmed.isEmpty { errors.add("seen", "Say what you saw.", code: "required") }
        if seen.count > 4000 { errors.add("seen", "Keep it under 4,000 characters.", code: "tooLong") }
        if place.trimmed.isEmpty { errors.add("place", "Say where.", code: "required") }
        if place.count > 500 { errors.add("place", "Keep the place under 500 characters.", code: "tooLong") }
        if when.trimmed.isEmpty { errors.add("when", "Say when, as well as you remember.", code: "required") }
        if when.count > 200 { errors.add("when", "Keep the time under 200 characters.", code: "tooLong") }
        if contactName.count > 200 { errors.add("contactName", "Keep the name under 200 characters.", code: "tooLong") }
        if contactPhone.count > 40 { errors.add("contactPhone", "Keep the phone number under 40 characters.", code: "tooLong") }
        TextRules.check(
            [
                ("seen", seen, 4000, true), ("place", place, 500, false), ("when", when, 200, false),
                ("contactName", contactName, 200, false),
                ("contactPhone", contactPhone, 40, false), ("contactEmail", contactEmail, 200, false),
            ], errors: &errors)
        if !contactEmail.trimmed.isEmpty && !UserRules.isValidEmail(contactEmail.trimmed) {
            errors.add("contactEmail", "Give an e-mail address like name@example.org, or leave it empty.", code: "email")
        }
        try errors.throwIfAny()
    }
}

/// A tip, stored before the public is told it was received, and readable only by the
/// investigating police agency and the clearinghouse's case staff.
public struct Tip: Sendable, Equatable, Identifiable {
    public var id: String
    public var posterID: String
    public var episodeID: EpisodeID
    /// The police agency the tip is routed to.
    public var investigatingOrganizationID: OrganizationID?
    public var submission: TipSubmission
    public var submittedAt: Date
    /// When police should have marked it received.
    public var acknowledgeBy: Date
    public var receivedAt: Date?
    public var receivedBy: UserID?
    public var actionable: Bool?
    public var idempotencyKey: String
    /// The keys of earlier submissions this one repeats when one of them was stored within
    /// ``TipRetry/window`` (see ``TipRetry/keys(slug:address:submission:clientKey:at:)``); not stored.
    public var earlierKeys: [String] = []

    public init(
        id: String, posterID: String, episodeID: EpisodeID, investigatingOrganizationID: OrganizationID?, submission: TipSubmission,
        submittedAt: Date, acknowledgeBy: Date, receivedAt: Date? = nil, receivedBy: UserID? = nil, actionable: Bool? = nil,
        idempotencyKey: String
    ) {
        self.id = id
        self.posterID = posterID
        self.episodeID = episodeID
        self.investigatingOrganizationID = investigatingOrganizationID
        self.submission = submission
        self.submittedAt = Timestamp.truncated(submittedAt)
        self.acknowledgeBy = Timestamp.truncated(acknowledgeBy)
        self.receivedAt = receivedAt.map(Timestamp.truncated)
        self.receivedBy = receivedBy
        self.actionable = actionable
        self.idempotencyKey = idempotencyKey
    }

    /// Whether police are late to mark it received.
    public func isOverdue(at instant: Date) -> Bool { receivedAt == nil && instant > acknowledgeBy }
}

/// Where a poster's tips go and how a tip is taken in.
public enum TipRouting {
    /// Who receives a case's tips: the investigating agency's active investigators and
    /// supervisors, and the case manager. No one at the reporting agency, and no one else.
    public static func recipients(policeStaff: [User], caseManager: UserID?) -> [UserID] {
        policeStaff.filter { $0.active && !$0.roles.isDisjoint(with: [.investigator, .supervisor]) }.map(\.id)
            + (caseManager.map { [$0] } ?? [])
    }

    /// The tip `submission` becomes when taken in at `instant` for a published poster: routed to
    /// the investigating agency, to be acknowledged within `acknowledgeWithin` seconds. Throws the
    /// submission's field errors.
    public static func accept(
        _ submission: TipSubmission, id: String, posterID: String, episodeID: EpisodeID, police: OrganizationID?, at instant: Date,
        acknowledgeWithin: TimeInterval, idempotencyKey: String
    ) throws -> Tip {
        try submission.validate()
        return Tip(
            id: id, posterID: posterID, episodeID: episodeID, investigatingOrganizationID: police, submission: submission,
            submittedAt: instant, acknowledgeBy: instant + acknowledgeWithin, idempotencyKey: idempotencyKey)
    }
}

/// Which submissions are one tip. Only true retries merge: the same `Idempotency-Key` for the same
/// poster, or the same text from the same address within ten minutes. The same sighting reported
/// again later, or by someone else behind the same address later, is a tip of its own.
public enum TipRetry {
    /// How long the same text from the same address counts as a retry.
    public static let window: TimeInterval = 600
    /// The longest `Idempotency-Key` taken.
    public static let clientKeyLimit = 200

    /// The client's `Idempotency-Key` as sent: nil when none (or only spaces); a key over the limit
    /// is refused, never ignored.
    public static func clientKey(_ header: String?) throws -> String? {
        guard let key = header?.trimmed, !key.isEmpty else { return nil }
        guard key.count <= clientKeyLimit, key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw HomewardError.invalid(
                "Idempotency-Key", "An Idempotency-Key is at most \(clientKeyLimit) printable ASCII characters.", code: "tooLong")
        }
        return key
    }

    /// The key a submission is stored under, and the keys of earlier submissions it repeats if
    /// stored within the window: with a client key, that key for this poster (the same key sent to
    /// another poster is another tip) and nothing earlier; else the digest of the poster, the
    /// sender's address and every field, in ten-minute periods: this period's and the one before.
    public static func keys(slug: String, address: String, submission s: TipSubmission, clientKey: String?, at instant: Date)
        -> (key: String, earlier: [String])
    {
        if let clientKey { return ("key:" + SHA256Digest.hex(of: Array(slug.utf8) + [0x1F] + Array(clientKey.utf8)), []) }
        // The exact text sent: a form sent again is byte for byte the same.
        var bytes: [UInt8] = []
        for field in [slug, address, s.seen, s.place, s.when, s.contactName, s.contactPhone, s.contactEmail] {
            bytes += field.utf8
            bytes.append(0x1F)
        }
        let digest = SHA256Digest.hex(of: bytes)
        let period = Int64((instant.timeIntervalSince1970 / window).rounded(.down))
        return ("form:\(digest):\(period)", ["form:\(digest):\(period - 1)"])
    }
}

/// What an investigator records about a tip.
public enum TipMark: String, Sendable, CaseIterable {
    case received, actionable
    case notActionable = "not-actionable"

    /// Every mark records the tip received; the last two also say whether it can be acted on.
    public var actionable: Bool? {
        switch self {
        case .received: nil
        case .actionable: true
        case .notActionable: false
        }
    }
}

extension Tip {
    /// The notice announcing the tip to the people it was routed to (`recipients`, active ones
    /// only) and to the investigating agency's webhooks: when it came in, or, `overdue`, that its
    /// acknowledgement time passed unreceived. Never the tip's words: the case number and times.
    public func notice(overdue: Bool, caseNumber: String, recipients: [User]) -> NoticeEvent {
        NoticeEvent(
            type: overdue ? .tipUnacknowledged : .tipReceived, recipients: recipients.filter(\.active),
            organizations: [investigatingOrganizationID].compactMap { $0 }, organization: nil, subject: .tips(episodeID),
            threshold: overdue ? "tip_overdue" : "tip",
            titleKey: overdue ? "staff.notice.tipOverdue.title" : "staff.notice.tip.title",
            textKey: overdue ? "staff.notice.tipOverdue.text" : "staff.notice.tip.text", values: ["caseNumber": caseNumber],
            times: ["submitted": submittedAt, "acknowledgeBy": acknowledgeBy],
            data: [
                "tipId": id, "episodeId": episodeID.rawValue, "caseNumber": caseNumber,
                "acknowledgeBy": Timestamp.formatSeconds(acknowledgeBy),
            ])
    }
}

/// The daily e-mail of the tips that reached a person, for those who chose it instead of one
/// e-mail per tip: at most one a day, and none for a day without tips.
public enum TipDigest {
    /// How long a digest covers.
    public static let period: TimeInterval = 86_400

    /// Where the digest due at `instant` starts, given when the last one went; nil while the last
    /// went less than a day ago.
    public static func start(lastSent: Date?, at instant: Date) -> Date? {
        guard let lastSent else { return instant - period }
        return instant.timeIntervalSince(lastSent) < period ? nil : lastSent
    }

    /// The digest telling `reader` that `count` tips reached them since `since`; nil when there were
    /// none or the reader is no longer active. Never a tip's words or a child's name: the count and a
    /// link to the tips inbox.
    public static func notice(count: Int, since: Date, reader: User) -> NoticeEvent? {
        guard count > 0, reader.active else { return nil }
        let one = count == 1
        return NoticeEvent(
            type: .tipReceived, recipients: [reader], organizations: [], organization: nil, subject: .tipInbox,
            delivery: .digestEmail, threshold: "tip_digest",
            titleKey: one ? "staff.notice.tipDigest.title.one" : "staff.notice.tipDigest.title.other",
            textKey: one ? "staff.notice.tipDigest.text.one" : "staff.notice.tipDigest.text.other", values: ["count": "\(count)"],
            times: ["since": since],
            data: ["count": "\(count)"])
    }
}
