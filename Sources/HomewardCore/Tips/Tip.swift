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
        if seen.trimmed.isEmpty { errors.add("seen", "Say what you saw.") }
        if seen.count > 4000 { errors.add("seen", "Keep it under 4,000 characters.") }
        if place.trimmed.isEmpty { errors.add("place", "Say where.") }
        if place.count > 500 { errors.add("place", "Keep the place under 500 characters.") }
        if when.trimmed.isEmpty { errors.add("when", "Say when, as well as you remember.") }
        if when.count > 200 { errors.add("when", "Keep the time under 200 characters.") }
        if contactName.count > 200 { errors.add("contactName", "Keep the name under 200 characters.") }
        if contactPhone.count > 40 { errors.add("contactPhone", "Keep the phone number under 40 characters.") }
        TextRules.check(
            [
                ("seen", seen, 4000, true), ("place", place, 500, false), ("when", when, 200, false),
                ("contactName", contactName, 200, false),
                ("contactPhone", contactPhone, 40, false), ("contactEmail", contactEmail, 200, false),
            ], errors: &errors)
        if !contactEmail.trimmed.isEmpty && !UserRules.isValidEmail(contactEmail.trimmed) {
            errors.add("contactEmail", "Give an e-mail address like name@example.org, or leave it empty.")
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

/// A referral from a case to a service.
public enum ReferralKind: String, CaseIterable, Codable, Sendable {
    case familyAdvocacy = "family_advocacy"
    case teamHope = "team_hope"
    case traffickingRecovery = "trafficking_recovery"
    case forensicImaging = "forensic_imaging"

    public var title: String {
        switch self {
        case .familyAdvocacy: "Family Advocacy"
        case .teamHope: "Team HOPE (peer support)"
        case .traffickingRecovery: "Child Sex Trafficking Recovery Services Team"
        case .forensicImaging: "Forensic Imaging (age progression)"
        }
    }

    /// Why the service is suggested for a case.
    public var suggestionReason: String {
        switch self {
        case .familyAdvocacy: "Support for the family while the child is missing."
        case .teamHope: "Peer support from families who have had a child missing."
        case .traffickingRecovery: "A trafficking concern was reported: recovery and safety planning with the child-welfare professional."
        case .forensicImaging: "The case is long-term: an age-progressed image for the poster and NCIC."
        }
    }
}

public enum ReferralStatus: String, CaseIterable, Codable, Sendable {
    case requested, accepted, declined, done

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public struct Referral: Sendable, Equatable, Identifiable {
    public var id: String
    public var episodeID: EpisodeID
    public var kind: ReferralKind
    public var status: ReferralStatus
    public var note: String
    /// Required when declined.
    public var declineReason: String
    public var requestedBy: UserID
    public var requestedAt: Date
    public var updatedAt: Date

    public init(
        id: String, episodeID: EpisodeID, kind: ReferralKind, status: ReferralStatus = .requested, note: String = "",
        declineReason: String = "", requestedBy: UserID, requestedAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.episodeID = episodeID
        self.kind = kind
        self.status = status
        self.note = note
        self.declineReason = declineReason
        self.requestedBy = requestedBy
        self.requestedAt = Timestamp.truncated(requestedAt)
        self.updatedAt = Timestamp.truncated(updatedAt ?? requestedAt)
    }

    /// The referrals a case should have: the recovery services team when a trafficking concern is
    /// flagged, forensic imaging once the case is long-term, and peer support for the family.
    public static func suggestions(for episode: MissingEpisode, longTerm: Bool) -> [ReferralKind] {
        var kinds: [ReferralKind] = []
        if episode.endangerments.contains(.traffickingConcern) { kinds.append(.traffickingRecovery) }
        if longTerm { kinds.append(.forensicImaging) }
        kinds += [.familyAdvocacy, .teamHope]
        return kinds
    }
}

/// Posters, tips and referrals.
public protocol PosterStore: Sendable {
    /// The episode's poster, if one was drafted.
    func poster(ofEpisode episode: EpisodeID) async throws -> Poster?
    func poster(slug: String) async throws -> Poster?
    /// Creates or replaces the poster; bumps its revision.
    func savePoster(_ poster: Poster, audit: AuditEntry) async throws
    /// Published posters, newest first (for the public list and feeds).
    func publishedPosters(limit: Int) async throws -> [Poster]
    /// The revision of the poster at `slug` (for cache checks), or nil when there is none.
    func posterRevision(slug: String) async throws -> (status: PosterStatus, revision: Int)?

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

    /// Opens the long-term tasks of an episode, once: returns false when another instance (or an
    /// earlier run) already did.
    func openLongTermTasks(_ tasks: [CaseTask], audit: AuditEntry) async throws -> Bool

    func referrals(ofEpisode episode: EpisodeID) async throws -> [Referral]
    func saveReferral(_ referral: Referral, audit: AuditEntry) async throws
}
