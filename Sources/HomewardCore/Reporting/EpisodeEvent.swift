import Foundation

/// The identifier of one entry on an episode's timeline.
public struct EpisodeEventID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// What happened. The timeline is append-only: a correction is a new event, never an edit.
public enum EpisodeEventKind: String, CaseIterable, Codable, Sendable {
    /// The agency reported the child to police (closes the police-report clock).
    case reportedToPolice = "reported_to_police"
    /// The agency reported the child to the clearinghouse (closes the clearinghouse clock).
    case reportedToClearinghouse = "reported_to_clearinghouse"
    /// Police entered the child into NCIC (closes the NCIC clock).
    case ncicEntered = "ncic_entered"
    case note
    case contact
    case sighting
    case located
    case recovered
    case assigned
    /// A supervisor or case manager settled a difference between what the two agencies recorded
    /// of one duty (see ``ProofDifference``): the reference holds the difference's key.
    case differenceSettled = "difference_settled"
    /// A supervisor approved a second open case for a child with the name and date of birth of a
    /// child with an open case (see ``SecondOpenCaseRule``): on both cases, each naming the other.
    case secondOpenCase = "second_open_case"

    public var title: String {
        switch self {
        case .reportedToPolice: "Reported to police"
        case .reportedToClearinghouse: "Reported to the clearinghouse"
        case .ncicEntered: "Entered into NCIC"
        case .note: "Note"
        case .contact: "Contact"
        case .sighting: "Sighting"
        case .located: "Located"
        case .recovered: "Recovered"
        case .assigned: "Case manager assigned"
        case .differenceSettled: "Difference settled"
        case .secondOpenCase: "Second open case approved"
        }
    }
}

/// One entry on an episode's timeline: what happened, when it happened, who recorded it and how,
/// with a reference (report number, case number, NIC) where the event is the proof of a duty.
public struct EpisodeEvent: Sendable, Equatable, Identifiable {
    public var id: EpisodeEventID
    public var episodeID: EpisodeID
    public var kind: EpisodeEventKind
    /// When it happened, as stated by the person recording it.
    public var occurredAt: Date
    /// When it was recorded in Homeward.
    public var recordedAt: Date
    public var recordedBy: UserID
    public var recordedByOrganization: OrganizationID
    /// How it was done: "phone", "in person", "NCIC terminal", "Homeward report".
    public var method: String?
    /// The reference that proves it: a police report number, a clearinghouse case number, a NIC.
    public var reference: String?
    /// Free text. Never logged.
    public var note: String?
    /// The police case this entry was recorded on, for a duty's proof the investigating police
    /// agency recorded on its own case (see ``PoliceCase/proofEvents``); nil for the episode's own
    /// timeline. Such an entry is read from the police case, never stored twice.
    public var policeCaseID: PoliceCaseID?

    public init(
        id: EpisodeEventID, episodeID: EpisodeID, kind: EpisodeEventKind, occurredAt: Date, recordedAt: Date, recordedBy: UserID,
        recordedByOrganization: OrganizationID, method: String? = nil, reference: String? = nil, note: String? = nil,
        policeCaseID: PoliceCaseID? = nil
    ) {
        self.id = id
        self.episodeID = episodeID
        self.kind = kind
        self.occurredAt = Timestamp.truncated(occurredAt)
        self.recordedAt = Timestamp.truncated(recordedAt)
        self.recordedBy = recordedBy
        self.recordedByOrganization = recordedByOrganization
        self.method = method
        self.reference = reference
        self.note = note
        self.policeCaseID = policeCaseID
    }

    /// What a proof of a duty still lacks: who, how, when and a reference are all required.
    public var missingProof: [String] {
        var missing: [String] = []
        if (method ?? "").trimmed.isEmpty { missing.append("how it was done") }
        if (reference ?? "").trimmed.isEmpty { missing.append("a reference") }
        return missing
    }
}
