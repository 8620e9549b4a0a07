import Foundation

/// How one agency met its duties over a period: per duty, how many were met on time, late,
/// breached or still open, and the median time taken. Computed from events, like the clocks.
public struct ComplianceReport: Sendable, Equatable {
    public struct DutyLine: Sendable, Equatable {
        public var kind: ClockKind
        public var title: String
        public var metOnTime: Int
        public var metLate: Int
        public var breached: Int
        /// Running or warning: not yet due.
        public var open: Int
        public var notStarted: Int
        /// Median time from trigger to proof among met duties, in seconds.
        public var medianSeconds: Double?
        /// Duties that read as met on time though their proof was entered after the deadline:
        /// counted apart, since a proof entered late that claims an earlier time cannot be checked here.
        public var recordedAfterDeadline: Int = 0

        public var total: Int { metOnTime + metLate + breached + open + notStarted }
    }

    /// Episodes of children with a tribal affiliation, by tribe and by the police agency that
    /// investigated them with the reporting agency (Savanna's Act's data collection).
    public struct TribeLine: Sendable, Equatable {
        public var tribe: String
        public var investigatingAgency: String
        public var episodes: Int
    }

    public var episodes: Int
    public var duties: [DutyLine]
    public var byTribe: [TribeLine] = []

    /// The report for `records` (one agency's episodes received in the period) at `now`: a line
    /// for each duty of `definitions`, each episode's clocks read under its own rules (a state's
    /// shorter window counts against the episodes reported under it).
    public static func compute(
        _ records: [EpisodeRecord], definitions: [ClockDefinition] = ClockDefinition.federal, at now: Date
    ) -> ComplianceReport {
        var lines = definitions.map {
            DutyLine(kind: $0.kind, title: $0.title, metOnTime: 0, metLate: 0, breached: 0, open: 0, notStarted: 0, medianSeconds: nil)
        }
        var durations: [[Double]] = Array(repeating: [], count: definitions.count)
        for record in records {
            for reading in record.clocks(at: now) {
                guard let index = lines.firstIndex(where: { $0.kind == reading.definition.kind }) else { continue }
                switch reading.status {
                case .metOnTime: lines[index].metOnTime += 1
                case .metLate: lines[index].metLate += 1
                case .breached: lines[index].breached += 1
                case .running, .warning: lines[index].open += 1
                case .notStarted: lines[index].notStarted += 1
                }
                if let proof = reading.proof, let start = reading.startedAt {
                    durations[index].append(max(0, proof.at.timeIntervalSince(start)))
                }
                if reading.recordedAfterDeadline != nil { lines[index].recordedAfterDeadline += 1 }
            }
        }
        for index in lines.indices { lines[index].medianSeconds = median(durations[index]) }
        var tribes: [String: [String: Int]] = [:]
        for record in records {
            guard let tribe = record.child.tribalAffiliation else { continue }
            tribes[tribe, default: [:]][record.episode.police.name, default: 0] += 1
        }
        let byTribe = tribes.keys.sorted().flatMap { tribe in
            tribes[tribe]!.keys.sorted().map { TribeLine(tribe: tribe, investigatingAgency: $0, episodes: tribes[tribe]![$0]!) }
        }
        return ComplianceReport(episodes: records.count, duties: lines, byTribe: byTribe)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }

    /// The report as CSV: one row per duty, a header first. Field names are stable for scripts.
    public func csv(agency: String, from: CivilDate, until: CivilDate) -> String {
        var lines = [
            "agency,from,until,duty,episodes,met_on_time,met_late,breached,open,not_started,median_minutes,recorded_after_deadline"
        ]
        for duty in duties {
            let median = duty.medianSeconds.map { String(format: "%.1f", $0 / 60) } ?? ""
            let fields: [String] = [
                agency, from.iso, until.iso, duty.kind.rawValue, String(episodes), String(duty.metOnTime), String(duty.metLate),
                String(duty.breached), String(duty.open), String(duty.notStarted), median, String(duty.recordedAfterDeadline),
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        // The counts by tribal affiliation follow as a second table, after an empty line.
        if !byTribe.isEmpty {
            lines += ["", "agency,from,until,tribe,investigating_agency,episodes"]
            for line in byTribe {
                lines.append(
                    [agency, from.iso, until.iso, line.tribe, line.investigatingAgency, String(line.episodes)].map(Self.csvField)
                        .joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a CSV field when needed (see ``CSV/field(_:)``).
    public static func csvField(_ text: String) -> String { CSV.field(text) }
}
