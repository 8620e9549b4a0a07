import Foundation
import HomewardCore
import Testing

@Suite("A second open case for the same child")
struct SecondOpenCaseTests {
    let open = OpenCaseOfSameChild(episodeID: EpisodeID("e1"), caseNumber: "HW-2026-000101", firstName: "Avery", lastName: "Quill")

    @Test func names_match_once_folded_and_only_both_together() {
        #expect(SecondOpenCaseRule.sameNames(firstName: " ávery ", lastName: "QUILL", as: open))
        #expect(!SecondOpenCaseRule.sameNames(firstName: "Avery", lastName: "Quinn", as: open))
        #expect(!SecondOpenCaseRule.sameNames(firstName: "", lastName: "Quill", as: open))
    }

    @Test func a_new_child_record_beside_an_open_case_is_refused_without_a_supervisors_reason() throws {
        let refusal = try #require(SecondOpenCaseRule.problem(firstName: "Avery", lastName: "Quill", open: [open], override: nil))
        guard case .invalid(let errors) = refusal else { Issue.record("not a field error"); return }
        #expect(errors["childDecision"]?.contains("HW-2026-000101") == true)
        #expect(SecondOpenCaseRule.problem(firstName: "Rowan", lastName: "Quill", open: [open], override: nil) == nil)
        let approved = SecondOpenCase(reason: "Two children of one name and birthday", approvedBy: UserID("s"))
        #expect(SecondOpenCaseRule.problem(firstName: "Avery", lastName: "Quill", open: [open], override: approved) == nil)
    }

    @Test func only_a_supervisor_states_the_reason_and_it_is_bounded() throws {
        #expect(try SecondOpenCaseRule.override(reason: "  ", by: UserID("w"), roles: [.caseworker]) == nil)
        #expect(throws: HomewardError.self) { try SecondOpenCaseRule.override(reason: "twins", by: UserID("w"), roles: [.caseworker]) }
        #expect(throws: HomewardError.self) {
            try SecondOpenCaseRule.override(reason: String(repeating: "x", count: 1001), by: UserID("s"), roles: [.supervisor])
        }
        #expect(try SecondOpenCaseRule.override(reason: " twins ", by: UserID("s"), roles: [.supervisor])?.reason == "twins")
        // Invisible control characters are refused like every other note's.
        #expect(throws: HomewardError.self) { try SecondOpenCaseRule.override(reason: "twins\u{0}", by: UserID("s"), roles: [.supervisor]) }
    }

    @Test func the_reason_goes_on_both_cases_each_naming_the_other() {
        var next = 0
        let events = SecondOpenCaseRule.events(
            newEpisode: EpisodeID("e2"), newCaseNumber: "HW-2026-000102", open: [open],
            override: SecondOpenCase(reason: "twins", approvedBy: UserID("s")), organization: OrganizationID("cw"),
            at: Date(timeIntervalSince1970: 1_795_000_000),
            newID: {
                next += 1
                return "id\(next)"
            })
        #expect(events.map(\.episodeID) == [EpisodeID("e2"), EpisodeID("e1")])
        #expect(events.map(\.reference) == ["HW-2026-000101", "HW-2026-000102"])
        #expect(events.allSatisfy { $0.kind == .secondOpenCase && $0.note == "twins" && $0.recordedBy == UserID("s") })
    }
}
