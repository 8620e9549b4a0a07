import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

/// Lists that page by keyset, with filters and counts done by the database: 911 calls, the public
/// poster list and its JSON, the audit trail by organization code, and the report form's police
/// agencies narrowed to the reporting agency's state.
@Suite("Paged lists")
struct PagedListTests {
    func audit(_ now: Date) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t")
    }

    @Test func calls_page_by_view_and_the_api_gives_a_cursor_and_refuses_a_forged_one() async throws {
        try await withTestApplication { client, services, fixtures in
            let now = services.clock.now()
            let telecommunicator = fixtures.account(.telecommunicator)
            for n in 0..<105 {
                let call = try MissingChildCall.open(
                    id: CallID(String(format: "paged-call-%03d", n)), psap: fixtures.psap, checklist: .telecommunicatorStandard,
                    cadIncident: String(format: "CAD-%03d", n), at: now - Double(105 - n) * 60, by: telecommunicator.user.id)
                _ = try await services.store.openCall(call, idempotencyKey: nil, audit: audit(now))
            }
            func cads(_ text: String) -> [String] {
                text.components(separatedBy: "<td>CAD-").dropFirst().map { String($0.prefix(3)) }
            }
            let first = try await client.page(.get, "/calls", as: telecommunicator, fixtures: fixtures)
            #expect(first.text.contains("Open (105)") && cads(first.text) == (55..<105).reversed().map { String(format: "%03d", $0) })
            let second = try await client.page(.get, try #require(nextPageLink(first.text)), as: telecommunicator, fixtures: fixtures)
            #expect(cads(second.text) == (5..<55).reversed().map { String(format: "%03d", $0) } && second.text.contains("First page"))
            let third = try await client.page(.get, try #require(nextPageLink(second.text)), as: telecommunicator, fixtures: fixtures)
            #expect(cads(third.text) == ["004", "003", "002", "001", "000"] && nextPageLink(third.text) == nil)
            let closed = try await client.page(.get, "/calls?show=closed", as: telecommunicator, fixtures: fixtures)
            #expect(closed.text.contains("No call here yet.") && cads(closed.text).isEmpty)
            // The home page counts in the database.
            let home = try await client.page(.get, "/", as: telecommunicator, fixtures: fixtures)
            #expect(home.text.contains("105 open missing-child calls"))

            let api = try await client.api(.get, "/api/v1/calls", as: telecommunicator)
            let json = try api.json()
            #expect((json["items"] as? [[String: Any]])?.count == 100)
            let cursor = try #require(json["nextCursor"] as? String)
            let rest = try await client.api(.get, "/api/v1/calls?cursor=\(cursor)", as: telecommunicator).json()
            #expect(
                (rest["items"] as? [[String: Any]])?.compactMap { $0["cadIncident"] as? String }
                    == (0..<5).reversed().map {
                        String(format: "CAD-%03d", $0)
                    })
            #expect(rest["nextCursor"] == nil)
            let forged = try await client.api(.get, "/api/v1/calls?cursor=forged", as: telecommunicator)
            #expect(forged.status == .unprocessableContent && forged.text.contains("cursor"))
        }
    }

    @Test func the_public_poster_list_filters_by_state_in_the_database_and_pages_by_slug() async throws {
        try await withTestApplication { client, services, fixtures in
            let now = services.clock.now()
            let manager = fixtures.account(.caseManager)
            // 105 published posters: 80 of children missing from Ohio, 25 from Wyoming.
            for n in 0..<105 {
                let state = n < 80 ? "OH" : "WY"
                let child = Child(
                    id: ChildID("paged-child-\(n)"), organizationID: fixtures.agencyA.id, firstName: "Paged",
                    lastName: String(format: "Child%03d", n), dateOfBirth: CivilDate(year: 2012, month: 1, day: 2)!, sex: .male,
                    heightInches: 55, weightPounds: 80, createdAt: now)
                let episode = MissingEpisode(
                    id: EpisodeID("paged-episode-\(n)"), childID: child.id, organizationID: fixtures.agencyA.id, status: .open,
                    receivedAt: now - 86_400, lastSeenCity: "Maplewood", lastSeenState: state, circumstances: "x",
                    guardian: Guardian(name: "g", phone: "555-010-0000"),
                    police: InvestigatingAgency(organizationID: fixtures.police.id, name: "p", phone: "555-010-0000"),
                    caseType: .endangeredRunaway, createdBy: fixtures.account(.caseworker).user.id, createdAt: now)
                _ = try await services.store.fileReport(
                    child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil,
                    audit: audit(now))
                let record = try #require(try await services.store.episodeRecord(episode.id))
                // Ten at each instant, so that pages turn inside a run of equal publication times.
                let publishedAt = now - 3600 + Double(n / 10) * 60
                var poster = Poster(
                    id: "paged-poster-\(n)", episodeID: episode.id, slug: String(format: "paged-%03d", n),
                    narrative: "Last seen near the Maplewood library.", photoIDs: [], createdBy: manager.user.id,
                    createdAt: publishedAt - 60)
                poster.status = .published
                poster.publishedAt = publishedAt
                poster.published = PublicPoster.build(
                    poster, record: record, hotline: services.configuration.hotline, tables: .standard, zone: fixtures.agencyA.zone,
                    at: publishedAt)
                try await services.store.savePoster(poster, audit: audit(now))
            }
            func names(_ text: String) -> [String] {
                text.components(separatedBy: "<strong>Paged Child").dropFirst().map { String($0.prefix(3)) }
            }
            var read: [String] = []
            var path: String? = "/posters"
            while let next = path {
                let page = try await client.page(.get, next, as: nil, fixtures: fixtures)
                #expect(page.status == .ok && names(page.text).count <= 50)
                read += names(page.text)
                path = nextPageLink(page.text)
            }
            // Newest first; equal times by slug, descending; every poster once.
            #expect(read == (0..<105).sorted { ($0 / 10, $0) > ($1 / 10, $1) }.map { String(format: "%03d", $0) })
            let wyoming = try await client.page(.get, "/posters?state=wy", as: nil, fixtures: fixtures)
            #expect(names(wyoming.text).sorted() == (80..<105).map { String(format: "%03d", $0) } && nextPageLink(wyoming.text) == nil)

            let ohio = try await client.api(.get, "/api/v1/public/posters?state=OH", as: nil).json()
            #expect(ohio["count"] as? Int == 80 && ohio["nextCursor"] == nil)
            let all = try await client.api(.get, "/api/v1/public/posters", as: nil).json()
            #expect(all["count"] as? Int == 100)
            let cursor = try #require(all["nextCursor"] as? String)
            // The public cursor names the poster by its public slug, never by its record id.
            let decoded = String(decoding: Data(base64Encoded: cursor.replacingOccurrences(of: "-", with: "+")) ?? Data(), as: UTF8.self)
            #expect(decoded.contains("paged-") && !decoded.contains("paged-poster"))
            let rest = try await client.api(.get, "/api/v1/public/posters?cursor=\(cursor)", as: nil).json()
            #expect(rest["count"] as? Int == 5 && rest["nextCursor"] == nil)
            #expect(try await client.api(.get, "/api/v1/public/posters?cursor=forged", as: nil).status == .unprocessableContent)
        }
    }

    @Test func the_audit_trail_takes_an_organization_code_and_says_when_none_has_it() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            _ = try await client.page(.get, "/episodes", as: fixtures.account(.caseworker), fixtures: fixtures)
            let page = try await client.page(.get, "/audit?organization=cw-a", as: admin, fixtures: fixtures)
            #expect(page.status == .ok && page.text.contains("value=\"cw-a\"") && page.text.contains("Fixture cw-a"))
            #expect(!page.text.contains("<option value=\"org-cw-b\""))
            let unknown = try await client.page(.get, "/audit?organization=no-such-agency", as: admin, fixtures: fixtures)
            #expect(unknown.text.contains("No organization has the code “no-such-agency”."))
        }
    }

    @Test func the_report_form_offers_the_states_police_and_an_ori_reaches_a_member_elsewhere() async throws {
        try await withTestApplication { client, services, fixtures in
            let now = services.clock.now()
            let elsewhere = try OrganizationDraft(
                code: "sage-pd", name: "Sage Creek Police", kind: "law_enforcement", state: "WY", timeZone: "America/Denver",
                ori: "WY0110100", phone: "307-555-0100"
            ).validated(id: OrganizationID("org-sage-pd"), createdAt: now)
            try await services.store.createOrganization(elsewhere, audit: audit(now))
            let caseworker = fixtures.account(.caseworker)
            let form = try await client.page(.get, "/reports/new", as: caseworker, fixtures: fixtures)
            #expect(form.text.contains("Fixture pd (IL0880000)") && !form.text.contains("Sage Creek Police"))
            #expect(form.text.contains("Member agencies in Illinois."))

            var fields: [(String, String)] = [
                ("firstName", "Tamsin"), ("lastName", "Orrery"), ("dateOfBirth", "2012-03-04"), ("sex", "F"), ("heightFeet", "4"),
                ("heightInches", "6"), ("weightPounds", "80"), ("receivedAt", "2026-11-18T01:00"), ("lastSeenCity", "Cheyenne"),
                ("lastSeenState", "WY"), ("caseType", "endangered_runaway"), ("circumstances", "Left during a visit."),
                ("guardianName", "Fixture cw-a"), ("guardianPhone", "555-010-2000"), ("policeOrganizationID", ""),
                ("policeOri", "wy0110100"), ("noEndangerments", "on"),
            ]
            fields.append(("intent", "file"))
            let filed = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: fields)
            #expect(filed.status == .seeOther)
            let episode = try #require(
                try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id, limit: 10))
                    .first { $0.child.lastName == "Orrery" })
            #expect(episode.episode.police.organizationID == elsewhere.id && episode.episode.police.phone == "307-555-0100")
        }
    }
}
