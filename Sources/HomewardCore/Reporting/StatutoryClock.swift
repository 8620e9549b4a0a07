import Foundation

/// Which legal duty a clock measures.
public enum ClockKind: String, CaseIterable, Codable, Sendable {
    /// The agency reports the child to police (42 U.S.C. 671(a)(35)(B)).
    case policeReport = "police_report"
    /// The agency reports the child to the clearinghouse, a separate duty (same section).
    case clearinghouseReport = "clearinghouse_report"
    /// Police enter the child into NCIC (34 U.S.C. 41308).
    case ncicEntry = "ncic_entry"
}

/// The moment a clock starts.
public enum ClockTrigger: String, Codable, Sendable {
    /// When the agency received the information that the child is missing.
    case agencyReceivedInformation = "agency_received_information"
    /// When police received the agency's report (the proof of the police-report duty).
    case policeReceivedReport = "police_received_report"
}

/// A duty with a deadline, as data: a state with a stricter rule (one hour for NCIC entry, say)
/// changes the window, not the code.
public struct ClockDefinition: Sendable, Equatable, Codable {
    public var kind: ClockKind
    public var title: String
    /// The duty in words, with its source.
    public var duty: String
    public var window: TimeInterval
    public var trigger: ClockTrigger
    /// The event that proves the duty done.
    public var closingEvent: EpisodeEventKind
    /// What the reference of the proof is called (“Police report number”).
    public var referenceLabel: String
    /// The label within a sentence: lower case except for acronyms (“the NIC number”, not “nic number”).
    public var referenceLabelInText: String {
        referenceLabel.split(separator: " ").map { word in
            word.count > 1 && word.allSatisfy(\.isUppercase) ? String(word) : word.lowercased()
        }.joined(separator: " ")
    }
    /// Fractions of the window at which warnings are raised, ascending.
    public var warningFractions: [Double]

    public init(
        kind: ClockKind, title: String, duty: String, window: TimeInterval, trigger: ClockTrigger, closingEvent: EpisodeEventKind,
        referenceLabel: String, warningFractions: [Double] = [0.5, 0.9]
    ) {
        self.kind = kind
        self.title = title
        self.duty = duty
        self.window = window
        self.trigger = trigger
        self.closingEvent = closingEvent
        self.referenceLabel = referenceLabel
        self.warningFractions = warningFractions.sorted()
    }

    /// The federal rules: 24 hours to police, 24 hours to the clearinghouse, then 2 hours for NCIC.
    public static let federal: [ClockDefinition] = [
        ClockDefinition(
            kind: .policeReport, title: "Report to police",
            duty: "Report the child to law enforcement immediately, and in no case later than 24 hours (42 U.S.C. 671(a)(35)(B)).",
            window: 24 * 3600, trigger: .agencyReceivedInformation, closingEvent: .reportedToPolice, referenceLabel: "Police report number"),
        ClockDefinition(
            kind: .clearinghouseReport, title: "Report to the clearinghouse",
            duty: "Report the child to the clearinghouse immediately, and in no case later than 24 hours (42 U.S.C. 671(a)(35)(B)).",
            window: 24 * 3600, trigger: .agencyReceivedInformation, closingEvent: .reportedToClearinghouse,
            referenceLabel: "Clearinghouse case number"),
        ClockDefinition(
            kind: .ncicEntry, title: "NCIC entry",
            duty: "Police enter the child into NCIC within 2 hours of receiving the report (34 U.S.C. 41308).",
            window: 2 * 3600, trigger: .policeReceivedReport, closingEvent: .ncicEntered, referenceLabel: "NIC number"),
    ]
}

/// The proof that closed a clock: who, how, when, and a reference.
public struct ClockProof: Sendable, Equatable {
    public var eventID: EpisodeEventID
    public var at: Date
    public var recordedAt: Date
    public var recordedBy: UserID
    public var method: String
    public var reference: String

    /// How long after `deadline` the proof was entered, or nil when it was entered in time. A proof
    /// entered late keeps the time it claims (it may be true), but never hides that it was entered late.
    public func recordedLate(after deadline: Date) -> TimeInterval? {
        recordedAt > deadline ? recordedAt.timeIntervalSince(deadline) : nil
    }
}

