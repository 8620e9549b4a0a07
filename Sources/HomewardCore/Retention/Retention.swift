import Foundation

/// The kinds of record a retention period can apply to.
public enum RetainedKind: String, CaseIterable, Sendable, Codable {
    /// Episodes recovered or closed, counted from their last change.
    case closedEpisodes = "closed_episodes"
    /// Public tips, counted from when they were submitted.
    case tips
    /// Missing-child calls ended (handed off or closed), counted from their end.
    case calls
    /// Report drafts never submitted, counted from their last change.
    case drafts

    /// The configuration key that sets the period, in days.
    public var configurationKey: String { "HOMEWARD_RETAIN_\(rawValue.uppercased())_DAYS" }

    public var title: String {
        switch self {
        case .closedEpisodes: "closed episodes"
        case .tips: "tips"
        case .calls: "ended calls"
        case .drafts: "report drafts"
        }
    }
}

/// How long each kind of record keeps its personal details. A kind without a period is kept as it
/// is (the default for every kind: retention is a decision the clearinghouse makes with its
/// counsel and its states' records schedules, not one Homeward makes for it).
///
/// Expiry replaces personal details with a tombstone and keeps what the statistics need: ids,
/// organizations, dates and times, statuses, outcomes, clock events and QA scores. So the compliance
/// report and the QA dashboard give the same totals before and after.
public struct RetentionPolicy: Sendable, Equatable {
    public var days: [RetainedKind: Int]

    public init(days: [RetainedKind: Int] = [:]) { self.days = days }

    public var isOff: Bool { days.isEmpty }

    /// Records of `kind` last changed before this instant have expired; nil when `kind` is kept.
    public func cutoff(for kind: RetainedKind, at instant: Date) -> Date? {
        days[kind].map { instant - TimeInterval($0) * 86_400 }
    }

    /// The shortest period allowed: a closed case can reopen, and tips and calls feed reviews.
    public static let minimumDays = 30
}

/// What a retention run did.
public struct RetentionOutcome: Sendable, Equatable {
    public var tombstoned: [RetainedKind: Int]

    public init(tombstoned: [RetainedKind: Int] = [:]) { self.tombstoned = tombstoned }

    public var total: Int { tombstoned.values.reduce(0, +) }

    public var summary: String {
        RetainedKind.allCases.map { "\(tombstoned[$0] ?? 0) \($0.title)" }.joined(separator: ", ")
    }
}

/// The rules of a tombstone.
public enum Tombstone {
    /// What a removed required text reads as.
    public static let removedText = ""

    /// A removed date of birth keeps its year (ages in statistics), written as 1 January.
    public static func birthDate(keepingYearOf date: CivilDate) -> CivilDate {
        CivilDate(year: date.year, month: 1, day: 1) ?? date
    }

    /// The audit action of each removal.
    public static let auditAction = AuditAction.retentionPersonalDataRemoved.name
}

public protocol RetentionStore: Sendable {
    /// Replaces the personal details of every record `policy` says has expired at `instant` with a
    /// tombstone, in batches of `batchSize` records a transaction, each record with its audit event.
    /// Records already tombstoned are left alone, so two instances running it at once do the work
    /// once.
    func applyRetention(_ policy: RetentionPolicy, at instant: Date, batchSize: Int) async throws -> RetentionOutcome
}
