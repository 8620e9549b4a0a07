import Foundation

/// How a reviewer scores one checklist item on a call.
public enum ItemScore: String, Codable, Sendable, CaseIterable {
    case done
    case notDone = "not_done"
    case notApplicable = "not_applicable"
}

/// How serious a deviation from the checklist was (the grades of the IAED accreditation).
public enum DeviationGrade: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable, Comparable {
    case critical, major, moderate, minor

    public static func < (a: DeviationGrade, b: DeviationGrade) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A reviewer's word on one item.
public struct ItemReview: Codable, Sendable, Equatable {
    public var itemID: String
    public var score: ItemScore
    /// Set on a deviation (an item not done), and only then.
    public var grade: DeviationGrade?
    public var note: String

    public init(itemID: String, score: ItemScore, grade: DeviationGrade? = nil, note: String = "") {
        self.itemID = itemID
        self.score = score
        self.grade = grade
        self.note = note
    }
}

/// Who reviews a PSAP's missing-child calls, as its adopted QA section names them.
public enum QAAssignee: Codable, Sendable, Equatable {
    /// Anyone of the PSAP with the role.
    case role(Role)
    /// One named person.
    case person(UserID)
}

/// What a PSAP's adopted quality-assurance section says about reviewing missing-child calls: who
/// reviews them and within how long of the call.
public struct QASection: Sendable, Equatable {
    public var reviewer: QAAssignee
    public var windowHours: Int
    /// Whether the window and the reviewer are the PSAP's own words, or defaults because its
    /// policy does not state them (yet).
    public var stated: Bool

    public init(reviewer: QAAssignee, windowHours: Int, stated: Bool) {
        self.reviewer = reviewer
        self.windowHours = windowHours
        self.stated = stated
    }

    /// The section as the PSAP's policy states it: the review window from the `qa-window`
    /// statement, the reviewer from the `qa-reviewer` statement (a person of the PSAP named there,
    /// or the role its title names). Without a policy that states them: `fallbackHours`, and the
    /// PSAP's QA reviewers.
    public static func adopted(from policy: PolicyEvidence?, people: [User], fallbackHours: Int) -> QASection {
        let window = policy?.mappings["qa-window"].flatMap { $0.present ? ReviewWindow.hours(in: $0.statement) : nil }
        let statement = policy?.mappings["qa-reviewer"].flatMap { $0.present ? $0.statement.lowercased() : nil } ?? ""
        let reviewer: QAAssignee
        if let person = people.first(where: { $0.active && !statement.isEmpty && statement.contains($0.name.lowercased()) }) {
            reviewer = .person(person.id)
        } else if statement.contains("manager") || statement.contains("director") {
            reviewer = .role(.psapManager)
        } else {
            reviewer = .role(.qaReviewer)
        }
        return QASection(reviewer: reviewer, windowHours: window ?? fallbackHours, stated: window != nil && !statement.isEmpty)
    }
}

/// A compliance level and what a review must reach for it. Shipped as reference data (the bands
/// behind the accreditation levels are not public); the clearinghouse may change them.
public struct ComplianceBand: Codable, Sendable, Equatable {
    public var level: String
    public var title: String
    /// The least share of applicable items done, in percent.
    public var minimumPercent: Double
    /// The most deviations of each grade the level allows; a grade not listed has no limit.
    public var maximumDeviations: [DeviationGrade: Int]

    public init(level: String, title: String, minimumPercent: Double, maximumDeviations: [DeviationGrade: Int] = [:]) {
        self.level = level
        self.title = title
        self.minimumPercent = minimumPercent
        self.maximumDeviations = maximumDeviations
    }
}

/// The compliance levels, best first; a review gets the first it reaches, and the last level
/// takes every review.
public struct ScoreBands: Codable, Sendable, Equatable {
    public var bands: [ComplianceBand]

    public init(bands: [ComplianceBand]) { self.bands = bands }

