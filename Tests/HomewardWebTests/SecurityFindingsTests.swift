import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit
import Testing

@testable import HomewardStore
@testable import HomewardWeb

/// Each finding of the outside security pass, reproduced: each of these failed before its repair.
@Suite("Security findings")
struct SecurityFindingsTests {
    @Test func an_event_dated_year_zero_or_before_birth_is_refused_and_nothing_is_written() async throws {
        try await withTestApplication { client, services, fixtures in
            let path = "/api/v1/episodes/\(fixtures.episode.id)/events"
            let before = try #require(try await services.store.episodeRecord(fixtures.episode.id)).events.count
            for when in ["0000-01-01T00:00:00Z", "-0001-06-01T00:00:00Z", "1850-01-01T00:00:00Z", "2011-04-01T00:00:00Z"] {
                let response = try await client.api(
                    .post, path, as: fixtures.account(.caseworker),
                    json: #"{"kind":"reported_to_police","occurredAt":"\#(when)","method":"phone","reference":"R-1"}"#)
                #expect(response.status == .unprocessableContent, "\(when)")
            }
            let page = try await client.page(
                .post, "/episodes/\(fixtures.episode.id)/events", as: fixtures.account(.caseManager), fixtures: fixtures,
                form: [("kind", "note"), ("occurredAt", "0001-01-01T00:00"), ("note", "x")])
            #expect(page.status == .unprocessableContent && page.text.contains("A time before 1900 cannot be right"))
            #expect(try #require(try await services.store.episodeRecord(fixtures.episode.id)).events.count == before)
        }
    }

    @Test func one_unreadable_event_leaves_its_case_out_and_every_other_list_and_escalation_working() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let engine = try #require(services.store as? SQLDataStore).engine
            // A second case, then a row in the first case's timeline that no read can parse.
            let filed = try await client.page(
                .post, "/reports", as: fixtures.account(.caseworker), fixtures: fixtures, form: ReportingTests.reportForm)
            #expect(filed.status == .seeOther)
            try await engine.write { db in
                try await db.raw(
                    """
                    INSERT INTO episode_events (id, episode_id, kind, occurred_at, recorded_at, recorded_by, recorded_by_organization)
                    VALUES ('poison', \(bind: fixtures.episode.id.rawValue), 'note', '-001-01-01T00:00:00.000Z', '-001-01-01T00:00:00.000Z',
                        \(bind: fixtures.account(.caseworker).user.id.rawValue), \(bind: fixtures.agencyA.id.rawValue))
                    """
                ).run()
            }
            let records = try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id))
            #expect(records.count == 1 && records[0].episode.id != fixtures.episode.id)
            for path in ["/", "/cases", "/episodes", "/cases/long-term", "/organizations/\(fixtures.agencyA.id)/compliance"] {
                let page = try await client.page(.get, path, as: fixtures.account(.caseManager), fixtures: fixtures)
                #expect(page.status == .ok, "\(path)")
            }
            #expect(try await Escalations.runOnce(services) >= 0)
        }
    }

    @Test func a_huge_number_in_a_correction_is_a_field_error_not_a_crash() async throws {
        try await withTestApplication { client, services, fixtures in
            for body in [#"{"heightInches":1e300}"#, #"{"weightPounds":-1e308}"#, #"{"heightFeet":1.5}"#] {
                let response = try await client.api(
                    .patch, "/api/v1/episodes/\(fixtures.episode.id)", as: fixtures.account(.caseworker), json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
            }
        }
    }

    @Test func only_the_reporting_agency_corrects_its_report_and_the_audit_keeps_old_and_new() async throws {
        try await withTestApplication { client, services, fixtures in
            let path = "/api/v1/episodes/\(fixtures.episode.id)"
            let investigator = fixtures.account(.investigator)
            let rewrite = try await client.api(.patch, path, as: investigator, json: #"{"guardianName":"Someone Else"}"#)
            #expect(rewrite.status == .forbidden)
            let handOff = try await client.api(
                .patch, path, as: investigator, json: #"{"policeOrganizationID":"\#(fixtures.clearinghouse.id)"}"#)
            #expect(handOff.status == .forbidden)

            let caseworker = fixtures.account(.caseworker)
            let viaPatch = try await client.api(.patch, path, as: caseworker, json: #"{"policeOrganizationID":"other"}"#)
            #expect(viaPatch.status == .unprocessableContent && viaPatch.text.contains("investigating-agency"))
            let corrected = try await client.api(
                .patch, path, as: caseworker, json: #"{"circumstances":"Left after school with a friend."}"#)
            #expect(corrected.status == .ok)
            let audit = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "episodes.update", recordID: fixtures.episode.id.rawValue), beforeSequence: nil,
                limit: 5)
            #expect(audit.first?.entry.detail == "circumstances: “Did not come home from school.” → “Left after school with a friend.”")

            let otherPolice = Organization(
                id: OrganizationID("pd-2"), code: "pd-2", name: "Second Police", kind: .lawEnforcement, state: "IL",
                timeZone: "America/Chicago", ori: "IL0770000", phone: "555-010-7000", createdAt: services.clock.now())
            try await services.store.createOrganization(
                otherPolice,
                audit: AuditEntry(
                    occurredAt: services.clock.now(), actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            let noReason = try await client.api(
                .post, path + "/investigating-agency", as: caseworker, json: #"{"policeOrganizationID":"pd-2","reason":""}"#)
            #expect(noReason.status == .unprocessableContent)
            let moved = try await client.api(
                .post, path + "/investigating-agency", as: caseworker,
                json: #"{"policeOrganizationID":"pd-2","reason":"The child was last seen in their jurisdiction."}"#)
            #expect(moved.status == .ok)
            #expect(try await services.store.episode(fixtures.episode.id)?.police.organizationID == otherPolice.id)
            #expect(try await client.api(.get, path, as: investigator).status == .forbidden)
        }
    }

    @Test func a_compliance_report_where_midnight_is_skipped_answers() async throws {
        try await withTestApplication { client, services, fixtures in
            let havana = Organization(
                id: OrganizationID("cw-havana"), code: "cw-havana", name: "Havana Test Agency", kind: .childWelfare, state: "FL",
                timeZone: "America/Havana", createdAt: services.clock.now())
            try await services.store.createOrganization(
                havana,
                audit: AuditEntry(
                    occurredAt: services.clock.now(), actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            // Cuba moved its clocks from 00:00 to 01:00 on 8 March 2026: that day has no midnight.
            let page = try await client.page(
                .get, "/organizations/cw-havana/compliance?from=2026-03-08&until=2026-03-08", as: fixtures.account(.clearinghouseAdmin),
                fixtures: fixtures)
            #expect(page.status == .ok)
            let day = try #require(CivilDate(year: 2026, month: 3, day: 8))
            #expect(Timestamp.format(day.start(in: TimeZone(identifier: "America/Havana")!)) == "2026-03-08T05:00:00.000Z")
        }
    }
}

@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    @Test func a_tip_key_is_scoped_to_its_poster_and_its_content() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            func send(_ slug: String, _ seen: String) async throws -> TestResponse {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[.init("Idempotency-Key")!] = "same-key"
                return try await client.execute(
                    uri: "/posters/\(slug)/tips", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"seen":"\#(seen)","place":"Bus station","when":"Today at noon"}"#)
                ) { $0 }
            }
            #expect(try await send(slug, "A girl in a green parka").status == .created)
            #expect(try await send(slug, "A girl in a green parka").status == .ok)
            let changed = try await send(slug, "Someone else entirely")
            #expect(changed.status == .unprocessableContent && changed.text.contains("different request"))
            #expect(try await services.store.tipCount() == 1)
        }
    }

    @Test func a_report_key_with_another_report_is_refused() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            func file(_ firstName: String) async throws -> TestResponse {
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(fixtures.account(.caseworker).apiToken)"
                headers[.contentType] = "application/json"
                headers[.init("Idempotency-Key")!] = "report-key"
                var fields: [String: Any] = [:]
                for (key, value) in ReportingTests.reportForm where key != "intent" {
                    fields[key] = key == "endangerments" ? [value] : value
                }
                fields["firstName"] = firstName
                fields["receivedAt"] = "2026-11-18T12:00:00-06:00"
                fields["lastSeenAt"] = "2026-11-18T09:30:00-06:00"
                let body = try JSONSerialization.data(withJSONObject: fields)
                return try await client.execute(uri: "/api/v1/episodes", method: .post, headers: headers, body: ByteBuffer(bytes: body)) {
                    $0
                }
            }
            let first = try await file("Jordan")
            #expect(first.status == .created)
            #expect(try await file("Jordan").status == .created)
            let other = try await file("Avery")
            #expect(other.status == .unprocessableContent && other.text.contains("different request"))
            let filed = try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id))
            #expect(filed.count == 2)  // the fixture's case and the one report
        }
    }
}

