import Foundation

/// A 911 center's quality assurance over a period, from its calls and their reviews: reviews on
/// time and overdue, compliance by level, the items most often missed, each telecommunicator's
/// monthly trend, the 2-hour NCIC outcome of the calls and the reviewers' agreement.
public struct QADashboard: Sendable, Equatable {
    public struct LevelCount: Sendable, Equatable {
        public var band: ComplianceBand
        public var count: Int
    }

    public struct MissedItem: Sendable, Equatable {
        public var itemID: String
        public var title: String
        /// Reviews that scored it not done.
        public var missed: Int
        /// Reviews in which it applied (done or not done).
        public var applied: Int
    }

    /// One telecommunicator's average score per month (nil in a month without a reviewed call).
    public struct Trend: Sendable, Equatable {
        public var telecommunicator: UserID
        public var monthly: [Double?]
        public var reviewed: Int
    }

    public struct NCICOutcome: Sendable, Equatable {
        public var onTime = 0
        public var late = 0
        /// Ended without the NCIC step confirmed.
        public var notConfirmed = 0
    }

    public var practice: QAPractice
    public var levels: [LevelCount]
    public var mostMissed: [MissedItem]
    /// The first day of each month of the trend, oldest first.
    public var months: [CivilDate]
    public var trends: [Trend]
    public var ncic: NCICOutcome
    /// Calls reviewed twice, and the two reviewers' mean agreement (percent and kappa).
    public var calibrated: Int
    public var meanAgreement: Double?
    public var meanKappa: Double?

    /// The dashboard of the calls that ended in the `monthCount` months up to `instant`, in `zone`.
    public init(
        calls: [MissingChildCall], reviews: [QAReview], checklists: [CallChecklist], bands: ScoreBands, monthCount: Int = 12,
        at instant: Date, zone: TimeZone
    ) {
        let today = CivilDate(instant, in: zone)
        let firstMonth = CivilDate(year: today.year, month: today.month, day: 1)!.adding(months: -(monthCount - 1))
        months = (0..<monthCount).map { firstMonth.adding(months: $0) }
        let from = firstMonth.start(in: zone)
        practice = QAPractice(calls: calls, reviews: reviews, from: from, until: instant + 1, at: instant)
        let ended = calls.filter { call in call.endedAt.map { $0 >= from && $0 <= instant } ?? false }
        let endedIDs = Set(ended.map(\.id))
        let first = reviews.filter { !$0.isCalibration && $0.isSubmitted && endedIDs.contains($0.callID) }
        levels = bands.bands.map { band in LevelCount(band: band, count: first.filter { $0.level == band.level }.count) }

        var titles: [String: String] = [:]
        for checklist in checklists { for item in checklist.allItems { titles[item.id] = item.title } }
        var missed: [String: (missed: Int, applied: Int)] = [:]
        for review in first {
            for item in review.items where item.score != .notApplicable {
                missed[item.itemID, default: (0, 0)].applied += 1
                if item.score == .notDone { missed[item.itemID, default: (0, 0)].missed += 1 }
            }
        }
        mostMissed = missed.filter { $0.value.missed > 0 }
            .map { MissedItem(itemID: $0.key, title: titles[$0.key] ?? $0.key, missed: $0.value.missed, applied: $0.value.applied) }
            .sorted { ($0.missed, $1.itemID) > ($1.missed, $0.itemID) }
            .prefix(10).map { $0 }

        let callsByID = Dictionary(ended.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let monthIndex: (Date) -> Int? = { date in
            let day = CivilDate(date, in: zone)
            let index = (day.year - firstMonth.year) * 12 + day.month - firstMonth.month
            return (0..<monthCount).contains(index) ? index : nil
        }
        trends = Dictionary(grouping: first, by: \.telecommunicator).map { person, reviews in
            var sums = [(total: Double, count: Int)](repeating: (0, 0), count: monthCount)
            for review in reviews {
                guard let ended = callsByID[review.callID]?.endedAt, let index = monthIndex(ended), let percent = review.percent else {
                    continue
                }
                sums[index].total += percent
                sums[index].count += 1
            }
            return Trend(
                telecommunicator: person,
                monthly: sums.map { $0.count == 0 ? nil : ($0.total / Double($0.count) * 10).rounded() / 10 },
                reviewed: reviews.count)
        }.sorted { $0.telecommunicator.rawValue < $1.telecommunicator.rawValue }

        var ncic = NCICOutcome()
        for call in ended {
            switch call.ncicClock(at: call.endedAt ?? instant) {
            case .metOnTime: ncic.onTime += 1
            case .metLate: ncic.late += 1
            default: ncic.notConfirmed += 1
            }
        }
        self.ncic = ncic

        let pairs = Dictionary(grouping: reviews.filter { $0.isSubmitted && endedIDs.contains($0.callID) }, by: \.callID).values
            .compactMap { reviews -> Calibration? in
                guard let a = reviews.first(where: { !$0.isCalibration }), let b = reviews.first(where: \.isCalibration) else { return nil }
                return Calibration(a, b)
            }
        calibrated = pairs.count
        meanAgreement = pairs.isEmpty ? nil : (pairs.map(\.percent).reduce(0, +) / Double(pairs.count) * 10).rounded() / 10
        let kappas = pairs.compactMap(\.kappa)
        meanKappa = kappas.isEmpty ? nil : (kappas.reduce(0, +) / Double(kappas.count) * 1000).rounded() / 1000
    }

    /// One row per call that ended in the period, for a spreadsheet.
    public static func csv(calls: [MissingChildCall], reviews: [QAReview], people: [UserID: String], at instant: Date) -> String {
        let first = Dictionary(reviews.filter { !$0.isCalibration }.map { ($0.callID, $0) }, uniquingKeysWith: { a, _ in a })
        return CSV.file(
            header: [
                "call_id", "cad_incident", "opened_at", "ended_at", "status", "telecommunicator", "review_due", "reviewed_at",
                "reviewed_on_time", "level", "percent", "ncic_step",
            ],
            rows: calls.filter { $0.endedAt != nil }.sorted { $0.openedAt < $1.openedAt }.map { call in
                let review = first[call.id]
                let ncic: String =
                    switch call.ncicClock(at: call.endedAt ?? instant) {
                    case .metOnTime: "on_time"
                    case .metLate: "late"
                    default: "not_confirmed"
                    }
                return [
                    call.id.rawValue, call.cadIncident ?? "", Timestamp.format(call.openedAt), call.endedAt.map(Timestamp.format) ?? "",
                    call.status.rawValue, people[call.openedBy] ?? call.openedBy.rawValue, review.map { Timestamp.format($0.dueAt) } ?? "",
                    review?.submittedAt.map(Timestamp.format) ?? "",
                    review.map { $0.wasOnTime ? "yes" : ($0.isOverdue(at: instant) || $0.isSubmitted ? "no" : "pending") } ?? "no",
                    review?.level ?? "", review?.percent.map { String($0) } ?? "", ncic,
                ]
            })
    }
}