    public static let shipped = ScoreBands(bands: [
        ComplianceBand(level: "high", title: "High compliance", minimumPercent: 95, maximumDeviations: [.critical: 0, .major: 0]),
        ComplianceBand(level: "compliant", title: "Compliant", minimumPercent: 90, maximumDeviations: [.critical: 0, .major: 1]),
        ComplianceBand(level: "partial", title: "Partial", minimumPercent: 80, maximumDeviations: [.critical: 0]),
        ComplianceBand(level: "low", title: "Low", minimumPercent: 70),
        ComplianceBand(level: "non_compliant", title: "Non-compliant", minimumPercent: 0),
    ])

    /// The band a review with `percent` done and `deviations` per grade reaches.
    public func band(percent: Double, deviations: [DeviationGrade: Int]) -> ComplianceBand {
        bands.first { band in
            percent >= band.minimumPercent && band.maximumDeviations.allSatisfy { deviations[$0.key, default: 0] <= $0.value }
        } ?? bands.last ?? ComplianceBand(level: "non_compliant", title: "Non-compliant", minimumPercent: 0)
    }

    /// Problems with the bands as data; empty when they can be used.
    public var problems: [String] {
        var problems: [String] = []
        if bands.isEmpty { problems.append("Name at least one level.") }
        if bands.last.map({ $0.minimumPercent > 0 || !$0.maximumDeviations.isEmpty }) == true {
            problems.append("The last level must take every review: no minimum and no limits.")
        }
        if Set(bands.map(\.level)).count != bands.count { problems.append("Each level needs its own name.") }
        return problems
    }
}

/// The identifier of a QA review.
public struct QAReviewID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// The quality-assurance review of one missing-child call. Every such call gets one, due within
/// the window of the PSAP's QA section; a second, blind review of the same call calibrates the
/// reviewers.
public struct QAReview: Codable, Sendable, Equatable {
    public var id: QAReviewID
    public var callID: CallID
    public var psapID: OrganizationID
    /// The telecommunicator who took the call, whom the findings and training are for.
    public var telecommunicator: UserID
    public var assignee: QAAssignee
    public var openedAt: Date
    public var dueAt: Date
    /// A second review of a call already reviewed, scored without seeing the first.
    public var isCalibration: Bool
    public var items: [ItemReview]
    public var findings: String
    /// Course codes the telecommunicator should take, shown in the roster's training needs.
    public var followUpTraining: [String]
    public var reviewer: UserID?
    public var submittedAt: Date?
    /// The level the scores reached, with the bands in force when submitted.
    public var level: String?
    public var percent: Double?

    public init(
        id: QAReviewID, callID: CallID, psapID: OrganizationID, telecommunicator: UserID, assignee: QAAssignee, openedAt: Date,
        dueAt: Date, isCalibration: Bool = false, items: [ItemReview] = [], findings: String = "", followUpTraining: [String] = [],
        reviewer: UserID? = nil, submittedAt: Date? = nil, level: String? = nil, percent: Double? = nil
    ) {
        self.id = id
        self.callID = callID
        self.psapID = psapID
        self.telecommunicator = telecommunicator
        self.assignee = assignee
        self.openedAt = Timestamp.truncated(openedAt)
        self.dueAt = Timestamp.truncated(dueAt)
        self.isCalibration = isCalibration
        self.items = items
        self.findings = findings
        self.followUpTraining = followUpTraining
        self.reviewer = reviewer
        self.submittedAt = submittedAt.map(Timestamp.truncated)
        self.level = level
        self.percent = percent
    }

    public var isSubmitted: Bool { submittedAt != nil }

    /// Waiting past its due time at `instant`.
    public func isOverdue(at instant: Date) -> Bool { submittedAt == nil && instant > dueAt }

    /// Submitted within the window.
    public var wasOnTime: Bool { submittedAt.map { $0 <= dueAt } ?? false }

