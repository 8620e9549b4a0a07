import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

@Suite("API and operations")
struct APITests {
    @Test func invalid_json_gets_a_problem_with_every_field_and_writes_nothing() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let before = try await services.store.organizations().count
            let response = try await client.api(
                .post, "/api/v1/organizations", as: admin,
                json: #"{"code":"X","name":"","kind":"bank","state":"ZZ","timeZone":"nowhere"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let body = try response.json()
            #expect(body["type"] as? String == "/problems/validation")
            let fields = (body["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["code", "name", "kind", "state", "timeZone"])
            #expect(try await services.store.organizations().count == before)

            let malformed = try await client.api(.post, "/api/v1/organizations", as: admin, json: "{not json")
            #expect(malformed.status == .unprocessableContent)
            let missing = try await client.api(.post, "/api/v1/organizations", as: admin, json: #"{"name":"A"}"#)
            #expect(try missing.json()["errors"].debugDescription.contains("code"))
            // An escaped control character is refused wherever it is, naming the field.
            let hidden = try await client.api(
                .post, "/api/v1/organizations", as: admin,
                json: #"{"code":"pd-hidden","name":"Maple\u0005wood","kind":"psap","state":"IL","timeZone":"America/Chicago"}"#)
            #expect(hidden.status == .unprocessableContent)
            #expect((try hidden.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "name")
            #expect(try await services.store.organizations().count == before)
        }
    }

    @Test func episodes_are_listed_a_page_at_a_time_for_those_who_may_see_them() async throws {
        try await withTestApplication { client, services, fixtures in
            // Two more reports by agency A, one by agency B.
            let now = services.clock.now()
            for (index, agency) in [fixtures.agencyA, fixtures.agencyA, fixtures.agencyB].enumerated() {
                let child = Child(
                    id: ChildID("list-child-\(index)"), organizationID: agency.id, firstName: "Listed", lastName: "Child\(index)",
                    dateOfBirth: CivilDate(year: 2012, month: 1, day: 2)!, sex: .male, heightInches: 55, weightPounds: 80, createdAt: now)
                let episode = MissingEpisode(
                    id: EpisodeID("list-\(index)"), childID: child.id, organizationID: agency.id, status: index == 1 ? .recovered : .open,
                    receivedAt: now - Double(index + 2) * 3600, lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "x",
                    guardian: Guardian(name: "g", phone: "555-010-0000"),
                    police: InvestigatingAgency(organizationID: fixtures.police.id, name: "p", phone: "555-010-0000"),
                    caseType: .endangeredRunaway, createdBy: fixtures.account(.caseworker).user.id, createdAt: now)
                _ = try await services.store.fileReport(
                    child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil,
                    audit: AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            }
            let caseworker = fixtures.account(.caseworker)
            var ids: [String] = []
            var cursor = ""
            repeat {
                let page = try await client.api(
                    .get, "/api/v1/episodes?limit=1\(cursor.isEmpty ? "" : "&cursor=\(cursor)")", as: caseworker)
                #expect(page.status == .ok)
                let json = try page.json()
                ids += (json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = json["nextCursor"] as? String ?? ""
            } while !cursor.isEmpty && ids.count < 10
            // Agency A's three, newest report first, each once; never agency B's.
            #expect(ids == [fixtures.episode.id.rawValue, "list-0", "list-1"])
            let open = try await client.api(.get, "/api/v1/episodes?status=open,located", as: caseworker)
            #expect(
                (try open.json()["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [
                    fixtures.episode.id.rawValue, "list-0",
                ])
            #expect(try await client.api(.get, "/api/v1/episodes?cursor=forged", as: caseworker).status == .unprocessableContent)
            #expect(try await client.api(.get, "/api/v1/episodes?status=lost", as: caseworker).status == .unprocessableContent)
            #expect(
                try await client.api(.get, "/api/v1/episodes?agency=\(fixtures.agencyB.id)", as: caseworker).status == .unprocessableContent
            )
            // The clearinghouse chooses the agency; the police see what they investigate.
            let b = try await client.api(.get, "/api/v1/episodes?agency=\(fixtures.agencyB.id)", as: fixtures.account(.caseManager))
            #expect((try b.json()["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["list-2"])
            let police = try await client.api(.get, "/api/v1/episodes", as: fixtures.account(.investigator))
            #expect((try police.json()["items"] as? [[String: Any]])?.count == 4)
            #expect(try await client.api(.get, "/api/v1/episodes", as: fixtures.account(.telecommunicator)).status == .forbidden)

            // What changed since: a note on one case an hour later brings only that case back.
            let caseworkerUser = caseworker.user
            try await services.store.appendEvent(
                EpisodeEvent(
                    id: EpisodeEventID("later-note"), episodeID: EpisodeID("list-0"), kind: .note, occurredAt: now + 3600,
                    recordedAt: now + 3600, recordedBy: caseworkerUser.id, recordedByOrganization: fixtures.agencyA.id,
                    note: "Called the school."),
                updating: nil,
                audit: AuditEntry(occurredAt: now + 3600, actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            let since = Timestamp.formatSeconds(now + 1800)
            let changed = try await client.api(.get, "/api/v1/episodes?updated_since=\(since)", as: caseworker)
            #expect((try changed.json()["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["list-0"])
            #expect(try await client.api(.get, "/api/v1/episodes?updated_since=soon", as: caseworker).status == .unprocessableContent)
        }
    }

    @Test func referrals_are_requested_and_updated_over_the_api_by_the_same_rules_as_the_page() async throws {
        try await withTestApplication { client, services, fixtures in
            let manager = fixtures.account(.caseManager)
            let path = "/api/v1/episodes/\(fixtures.episode.id)/referrals"
            let added = try await client.api(
                .post, path, as: manager, json: #"{"kind":"team_hope","note":"Family asked for peer support."}"#)
            #expect(added.status == .created)
            let id = try #require(try added.json()["id"] as? String)
            #expect(try await client.api(.post, path, as: manager, json: #"{"kind":"team_hope"}"#).status == .conflict)
            #expect(try await client.api(.post, path, as: manager, json: #"{"kind":"unknown"}"#).status == .unprocessableContent)
            for role in [Role.investigator, .caseworker] {
                let outcome = try await client.api(.post, "\(path)/\(id)", as: fixtures.account(role), json: #"{"status":"done"}"#)
                #expect(outcome.status == .forbidden, "\(role)")
            }
            let declined = try await client.api(.post, "\(path)/\(id)", as: manager, json: #"{"status":"declined"}"#)
            #expect(declined.status == .unprocessableContent)
            let recorded = try await client.api(
                .post, "\(path)/\(id)", as: manager, json: #"{"status":"declined","declineReason":"Family chose another provider"}"#)
            #expect(recorded.status == .ok)
            #expect(try recorded.json()["status"] as? String == "declined")
            let list = try await client.api(.get, path, as: fixtures.account(.caseworker))
            #expect((try list.json()["items"] as? [[String: Any]])?.first?["declineReason"] as? String == "Family chose another provider")
            #expect(try await client.api(.post, path, as: fixtures.adminB, json: #"{"kind":"team_hope"}"#).status == .forbidden)
            #expect(try await services.store.referrals(ofEpisode: fixtures.episode.id).count == 1)
        }
    }

    @Test func an_organization_created_by_api_can_be_read_back() async throws {
        try await withTestApplication { client, _, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let created = try await client.api(
                .post, "/api/v1/organizations", as: admin,
                json:
                    #"{"code":"psap-north","name":"North County 911","kind":"psap","state":"MN","timeZone":"America/Chicago","psapIdentifier":"4411"}"#
            )
            #expect(created.status == .created)
            let location = try #require(created.headers[.location])
            let read = try await client.api(.get, location, as: admin)
            #expect(try read.json()["psapIdentifier"] as? String == "4411")
            let byCode = try await client.api(.get, "/api/v1/organizations/psap-north", as: admin)
            #expect(byCode.status == .ok)
        }
    }

    @Test func health_readiness_and_metrics_answer() async throws {
        try await withTestApplication(configure: { $0.metricsToken = "scraper-token-0123456789" }) { client, _, fixtures in
            #expect(try await client.api(.get, "/healthz", as: nil).text == "ok\n")
            #expect(try await client.api(.get, "/readyz", as: nil).status == .ok)
            _ = try await client.api(.get, "/api/v1/me", as: fixtures.account(.analyst))
            #expect(try await client.api(.get, "/metrics", as: nil).status == .notFound)
            var scraper = HTTPFields()
            scraper[.authorization] = "Bearer scraper-token-0123456789"
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: scraper) { $0 }
            #expect(metrics.text.contains("hb_requests"))
            #expect(metrics.text.contains("http_route=\"/api/v1/me\""))
        }
    }

    @Test func the_openapi_document_lists_exactly_the_api_routes() async throws {
        try await withTestApplication { client, _, _ in
            let response = try await client.api(.get, "/openapi.json", as: nil)
            let document = try response.json()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let registered = Set(allEndpoints(registry: metricsRegistry).filter { $0.kind == .api }.map { "\($0.method) \($0.path)" })
            #expect(documented == registered)
            #expect(Set(OpenAPIDocument.operations.keys) == registered)
            // A search needs its words: q is documented as required, as the route requires it.
            let search = try #require(paths["/api/v1/children"]?["get"] as? [String: Any])
            let q = (search["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "q" }
            #expect(q?["required"] as? Bool == true)
            #expect(try await client.api(.get, "/api/v1/children", as: nil).status != .internalServerError)
        }
    }

    @Test func problem_details_carry_the_request_id() async throws {
        try await withTestApplication { client, _, _ in
            let response = try await client.api(.get, "/api/v1/me", as: nil)
            let body = try response.json()
            #expect(body["requestId"] as? String == response.headers[HTTPField.Name("X-Request-ID")!])
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        }
    }
}

@Suite("HTTP details")
struct HTTPDetailTests {
    @Test func head_answers_like_get_without_the_body() async throws {
        try await withTestApplication { client, _, fixtures in
            for path in ["/healthz", "/posters", "/members", "/openapi.json", "/pfif/1.4/persons"] {
                let get = try await client.execute(uri: path, method: .get) { $0 }
                let head = try await client.execute(uri: path, method: .head) { $0 }
                #expect(head.status == get.status, "\(path)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                #expect(head.headers[.contentLength] == String(get.body.readableBytes), "\(path)")
                #expect(head.body.readableBytes == 0, "\(path)")
            }
            #expect(try await client.execute(uri: "/no-such-page", method: .head) { $0 }.status == .notFound)
            // A signed-in page still needs the session.
            let home = try await client.execute(uri: "/", method: .head) { $0 }
            #expect(home.status == .seeOther && home.body.readableBytes == 0)
            _ = fixtures
        }
    }

    @Test func answers_over_https_tell_browsers_to_keep_to_it() async throws {
        try await withTestApplication { client, _, _ in
            var headers = HTTPFields()
            headers[.init("X-Forwarded-Proto")!] = "https"
            let secure = try await client.execute(uri: "/healthz", method: .get, headers: headers) { $0 }
            #expect(secure.headers[.init("Strict-Transport-Security")!] == "max-age=31536000")
            let plain = try await client.execute(uri: "/healthz", method: .get) { $0 }
            #expect(plain.headers[.init("Strict-Transport-Security")!] == nil)
        }
    }
}