/// Where a clock stands at one instant.
public enum ClockStatus: Sendable, Equatable {
    /// The trigger has not happened (the NCIC clock before police have the report).
    case notStarted
    /// Open, with time left.
    case running
    /// Open, past the given fraction of the window.
    case warning(fraction: Double)
    /// Closed with proof before the deadline.
    case metOnTime
    /// Closed with proof after the deadline, late by the interval.
    case metLate(by: TimeInterval)
    /// Still open past the deadline, overdue by the interval.
    case breached(by: TimeInterval)

    /// Every code a status can have.
    public static let codes = ["not_started", "running", "warning", "met_on_time", "met_late", "breached"]

    /// A stable code for storage, CSS classes and the API.
    public var code: String {
        switch self {
        case .notStarted: "not_started"
        case .running: "running"
        case .warning: "warning"
        case .metOnTime: "met_on_time"
        case .metLate: "met_late"
        case .breached: "breached"
        }
    }

    public var isOpen: Bool {
        switch self {
        case .running, .warning, .breached: true
        case .notStarted, .metOnTime, .metLate: false
        }
    }
}

/// One clock read from an episode's events. Never stored: derived every time, so any past
/// episode can be audited again from its events.
public struct ClockReading: Sendable, Equatable {
    public var definition: ClockDefinition
    public var startedAt: Date?
    public var deadline: Date?
    public var status: ClockStatus
    /// Time left before the deadline while open and not yet breached.
    public var remaining: TimeInterval?
    public var proof: ClockProof?
    /// How long after the deadline the proof was entered into Homeward, for a duty that reads as met
    /// on time: the time it claims is before the deadline, but no one said so until after it. (A duty
    /// met late already says it was late.)
    public var recordedAfterDeadline: TimeInterval? {
        guard status == .metOnTime, let proof, let deadline else { return nil }
        return proof.recordedLate(after: deadline)
    }
    /// How late the duty was met, or how long it is overdue.
    public var lateness: (met: TimeInterval?, overdue: TimeInterval?) {
        switch status {
        case .metLate(let by): (by, nil)
        case .breached(let by): (nil, by)
        default: (nil, nil)
        }
    }
    /// Events of the closing kind that cannot close the clock, with what each lacks.
    public var incompleteProofs: [(event: EpisodeEventID, missing: [String])]

    public static func == (lhs: ClockReading, rhs: ClockReading) -> Bool {
        lhs.definition == rhs.definition && lhs.startedAt == rhs.startedAt && lhs.deadline == rhs.deadline && lhs.status == rhs.status
            && lhs.remaining == rhs.remaining && lhs.proof == rhs.proof
            && lhs.incompleteProofs.map(\.event) == rhs.incompleteProofs.map(\.event)
    }
}

/// Reads statutory clocks from an episode's events. Clocks are wall-clock: they never pause,
/// they close only with a complete proof, and a late duty stays late forever.
public enum StatutoryClocks {
    /// Every clock of `definitions` for `episode` at `now`.
    public static func read(
        _ definitions: [ClockDefinition] = ClockDefinition.federal, episode: MissingEpisode, events: [EpisodeEvent], at now: Date
    ) -> [ClockReading] {
        definitions.map { read($0, episode: episode, events: events, at: now) }
    }