@Suite("Sign-in timing")
struct SignInTimingTests {
    /// The time of a bcrypt check is set by the cost written in the hash, so the decoy compared for
    /// an unknown address must carry the same cost as the real hashes.
    @Test func the_decoy_hash_costs_what_a_real_hash_costs() async throws {
        for cost in [4, 10, 12] {
            let hasher = PasswordHasher(cost: cost)
            let real = try await hasher.hash("correct horse battery")
            #expect(hasher.decoyHash.split(separator: "$")[1] == real.split(separator: "$")[1])
            #expect(String(format: "%02d", cost) == String(real.split(separator: "$")[1]))
        }
    }
}

@Suite("Requests that could lead elsewhere")
struct RequestShapeTests {
    @Test func sign_in_returns_only_to_local_paths() {
        for bad in ["/\t/evil.example", "//evil.example", "/\\evil.example", "/\n/evil.example", "https://evil.example", "/a b", "/%09"]
        where !bad.hasPrefix("/%") {
            #expect(!Routes.isLocalReturnPath(bad), "\(bad)")
        }
        #expect(Routes.isLocalReturnPath("/episodes/abc?done=filed"))
    }

    @Test func trace_is_not_allowed_and_a_doubled_slash_reaches_nothing() async throws {
        try await withTestApplication { client, _, fixtures in
            let trace = try await client.execute(uri: "/", method: .trace) { $0 }
            #expect(trace.status == .methodNotAllowed && trace.headers[.allow] != nil)
            // The session cookie must not open the API through a path that dodges the API prefix.
            let doubled = try await client.page(.get, "//api/v1/me", as: fixtures.account(.caseworker), fixtures: fixtures)
            #expect(doubled.status == .notFound)
            let tab = try await client.execute(uri: "/sign-in?next=/%09/evil.example", method: .get) { $0 }
            #expect(!tab.text.contains("evil.example"))
        }
    }

