import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

/// State rules end to end: an administrator adds a stricter version for a state, a report filed
/// there runs under it and says so, and a later version leaves that case as it was.
@Suite("State rules")
struct StateRulesTests {
    func rules(_ state: String, hours: String, required: [String] = [], note: String) -> [(String, String)] {
        [
            ("state", state), ("effectiveFrom", "2026-11-18"), ("policeReportHours", hours), ("clearinghouseReportHours", hours),
            ("childUnder", "18"), ("citation", "Ill. fictional rule 7.3 (test)"), ("note", note),
        ] + required.map { ("requiredFields", $0) }
    }

    func report(receivedAt: String, marks: String) -> [(String, String)] {
        [
            ("firstName", "Tamsin"), ("lastName", "Orrery"), ("dateOfBirth", "2012-03-04"), ("sex", "F"), ("heightFeet", "4"),
            ("heightInches", "6"), ("weightPounds", "80"), ("receivedAt", receivedAt), ("lastSeenCity", "Maplewood"),
            ("lastSeenState", "IL"), ("caseType", "endangered_runaway"), ("circumstances", "Left during a visit."),
            ("guardianName", "Fixture cw-a"), ("guardianPhone", "555-010-2000"), ("policeOrganizationID", "org-pd"),
            ("policePhone", "555-010-3000"),
            ("noEndangerments", "on"), ("marks", marks), ("intent", "file"),
        ]
    }

    @Test func a_stricter_state_runs_its_cases_under_its_rules_and_a_later_version_leaves_them_alone() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let caseworker = fixtures.account(.caseworker)
            // Longer than federal law allows: refused, nothing kept. A caseworker may read, not add.
            let refused = try await client.page(.post, "/rules", as: admin, fixtures: fixtures, form: rules("IL", hours: "30", note: "x"))
            #expect(refused.status == .unprocessableContent && refused.text.contains("federal law is the longest a state may allow"))
            #expect(try await services.store.jurisdictionRules(of: "IL").isEmpty)
            let forbidden = try await client.page(
                .post, "/rules", as: caseworker, fixtures: fixtures, form: rules("IL", hours: "12", note: "Twelve hours"))
            #expect(forbidden.status == .forbidden)

            let added = try await client.page(
                .post, "/rules", as: admin, fixtures: fixtures, form: rules("IL", hours: "12", required: ["marks"], note: "Twelve hours"))
            #expect(added.status == .seeOther)
            let list = try await client.page(.get, "/rules", as: caseworker, fixtures: fixtures)
            #expect(list.status == .ok && list.text.contains("Illinois") && list.text.contains("Report to police: 12 hours"))

            // A report the agency learned of after the version took effect: the state's required
            // field is asked for, and the case runs under the state's 12 hours.
            // Time moves on: people sign in again (sessions end when idle).
            clock.advance(by: 3600)
            let laterCaseworker = try await TestAccounts.make(services, "rules-caseworker", .caseworker, in: fixtures.agencyA)
            let laterAdmin = try await TestAccounts.make(services, "rules-admin", .clearinghouseAdmin, in: fixtures.clearinghouse)
            let missingMarks = try await client.page(
                .post, "/reports", as: laterCaseworker, fixtures: fixtures, form: report(receivedAt: "2026-11-18T06:00", marks: ""))
            #expect(missingMarks.status == .unprocessableContent)
            #expect(missingMarks.text.contains("Illinois requires this (Ill. fictional rule 7.3 (test))."))
            let filed = try await client.page(
                .post, "/reports", as: laterCaseworker, fixtures: fixtures,
                form: report(receivedAt: "2026-11-18T06:00", marks: "Scar on chin"))
            #expect(filed.status == .seeOther)
            let first = try #require(
                try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id, limit: 10))
                    .first { $0.child.lastName == "Orrery" })
            #expect(first.episode.rulesID == "IL-1")
            #expect(first.clocks(at: clock.now()).first?.deadline == first.episode.receivedAt + 12 * 3600)
            let page = try await client.page(.get, "/episodes/\(first.episode.id)", as: laterCaseworker, fixtures: fixtures)
            #expect(page.text.contains("Illinois rules, version 1 (Ill. fictional rule 7.3 (test))"))
            let json = try await client.api(.get, "/api/v1/episodes/\(first.episode.id)", as: laterCaseworker).json()
            #expect(json["rulesId"] as? String == "IL-1")

            // The state shortens the window again: the running case keeps version 1; a case learned
            // of afterwards runs under version 2.
            let second = try await client.page(
                .post, "/rules", as: laterAdmin, fixtures: fixtures, form: rules("IL", hours: "6", note: "Six hours from now on"))
            #expect(second.status == .seeOther)
            clock.advance(by: 120)
            let again = try #require(try await services.store.episodeRecord(first.episode.id))
            #expect(
                again.episode.rulesID == "IL-1" && again.clocks(at: clock.now()).first?.deadline == first.episode.receivedAt + 12 * 3600)
            var later = report(receivedAt: "2026-11-18T06:08", marks: "")
            later[1] = ("lastName", "Quillon")
            #expect(try await client.page(.post, "/reports", as: laterCaseworker, fixtures: fixtures, form: later).status == .seeOther)
            let newer = try #require(
                try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id, limit: 10))
                    .first { $0.child.lastName == "Quillon" })
            #expect(newer.episode.rulesID == "IL-2")
            #expect(newer.clocks(at: clock.now()).first?.deadline == newer.episode.receivedAt + 6 * 3600)

            // The history keeps both versions, with the citation and the reason; the audit trail who added them.
            let history = try await client.page(.get, "/rules/IL", as: laterCaseworker, fixtures: fixtures)
            #expect(
                history.text.contains("Version 2") && history.text.contains("Version 1") && history.text.contains("Six hours from now on"))
            let events = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "rules.add"), beforeSequence: nil, limit: 10)
            #expect(Set(events.compactMap(\.entry.recordID)) == ["IL-1", "IL-2"])
        }
    }
}
