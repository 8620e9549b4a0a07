import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

@Suite("Reporting a child missing from care")
struct ReportingTests {
    static let reportForm: [(String, String)] = [
        ("firstName", "Jordan"), ("lastName", "Testcase"), ("dateOfBirth", "2011-04-12"), ("sex", "F"), ("race", "W"), ("heightFeet", "5"),
        ("heightInches", "3"), ("weightPounds", "94"), ("eyeColor", "BRO"), ("hairColor", "BLK"), ("receivedAt", "2026-11-18T12:00"),
        ("lastSeenAt", "2026-11-18T09:30"), ("lastSeenCity", "Maplewood"), ("lastSeenState", "IL"),
        ("circumstances", "Left the foster home after breakfast."), ("endangerments", "trafficking_concern"),
        ("guardianName", "Fixture cw-a"),
        ("guardianPhone", "555-010-2000"), ("policeOrganizationID", "org-pd"), ("policePhone", "555-010-3000"),
        ("caseType", "endangered_runaway"),
        ("intent", "file"),
    ]

    @Test func a_caseworker_files_reports_to_police_and_the_investigator_enters_ncic_all_on_time() async throws {
        // 2026-11-18 17:06 CST, five hours after the agency learned of it.
        let clock = PinnedWallClock(testEpoch + 12 * 3600)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let filed = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: Self.reportForm)
            #expect(filed.status == .seeOther)
            let location = try #require(filed.headers[.location])
            let page = try await client.page(.get, location, as: caseworker, fixtures: fixtures)
            #expect(page.text.contains("Jordan Testcase"))
            #expect(page.text.contains("data-clock=\"police_report\""))
            #expect(page.text.contains("Running: 18 h 53 min left"))
            #expect(page.text.contains("Not started: starts when police receive the report"))

            let episodePath = String(location.split(separator: "?")[0])
            clock.advance(by: 600)
            let recorded = try await client.page(
                .post, episodePath + "/police-report", as: caseworker, fixtures: fixtures,
                form: [
                    ("occurredAt", "2026-11-18T12:30"), ("method", "phone"), ("reference", "mpd-2026-0142"),
                    ("officerName", "Officer Vale"),
                ])
            #expect(recorded.status == .seeOther)

            let investigator = fixtures.account(.investigator)
            clock.advance(by: 600)
            let ncic = try await client.page(
                .post, episodePath + "/ncic-entry", as: investigator, fixtures: fixtures,
                form: [("occurredAt", "2026-11-18T13:15"), ("method", "NCIC terminal"), ("reference", "M123456789")])
            #expect(ncic.status == .seeOther)

            let id = EpisodeID(String(episodePath.split(separator: "/").last!))
            let record = try #require(try await services.store.episodeRecord(id))
            let clocks = StatutoryClocks.read(episode: record.episode, events: record.events, at: clock.now())
            #expect(clocks.map(\.status) == [.metOnTime, .metOnTime, .metOnTime])
            #expect(clocks[0].proof?.reference == "MPD-2026-0142")
            #expect(clocks[2].proof?.reference == "M123456789")
            #expect(record.episode.ncicNumber == "M123456789")
            #expect(record.episode.police.officerName == "Officer Vale")

