import Foundation

/// A referral from a case to a service.
public enum ReferralKind: String, CaseIterable, Codable, Sendable {
    case familyAdvocacy = "family_advocacy"
    case teamHope = "team_hope"
    case traffickingRecovery = "trafficking_recovery"
    case forensicImaging = "forensic_imaging"
    /// The clearinghouse's rapid on-site support for critical cases: experienced investigators who
    /// come to help the police agency within hours.
    case teamAdam = "team_adam"

    public var title: String {
        switch self {
        case .familyAdvocacy: "Family Advocacy"
        case .teamHope: "Team HOPE (peer support)"
        case .traffickingRecovery: "Child Sex Trafficking Recovery Services Team"
        case .forensicImaging: "Forensic Imaging (age progression)"
        case .teamAdam: "Team Adam (rapid on-site support)"
        }
    }

    /// Why the service is suggested for a case.
    public var suggestionReason: String {
        switch self {
        case .familyAdvocacy: "Support for the family while the child is missing."
        case .teamHope: "Peer support from families who have had a child missing."
        case .traffickingRecovery: "A trafficking concern was reported: recovery and safety planning with the child-welfare professional."
        case .forensicImaging: "The case is long-term: an age-progressed image for the poster and NCIC."
        case .teamAdam: "A critical case (an abduction, or a child in danger): investigators on site within hours to support the police."
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

    /// The referrals a case should have: rapid on-site support for a critical case (an abduction,
    /// or a child with a person who may endanger them or thinking of suicide), the recovery
    /// services team when a trafficking concern is flagged, forensic imaging once the case is
    /// long-term, and peer support for the family.
    public static func suggestions(for episode: MissingEpisode, longTerm: Bool) -> [ReferralKind] {
        var kinds: [ReferralKind] = []
        if episode.caseType.isAbduction || !episode.endangerments.isDisjoint(with: [.withEndangeringPerson, .suicidalIdeation]) {
            kinds.append(.teamAdam)
        }
        if episode.endangerments.contains(.traffickingConcern) { kinds.append(.traffickingRecovery) }
        if longTerm { kinds.append(.forensicImaging) }
        kinds += [.familyAdvocacy, .teamHope]
        return kinds
    }
}

// MARK: - Commands

extension Referral {
    /// A referral of the case `episode` to the service `kind` (by its name), with a note; refused
    /// for an unknown service, a note over 1,000 characters, or while the case has an open referral
    /// to the same service among `existing`.
    public static func requesting(
        _ kind: String, note: String, episode: EpisodeID, existing: [Referral], id: String, by person: UserID, at instant: Date
    ) throws -> Referral {
        guard let kind = ReferralKind(rawValue: kind) else { throw HomewardError.invalid("kind", "Choose the service.") }
        let note = note.trimmed
        guard note.count <= 1000 else { throw HomewardError.invalid("note", "Keep the note under 1,000 characters.") }
        if existing.contains(where: { $0.kind == kind && ($0.status == .requested || $0.status == .accepted) }) {
            throw HomewardError.conflict("This case already has an open referral to \(kind.title).")
        }
        return Referral(id: id, episodeID: episode, kind: kind, note: note, requestedBy: person, requestedAt: instant)
    }

    /// Whether `principal` records the outcome of the clearinghouse's referrals: its case managers
    /// and administrators. The services are the clearinghouse's own; the case's agencies request
    /// them but never record that a team accepted, declined or finished.
    public static func recordsOutcome(_ principal: Principal) -> Bool {
        principal.isClearinghouseStaff && !principal.roles.isDisjoint(with: [.caseManager, .clearinghouseAdmin])
    }

    /// The referral with a new status (accepted, declined with its reason, done), recorded by the
    /// clearinghouse (``recordsOutcome(_:)``).
    public func updating(status text: String, declineReason: String, at instant: Date, by principal: Principal) throws -> Referral {
        guard Self.recordsOutcome(principal) else {
            throw HomewardError.forbidden("Only the clearinghouse records the outcome of its referrals.")
        }
        guard let status = ReferralStatus(rawValue: text), status != .requested else {
            throw HomewardError.invalid("status", "Choose accepted, declined or done.")
        }
        let reason = declineReason.trimmed
        if status == .declined && reason.isEmpty { throw HomewardError.invalid("declineReason", "Give the reason it was declined.") }
        var referral = self
        referral.status = status
        referral.declineReason = status == .declined ? String(reason.prefix(500)) : ""
        referral.updatedAt = Timestamp.truncated(instant)
        return referral
    }
}
