import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HomewardWeb

/// One truth across agencies: what the investigating police agency records on its police case
/// proves the child-welfare agency's duties on the linked report, and the other way round, on
/// both pages, with nothing escalated afterwards. Fictional people and places only.
@Suite("Proofs shared across agencies")
struct LinkedProofsPageTests {
    /// A 911 call about the fixture child (in foster care with agency A), handed to the police agency.
    func handedOffCase(_ client: any TestClientProtocol, _ fixtures: Fixtures, cad: String) async throws -> PoliceCaseID {
        let telecommunicator = fixtures.account(.telecommunicator)
        let opened = try await client.api(
            .post, "/api/v1/calls", as: telecommunicator,
            json: #"""
                {"cadIncident":"\#(cad)","answers":[{"item":"child-name","value":"Fixture Child"},{"item":"child-age","value":"15"},{"item":"last-seen-where","value":"Maplewood Park"}]}
                """#)
        let callID = try #require(try opened.json()["id"] as? String, "\(opened.text)")
        let handed = try await client.api(
            .post, "/api/v1/calls/\(callID)/hand-off", as: telecommunicator, json: #"{"agency":"\#(fixtures.police.id)"}"#)
        #expect(handed.status == .created)
        return PoliceCaseID(try #require(try handed.json()["policeCaseId"] as? String))
    }

    /// The agency's report to the clearinghouse is on record, so only the police duties are owed.
    func reportedToClearinghouse(_ services: AppServices, _ fixtures: Fixtures) async throws {
        try await services.store.appendEvent(
            EpisodeEvent(
                id: EpisodeEventID("filed"), episodeID: fixtures.episode.id, kind: .reportedToClearinghouse,
                occurredAt: fixtures.episode.receivedAt + 600, recordedAt: fixtures.episode.receivedAt + 600,
                recordedBy: fixtures.account(.caseworker).user.id, recordedByOrganization: fixtures.agencyA.id, method: "Homeward report",
                reference: "MFC-2026-000001"),
            updating: nil,
            audit: AuditEntry(
                occurredAt: testEpoch, actorUserID: nil, actorOrganizationID: nil, action: "episodes.filed", recordType: "episode"))
    }

    @Test func the_police_cases_report_number_and_nic_close_the_agencys_clocks_and_nothing_escalates() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            try await reportedToClearinghouse(services, fixtures)
            let caseID = try await handedOffCase(client, fixtures, cad: "26-300101")
            let casePath = Routes.policeCase(caseID)
            let investigator = fixtures.account(.investigator)
            var page = try await client.page(
                .post, "\(casePath)/details", as: investigator, fixtures: fixtures,
                form: [("reportNumber", "MPD-26-4410"), ("caseType", "endangered_runaway")])
            #expect(page.status == .seeOther)
            let local = LocalDateTime.format(services.clock.now() + 1200, in: fixtures.police.zone)
            clock.advance(by: 1500)
            page = try await client.page(
                .post, "\(casePath)/ncic-entry", as: investigator, fixtures: fixtures, form: [("nic", "M123456789"), ("enteredAt", local)])
            #expect(page.status == .seeOther)
            page = try await client.page(
                .post, "\(casePath)/link", as: investigator, fixtures: fixtures, form: [("episode", fixtures.episode.id.rawValue)])
            #expect(page.status == .seeOther)
            page = try await client.page(.get, try #require(page.headers[.location]), as: investigator, fixtures: fixtures)
            #expect(page.text.contains("now prove the agency&#39;s duties on the report"))

            // The caseworker's case shows both duties met, by the police agency on its case.
            page = try await client.page(.get, Routes.episode(fixtures.episode.id), as: fixtures.account(.caseworker), fixtures: fixtures)
            #expect(!page.text.contains("Still owed"))
            #expect(page.text.contains("on the \(fixtures.police.name) police case"))
            let record = try #require(try await services.store.episodeRecord(fixtures.episode.id))
            #expect(record.clocks(at: services.clock.now()).map(\.status.code) == ["met_on_time", "met_on_time", "met_on_time"])
            let api = try await client.api(.get, "/api/v1/episodes/\(fixtures.episode.id)", as: fixtures.account(.caseworker))
            let events = try #require(try api.json()["events"] as? [[String: Any]])
            #expect(events.contains { $0["policeCaseId"] as? String == caseID.rawValue && $0["reference"] as? String == "M123456789" })

            // Days later, even after the child is found, nothing escalates on either record.
            clock.advance(by: 3 * 86_400)
            #expect(try await Escalations.runOnce(services) == 0)
            #expect(try await PoliceCaseEscalations.runOnce(services) == 0)
            #expect(try await services.store.inbox(of: investigator.user.id, limit: 50).isEmpty)
        }
    }

    @Test func the_agencys_nic_closes_the_police_cases_clock_and_a_different_number_is_flagged_until_settled() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            try await reportedToClearinghouse(services, fixtures)
            let caseID = try await handedOffCase(client, fixtures, cad: "26-300102")
            let casePath = Routes.policeCase(caseID)
            let investigator = fixtures.account(.investigator)
            var page = try await client.page(
                .post, "\(casePath)/link", as: investigator, fixtures: fixtures, form: [("episode", fixtures.episode.id.rawValue)])
            #expect(page.status == .seeOther)

            // The investigator records the entry on the agency's report, not on the police case.
            let entered = LocalDateTime.format(testEpoch + 600, in: fixtures.police.zone)
            clock.advance(by: 900)
            for (path, form) in [
                (Routes.recordPoliceReport(fixtures.episode.id), [("reference", "MPD-26-5500"), ("method", "phone")]),
                (Routes.recordNCICEntry(fixtures.episode.id), [("reference", "M987654321"), ("method", "NCIC terminal")]),
            ] {
                page = try await client.page(
                    .post, path, as: path.hasSuffix("police-report") ? fixtures.account(.caseworker) : investigator, fixtures: fixtures,
                    form: form + [("occurredAt", entered)])
                #expect(page.status == .seeOther, "\(path)")
            }
            page = try await client.page(.get, casePath, as: investigator, fixtures: fixtures)
            #expect(page.text.contains("clock-met_on_time") && page.text.contains("M987654321"))

            // The police record another report number on their case: both kept, the difference flagged.
            page = try await client.page(
                .post, "\(casePath)/details", as: investigator, fixtures: fixtures,
                form: [("reportNumber", "MPD-26-5501"), ("caseType", "endangered_runaway")])
            #expect(page.status == .seeOther)
            page = try await client.page(.get, casePath, as: investigator, fixtures: fixtures)
            #expect(page.text.contains("The agency recorded report number MPD-26-5500; the police case records MPD-26-5501."))
            #expect(!page.text.contains("Settle the difference"))
            let manager = fixtures.account(.caseManager)
            page = try await client.page(.get, Routes.episode(fixtures.episode.id), as: manager, fixtures: fixtures)
            #expect(page.text.contains("MPD-26-5501") && page.text.contains("Settle the difference"))
            let linkedRecord = try #require(try await services.store.episodeRecord(fixtures.episode.id))
            let difference = try #require(ProofDifference.find(in: linkedRecord.events).first)
            page = try await client.page(
                .post, Routes.episodeSettle(fixtures.episode.id), as: manager, fixtures: fixtures,
                form: [("difference", difference.id), ("note", "")])
            #expect(page.status == .unprocessableContent && page.text.contains("Say which record is right and why."))
            page = try await client.page(
                .post, Routes.episodeSettle(fixtures.episode.id), as: investigator, fixtures: fixtures,
                form: [("difference", difference.id), ("note", "Ours.")])
            #expect(page.status == .forbidden)
            page = try await client.page(
                .post, Routes.episodeSettle(fixtures.episode.id), as: manager, fixtures: fixtures,
                form: [("difference", difference.id), ("note", "MPD-26-5501 is the case number; 5500 was the dispatch number.")])
            #expect(page.status == .seeOther)
            page = try await client.page(.get, casePath, as: investigator, fixtures: fixtures)
            #expect(page.text.contains("5500 was the dispatch number"))

            // Past the 2-hour deadline nothing escalates: the agency's entry closed the police case's clock.
            clock.advance(by: 3 * 3600)
            #expect(try await PoliceCaseEscalations.runOnce(services) == 0)
            #expect(try await Escalations.runOnce(services) == 0)
        }
    }
}
