import Foundation
import HomewardCore

/// One statutory clock as Homeward presents it anywhere, worked out once from a reading: its
/// state in words, the proof or what is still owed, and how late or overdue it is. The page
/// (``ClockView``), the API (``EpisodeAPI/ClockJSON``) and the evidence packet
/// (``EvidencePacket/Duty``) each encode this one value.
struct ClockPresentation: Sendable {
    let reading: ClockReading
    /// Local times in the viewer's (or the agency's) zone.
    let zone: LocalTime
    let names: [UserID: String]
    let statusText: String
    /// Set when the duty reads as met on time but its proof was entered after the deadline.
    let recordedLate: String?
    let proofLine: String?
    let owed: String?

    init(_ reading: ClockReading, zone: LocalTime, names: [UserID: String] = [:]) {
        self.reading = reading
        self.zone = zone
        self.names = names
        statusText =
            switch reading.status {
            case .notStarted: StaffText.text("staff.clock.notStartedStartsWhen")
            case .running: StaffText.text("staff.clock.runningLeft", ["duration": DurationText.describe(reading.remaining ?? 0)])
            case .warning: StaffText.text("staff.clock.warningOnlyLeft", ["duration": DurationText.describe(reading.remaining ?? 0)])
            case .metOnTime: StaffText.text("staff.clock.metOnTime")
            case .metLate(let by): StaffText.text("staff.clock.metLateBy", ["duration": DurationText.describe(by)])
            case .breached(let by): StaffText.text("staff.clock.breachedOverdueBy", ["duration": DurationText.describe(by)])
            }
        if let proof = reading.proof, let late = reading.recordedAfterDeadline {
            recordedLate =
                StaffText.text(
                    "staff.clock.recordedAfterTheDeadline",
                    [
                        "duration": DurationText.describe(late), "time": zone.format(proof.recordedAt),
                        "person": names[proof.recordedBy] ?? "someone",
                    ])
        } else {
            recordedLate = nil
        }
        if let proof = reading.proof {
            proofLine =
                "\(reading.definition.referenceLabel) \(proof.reference) · \(proof.method) · \(zone.format(proof.at)) · recorded by \(names[proof.recordedBy] ?? "someone") at \(zone.format(proof.recordedAt))"
            owed = nil
        } else if reading.status.isOpen {
            var owed = StaffText.text(
                "staff.clock.stillOwedAndWhen", ["referenceLabelInText": "\(reading.definition.referenceLabelInText)"])
            if let incomplete = reading.incompleteProofs.first {
                owed += " (an entry lacks \(incomplete.missing.joined(separator: " and ")))"
            }
            self.owed = owed
            proofLine = nil
        } else {
            owed = nil
            proofLine = nil
        }
    }

    /// Seconds, rounded up, by which the duty was met late.
    var lateBySeconds: Int? { reading.lateness.met.map { Int($0.rounded(.up)) } }
    /// Seconds, rounded up, by which an unmet duty is overdue.
    var overdueBySeconds: Int? { reading.lateness.overdue.map { Int($0.rounded(.up)) } }
    /// Seconds, rounded up, between the deadline and the entry of a proof that reads as on time.
    var recordedAfterDeadlineBySeconds: Int? { reading.recordedAfterDeadline.map { Int($0.rounded(.up)) } }
}

/// A clock on a page: state in words and colour, deadline in local time and UTC, and the proof or
/// what is still owed.
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

    init(_ clock: ClockPresentation) {
        let reading = clock.reading
        kind = reading.definition.kind.rawValue
        title = reading.definition.title
        duty = reading.definition.duty
        status = reading.status.code
        statusText = clock.statusText
        started = reading.startedAt.map(clock.zone.format)
        deadlineLocal = reading.deadline.map(clock.zone.format)
        // For people: to the minute, as the local time is ("2026-11-26 21:53 UTC").
        deadlineUTC = reading.deadline.map(LocalTime(timeZone: "UTC").format)
        proof = clock.proofLine
        owed = clock.owed
        recordedLate = clock.recordedLate
    }

    init(_ reading: ClockReading, zone: LocalTime, names: [UserID: String]) {
        self.init(ClockPresentation(reading, zone: zone, names: names))
    }
}
