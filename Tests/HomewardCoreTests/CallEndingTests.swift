import Foundation
import HomewardCore
import HomewardTestSupport
import Testing

/// Ending a call is one command: the ended call, the police case of a hand-off, the QA review and
/// the notice that it is due, decided without a server.
@Suite("Ending a missing-child call")
struct CallEndingTests {
    typealias F = CallFixtures
    let section = QASection(reviewer: .role(.qaReviewer), windowHours: 48, stated: true)

    func person(_ id: String, _ roles: Set<Role>, active: Bool = true) -> User {
        User(
            id: UserID(id), organizationID: F.psap.id, email: "\(id)@lakeshore.example", name: "Person \(id)", roles: roles,
            active: active, createdAt: Date(timeIntervalSince1970: 0))
    }

    var staff: [User] {
        [
            person("qa", [.qaReviewer]), person("qa-gone", [.qaReviewer], active: false), person("tc", [.telecommunicator]),
            person("both", [.qaReviewer, .psapManager]), person("mgr", [.psapManager]), person("mgr-gone", [.psapManager], active: false),
        ]
    }

    func end(_ ending: CallEnding, answers: [(String, String)] = F.essentials) throws -> EndedCall {
        try F.call(answers).ending(
            ending, checklist: F.checklist, psap: F.psap, section: section, staff: staff, reviewID: QAReviewID("r"), at: F.now + 1800,
            by: F.telecommunicator)
    }

    @Test func closing_ends_the_call_and_opens_its_review_with_a_due_notice_to_its_assignees() throws {
        let ended = try end(.closing(reason: "The child was found at a neighbour's before police were needed."))
        #expect(ended.call.status == .closed && ended.policeCase == nil)
        #expect(ended.review.dueAt == F.now + 48 * 3600 && ended.review.callID == ended.call.id)
        let notice = try #require(ended.notices.first)
        #expect(ended.notices.count == 1 && notice.type == .qaReviewDue && notice.subject == .qaReview(QAReviewID("r")))
        // Active people with the role only; never the child's name in the words or the data.
        #expect(notice.recipients.map(\.id.rawValue) == ["qa", "both"])
        #expect(notice.values["call"] == "CAD 26-118842" && notice.values["due"] == "2026-11-20 09:00 CST")
        #expect(!(notice.values.values.joined() + notice.data.values.joined()).contains("Wren"))
    }

    @Test func an_overdue_review_tells_its_assignees_and_the_centers_managers_once_each() throws {
        let ended = try end(.closing(reason: "Found safe at a neighbour's."))
        let notice = ended.review.overdueNotice(call: ended.call, psap: F.psap, staff: staff)
        #expect(notice.type == .qaReviewOverdue && notice.threshold == "overdue")
        #expect(notice.recipients.map(\.id.rawValue) == ["qa", "both", "mgr"])
        #expect(notice.times["due"] == ended.review.dueAt && notice.values["call"] == "CAD 26-118842")
    }

    @Test func a_hand_off_opens_the_police_case_in_the_same_command() throws {
        let ended = try end(.handingOff(to: F.police, caseID: PoliceCaseID("case")))
        #expect(ended.call.handedOffTo == F.police.id && ended.policeCase?.id == PoliceCaseID("case"))
        #expect(ended.review.dueAt == F.now + 48 * 3600)
    }

    @Test func a_hand_off_is_refused_to_no_agency_another_states_or_with_answers_missing() throws {
        var elsewhere = F.police
        elsewhere.state = "WI"
        for agency in [nil, elsewhere] {
            #expect {
                try end(.handingOff(to: agency, caseID: PoliceCaseID("case")))
            } throws: { error in
                guard case HomewardError.invalid(let errors) = error else { return false }
                return errors["agency"] != nil
            }
        }
        #expect(throws: HomewardError.self) { try end(.handingOff(to: F.police, caseID: PoliceCaseID("case")), answers: []) }
        #expect(throws: HomewardError.self) { try end(.closing(reason: " ")) }
    }
}