    @Test func a_form_from_another_port_or_another_session_is_refused() async throws {
        try await withTestApplication { client, _, fixtures in
            let caseworker = fixtures.account(.caseworker)
            var headers = HTTPFields()
            headers[.cookie] = fixtures.cookies(caseworker)
            headers[.contentType] = "application/x-www-form-urlencoded"
            // A token shown to another session (here: the raw cookie, as a signed-out page shows it).
            let stolen = try await client.execute(
                uri: "/account/password", method: .post, headers: headers, body: ByteBuffer(string: "_csrf=\(fixtures.csrf)")
            ) { $0 }
            #expect(stolen.status == .forbidden)
            #expect(CSRFToken.isSameOrigin("http://localhost:8080", authority: "localhost:8080"))
            #expect(!CSRFToken.isSameOrigin("http://localhost:9999", authority: "localhost:8080"))
            #expect(CSRFToken.isSameOrigin("https://homeward.example.org", authority: "homeward.example.org"))
            #expect(!CSRFToken.isSameOrigin("https://homeward.example.org:8443", authority: "homeward.example.org"))
            #expect(!CSRFToken.isSameOrigin("null", authority: "homeward.example.org"))
        }
    }

    @Test func police_see_no_other_organizations_staff_or_addresses_in_the_evidence_packet() async throws {
        try await withTestApplication { client, _, fixtures in
            _ = try await client.page(.get, "/episodes/\(fixtures.episode.id)", as: fixtures.account(.caseworker), fixtures: fixtures)
            let packet = try await client.api(.get, "/api/v1/episodes/\(fixtures.episode.id)/evidence", as: fixtures.account(.investigator))
            #expect(packet.status == .ok)
            #expect(!packet.text.contains(fixtures.account(.caseworker).user.id.rawValue))
            let full = try await client.api(.get, "/api/v1/episodes/\(fixtures.episode.id)/evidence", as: fixtures.account(.caseManager))
            #expect(full.text.contains(fixtures.account(.caseworker).user.id.rawValue))
        }
    }
}

