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

@Suite("Retention")
struct RetentionTests {
    /// Every private fact of the fictional case in `PosterTests.confidentialEpisode`, and of its tip.
    let privateFacts = [
        "Rosalind", "Quillfeather", "Larkspur", "Wendeline", "555-010-2222", "Scar from diagnosis", "diagnosis pending", "M123456789",
        "Pat Witness", "555-010-9999", "green parka", "Green parka", "Officer Vale",
    ]

    /// Where in the whole database each fact is still found, as "table: fact".
    private func leftovers(_ services: AppServices) async throws -> [String] {
        let store = try #require(services.store as? SQLDataStore)
        return try await store.engine.read { db in
            var found: [String] = []
            let tables = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.string("name") }
            for table in tables {
                let columns = try await db.raw(SQLQueryString("PRAGMA table_info(\"" + table + "\")")).all().map { try $0.string("name") }
                let text = columns.map { "COALESCE(CAST(\"\($0)\" AS TEXT), '')" }.joined(separator: " || ' ' || ")
                for row in try await db.raw(SQLQueryString("SELECT \(text) AS r FROM \"" + table + "\"")).all() {
                    let value = (try? row.decode(column: "r", as: String.self)) ?? ""
                    for fact in privateFacts where value.contains(fact) { found.append("\(table): \(fact)") }
                }
            }
            return Array(Set(found)).sorted()
        }
    }

    @Test func expired_records_become_tombstones_and_the_compliance_totals_stay_the_same() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(
            clock: clock, configure: { $0.retentionPolicy = RetentionPolicy(days: [.closedEpisodes: 365, .tips: 365, .drafts: 30]) }
        ) { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            let tip = [
                ("seen", "A girl in a green parka"), ("place", "Maplewood bus station"), ("when", "Today about 3 pm"),
                ("contactName", "Pat Witness"), ("contactPhone", "555-010-9999"),
            ].map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
            let submitted = try await client.execute(
                uri: "/posters/\(slug)/tips", method: .post, headers: headers, body: ByteBuffer(string: tip)
            ) {
                $0
            }
            #expect(submitted.status == .created)
            let recovered = try await client.page(
                .post, "/episodes/\(episode)/events", as: fixtures.account(.investigator), fixtures: fixtures,
                form: [
                    ("kind", "recovered"), ("occurredAt", "2026-11-18T05:00"), ("place", "Maplewood library"), ("by", "Officer Vale"),
                    ("note", "Unharmed."), ("confirmRecovery", "yes"),
                ])
            #expect(recovered.status == .seeOther)

            func compliance() async throws -> ComplianceReport {
                let records = try await services.store.episodeRecords(
                    matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id, limit: 5000))
                return ComplianceReport.compute(records, definitions: services.configuration.clockDefinitions, at: clock.now())
            }
            clock.advance(by: 200 * 86_400)
            // Nothing has expired yet: the run changes nothing.
            #expect(try await RetentionRun.runOnce(services) == 0)
            let before = try await compliance()
            #expect(!(try await leftovers(services)).isEmpty)

            clock.advance(by: 200 * 86_400)
            #expect(try await RetentionRun.runOnce(services) == 2)
            #expect(try await compliance() == before)
            let left = try await leftovers(services)
            #expect(left == [], "\(left)")

            let removed = try #require(try await services.store.episode(episode))
            #expect(removed.personalDataRemovedAt == clock.now() && removed.status == .recovered)
            #expect(try await services.store.child(removed.childID)?.dateOfBirth == CivilDate(year: 2010, month: 1, day: 1))
            let events = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "retention."), beforeSequence: nil, limit: 10)
            #expect(Set(events.map(\.entry.recordType)) == ["episode", "tip"])
            // A year on, the fixture's session has long ended: the manager signs in again.
            let manager = fixtures.account(.caseManager)
            let keyHash = SHA256Digest.hex(manager.sessionKey)
            try await services.store.deleteSession(keyHash: keyHash)
            try await services.store.createSession(
                SessionRecord(
                    keyHash: keyHash, userID: manager.user.id, createdAt: clock.now(), lastSeenAt: clock.now(),
                    expiresAt: clock.now() + 3600))
            let page = try await client.page(.get, "/episodes/\(episode)", as: manager, fixtures: fixtures)
            #expect(
                page.status == .ok && page.text.contains("removed under the retention policy"), "\(page.status) \(page.text.prefix(600))")
            // A second run finds nothing more to do.
            #expect(try await RetentionRun.runOnce(services) == 0)
            #expect(try await services.store.verifyAuditChain().firstBreak == nil)
        }
    }
}