    /// The review a call gets when it ends (handed off or closed): due `section.windowHours` after
    /// the call was received (its start: the readiness materials ask for "the length of time after
    /// receiving the call that it will be reviewed"), assigned as the section says.
    public static func opening(
        id: QAReviewID, for call: MissingChildCall, section: QASection, isCalibration: Bool = false, at instant: Date
    ) throws -> QAReview {
        guard call.status != .open, call.endedAt != nil else {
            throw HomewardError.conflict("A call is reviewed once it has ended.")
        }
        return QAReview(
            id: id, callID: call.id, psapID: call.psapID, telecommunicator: call.openedBy, assignee: section.reviewer,
            openedAt: instant, dueAt: call.openedAt + TimeInterval(section.windowHours) * 3600, isCalibration: isCalibration)
    }

    /// Whether `person` may open a second, blind review of the call this review scored: once it is
    /// submitted, never of a calibration, and not by the first reviewer or the telecommunicator.
    public func mayBeCalibrated(by person: UserID) -> Bool {
        !isCalibration && isSubmitted && person != reviewer && person != telecommunicator
    }

    /// A second, blind review of the call this submitted review scored, by `person`, due within
    /// the window from `instant`. Refused before the first review is submitted, and for the first
    /// reviewer or the telecommunicator who took the call.
    public func calibrating(id: QAReviewID, by person: UserID, windowHours: Int, at instant: Date) throws -> QAReview {
        guard !isCalibration, isSubmitted else { throw HomewardError.conflict("A call is calibrated once its first review is submitted.") }
        guard person != reviewer, person != telecommunicator else {
            throw HomewardError.forbidden("Calibration is a second reviewer's: not the first reviewer's, nor the telecommunicator's.")
        }
        return QAReview(
            id: id, callID: callID, psapID: psapID, telecommunicator: telecommunicator, assignee: .person(person), openedAt: instant,
            dueAt: instant + TimeInterval(windowHours) * 3600, isCalibration: true)
    }

    /// Submits the reviewer's scores: every item the checklist scores on this call, each done, not
    /// done (graded) or not applicable. Refused when already submitted, when the reviewer took the
    /// call, and with a field error per item left unscored, graded without a deviation, or a
    /// deviation without a grade.
    public func submitting(
        _ scores: [ItemReview], findings: String, followUpTraining: [String], call: MissingChildCall, checklist: CallChecklist,
        bands: ScoreBands, by reviewer: UserID, at instant: Date
    ) throws -> QAReview {
        guard !isSubmitted else { throw HomewardError.conflict("This review was submitted already.") }
        guard reviewer != call.openedBy else {
            throw HomewardError.forbidden("A telecommunicator does not review their own call.")
        }
        var errors = FieldErrors()
        let byItem = Dictionary(scores.map { ($0.itemID, $0) }, uniquingKeysWith: { _, last in last })
        let scored = checklist.scoredItems(branchShown: call.autismBranchShown(checklist))
        for item in scored {
            guard let review = byItem[item.id] else {
                errors.add(item.id, "Score \(item.title): done, not done or not applicable.")
                continue
            }
            if review.score == .notDone && review.grade == nil { errors.add(item.id, "Grade the deviation on \(item.title).") }
            if review.score != .notDone && review.grade != nil { errors.add(item.id, "Only an item not done is graded.") }
            if review.note.count > 1000 { errors.add(item.id, "Keep the note under 1,000 characters.") }
        }
        for id in byItem.keys where !scored.contains(where: { $0.id == id }) { errors.add(id, "This call has no such item to score.") }
        let findings = findings.trimmingCharacters(in: .whitespacesAndNewlines)
        if findings.count > 4000 { errors.add("findings", "Keep the findings under 4,000 characters.") }
        try errors.throwIfAny()
        var review = self
        review.items = scored.compactMap { byItem[$0.id] }
        review.findings = findings
        review.followUpTraining = followUpTraining.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        review.reviewer = reviewer
        review.submittedAt = Timestamp.truncated(instant)
        review.percent = review.score.percent
        review.level = bands.band(percent: review.score.percent, deviations: review.score.deviations).level
        return review
    }