@Suite("API tokens")
struct APITokenLifetimeTests {
    @Test func a_token_expires_and_dies_with_a_disabled_account_or_a_new_password() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let analyst = fixtures.account(.analyst)
            #expect(try await client.api(.get, "/api/v1/me", as: analyst).status == .ok)
            let audit = AuditEntry(occurredAt: clock.now(), actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "user")
            try await services.store.setActive(false, of: analyst.user.id, audit: audit)
            try await services.store.setActive(true, of: analyst.user.id, audit: audit)
            #expect(try await client.api(.get, "/api/v1/me", as: analyst).status == .unauthorized)

            let manager = fixtures.account(.caseManager)
            try await services.store.setPasswordHash(
                try await services.passwords.hash("a new password 1234"), of: manager.user.id, audit: audit)
            #expect(try await client.api(.get, "/api/v1/me", as: manager).status == .unauthorized)

            let worker = fixtures.account(.caseworker)
            #expect(try await client.api(.get, "/api/v1/me", as: worker).status == .ok)
            clock.advance(by: APIToken.defaultLifetime + 1)
            #expect(try await client.api(.get, "/api/v1/me", as: worker).status == .unauthorized)
        }
    }
}

@Suite("Text that cannot be stored")
struct TextLimitTests {
    @Test func a_nul_byte_or_an_endless_name_is_a_field_error() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let nul = try await client.api(
                .patch, "/api/v1/episodes/\(fixtures.episode.id)", as: caseworker, json: #"{"firstName":"Fix\u0000ture"}"#)
            #expect(nul.status == .unprocessableContent)
            let long = try await client.api(
                .patch, "/api/v1/episodes/\(fixtures.episode.id)", as: caseworker,
                json: #"{"lastName":"\#(String(repeating: "x", count: 300))"}"#)
            #expect(long.status == .unprocessableContent && long.text.contains("Keep it under 200 characters"))
            var form = ReportingTests.reportForm
            form[0] = ("firstName", "Jor\u{0}dan")
            let page = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: form)
            #expect(page.status == .unprocessableContent)
            #expect(try await services.store.child(ChildID("child-1"))?.firstName == "Fixture")
        }
    }

    @Test func a_tip_email_must_look_like_one() {
        for bad in ["bad@", "@example.org", "bad@example.", "bad@.org", "bad @example.org"] {
            let tip = TipSubmission(seen: "x", place: "y", when: "z", contactEmail: bad)
            #expect(throws: HomewardError.self, "\(bad)") { try tip.validate() }
        }
        #expect(throws: Never.self) { try TipSubmission(seen: "x", place: "y", when: "z", contactEmail: "pat@example.org").validate() }
    }
}

