import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

@Suite("The organization list at scale")
struct OrganizationListTests {
    @Test func organizations_page_by_name_filter_by_kind_state_and_text_and_count_in_the_database() async throws {
        try await withTestApplication { client, services, fixtures in
            let now = services.clock.now()
            let audit = AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t")
            for n in 0..<150 {
                var draft = OrganizationDraft(
                    code: String(format: "list-%03d", n), name: String(format: "Listed Agency %03d", n),
                    kind: n.isMultiple(of: 3) ? "psap" : "child_welfare", state: n < 100 ? "OH" : "WY", timeZone: "America/New_York",
                    ori: nil, psapIdentifier: nil, phone: nil)
                if n.isMultiple(of: 3) { draft.psapIdentifier = String(90_000 + n) }
                try await services.store.createOrganization(
                    try draft.validated(id: OrganizationID(String(format: "listed-%03d", n)), createdAt: now), audit: audit)
            }
            let admin = fixtures.account(.clearinghouseAdmin)
            func names(_ text: String) -> [String] {
                text.components(separatedBy: "Listed Agency ").dropFirst().map { String($0.prefix(3)) }
            }
            let first = try await client.page(.get, "/organizations?q=listed", as: admin, fixtures: fixtures)
            #expect(first.status == .ok && first.text.contains("150 organizations match."))
            #expect(names(first.text).count == 100 && names(first.text).first == "000")
            let second = try await client.page(.get, try #require(nextPageLink(first.text)), as: admin, fixtures: fixtures)
            #expect(names(second.text) == (100..<150).map { String(format: "%03d", $0) } && nextPageLink(second.text) == nil)

            let wyomingPSAPs = try await client.page(.get, "/organizations?kind=psap&state=WY&q=listed", as: admin, fixtures: fixtures)
            #expect(names(wyomingPSAPs.text) == stride(from: 102, to: 150, by: 3).map { String(format: "%03d", $0) })
            // Text matches the code and the PSAP identifier too; LIKE's wildcards are plain letters.
            #expect(names(try await client.page(.get, "/organizations?q=90099", as: admin, fixtures: fixtures).text) == ["099"])
            #expect(
                try await client.page(.get, "/organizations?q=%25", as: admin, fixtures: fixtures).text.contains("0 organizations match."))
            // Control characters are dropped, and a cursor Homeward did not write starts at the top.
            let withControl = try await client.page(.get, "/organizations?q=list%00ed%0a", as: admin, fixtures: fixtures)
            #expect(withControl.text.contains("150 organizations"))
            let foreignCursor = try await client.page(.get, "/organizations?q=listed&after=AAA", as: admin, fixtures: fixtures)
            #expect(names(foreignCursor.text).first == "000")
        }
    }
}
