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
                    ("note", "Unharmed."), ("confirmRecovery", "yes"),
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

@Suite("Recovery, on its own and confirmed")
struct RecoveryTests {
    @Test func recovery_asks_for_confirmation_and_each_agency_sees_only_its_own_tasks() async throws {
        try await withTestApplication { client, services, fixtures in
            let path = "/episodes/\(fixtures.episode.id)"
            let investigator = fixtures.account(.investigator)
            let nic = try await client.api(
                .post, "/api/v1" + path + "/events", as: investigator,
                json: #"{"kind":"ncic_entered","occurredAt":"2026-11-18T10:00:00Z","method":"NCIC terminal","reference":"M123456789"}"#)
            #expect(nic.status == .created)
            // A duty already met offers no second form.
            let police = try await client.page(.get, path, as: investigator, fixtures: fixtures)
            #expect(!police.text.contains("Record the NCIC entry"))
            #expect(police.text.contains("Record the recovery"))

            let form: [(String, String)] = [
                ("kind", "recovered"), ("occurredAt", "2026-11-18T05:00"), ("place", "Maplewood bus station"), ("by", "Officer Vale"),
                ("note", "Unharmed."),
            ]
            let unconfirmed = try await client.page(.post, path + "/events", as: investigator, fixtures: fixtures, form: form)
            #expect(unconfirmed.status == .unprocessableContent && unconfirmed.text.contains("Tick the box to confirm the recovery"))
            #expect(try await services.store.episode(fixtures.episode.id)?.status == .open)
            let confirmed = try await client.page(
                .post, path + "/events", as: investigator, fixtures: fixtures, form: form + [("confirmRecovery", "yes")])
            #expect(confirmed.status == .seeOther)
            let again = try await client.page(
                .post, path + "/events", as: investigator, fixtures: fixtures, form: form + [("confirmRecovery", "yes")])
            #expect(again.status == .unprocessableContent && again.text.contains("recovery is recorded already"))

            let tasks = try await services.store.tasks(of: fixtures.episode.id)
            #expect(Set(tasks.map(\.kind)) == [.returnInterview, .traffickingScreening, .ncicCancel])
            let policePage = try await client.page(.get, path, as: investigator, fixtures: fixtures)
            #expect(policePage.text.contains("Cancel the NCIC record: the child has been recovered (NIC M123456789)"))
            #expect(!policePage.text.contains("Return interview") && !policePage.text.contains("Record the recovery"))
            let agencyPage = try await client.page(.get, path, as: fixtures.account(.caseworker), fixtures: fixtures)
            #expect(agencyPage.text.contains("Return interview") && !agencyPage.text.contains("Cancel the NCIC record"))
            let interview = try #require(tasks.first { $0.kind == .returnInterview })
            let refused = try await client.page(.post, path + "/tasks/\(interview.id)/complete", as: investigator, fixtures: fixtures)
            #expect(refused.status == .forbidden)
        }
    }
}

@Suite("Drafts")
struct DraftTests {
    @Test func a_person_keeps_one_draft_per_child_sees_only_their_own_and_can_delete_it() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let incomplete = ReportingTests.reportForm.filter { $0.0 != "circumstances" }
            for _ in 0..<3 {
                let refused = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: incomplete)
                #expect(refused.status == .unprocessableContent)
            }
            let drafts = try await services.store.drafts(in: fixtures.agencyA.id)
            #expect(drafts.count == 1 && drafts[0].createdBy == caseworker.user.id)
            let supervisorView = try await client.page(.get, "/reports/new", as: fixtures.account(.supervisor), fixtures: fixtures)
            #expect(!supervisorView.text.contains("Jordan Testcase"))
            #expect(
                try await client.page(.get, "/reports/new?draft=\(drafts[0].id)", as: fixtures.account(.supervisor), fixtures: fixtures)
                    .status == .notFound)
            let foreign = try await client.page(
                .post, "/reports/drafts/\(drafts[0].id)/delete", as: fixtures.account(.supervisor), fixtures: fixtures)
            #expect(foreign.status == .notFound)
            let own = try await client.page(.post, "/reports/drafts/\(drafts[0].id)/delete", as: caseworker, fixtures: fixtures)
            #expect(own.status == .seeOther)
            #expect(try await services.store.drafts(in: fixtures.agencyA.id).isEmpty)
        }
    }

    @Test func the_queue_and_the_case_list_page_through_every_open_case_nearest_deadline_first() async throws {
        try await withTestApplication { client, services, fixtures in
            let now = services.clock.now()
            // 60 more open cases, each received a minute earlier than the next: 61 in all.
            var reports: [(child: Child, episode: MissingEpisode)] = []
            for n in 0..<60 {
                let child = Child(
                    id: ChildID("paged-\(n)"), organizationID: fixtures.agencyA.id, firstName: "Paged\(n)", lastName: "Fictional",
                    dateOfBirth: CivilDate(year: 2012, month: 1, day: 1)!, sex: .male, race: "W", heightInches: 60, weightPounds: 90,
                    createdAt: now)
                var episode = fixtures.episode
                episode.id = EpisodeID("paged-episode-\(n)")
                episode.childID = child.id
                episode.receivedAt = now - 7200 - Double(n) * 60
                reports.append((child, episode))
            }
            for report in reports {
                _ = try await services.store.fileReport(
                    child: report.child, childIsNew: true, episode: report.episode, events: [], deletingDraft: nil, idempotencyKey: nil,
                    audit: AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "fixture", recordType: "test"))
            }
            let manager = fixtures.account(.caseManager)

            // Filing numbers the cases; the children's names tell them apart.
            func caseNumbers(_ text: String) -> [String] {
                text.components(separatedBy: "Paged").dropFirst().map { String($0.prefix { $0.isNumber }) }.map {
                    String(repeating: "0", count: 3 - $0.count) + $0
                }
            }
            for start in ["/cases", "/episodes"] {
                let first = try await client.page(.get, start, as: manager, fixtures: fixtures)
                #expect(first.status == .ok)
                // The oldest report has the nearest deadline: the queue starts with it.
                #expect(caseNumbers(first.text).prefix(3) == ["059", "058", "057"])
                let link = try #require(nextPageLink(first.text), "\(start) links to its next page")
                let second = try await client.page(.get, link, as: manager, fixtures: fixtures)
                #expect(second.status == .ok)
                #expect(Set(caseNumbers(first.text)).isDisjoint(with: caseNumbers(second.text)))
                #expect(Set(caseNumbers(first.text) + caseNumbers(second.text)).count == 60)
                #expect(nextPageLink(second.text) == nil)
            }
            // Taking a case puts it under "Mine".
            _ = try await client.page(.post, "/episodes/paged-episode-7/assign", as: manager, fixtures: fixtures)
            let mine = try await client.page(.get, "/cases?show=mine", as: manager, fixtures: fixtures)
            #expect(caseNumbers(mine.text) == ["007"])
            let unassigned = try await client.page(.get, "/cases?show=unassigned", as: manager, fixtures: fixtures)
            #expect(!caseNumbers(unassigned.text).contains("007"))
        }
    }

    @Test func reports_filed_at_once_share_commits_and_each_gets_its_own_case_number() async throws {
        try await withTestApplication { _, services, fixtures in
            let now = services.clock.now()
            let filings = (0..<40).map { n -> FilingRequest in
                let child = Child(
                    id: ChildID("at-once-\(n)"), organizationID: fixtures.agencyA.id, firstName: "Atonce\(n)", lastName: "Fictional",
                    dateOfBirth: CivilDate(year: 2013, month: 3, day: 4)!, sex: .female, race: "W", heightInches: 58, weightPounds: 80,
                    createdAt: now)
                var episode = fixtures.episode
                episode.id = EpisodeID("at-once-episode-\(n)")
                episode.childID = child.id
                episode.caseNumber = nil
                // Report 1 is a client's retry of report 0 with the same key, 6 of 5, and so on.
                let key = IdempotencyKey("at-once-\(n % 5 == 1 ? n - 1 : n)")
                return FilingRequest(
                    FiledReport(child: child, childIsNew: true, episode: episode, events: []), idempotencyKey: key,
                    audit: AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "test", recordType: "test"))
            }
            let answers = try await withThrowingTaskGroup(of: (Int, MissingEpisode).self) { group in
                for (n, filing) in filings.enumerated() { group.addTask { (n, try await services.reportIntake.submit(filing)) } }
                var answers: [Int: MissingEpisode] = [:]
                for try await (n, episode) in group { answers[n] = episode }
                return answers
            }
            #expect(answers.count == 40)
            // Retries got the episode their key filed; every other report its own, numbered without gaps.
            for n in stride(from: 0, to: 40, by: 5) { #expect(answers[n + 1]?.id == answers[n]?.id) }
            let stored = Set(answers.values.map(\.id))
            #expect(stored.count == 32)
            var numbers: [String] = []
            for id in stored {
                let episode = try #require(try await services.store.episode(id))
                numbers.append(try #require(episode.caseNumber))
            }
            #expect(Set(numbers).count == stored.count)
            let counters = numbers.compactMap { Int($0.suffix(6)) }.sorted()
            #expect(counters == Array(counters.first!...counters.last!))
        }
    }
}
