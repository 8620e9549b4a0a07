import Foundation

/// What an agency signs to apply: the statements it affirms and who signs.
public struct ApplicationSignature: Sendable, Equatable {
    /// The ids of the statements ticked.
    public var affirmed: Set<String>
    public var signerName: String
    public var signerTitle: String

    public init(affirmed: Set<String>, signerName: String, signerTitle: String) {
        self.affirmed = affirmed
        self.signerName = signerName
        self.signerTitle = signerTitle
    }
}

extension ReadinessState {
    /// The application the agency files today with `signature`: initial, or a renewal when
    /// recognized, judged by the program in force, freezing today's evidence and evaluation.
    /// Needs every statement affirmed, a signer's name and title, every criterion met, no
    /// application under review and, when recognized, the renewal window open; field errors
    /// otherwise, nothing filed.
    public func applying(_ signature: ApplicationSignature, id: String, by user: UserID, at instant: Date) throws
        -> ReadinessApplication
    {
        var errors = FieldErrors()
        let required = program.affirmations(for: organization.kind)
        if !required.allSatisfy({ signature.affirmed.contains($0.id) }) {
            errors.add("affirmation", "Tick every statement to sign the application.")
        }
        let signerName = signature.signerName.trimmed
        let signerTitle = signature.signerTitle.trimmed
        if signerName.isEmpty || signerName.count > 120 { errors.add("signerName", "Type your full name to sign.") }
        if signerTitle.isEmpty || signerTitle.count > 120 { errors.add("signerTitle", "Give your title.") }
        if !canApply {
            errors.add(
                "application",
                openApplication != nil
                    ? "An application is already under review."
                    : evaluation.allMet ? "Renewal is not open yet." : "Every criterion must be met before applying.")
        }
        try errors.throwIfAny()
        return ReadinessApplication(
            id: id, organizationID: organization.id, kind: current == nil ? .initial : .renewal, programCode: program.code,
            submittedAt: instant, submittedBy: user, signerName: signerName, signerTitle: signerTitle, affirmations: required.map(\.id),
            snapshot: ApplicationSnapshot(
                evidence: evidence, evaluation: evaluation, policyFileName: policy?.fileName, policySHA256: policy?.sha256))
    }
}

/// What a readiness reviewer sends about one application: a mark and comment per item, and
/// whether to save those marks, approve, or return the application.
public struct ReviewSubmission: Sendable, Equatable {
    public enum Decision: String, Sendable {
        case save, approve
        case returnToAgency = "return"
    }

    /// `save`, `approve` or `return` as sent; anything else is refused with a field message.
    public var decision: String
    /// Each item's mark (`confirmed`, `rejected`; empty or `pending` leaves it), by item id.
    public var marks: [String: String]
    /// Each item's comment, by item id (required when rejecting).
    public var comments: [String: String]
    /// Confirms every item left unmarked.
    public var confirmAll: Bool
    /// The comment on the decision (required when returning).
    public var comment: String

    public init(decision: String, marks: [String: String], comments: [String: String], confirmAll: Bool, comment: String) {
        self.decision = decision
        self.marks = marks
        self.comments = comments
        self.confirmAll = confirmAll
        self.comment = comment
    }
}

/// What a review writes, in one transaction: the marks on the agency's policy mappings and, when
/// the application is decided, its status and comment, with the recognition an approval grants.
public struct ReviewOutcome: Sendable, Equatable {
    public var applicationID: String
    public var organizationID: OrganizationID
    public var reviews: [MappingReview]
    /// `approved` or `returned`; nil when the marks are only saved.
    public var decision: ApplicationStatus?
    public var comment: String
    public var recognition: Recognition?
    public var reviewer: UserID
    public var at: Date

    public init(
        applicationID: String, organizationID: OrganizationID, reviews: [MappingReview], decision: ApplicationStatus?, comment: String,
        recognition: Recognition?, reviewer: UserID, at instant: Date
    ) {
        self.applicationID = applicationID
        self.organizationID = organizationID
        self.reviews = reviews
        self.decision = decision
        self.comment = comment
        self.recognition = recognition
        self.reviewer = reviewer
        self.at = instant
    }

    /// Whether anything is to be written.
    public var isEmpty: Bool { reviews.isEmpty && decision == nil }
}

extension ReadinessApplication {
    /// The program version the application was judged by (the one in force, if that one is gone).
    public func program(in state: ReadinessState) -> ReadinessProgram {
        state.programs.first { $0.code == programCode } ?? state.program
    }

    /// The items a reviewer must confirm before approving: every component of an agency's own
    /// policy (a policy adopting the model policy has them by construction), and every QA element.
    public func reviewItems(in state: ReadinessState) -> [PolicyItem] {
        (state.policy?.basis == .own ? state.track?.components ?? [] : []) + program(in: state).qualityAssurance
    }

