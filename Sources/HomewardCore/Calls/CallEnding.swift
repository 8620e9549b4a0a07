import Foundation

/// How a missing-child call ends: closed without a hand-off (with the reason), or handed to a
/// police agency, whose case opens from it.
public enum CallEnding: Sendable, Equatable {
    case closing(reason: String)
    /// `agency` is nil when the one chosen is not known.
    case handingOff(to: Organization?, caseID: PoliceCaseID)
}

/// What ending a call comes to: the ended call, the police case when it was handed off, the QA
/// review that opens, and the notice that the review is due. Stored together, in one transaction.
public struct EndedCall: Sendable, Equatable {
    public var call: MissingChildCall
    public var policeCase: PoliceCase?
    public var review: QAReview
    public var notices: [NoticeEvent]
}

extension MissingChildCall {
    /// Ends the call as `ending` says, for the 911 center `psap` whose QA section is `section` and
    /// whose active staff are `staff`: the review opens due as the section says, and its assignees
    /// are told. A hand-off goes only to an active police agency of the center's own state; field
    /// errors name the agency, the reason, or the questions police still need answered.
    public func ending(
        _ ending: CallEnding, checklist: CallChecklist, psap: Organization, section: QASection, staff: [User], reviewID: QAReviewID,
        at instant: Date, by person: UserID
    ) throws -> EndedCall {
        let ended: MissingChildCall
        var policeCase: PoliceCase?
        switch ending {
        case .closing(let reason):
            ended = try closing(reason: reason, at: instant, by: person)
        case .handingOff(let agency, let caseID):
            guard let agency, agency.state == psap.state else {
                throw HomewardError.invalid("agency", "Choose the police agency responding to the call.")
            }
            (ended, policeCase) = try handingOff(
                to: agency, caseID: caseID, checklist: checklist, zone: psap.zone, at: instant, by: person)
        }
        let review = try QAReview.opening(id: reviewID, for: ended, section: section, at: instant)
        return EndedCall(
            call: ended, policeCase: policeCase, review: review,
            notices: [review.dueNotice(call: ended, psap: psap, staff: staff)])
    }
}

extension QAReview {
    /// The people the review is assigned to among `users`: the person its QA section names, or
    /// everyone active with the role.
    public func assignees(among users: [User]) -> [User] {
        users.filter { user in
            guard user.active else { return false }
            switch assignee {
            case .person(let id): return user.id == id
            case .role(let role): return user.roles.contains(role)
            }
        }
    }

    /// The call's name in notices: its CAD number, or when it was taken; never the child's name.
    public static func callName(_ call: MissingChildCall, zone: TimeZone) -> String {
        call.cadIncident.map { "CAD \($0)" } ?? "taken \(LocalDateTime.text(call.openedAt, in: zone))"
    }

    /// The notice of a review just opened: its assignees are told it is due, and by when.
    public func dueNotice(call: MissingChildCall, psap: Organization, staff: [User]) -> NoticeEvent {
        NoticeEvent(
            type: .qaReviewDue, recipients: assignees(among: staff), organizations: [psap.id], organization: psap.id,
            subject: .qaReview(id), threshold: "due", titleKey: "staff.notice.qaReviewDue.title", textKey: "staff.notice.qaReviewDue.text",
            values: ["call": Self.callName(call, zone: psap.zone), "due": LocalDateTime.text(dueAt, in: psap.zone)],
            data: ["qaReviewId": id.rawValue, "callId": callID.rawValue, "dueAt": Timestamp.formatSeconds(dueAt)])
    }

    /// The notice of a review past its window: its assignees and the 911 center's managers are
    /// told, once each. The words name the call by its CAD number, never the child.
    public func overdueNotice(call: MissingChildCall, psap: Organization, staff: [User]) -> NoticeEvent {
        let managers = staff.filter { $0.active && $0.roles.contains(.psapManager) }
        return NoticeEvent(
            type: .qaReviewOverdue, recipients: assignees(among: staff) + managers, organizations: [psap.id], organization: psap.id,
            subject: .qaReview(id), threshold: "overdue", titleKey: "staff.notice.qaReviewOverdue.title",
            textKey: "staff.notice.qaReviewOverdue.text", values: ["call": Self.callName(call, zone: psap.zone)], times: ["due": dueAt],
            data: ["qaReviewId": id.rawValue, "callId": callID.rawValue, "dueAt": Timestamp.formatSeconds(dueAt)])
    }
}
