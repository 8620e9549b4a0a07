import Foundation
import HomewardCore

/// A clock as pages and the API show it: state in words and color, deadline in local time and
/// UTC, and the proof or what is still owed.
struct ClockView: Sendable, Encodable {
    var kind: String
    var title: String
    var duty: String
    var status: String
    var statusText: String
    var started: String?
    var deadlineLocal: String?
    var deadlineUTC: String?
    var proof: String?
    var owed: String?
    /// Set when the duty reads as met on time but its proof was entered after the deadline.
    var recordedLate: String?

    init(_ reading: ClockReading, zone: LocalTime, names: [UserID: String], now: Date) {
        kind = reading.definition.kind.rawValue
        title = reading.definition.title
        duty = reading.definition.duty
        status = reading.status.code
        started = reading.startedAt.map(zone.format)
        deadlineLocal = reading.deadline.map(zone.format)
        // For people: to the minute, as the local time is ("2026-11-26 21:53 UTC").
        deadlineUTC = reading.deadline.map(LocalTime(timeZone: "UTC").format)
        switch reading.status {
        case .notStarted: statusText = "Not started: starts when police receive the report"
        case .running: statusText = "Running: \(DurationText.describe(reading.remaining ?? 0)) left"
        case .warning: statusText = "Warning: only \(DurationText.describe(reading.remaining ?? 0)) left"
        case .metOnTime: statusText = "Met on time"
        case .metLate(let by): statusText = "Met late, by \(DurationText.describe(by))"
        case .breached(let by): statusText = "Breached: overdue by \(DurationText.describe(by))"
        }
        if let proof = reading.proof, let late = reading.recordedAfterDeadline {
            recordedLate =
                "Recorded after the deadline: entered \(DurationText.describe(late)) after it, at \(zone.format(proof.recordedAt)), by \(names[proof.recordedBy] ?? "someone"). The time it claims cannot be checked here."
        }
        if let proof = reading.proof {
            self.proof =
                "\(reading.definition.referenceLabel) \(proof.reference) · \(proof.method) · \(zone.format(proof.at)) · recorded by \(names[proof.recordedBy] ?? "someone") at \(zone.format(proof.recordedAt))"
        } else if reading.status.isOpen {
            var owed = "Still owed: \(reading.definition.referenceLabelInText) and when it was done"
            if let incomplete = reading.incompleteProofs.first {
                owed += " (an entry lacks \(incomplete.missing.joined(separator: " and ")))"
            }
            self.owed = owed
        }
    }
}
