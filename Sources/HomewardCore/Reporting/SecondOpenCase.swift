import Foundation

/// A case still open for a child of the agency's that a new report may be about: what the store
/// finds, inside the filing's transaction, for a report that says the child is a new one.
public struct OpenCaseOfSameChild: Sendable, Equatable {
    public var episodeID: EpisodeID
    public var caseNumber: String?
    public var firstName: String
    public var lastName: String

    public init(episodeID: EpisodeID, caseNumber: String?, firstName: String, lastName: String) {
        self.episodeID = episodeID
        self.caseNumber = caseNumber
        self.firstName = firstName
        self.lastName = lastName
    }

    /// The case as people name it.
    public var label: String { caseNumber ?? episodeID.rawValue }
}

/// A supervisor's stated reason for a second open case for a child who has the name and date of
/// birth of a child with an open case (two children of one name and birthday, say, or twins
/// recorded under one name by mistake). It is shown on both cases.
public struct SecondOpenCase: Sendable, Equatable {
    public var reason: String
    public var approvedBy: UserID

    public init(reason: String, approvedBy: UserID) {
        self.reason = reason
        self.approvedBy = approvedBy
    }
}

/// One disappearance runs one set of clocks: a report that says "a different child" while a child
/// of the same name and date of birth has an open case is refused, unless a supervisor files it
/// with a stated reason.
public enum SecondOpenCaseRule {
    /// The longest reason kept.
    public static let reasonLimit = 1000
    /// Who may approve a second open case.
    public static let approvers: Set<Role> = [.supervisor]

    /// Whether a new child record would name the child of `open`: the same first and last names
    /// once folded (case, accents, spacing and punctuation aside). The date of birth is matched by
    /// the store's query.
    public static func sameNames(firstName: String, lastName: String, as open: OpenCaseOfSameChild) -> Bool {
        func folded(_ name: String) -> String { NameMatching.fold(name, keepingDigits: true) }
        let first = folded(firstName)
        let last = folded(lastName)
        return !first.isEmpty && !last.isEmpty && first == folded(open.firstName) && last == folded(open.lastName)
    }

    /// The override a form asks for: nil without a reason; a field error when the reason is too
    /// long or the person filing is not a supervisor.
    public static func override(reason: String, by user: UserID, roles: Set<Role>) throws -> SecondOpenCase? {
        let reason = reason.trimmed
        guard !reason.isEmpty else { return nil }
        if let problem = TextRules.problem(reason, limit: reasonLimit, multiline: true) {
            throw HomewardError.invalid("secondCaseReason", problem)
        }
        guard !roles.isDisjoint(with: approvers) else {
            throw HomewardError.invalid(
                "secondCaseReason", "Only a supervisor may open a second case for a child who already has an open case.")
        }
        return SecondOpenCase(reason: reason, approvedBy: user)
    }

    /// The refusal for a new child record that names the child of one of `open`, without an
    /// approved reason; nil when the report may be filed.
    public static func problem(firstName: String, lastName: String, open: [OpenCaseOfSameChild], override: SecondOpenCase?)
        -> HomewardError?
    {
        let same = open.filter { sameNames(firstName: firstName, lastName: lastName, as: $0) }
        guard let first = same.first, override == nil else { return nil }
        return .invalid(
            "childDecision",
            "A child with this name and date of birth already has an open case (\(first.label)). If it is the same child, choose that record and record what happened on the open case; a second open case needs a supervisor's stated reason."
        )
    }

    /// The entries that show the approved reason on the new case and on each open case it sits
    /// beside, each naming the other case.
    public static func events(
        newEpisode: EpisodeID, newCaseNumber: String, open: [OpenCaseOfSameChild], override: SecondOpenCase,
        organization: OrganizationID, at instant: Date, newID: () -> String
    ) -> [EpisodeEvent] {
        func event(_ episode: EpisodeID, other: String) -> EpisodeEvent {
            EpisodeEvent(
                id: EpisodeEventID(newID()), episodeID: episode, kind: .secondOpenCase, occurredAt: instant, recordedAt: instant,
                recordedBy: override.approvedBy, recordedByOrganization: organization, method: "supervisor's reason", reference: other,
                note: override.reason)
        }
        return [event(newEpisode, other: open.map(\.label).joined(separator: ", "))]
            + open.map { event($0.episodeID, other: newCaseNumber) }
    }
}