            let final = try await client.page(.get, episodePath, as: caseworker, fixtures: fixtures)
            #expect(final.text.components(separatedBy: "Met on time").count == 4)
            #expect(final.text.contains("Police report number MPD-2026-0142 · phone"))
        }
    }

    @Test func a_report_with_problems_is_shown_again_and_kept_as_a_draft() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            var form = Self.reportForm.filter { $0.0 != "firstName" && $0.0 != "endangerments" }
            form.append(("heightInches", "13"))
            let response = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: form)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Enter the child&#39;s first name."))
            #expect(response.text.contains("Tick every risk that applies"))
            #expect(response.text.contains("value=\"Testcase\""))
            let drafts = try await services.store.drafts(in: fixtures.agencyA.id)
            #expect(drafts.count == 1)
            #expect(drafts.first?.fields["lastName"] == "Testcase")
        }
    }

    @Test func another_police_agency_cannot_see_the_case() async throws {
        try await withTestApplication { client, services, fixtures in
            let path = "/episodes/\(fixtures.episode.id)"
            #expect(try await client.page(.get, path, as: fixtures.account(.investigator), fixtures: fixtures).status == .ok)
            #expect(try await client.page(.get, path, as: fixtures.adminB, fixtures: fixtures).status == .forbidden)
            let otherPolice = Organization(
                id: OrganizationID("org-pd2"), code: "pd2", name: "Other PD", kind: .lawEnforcement, state: "IL",
                timeZone: "America/Chicago",
                ori: "IL0770000", createdAt: testEpoch)
            try await services.store.createOrganization(
                otherPolice,
                audit: AuditEntry(occurredAt: testEpoch, actorUserID: nil, actorOrganizationID: nil, action: "x", recordType: "x"))
            let detective = User(
                id: UserID("det-2"), organizationID: otherPolice.id, email: "det2@fixture.example", name: "Det Two", roles: [.investigator],
                createdAt: testEpoch)
            try await services.store.createUser(
                detective, passwordHash: nil,
                audit: AuditEntry(occurredAt: testEpoch, actorUserID: nil, actorOrganizationID: nil, action: "x", recordType: "x"))
            let key = "session-det-2-" + String(repeating: "k", count: 20)
            try await services.store.createSession(
                SessionRecord(
                    keyHash: SHA256Digest.hex(key), userID: detective.id, createdAt: testEpoch, lastSeenAt: testEpoch,
                    expiresAt: testEpoch + 3600))
            let account = TestAccount(user: detective, organization: otherPolice, sessionKey: key, apiToken: "none")
            let denied = try await client.page(.get, path, as: account, fixtures: fixtures)
            #expect(denied.status == .forbidden)
            #expect(!denied.text.contains("Fixture Child"))
            let list = try await client.page(.get, "/episodes", as: account, fixtures: fixtures)
            #expect(!list.text.contains("Fixture Child"))
        }
    }

    @Test func the_api_files_once_per_idempotency_key_and_enforces_who_records_what() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            var body: [String: Any] = [:]
            for (key, value) in Self.reportForm where key != "intent" {
                if key == "endangerments" { body[key] = [value] } else { body[key] = value }
            }
            // Systems send times with their offset (the API takes no bare local time).
            body["receivedAt"] = "2026-11-18T12:00:00-06:00"
            body["lastSeenAt"] = "2026-11-18T09:30:00-06:00"
            let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(caseworker.apiToken)"
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("Idempotency-Key")!] = "case-system-4711"
            let first = try await client.execute(uri: "/api/v1/episodes", method: .post, headers: headers, body: .init(string: json)) { $0 }
            let second = try await client.execute(uri: "/api/v1/episodes", method: .post, headers: headers, body: .init(string: json)) {
                $0
            }
            #expect(first.status == .created)
            #expect(second.status == .created)
            let firstID = try first.json()["id"] as? String
            let secondID = try second.json()["id"] as? String
            #expect(firstID != nil && firstID == secondID)
            #expect(try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id)).count == 2)

            let clocks = try first.json()["clocks"] as? [[String: Any]]
            #expect(clocks?.map { $0["status"] as? String } == ["running", "met_on_time", "not_started"])

            let ncicByCaseworker = try await client.api(
                .post, "/api/v1/episodes/\(firstID!)/events", as: caseworker,
                json: #"{"kind":"ncic_entered","occurredAt":"2026-11-18T17:30:00Z","method":"NCIC terminal","reference":"M123456789"}"#)
            #expect(ncicByCaseworker.status == .forbidden)
            let badNIC = try await client.api(
                .post, "/api/v1/episodes/\(firstID!)/events", as: fixtures.account(.investigator),
                json: #"{"kind":"ncic_entered","occurredAt":"2026-11-18T17:30:00Z","method":"NCIC terminal","reference":"12"}"#)
            #expect(badNIC.status == .unprocessableContent)
            let sheet = try await client.api(.get, "/api/v1/episodes/\(firstID!)/ncic", as: fixtures.account(.investigator))
            #expect(try sheet.json()["category"] as? String == "EME")
            #expect((try sheet.json()["problems"] as? [[String: String]])?.map { $0["field"] } == ["OCA"])
        }
    }

    @Test func the_evidence_packet_answers_each_duty_with_its_proof_and_the_audit_entries() async throws {
        try await withTestApplication { client, _, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let path = "/episodes/\(fixtures.episode.id)"
            // Police learned of it first, four minutes after the child was last seen: the NCIC clock
            // runs from then.
            let recorded = try await client.page(
                .post, path + "/police-report", as: caseworker, fixtures: fixtures,
                form: [("occurredAt", "2026-11-18T03:10"), ("method", "phone"), ("reference", "MPD-77")])
            #expect(recorded.status == .seeOther)
            let response = try await client.api(.get, "/api/v1/episodes/\(fixtures.episode.id)/evidence", as: caseworker)
            #expect(response.status == .ok)
            let packet = try response.json()
            let duties = try #require(packet["duties"] as? [[String: Any]])
            #expect(duties.map { $0["status"] as? String } == ["met_on_time", "running", "warning"])
            let proof = duties[0]["proof"] as? [String: Any]
            #expect(proof?["reference"] as? String == "MPD-77")
            #expect(proof?["recordedBy"] as? String == caseworker.user.name)
            #expect((duties[0]["deadline"] as? [String: String])?["local"]?.hasSuffix("CST") == true)
            let audit = try #require(packet["auditEntries"] as? [[String: Any]])
            #expect(audit.contains { $0["action"] as? String == "episodes.reported_to_police" })
            #expect(packet["auditChainIntact"] as? Bool == true)
            #expect(!response.text.contains("Fixture Child"))
            let download = try await client.page(.get, path + "/evidence.json", as: caseworker, fixtures: fixtures)
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment") == true)
        }
    }

    @Test func a_repeat_is_linked_to_the_same_child_only_when_a_person_confirms_it() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            var form = Self.reportForm.filter { !["firstName", "lastName", "dateOfBirth"].contains($0.0) }
            form += [("firstName", "Fixture"), ("lastName", "Chyld"), ("dateOfBirth", "2011-04-12")]
            let asked = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: form)
            #expect(asked.status == .ok)
            #expect(asked.text.contains("This child may have gone missing before."))
            #expect(asked.text.contains("value=\"link:child-1\""))
            #expect(try await services.store.episodes(ofChild: ChildID("child-1")).count == 1)
            // A repeat episode follows a recovery: a child has one open case at a time.
            let recovered = try await client.page(
                .post, "/episodes/\(fixtures.episode.id)/events", as: fixtures.account(.caseManager), fixtures: fixtures,
                form: [
                    ("kind", "recovered"), ("occurredAt", "2026-11-18T14:00"), ("place", "Library"), ("by", "Officer Vale"),
                    ("note", "Unharmed."), ("confirmRecovery", "yes"),
                ])
            #expect(recovered.status == .seeOther)

            let linked = try await client.page(
                .post, "/reports", as: caseworker, fixtures: fixtures, form: form + [("childDecision", "link:child-1")])
            #expect(linked.status == .seeOther)
            #expect(try await services.store.episodes(ofChild: ChildID("child-1")).count == 2)
            #expect(try await services.store.child(ChildID("child-1"))?.lastName == "Chyld")

            let foreign = try await client.page(
                .post, "/reports", as: fixtures.account(.caseworker), fixtures: fixtures,
                form: form + [("childDecision", "link:no-such-child")])
            #expect(foreign.status == .unprocessableContent)
        }
    }

    @Test func the_api_corrects_a_report_and_revalidates_it_whole() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let path = "/api/v1/episodes/\(fixtures.episode.id)"
            let changed = try await client.api(
                .patch, path, as: caseworker,
                json: #"{"clothing":"Blue parka","endangerments":["suicidal_ideation"],"noEndangerments":false,"heightInches":4}"#)
            #expect(changed.status == .ok)
            let episode = try #require(try await services.store.episode(fixtures.episode.id))
            #expect(episode.clothing == "Blue parka")
            #expect(episode.endangerments == [.suicidalIdeation])
            #expect(episode.caseNumber == fixtures.episode.caseNumber)
            #expect(try await services.store.child(ChildID("child-1"))?.heightInches == 64)

            let bad = try await client.api(.patch, path, as: caseworker, json: #"{"heightInches":"13","policeReportNumber":"X"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try await services.store.child(ChildID("child-1"))?.heightInches == 64)
            let foreign = try await client.api(.patch, path, as: fixtures.adminB, json: #"{"clothing":"x"}"#)
            #expect(foreign.status == .forbidden)
        }
    }
}
