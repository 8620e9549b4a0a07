import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@testable import HomewardStore
@testable import HomewardWeb

@Suite("A damaged tip")
struct DamagedTipTests {
    @Test func is_left_out_of_the_inbox_and_the_notice_pass_while_the_others_go_on() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            for seen in ["A girl at the library", "A girl at the bus station"] {
                let body = [
                    ("seen", seen), ("place", "Maplewood"), ("when", "Today"), ("contactName", "Pat Witness"),
                    ("contactPhone", "555-010-9999"),
                ]
                .map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
                let sent = try await client.execute(
                    uri: "/posters/\(slug)/tips", method: .post, headers: headers, body: ByteBuffer(string: body)
                ) { $0 }
                #expect(sent.status == .created)
            }
            // One tip's sealed contact is damaged on disk.
            let store = try #require(services.store as? SQLDataStore)
            try await store.engine.write { db in
                try await db.raw("UPDATE tips SET contact_name = 'hwenc1:test-1:AAAA' WHERE seen = 'A girl at the library'").run()
            }
            let inbox = try await services.store.tips(matching: TipFilter(organization: fixtures.police.id, status: .all, limit: 10))
            #expect(inbox.map(\.submission.seen) == ["A girl at the bus station"])
            #expect(try await TipNotices.runOnce(services) >= 1)
            let page = try await client.page(.get, "/tips", as: fixtures.account(.investigator), fixtures: fixtures)
            #expect(page.status == .ok && page.text.contains("A girl at the bus station"))
        }
    }
}