@Suite("Clocks as pages and the API show them")
struct ClockPresentationTests {
    @Test func a_proof_entered_after_the_deadline_says_so_everywhere() async throws {
        // The fixture's case was received at testEpoch - 1 h; its police deadline is 23 h after testEpoch.
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            clock.advance(by: 266 * 86_400)
            let caseworker = fixtures.account(.caseworker)
            let path = "/api/v1/episodes/\(fixtures.episode.id)"
            let recorded = try await client.api(
                .post, path + "/events", as: caseworker,
                json: #"{"kind":"reported_to_police","occurredAt":"2026-11-18T15:00:00Z","method":"phone","reference":"R-77"}"#)
            #expect(recorded.status == .created)
            let clocks = try await client.api(.get, path + "/clocks", as: caseworker)
            let items = try #require(try clocks.json()["items"] as? [[String: Any]])
            let police = try #require(items.first { $0["kind"] as? String == "police_report" })
            #expect(police["status"] as? String == "met_on_time")
            #expect((police["recordedAfterDeadlineBySeconds"] as? Int ?? 0) > 265 * 86_400)
            // A fresh session: the fixture's ended long ago.
            let key = "session-late-proof-" + String(repeating: "k", count: 20)
            try await services.store.createSession(
                SessionRecord(
                    keyHash: SHA256Digest.hex(key), userID: caseworker.user.id, createdAt: clock.now(), lastSeenAt: clock.now(),
                    expiresAt: clock.now() + 3600))
            let now = TestAccount(
                user: caseworker.user, organization: caseworker.organization, sessionKey: key, apiToken: caseworker.apiToken)
            let page = try await client.page(.get, "/episodes/\(fixtures.episode.id)", as: now, fixtures: fixtures)
            #expect(page.text.contains("Recorded after the deadline: entered 265 days"))
            let packet = try await client.api(.get, path + "/evidence", as: caseworker)
            #expect(packet.text.contains("recordedAfterDeadlineBySeconds"))
            #expect(packet.text.contains("Recorded after the deadline"))
        }
    }
}

@Suite("Times around daylight-saving changes on pages")
struct DaylightSavingFormTests {
    @Test func an_hour_that_happened_twice_is_asked_about_and_a_skipped_hour_is_named() async throws {
        try await withTestApplication { client, services, fixtures in
            let manager = fixtures.account(.caseManager)
            let path = "/episodes/\(fixtures.episode.id)/events"
            let skipped = try await client.page(
                .post, path, as: manager, fixtures: fixtures, form: [("kind", "note"), ("occurredAt", "2026-03-08T02:30"), ("note", "x")])
            #expect(skipped.status == .unprocessableContent && skipped.text.contains("did not happen in America/Chicago"))
            let twice = try await client.page(
                .post, path, as: manager, fixtures: fixtures, form: [("kind", "note"), ("occurredAt", "2026-11-01T01:30"), ("note", "x")])
            #expect(twice.status == .unprocessableContent && twice.text.contains("happened twice in America/Chicago"))
            #expect(twice.text.contains("name=\"occurredAtOccurrence\" value=\"second\""))
            let chosen = try await client.page(
                .post, path, as: manager, fixtures: fixtures,
                form: [("kind", "note"), ("occurredAt", "2026-11-01T01:30"), ("occurredAtOccurrence", "second"), ("note", "x")])
            #expect(chosen.status == .seeOther)
            let note = try #require(try await services.store.episodeRecord(fixtures.episode.id)?.events.first { $0.kind == .note })
            #expect(Timestamp.format(note.occurredAt) == "2026-11-01T07:30:00.000Z")
        }
    }
}

