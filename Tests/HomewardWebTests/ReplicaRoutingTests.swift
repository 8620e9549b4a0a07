import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

/// A browser that has just written reads from the primary; otherwise its lists and searches read
/// the replica. Tested against a real streaming replica whose replay is paused.
@Suite("Reads on a replica, from the browser", .serialized, .enabled(if: TestEngine.postgresReplicaURL != nil))
struct ReplicaRoutingTests {
    @Test func a_browser_sees_the_report_it_just_filed_while_the_replica_lags() async throws {
        try await withTestApplication(.postgres, replica: true, clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, _, fixtures in
            let caseworker = fixtures.account(.caseworker)
            try await TestReplica.whilePaused {
                let filed = try await client.page(.post, "/reports", as: caseworker, fixtures: fixtures, form: ReportingTests.reportForm)
                #expect(filed.status == .seeOther)
                let cookie = try #require(filed.headers[values: .setCookie].first { $0.hasPrefix("homeward_recent_write=1") })
                #expect(cookie.contains("Max-Age=15") && cookie.contains("HttpOnly"))

                func search(recentWrite: Bool) async throws -> String {
                    var headers = HTTPFields()
                    headers[.cookie] = fixtures.cookies(caseworker) + (recentWrite ? "; homeward_recent_write=1" : "")
                    return try await client.execute(uri: "/children?q=Jordan+Testcase", method: .get, headers: headers) {
                        String(buffer: $0.body)
                    }
                }
                #expect(try await search(recentWrite: true).contains("Jordan Testcase"), "the browser that filed reads the primary")
                #expect(!(try await search(recentWrite: false).contains("Jordan Testcase")), "other reads go to the paused replica")
            }
        }
    }
}
