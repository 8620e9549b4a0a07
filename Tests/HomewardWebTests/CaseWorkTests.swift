import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

@Suite("Case work")
struct CaseWorkTests {
    @Test func a_case_manager_takes_a_case_and_recovery_opens_the_two_required_tasks() async throws {
        try await withTestApplication { client, services, fixtures in
            let manager = fixtures.account(.caseManager)
            let queue = try await client.page(.get, "/cases", as: manager, fixtures: fixtures)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("Fixture Child"))
            #expect(queue.text.contains("Take this case"))

            let path = "/episodes/\(fixtures.episode.id)"
            #expect(try await client.page(.post, path + "/assign", as: manager, fixtures: fixtures).status == .seeOther)
            #expect(try await services.store.episode(fixtures.episode.id)?.caseManagerID == manager.user.id)

            let incomplete = try await client.page(
                .post, path + "/events", as: manager, fixtures: fixtures,
                form: [("kind", "recovered"), ("occurredAt", "2026-11-18T05:00"), ("note", "Unharmed.")])
            #expect(incomplete.status == .unprocessableContent)
            #expect(incomplete.text.contains("Say where the child was found."))

            let recovered = try await client.page(
                .post, path + "/events", as: fixtures.account(.investigator), fixtures: fixtures,
                form: [
                    ("kind", "recovered"), ("occurredAt", "2026-11-18T05:00"), ("place", "Maplewood bus station"), ("by", "Officer Vale"),
                    ("note", "Unharmed."),
                ])
            #expect(recovered.status == .seeOther)
            let episode = try #require(try await services.store.episode(fixtures.episode.id))
            #expect(episode.status == .recovered)
            let tasks = try await services.store.tasks(of: episode.id)
            #expect(tasks.map(\.kind) == [.returnInterview, .traffickingScreening])
            #expect(tasks[0].dueAt == Timestamp.parse("2026-11-21T11:00:00.000Z"))

            let caseworker = fixtures.account(.caseworker)
            let page = try await client.page(.get, path, as: caseworker, fixtures: fixtures)
            #expect(page.text.contains("Return interview"))
            _ = try await client.page(
                .post, path + "/tasks/\(tasks[0].id)/complete", as: caseworker, fixtures: fixtures, form: [("note", "Done.")])
            #expect(try await services.store.tasks(of: episode.id)[0].completedBy == caseworker.user.id)
        }
    }

    @Test func another_agency_cannot_work_the_case() async throws {
        try await withTestApplication { client, _, fixtures in
            let response = try await client.page(
                .post, "/episodes/\(fixtures.episode.id)/events", as: fixtures.adminB, fixtures: fixtures,
                form: [("kind", "note"), ("occurredAt", "2026-11-18T05:00"), ("note", "x")])
            #expect(response.status == .forbidden)
        }
    }
}