@Suite("A child who is already on record")
struct RepeatReportTests {
    static func body(_ extra: [String: String]) throws -> String {
        var fields: [String: Any] = [:]
        for (key, value) in ReportingTests.reportForm where key != "intent" {
            fields[key] = key == "endangerments" ? [value] : value
        }
        fields["firstName"] = "Fixture"
        fields["lastName"] = "Child"
        fields["receivedAt"] = "2026-11-18T12:00:00-06:00"
        fields["lastSeenAt"] = "2026-11-18T09:30:00-06:00"
        for (key, value) in extra { fields[key] = value }
        return String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
    }

    @Test func a_new_child_of_the_same_name_and_birth_date_as_an_open_case_needs_a_supervisors_reason() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let api = try await client.api(.post, "/api/v1/episodes", as: caseworker, json: try Self.body(["childDecision": "new"]))
            #expect(api.status == .unprocessableContent && api.text.contains("already has an open case"))
            let claimed = try await client.api(
                .post, "/api/v1/episodes", as: caseworker,
                json: try Self.body(["childDecision": "new", "secondCaseReason": "I say so"]))
            #expect(claimed.status == .unprocessableContent && claimed.text.contains("Only a supervisor"))

            let form =
                ReportingTests.reportForm.map {
                    $0.0 == "firstName" ? ("firstName", "Fixture") : $0.0 == "lastName" ? ("lastName", "Child") : $0
                } + [("childDecision", "new")]
            let page = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: form)
            #expect(page.status == .unprocessableContent && page.text.contains("already has an open case"))
            #expect(page.text.contains("value=\"link:child-1\"") && !page.text.contains("name=\"secondCaseReason\""))
            #expect(try await services.store.episodes(ofChild: ChildID("child-1")).count == 1)

            let supervisor = fixtures.account(.supervisor)
            let asked = try await client.page(.post, "/reports", as: supervisor, fixtures: fixtures, form: form)
            #expect(asked.status == .unprocessableContent && asked.text.contains("name=\"secondCaseReason\""))
            let reason = "A second child of this name and birthday was placed with the agency this week."
            let filed = try await client.page(
                .post, "/reports", as: supervisor, fixtures: fixtures, form: form + [("secondCaseReason", reason)])
            #expect(filed.status == .seeOther)
            let newPath = try #require(filed.headers[.location]?.split(separator: "?").first.map(String.init))
            let newEpisode = try #require(newPath.split(separator: "/").last.map { EpisodeID(String($0)) })
            let original = try await client.page(.get, "/episodes/\(fixtures.episode.id)", as: caseworker, fixtures: fixtures)
            let second = try await client.page(.get, newPath, as: caseworker, fixtures: fixtures)
            let newNumber = try #require(try await services.store.episode(newEpisode)?.caseNumber)
            #expect(original.text.contains(reason) && original.text.contains(newNumber))
            #expect(second.text.contains(reason) && second.text.contains(fixtures.episode.caseNumber ?? "?"))
        }
    }

    @Test func the_api_asks_about_a_probable_match_and_refuses_a_second_open_case() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let unsure = try await client.api(.post, "/api/v1/episodes", as: caseworker, json: try Self.body([:]))
            #expect(unsure.status == .conflict)
            let candidates = try #require(try unsure.json()["candidates"] as? [[String: Any]])
            #expect(candidates.first?["childId"] as? String == "child-1")
            #expect(try unsure.json()["type"] as? String == "/problems/possible-repeat")

            let linked = try await client.api(
                .post, "/api/v1/episodes", as: caseworker, json: try Self.body(["childDecision": "link:child-1"]))
            #expect(linked.status == .unprocessableContent && linked.text.contains("already has an open case"))
            #expect(try await services.store.episodes(ofChild: ChildID("child-1")).count == 1)

            let page = try await client.page(
                .post, "/reports", as: caseworker, fixtures: fixtures,
                form: ReportingTests.reportForm.map {
                    $0.0 == "firstName" ? ("firstName", "Fixture") : $0.0 == "lastName" ? ("lastName", "Child") : $0
                }
                    + [("childDecision", "link:child-1")])
            #expect(page.status == .unprocessableContent && page.text.contains("already has an open case"))
            #expect(try await services.store.episodes(ofChild: ChildID("child-1")).count == 1)
        }
    }
}