    /// One clock.
    public static func read(_ definition: ClockDefinition, episode: MissingEpisode, events: [EpisodeEvent], at now: Date) -> ClockReading {
        let ordered = events.sorted { ($0.occurredAt, $0.recordedAt) < ($1.occurredAt, $1.recordedAt) }
        let closing = ordered.filter { $0.kind == definition.closingEvent }
        let incomplete = closing.filter { !$0.missingProof.isEmpty }.map { (event: $0.id, missing: $0.missingProof) }
        let proofEvent = closing.first { $0.missingProof.isEmpty }

        let start: Date?
        switch definition.trigger {
        case .agencyReceivedInformation:
            start = episode.receivedAt
        case .policeReceivedReport:
            // Police have the report from the first complete proof, or from the moment a linked
            // police case's 911 center took it (police learning first is a start).
            start = ordered.first { $0.kind == .reportedToPolice && ($0.missingProof.isEmpty || $0.policeCaseID != nil) }?.occurredAt
        }
        guard let start else {
            return ClockReading(
                definition: definition, startedAt: nil, deadline: nil, status: .notStarted, remaining: nil, proof: nil,
                incompleteProofs: incomplete)
        }
        let deadline = start + definition.window
        if let proofEvent {
            let proof = ClockProof(
                eventID: proofEvent.id, at: proofEvent.occurredAt, recordedAt: proofEvent.recordedAt, recordedBy: proofEvent.recordedBy,
                method: proofEvent.method!.trimmed, reference: proofEvent.reference!.trimmed)
            let status: ClockStatus = proof.at <= deadline ? .metOnTime : .metLate(by: proof.at.timeIntervalSince(deadline))
            return ClockReading(
                definition: definition, startedAt: start, deadline: deadline, status: status, remaining: nil, proof: proof,
                incompleteProofs: incomplete)
        }
        if now > deadline {
            return ClockReading(
                definition: definition, startedAt: start, deadline: deadline, status: .breached(by: now.timeIntervalSince(deadline)),
                remaining: nil, proof: nil, incompleteProofs: incomplete)
        }
        let elapsed = max(0, now.timeIntervalSince(start)) / definition.window
        let crossed = definition.warningFractions.last { elapsed >= $0 }
        return ClockReading(
            definition: definition, startedAt: start, deadline: deadline, status: crossed.map { .warning(fraction: $0) } ?? .running,
            remaining: deadline.timeIntervalSince(now), proof: nil, incompleteProofs: incomplete)
    }

    /// The thresholds a clock has crossed, as stable keys (`0.5`, `0.9`, `breach`): escalation
    /// notifies once per clock per key.
    public static func crossedThresholds(_ reading: ClockReading, at now: Date) -> [String] {
        guard reading.status.isOpen, let start = reading.startedAt else { return [] }
        let elapsed = now.timeIntervalSince(start) / reading.definition.window
        var keys = reading.definition.warningFractions.filter { elapsed >= $0 }.map { String(format: "%.2f", $0) }
        if case .breached = reading.status { keys.append("breach") }
        return keys
    }
}

/// Plain words for a length of time: "3 h 05 min", "2 days 4 h", and seconds below a minute
/// ("40 s"), so a lateness of seconds never reads "0 min".
public enum DurationText {
    public static func describe(_ interval: TimeInterval) -> String {
        let seconds = abs(interval)
        if seconds < 60 { return "\(max(1, Int(seconds.rounded(.up)))) s" }
        let minutes = Int((seconds / 60).rounded(.down))
        let days = minutes / 1440
        let hours = (minutes % 1440) / 60
        let rest = minutes % 60
        if days > 0 { return "\(days) day\(days == 1 ? "" : "s") \(hours) h" }
        if hours > 0 { return String(format: "%d h %02d min", hours, rest) }
        return "\(rest) min"
    }

    /// A legal window in words: "24 hours", "1 hour", "90 minutes".
    public static func window(_ interval: TimeInterval) -> String {
        let minutes = Int((interval / 60).rounded())
        if minutes % 60 == 0 { return "\(minutes / 60) hour\(minutes == 60 ? "" : "s")" }
        return "\(minutes) minute\(minutes == 1 ? "" : "s")"
    }
}

/// How much a case needs someone now, read from its clocks.
public enum CaseAttention: String, Sendable, CaseIterable {
    /// A legal deadline has passed with the duty still owed.
    case breached
    /// A clock has passed a warning threshold.
    case warning
    case none

    public init(_ readings: [ClockReading]) {
        if readings.contains(where: { if case .breached = $0.status { true } else { false } }) {
            self = .breached
        } else if readings.contains(where: { if case .warning = $0.status { true } else { false } }) {
            self = .warning
        } else {
            self = .none
        }
    }

    /// The earliest deadline among the clocks still owed (a passed one included), or nil when none
    /// is: the order in which cases need a person, most overdue first, then the nearest.
    public static func nearestOpenDeadline(_ readings: [ClockReading]) -> Date? {
        readings.filter(\.status.isOpen).compactMap(\.deadline).min()
    }

    /// Whether case `a` comes before case `b` in a work queue: by the nearest open deadline, then
    /// cases without a case manager, then the newest.
    public static func precedes(
        _ a: (deadline: Date?, unassigned: Bool, received: Date), _ b: (deadline: Date?, unassigned: Bool, received: Date)
    ) -> Bool {
        switch (a.deadline, b.deadline) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, .none): return true
        case (.none, .some): return false
        default: break
        }
        if a.unassigned != b.unassigned { return a.unassigned }
        return a.received > b.received
    }
}
