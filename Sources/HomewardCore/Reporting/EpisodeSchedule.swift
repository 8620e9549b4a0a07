import Foundation

/// What the store keeps beside an episode so that sweeps and queues find it by an index instead of
/// reading every open case: derived from the episode, its events and the escalations already
/// recorded, again in the same transaction as every change to any of them. It is an index, never
/// the truth: whoever picks an episode by it reads the clocks from the events again.
public struct EpisodeSchedule: Sendable, Equatable {
    /// The earliest instant at which a clock still owed crosses a threshold not yet escalated
    /// (possibly past, when a threshold was crossed before anyone looked); nil when nothing is left
    /// to escalate or the episode is not open.
    public var nextCheckAt: Date?
    /// The earliest instant at which a clock still owed passes its first warning threshold (or its
    /// deadline, for a clock without warnings): from then on the case needs attention.
    public var attentionFrom: Date?
    /// The earliest deadline among the clocks still owed, passed or not.
    public var openDeadline: Date?
    /// The case's place in the clearinghouse queue as text that sorts in queue order (see
    /// ``CaseAttention/precedes(_:_:)``); nil when the case is not in the queue (not open or located).
    public var queueKey: String?

    public init(nextCheckAt: Date? = nil, attentionFrom: Date? = nil, openDeadline: Date? = nil, queueKey: String? = nil) {
        self.nextCheckAt = nextCheckAt
        self.attentionFrom = attentionFrom
        self.openDeadline = openDeadline
        self.queueKey = queueKey
    }

    /// The schedule of `episode` under `definitions`, given its events and the escalations already
    /// recorded for it.
    public static func derive(
        _ definitions: [ClockDefinition], episode: MissingEpisode, events: [EpisodeEvent], escalated: Set<Escalation>
    ) -> EpisodeSchedule {
        let inQueue = episode.status == .open || episode.status == .located
        guard inQueue else { return EpisodeSchedule() }
        var schedule = EpisodeSchedule()
        for definition in definitions {
            // Where the clock stands does not depend on the instant read at: start, deadline and proof
            // come from the events alone. An owed clock reads as open at any instant before its start.
            let reading = StatutoryClocks.read(definition, episode: episode, events: events, at: .distantPast)
            guard reading.status.isOpen, let start = reading.startedAt, let deadline = reading.deadline else { continue }
            schedule.openDeadline = earliest(schedule.openDeadline, deadline)
            let first = definition.warningFractions.first.map { start + $0 * definition.window } ?? deadline
            schedule.attentionFrom = earliest(schedule.attentionFrom, first)
            guard episode.status == .open else { continue }
            for (key, instant) in thresholds(definition, start: start)
            where !escalated.contains(Escalation(episodeID: episode.id, clockKind: definition.kind, threshold: key)) {
                schedule.nextCheckAt = earliest(schedule.nextCheckAt, instant)
            }
        }
        schedule.queueKey = CaseAttention.queueKey(
            deadline: schedule.openDeadline, unassigned: episode.caseManagerID == nil, received: episode.receivedAt)
        return schedule
    }

    /// A clock's thresholds with the instants they are crossed, under the keys escalations use
    /// (see ``StatutoryClocks/crossedThresholds(_:at:)``).
    public static func thresholds(_ definition: ClockDefinition, start: Date) -> [(key: String, at: Date)] {
        definition.warningFractions.map { (String(format: "%.2f", $0), start + $0 * definition.window) }
            + [("breach", start + definition.window)]
    }

    private static func earliest(_ a: Date?, _ b: Date) -> Date { a.map { min($0, b) } ?? b }
}

extension CaseAttention {
    /// Text that sorts as ``precedes(_:_:)`` orders cases: nearest open deadline first, cases without
    /// one after; then unassigned before assigned; then the newest. Millisecond instants, fixed width.
    public static func queueKey(deadline: Date?, unassigned: Bool, received: Date) -> String {
        let assigned = unassigned ? "0" : "1"
        // The newest first: the received instant counted down from a far future one.
        let newestFirst = pad(Int64(253_402_300_800_000) - milliseconds(received))
        guard let deadline else { return "1|\(assigned)|\(newestFirst)" }
        return "0|\(pad(milliseconds(deadline)))|\(assigned)|\(newestFirst)"
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        // Instants before 1970 do not occur in cases; clamp so the fixed width holds.
        max(0, Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    private static func pad(_ value: Int64) -> String {
        let digits = String(max(0, value))
        return String(repeating: "0", count: max(0, 15 - digits.count)) + digits
    }
}
