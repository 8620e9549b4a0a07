import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

/// The live call page's model is built from the call and its checklist with no reads: the focus
/// moves to the next unanswered item, a refused answer stays as typed beside its message, and only
/// a telecommunicator of the center answers while the call is open.
@Suite("Live call page model")
struct CallViewModelTests {
    typealias F = ModelFixtures
    let now = F.now
    let chicago = F.chicago
    let psap = F.psap
    let checklist = F.checklist

    func call() throws -> MissingChildCall { try F.call([("child-name", "Wren Halloway")]) }

    func principal(_ role: Role, in organization: OrganizationID) -> Principal { F.principal(role, in: organization, kind: .psap) }

    func items(_ view: CallView) -> [CallView.Item] { view.sections.flatMap(\.items) }

    @Test func the_focus_moves_to_the_next_unanswered_item_and_a_refused_answer_stays_as_typed() throws {
        let call = try call()
        let saved = CallView(
            call, checklist: checklist, principal: principal(.telecommunicator, in: psap.id), zone: chicago, now: now + 60,
            layout: .bare(title: "Call"), after: "child-name", problem: nil)
        #expect(saved.isOpen && saved.cad == "26-118842" && saved.title.contains("Wren Halloway"))
        #expect(items(saved).first { $0.focus }?.id == CallView.next(after: "child-name", in: call, checklist: checklist))
        #expect(items(saved).first { $0.id == "child-name" }?.answered == true)

        let refused = CallView(
            call, checklist: checklist, principal: principal(.telecommunicator, in: psap.id), zone: chicago, now: now + 60,
            layout: .bare(title: "Call"), after: nil,
            problem: CallView.Problem(item: "child-age", message: "Give the age in years.", typed: "nine"))
        let age = items(refused).first { $0.id == "child-age" }
        #expect(age?.value == "nine" && age?.error == "Give the age in years." && age?.focus == true)
    }

    @Test func only_the_centers_telecommunicator_answers_while_the_call_is_open() throws {
        let call = try call()
        let other = CallView(
            call, checklist: checklist, principal: principal(.telecommunicator, in: OrganizationID("other-psap")), zone: chicago,
            now: now + 60, layout: .bare(title: "Call"), after: nil, problem: nil)
        #expect(!other.isOpen && !items(other).contains { $0.focus })
    }
}
