import Foundation

/// Work that recovery opens, required by 42 U.S.C. 671(a)(35)(A).
public enum CaseTaskKind: String, CaseIterable, Codable, Sendable {
    /// Talk with the child: why they left and what happened while they were gone.
    case returnInterview = "return_interview"
    /// Screen the child for sex trafficking while absent.
    case traffickingScreening = "trafficking_screening"
    /// The 30-day NCIC update of a long-term case.
    case ncicUpdate = "ncic_30_day_update"
    /// Ask Forensic Imaging for an age progression.
    case ageProgression = "age_progression_request"
    /// The investigating agency cancels the child's NCIC record once the child is recovered.
    case ncicCancel = "ncic_cancel"

    /// Whose work the task is: only they see it with a way to mark it done (the clearinghouse's
    /// case staff see every task).
    public var owner: CaseTaskOwner {
        switch self {
        case .returnInterview, .traffickingScreening: .reportingAgency
        case .ncicUpdate, .ncicCancel: .investigatingAgency
        case .ageProgression: .clearinghouse
        }
    }

    public var title: String {
        switch self {
        case .ncicCancel: "Cancel the NCIC record: the child has been recovered"
        case .returnInterview: "Return interview: why the child left and their experiences while absent"
        case .traffickingScreening: "Sex-trafficking screening"
        case .ncicUpdate: "30-day NCIC update: dental records, a recent photo, an unidentified-persons check"
        case .ageProgression: "Request an age progression from Forensic Imaging"
        }
    }
}

/// Who does a kind of case task.
public enum CaseTaskOwner: String, Sendable {
    case reportingAgency = "reporting_agency"
    case investigatingAgency = "investigating_agency"
    case clearinghouse
}

/// A task with a due date on an episode.
public struct CaseTask: Sendable, Equatable, Identifiable {
    public var id: String
    public var episodeID: EpisodeID
    public var kind: CaseTaskKind
    public var dueAt: Date
    public var completedAt: Date?
    public var completedBy: UserID?
    public var note: String?

    public init(
        id: String, episodeID: EpisodeID, kind: CaseTaskKind, dueAt: Date, completedAt: Date? = nil, completedBy: UserID? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.episodeID = episodeID
        self.kind = kind
        self.dueAt = Timestamp.truncated(dueAt)
        self.completedAt = completedAt.map(Timestamp.truncated)
        self.completedBy = completedBy
        self.note = note
    }

    /// Whether the task is open past its due date at `now`.
    public func isOverdue(at now: Date) -> Bool { completedAt == nil && now > dueAt }
}

/// How long the recovery tasks have. Reference data: states set their own (72 hours is common).
public struct RecoveryTaskPolicy: Sendable, Equatable {
    public var returnInterviewWindow: TimeInterval
    public var traffickingScreeningWindow: TimeInterval
    /// How long police have to cancel the NCIC record of a recovered child (as long as they had to enter it).
    public var ncicCancelWindow: TimeInterval

    public init(
        returnInterviewWindow: TimeInterval = 72 * 3600, traffickingScreeningWindow: TimeInterval = 72 * 3600,
        ncicCancelWindow: TimeInterval = 2 * 3600
    ) {
        self.returnInterviewWindow = returnInterviewWindow
        self.traffickingScreeningWindow = traffickingScreeningWindow
        self.ncicCancelWindow = ncicCancelWindow
    }

    /// The tasks a recovery at `recoveredAt` opens: the agency's return interview and screening,
    /// and, when the child is in NCIC, the investigating agency's cancellation of the record.
    public func tasks(for episode: MissingEpisode, recoveredAt: Date, ids: () -> String) -> [CaseTask] {
        var tasks = [
            CaseTask(id: ids(), episodeID: episode.id, kind: .returnInterview, dueAt: recoveredAt + returnInterviewWindow),
            CaseTask(id: ids(), episodeID: episode.id, kind: .traffickingScreening, dueAt: recoveredAt + traffickingScreeningWindow),
        ]
        if let nic = episode.ncicNumber, !nic.isEmpty {
            tasks.append(
                CaseTask(
                    id: ids(), episodeID: episode.id, kind: .ncicCancel, dueAt: recoveredAt + ncicCancelWindow, note: nil))
        }
        return tasks
    }
}

/// When an open case becomes long-term and what that opens.
public struct LongTermPolicy: Sendable, Equatable {
    public var days: Int

    public init(days: Int = 30) { self.days = days }

    /// Whether `episode` is long-term at `instant`: still missing this many days after the agency
    /// learned of it.
    public func isLongTerm(_ episode: MissingEpisode, at instant: Date) -> Bool {
        [.open, .located].contains(episode.status) && instant >= episode.receivedAt + TimeInterval(days) * 86_400
    }

    /// The tasks a case opens when it turns long-term, due a week later.
    public func tasks(for episode: EpisodeID, at instant: Date, ids: () -> String) -> [CaseTask] {
        [
            CaseTask(id: ids(), episodeID: episode, kind: .ncicUpdate, dueAt: instant + 7 * 86_400),
            CaseTask(id: ids(), episodeID: episode, kind: .ageProgression, dueAt: instant + 7 * 86_400),
        ]
    }
}

/// A service the clearinghouse offers, suggested by what the report says.
public struct SuggestedService: Sendable, Equatable {
    public var name: String
    public var reason: String
}

/// Which guidance an episode's facts call for. Services a case is referred to (the trafficking
/// recovery team among them) are suggested as referrals: see ``Referral/suggestions(for:longTerm:)``.
public enum ServiceSuggestions {
    public static func suggestions(for episode: MissingEpisode) -> [SuggestedService] {
        var services: [SuggestedService] = []
        if episode.endangerments.contains(.autismSpectrum) {
            services.append(
                SuggestedService(
                    name: "Guidance for children on the autism spectrum",
                    reason: "Search and approach guidance, including the pull of water and hiding places."))
        }
        return services
    }
}
