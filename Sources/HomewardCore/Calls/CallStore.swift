import Foundation

/// Missing-child calls, their answers and their QA reviews, with the checklist versions and score
/// bands they are worked and scored against.
public protocol CallStore: Sendable {
    /// Every checklist version, oldest first (the shipped ones are seeded).
    func callChecklists() async throws -> [CallChecklist]
    /// Adds a checklist version; conflict when its code exists.
    func addCallChecklist(_ checklist: CallChecklist, by person: UserID?, at instant: Date, audit: AuditEntry) async throws
    /// The score bands in force: the latest published, or the shipped ones.
    func scoreBands() async throws -> ScoreBands
    func publishScoreBands(_ bands: ScoreBands, by person: UserID, at instant: Date, audit: AuditEntry) async throws

    /// Stores a new call. With a key, a call the same PSAP opened under that key before is returned
    /// and nothing is written (the key reused with other content is refused).
    func openCall(_ call: MissingChildCall, idempotencyKey: IdempotencyKey?, audit: AuditEntry) async throws -> MissingChildCall
    /// A call with every answer given on it.
    func call(_ id: CallID) async throws -> MissingChildCall?
    /// A PSAP's calls, newest first, in `status` if given, after `cursor` (the opening time and id
    /// of the last call of the page before).
    func calls(in psap: OrganizationID, status: CallStatus?, after cursor: PageCursor?, limit: Int) async throws -> [MissingChildCall]
    /// How many of a PSAP's calls are open, up to ``CappedCount/limit`` and one more.
    func openCallCount(in psap: OrganizationID) async throws -> Int
    /// A PSAP's calls that ended in `from..<until`.
    func callsEnded(in psap: OrganizationID, from: Date, until: Date) async throws -> [MissingChildCall]
    /// Appends an answer to a call still open; conflict when it ended meanwhile.
    func recordAnswer(_ answer: CallAnswer, on call: CallID, audit: AuditEntry) async throws
    /// Stores a call's end (handed off or closed), the police agency's case a hand-off opens, the
    /// call's QA review and the notices telling its reviewer, in one transaction; conflict when it
    /// ended meanwhile.
    func endCall(_ call: MissingChildCall, policeCase: PoliceCase?, review: QAReview, notices: Notices, audit: AuditEntry) async throws

    func policeCase(_ id: PoliceCaseID) async throws -> PoliceCase?
    /// The case a call became, when it was handed off.
    func policeCase(ofCall call: CallID) async throws -> PoliceCase?
    /// A police agency's cases from 911 calls, in `status` if given, newest report first, after
    /// `cursor` (the report time and id of the last case of the page before).
    func policeCases(of police: OrganizationID, status: PoliceCaseStatus?, after cursor: PageCursor?, limit: Int) async throws
        -> [PoliceCase]
    /// A police agency's open cases, those still awaiting NCIC entry, and those of them past the
    /// 2-hour window at `instant`, each counted up to ``CappedCount/limit`` and one more.
    func openPoliceCaseCounts(of police: OrganizationID, at instant: Date) async throws -> PoliceCaseCounts
    /// Open police cases without an NCIC entry reported at or before `reportedBy` and not yet
    /// escalated as breached, oldest first after `cursor`, each with the thresholds already escalated.
    func policeCasesAwaitingNCIC(reportedBy: Date, after cursor: PageCursor?, limit: Int) async throws
        -> [(policeCase: PoliceCase, escalated: Set<String>)]
    /// Records that a police case's NCIC clock crossed `threshold`, with the notifications and
    /// outbox messages of its alert, in one transaction, unless it was recorded already (by this
    /// instance or another); returns whether this call recorded it.
    func recordPoliceCaseEscalation(
        _ id: PoliceCaseID, threshold: String, at instant: Date, notifications: [HomewardNotification], outbox: [OutboxMessage]
    ) async throws -> Bool
    /// The police cases linked to a missing-from-care report.
    func policeCases(linkedTo episode: EpisodeID) async throws -> [PoliceCase]
    /// Stores a changed case made from the stored version `policeCase.version`; conflict when
    /// someone changed it meanwhile.
    func updatePoliceCase(_ policeCase: PoliceCase, audit: AuditEntry) async throws

    func qaReview(_ id: QAReviewID) async throws -> QAReview?
    /// A call's reviews, the first before any calibration review.
    func qaReviews(ofCall call: CallID) async throws -> [QAReview]
    /// A PSAP's reviews opened in `from..<until`.
    func qaReviews(in psap: OrganizationID, from: Date, until: Date) async throws -> [QAReview]
    /// A PSAP's reviews not yet submitted, soonest due first, after `cursor` (the due time and id of
    /// the last review of the page before).
    func pendingQAReviews(in psap: OrganizationID, after cursor: PageCursor?, limit: Int) async throws -> [QAReview]
    /// A PSAP's reviews not yet submitted, and those of them past due at `instant`, each counted up
    /// to ``CappedCount/limit`` and one more.
    func pendingQAReviewCounts(in psap: OrganizationID, at instant: Date) async throws -> (pending: Int, overdue: Int)
    /// Reviews of every 911 center past their due time at `instant`, not submitted and not yet escalated.
    func unescalatedOverdueQAReviews(at instant: Date, limit: Int) async throws -> [QAReview]
    /// Opens a calibration review of a call already reviewed; conflict when it has one.
    func addQAReview(_ review: QAReview, audit: AuditEntry) async throws
    /// Stores a submitted review; conflict when it was submitted meanwhile.
    func submitQAReview(_ review: QAReview, audit: AuditEntry) async throws
}

extension CallStore {
    /// The first page of a PSAP's calls.
    public func calls(in psap: OrganizationID, status: CallStatus?, limit: Int) async throws -> [MissingChildCall] {
        try await calls(in: psap, status: status, after: nil, limit: limit)
    }

    /// The first page of a police agency's cases.
    public func policeCases(of police: OrganizationID, status: PoliceCaseStatus?, limit: Int) async throws -> [PoliceCase] {
        try await policeCases(of: police, status: status, after: nil, limit: limit)
    }

    /// The first page of a PSAP's pending reviews.
    public func pendingQAReviews(in psap: OrganizationID, limit: Int) async throws -> [QAReview] {
        try await pendingQAReviews(in: psap, after: nil, limit: limit)
    }

    /// Ends a call telling no one (demo data, tests).
    public func endCall(_ call: MissingChildCall, policeCase: PoliceCase?, review: QAReview, audit: AuditEntry) async throws {
        try await endCall(call, policeCase: policeCase, review: review, notices: .none, audit: audit)
    }

    /// The checklist version `call` was opened with.
    public func checklist(of call: MissingChildCall) async throws -> CallChecklist {
        guard let checklist = try await callChecklists().first(where: { $0.code == call.checklistCode }) else {
            throw HomewardError.notFound("checklist")
        }
        return checklist
    }
}

extension Organization {
    /// The start of the day twelve months before `instant`'s, in the organization's time zone: the
    /// period a 911 center's QA is read over.
    public func twelveMonths(before instant: Date) -> Date {
        CivilDate(instant, in: zone).adding(months: -12).start(in: zone)
    }
}

/// A police agency's open cases from 911 calls, for its home page.
public struct PoliceCaseCounts: Sendable, Equatable {
    public var open: Int
    public var awaitingNCIC: Int
    public var late: Int

    public init(open: Int, awaitingNCIC: Int, late: Int) {
        self.open = open
        self.awaitingNCIC = awaitingNCIC
        self.late = late
    }
}