    /// The scores summed: the share of applicable items done, and the deviations by grade.
    public var score: Score { Score(items) }

    public struct Score: Sendable, Equatable {
        public var done: Int
        public var notDone: Int
        public var notApplicable: Int
        public var deviations: [DeviationGrade: Int]

        public init(_ items: [ItemReview]) {
            done = items.filter { $0.score == .done }.count
            notDone = items.filter { $0.score == .notDone }.count
            notApplicable = items.filter { $0.score == .notApplicable }.count
            deviations = Dictionary(grouping: items.compactMap(\.grade), by: { $0 }).mapValues(\.count)
        }

        /// Done out of the applicable items, in percent (100 when none applied).
        public var percent: Double {
            done + notDone == 0 ? 100 : (Double(done) / Double(done + notDone) * 1000).rounded() / 10
        }
    }
}

/// How closely two reviewers scored the same call.
public struct Calibration: Sendable, Equatable {
    /// Items both scored.
    public var compared: Int
    /// Items both scored alike.
    public var agreed: Int
    /// Cohen's kappa over the three scores: agreement beyond what chance would give (1 is
    /// perfect, 0 is chance); nil when chance alone would agree on everything.
    public var kappa: Double?

    public var percent: Double { compared == 0 ? 0 : (Double(agreed) / Double(compared) * 1000).rounded() / 10 }

    public init(_ first: QAReview, _ second: QAReview) {
        let a = Dictionary(first.items.map { ($0.itemID, $0.score) }, uniquingKeysWith: { x, _ in x })
        let pairs = second.items.compactMap { item in a[item.itemID].map { ($0, item.score) } }
        compared = pairs.count
        agreed = pairs.filter { $0.0 == $0.1 }.count
        guard compared > 0 else {
            kappa = nil
            return
        }
        let n = Double(compared)
        let observed = Double(agreed) / n
        let expected = ItemScore.allCases.reduce(0.0) { sum, score in
            sum + Double(pairs.filter { $0.0 == score }.count) / n * Double(pairs.filter { $0.1 == score }.count) / n
        }
        kappa = expected >= 1 ? nil : ((observed - expected) / (1 - expected) * 1000).rounded() / 1000
    }
}

/// Whether a PSAP practises its QA section: of the missing-child calls that ended in a period, how
/// many were reviewed within the window. Calibration reviews do not count twice.
public struct QAPractice: Sendable, Equatable {
    public var calls: Int
    public var reviewedOnTime: Int
    public var reviewedLate: Int
    public var overdue: Int
    public var pending: Int

    /// The share reviewed within the window, in percent; nil when no call ended in the period.
    public var onTimePercent: Double? { calls == 0 ? nil : (Double(reviewedOnTime) / Double(calls) * 1000).rounded() / 10 }

    /// The calls that ended in `from..<until` and their first reviews, read at `instant`.
    public init(calls: [MissingChildCall], reviews: [QAReview], from: Date, until: Date, at instant: Date) {
        let ended = calls.filter { call in call.endedAt.map { $0 >= from && $0 < until } ?? false }
        let firstReview = Dictionary(
            reviews.filter { !$0.isCalibration }.map { ($0.callID, $0) }, uniquingKeysWith: { a, b in a.openedAt <= b.openedAt ? a : b })
        self.calls = ended.count
        var counts = (onTime: 0, late: 0, overdue: 0, pending: 0)
        for call in ended {
            guard let review = firstReview[call.id] else {
                counts.overdue += 1  // a call with no review at all is one the PSAP did not review
                continue
            }
            if review.wasOnTime {
                counts.onTime += 1
            } else if review.isSubmitted {
                counts.late += 1
            } else if review.isOverdue(at: instant) {
                counts.overdue += 1
            } else {
                counts.pending += 1
            }
        }
        (reviewedOnTime, reviewedLate, overdue, pending) = counts
    }
}