/// Hostile JSON for every field of the API's bodies: no value may stop the process or answer 500.
/// A seeded generator makes each run the same; a failure names the body that caused it.
@Suite("Fuzzing the API's JSON decoding")
struct APIFuzzTests {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static let hostileValues: [String] = [
        "1e300", "-1e308", "1.5", "-0", "9223372036854775808", "-9223372036854775809", "0.000000001", "null", "true", "false", "[]",
        "{}", "[[[[[[[[[[]]]]]]]]]]", #""""#, #""\u0000""#, #""\ud800""#, #""0000-01-01T00:00:00Z""#, #""-0001-01-01T00:00:00Z""#,
        #""9999-12-31T23:59:59Z""#, #""2026-02-30T10:00:00Z""#, #""2026-03-08T02:30""#, #""link:""#, #""link:../../x""#,
        "\"\(String(repeating: "x", count: 5_000))\"", #"["a", 1, null]"#, #"{"a": {"b": 1e300}}"#, "[1e300]",
    ]

    static let fields = [
        "firstName", "middleName", "lastName", "dateOfBirth", "sex", "race", "heightFeet", "heightInches", "weightPounds", "eyeColor",
        "hairColor", "marks", "receivedAt", "lastSeenAt", "lastSeenCity", "lastSeenState", "lastSeenPlace", "circumstances",
        "endangerments", "noEndangerments", "clothing", "possibleWhereabouts", "vehicleYear", "vehiclePlate", "guardianName",
        "guardianPhone", "guardianEmail", "policeOrganizationID", "policePhone", "policeReportNumber", "caseType", "childDecision",
        "receivedAtOccurrence", "kind", "occurredAt", "method", "reference", "reason", "seen", "place", "when", "contactEmail",
    ]

    @Test func no_value_in_any_field_stops_the_server_or_answers_500() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let episode = fixtures.episode.id
            let routes: [(HTTPRequest.Method, String, TestAccount)] = [
                (.post, "/api/v1/episodes", fixtures.account(.caseworker)),
                (.patch, "/api/v1/episodes/\(episode)", fixtures.account(.caseworker)),
                (.post, "/api/v1/episodes/\(episode)/events", fixtures.account(.caseworker)),
                (.post, "/api/v1/episodes/\(episode)/events", fixtures.account(.investigator)),
                (.post, "/api/v1/episodes/\(episode)/investigating-agency", fixtures.account(.caseworker)),
                (.post, "/api/v1/organizations", fixtures.account(.clearinghouseAdmin)),
            ]
            var random = SeededGenerator(state: 20_261_130)
            for (method, path, account) in routes {
                for field in Self.fields {
                    for value in Self.hostileValues.shuffled(using: &random).prefix(6) {
                        let body = "{\"\(field)\": \(value)}"
                        let response = try await client.api(method, path, as: account, json: body)
                        #expect(response.status.code < 500, "\(method) \(path) \(body.prefix(120)) → \(response.status)")
                    }
                }
                for garbage in ["", "[", "{\"a\":", "\u{0}", "[]", "null", "1e300", String(repeating: "[", count: 10_000)] {
                    let response = try await client.api(method, path, as: account, json: garbage)
                    #expect(response.status.code < 500, "\(method) \(path) garbage → \(response.status)")
                }
            }
            // The server still answers, and the store still reads every case.
            #expect(try await client.api(.get, "/api/v1/episodes/\(episode)", as: fixtures.account(.caseworker)).status == .ok)
            #expect(!(try await services.store.episodeRecords(matching: EpisodeFilter())).isEmpty)
        }
    }
}