    /// Reviews this application as `submission` says. Approval needs every review item confirmed
    /// and every criterion met when the agency applied, and grants a recognition (id
    /// `recognitionID`): from today, or for a renewal from the end of the term still running, for
    /// the program's term. Returning needs a comment; rejecting an item needs a comment.
    ///
    /// Throws ``HomewardError/conflict(_:)`` when the application was decided already, field
    /// errors otherwise; nothing is written then.
    public func reviewing(
        _ submission: ReviewSubmission, state: ReadinessState, by reviewer: UserID, at instant: Date, recognitionID: String
    ) throws -> ReviewOutcome {
        let items = reviewItems(in: state)
        var errors = FieldErrors()
        var reviews: [MappingReview] = []
        for item in items {
            let marked = submission.marks[item.id] ?? ""
            let choice = marked.isEmpty && submission.confirmAll ? ReviewState.confirmed.rawValue : marked
            let comment = (submission.comments[item.id] ?? "").trimmed
            guard let review = ReviewState(rawValue: choice), review != .pending, state.mappings[item.id] != nil else { continue }
            if review == .rejected && comment.isEmpty { errors.add(item.id, "Say why you reject this, so the agency can fix it.") }
            if comment.count > 500 { errors.add(item.id, "Keep the comment under 500 characters.") }
            reviews.append(MappingReview(itemID: item.id, state: review, comment: comment))
        }
        guard status == .submitted else { throw HomewardError.conflict("This application was already decided.") }
        let comment = submission.comment.trimmed
        let decision = ReviewSubmission.Decision(rawValue: submission.decision)
        switch decision {
        case .approve:
            var after = state.mappings
            for review in reviews { after[review.itemID]?.review = review.state }
            let unconfirmed = items.filter { after[$0.id]?.review != .confirmed }
            if !unconfirmed.isEmpty {
                errors.add(
                    "decision",
                    "Confirm every item before approving (\(unconfirmed.count) not confirmed: "
                        + "\(unconfirmed.prefix(4).map(\.title).joined(separator: ", "))\(unconfirmed.count > 4 ? "…" : "")). "
                        + "Return the application if something must change.")
            }
            if !snapshot.evaluation.allMet { errors.add("decision", "Not every criterion was met when the agency applied.") }
        case .returnToAgency:
            if comment.isEmpty { errors.add("decisionComment", "Say what the agency must fix.") }
        case .save:
            break
        case nil:
            errors.add("decision", "Choose to save, approve or return.")
        }
        if comment.count > 2000 { errors.add("decisionComment", "Keep the comment under 2,000 characters.") }
        try errors.throwIfAny()
        let recognition = decision == .approve ? granting(recognitionID, state: state) : nil
        let status: ApplicationStatus? =
            switch decision {
            case .approve: .approved
            case .returnToAgency: .returned
            default: nil
            }
        return ReviewOutcome(
            applicationID: id, organizationID: state.organization.id, reviews: reviews, decision: status, comment: comment,
            recognition: recognition, reviewer: reviewer, at: instant)
    }

    /// The recognition an approval grants: from today, or for a renewal from the end of the term
    /// still running, for the program's term.
    public func granting(_ recognitionID: String, state: ReadinessState) -> Recognition {
        let program = program(in: state)
        let start = state.current.map { max($0.termEnd, state.today) } ?? state.today
        return Recognition(
            id: recognitionID, organizationID: state.organization.id, applicationID: id, termStart: start,
            termEnd: start.adding(years: program.termYears),
            certificateNumber: Recognition.certificateNumber(start: start, id: recognitionID),
            policyVersion: state.policy?.version, programCode: program.code)
    }
}

extension ReviewOutcome {
    /// The notice of a decision: the agency's active administrators and managers among `staff`
    /// hear it was approved (through when) or returned; its webhooks get the event. Nil when the
    /// marks were only saved.
    public func decidedNotice(agency: Organization, staff: [User]) -> NoticeEvent? {
        guard let decision, decision == .approved || decision == .returned else { return nil }
        let approved = decision == .approved
        return NoticeEvent(
            type: .applicationDecided,
            recipients: staff.filter { $0.active && !$0.roles.isDisjoint(with: [.agencyAdmin, .psapManager]) },
            organizations: [agency.id], organization: agency.id, subject: .readiness(agency.id),
            threshold: "application_\(decision.rawValue)",
            titleKey: approved ? "staff.review.yourReadinessApplicationIs" : "staff.review.yourReadinessApplicationWas",
            textKey: approved
                ? (recognition == nil ? "staff.notice.approved.text" : "staff.notice.approvedThrough.text")
                : "staff.review.theClearinghouseReturnedS",
            values: ["name": agency.name, "termEnd": recognition?.termEnd.iso ?? ""],
            data: ["applicationId": applicationID, "decision": decision.rawValue])
    }
}
