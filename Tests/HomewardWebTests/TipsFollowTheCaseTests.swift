import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

/// Tips belong to the case's current investigating agency, and only true retries are one tip.
/// Fictional people and places only.
@Suite("Tips follow the case")
struct TipsFollowTheCaseTests {
    static func send(
        _ client: any TestClientProtocol, _ slug: String, seen: String, key: String? = nil, from address: String? = nil
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let key { headers[.init("Idempotency-Key")!] = key }
        if let address { headers[.init("X-Forwarded-For")!] = address }
        let json = #"{"seen":"\#(seen)","place":"Maplewood bus station","when":"Today about 3 pm","contactName":"Pat Witness"}"#
        return try await client.execute(uri: "/posters/\(slug)/tips", method: .post, headers: headers, body: ByteBuffer(string: json)) {
            $0
        }
    }

    @Test func after_a_hand_over_every_tip_and_every_new_one_is_the_new_agencys_alone() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            let before = try await Self.send(client, slug, seen: "A girl in a green parka boarding the 6 bus")
            #expect(before.status == .created)

            let second = Organization(
                id: OrganizationID("pd-2"), code: "pd-2", name: "Second Police", kind: .lawEnforcement, state: "IL",
                timeZone: "America/Chicago", ori: "IL0770000", phone: "555-010-7000", createdAt: services.clock.now())
            try await services.store.createOrganization(
                second,
                audit: AuditEntry(
                    occurredAt: services.clock.now(), actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            let newInvestigator = try await TestAccounts.make(services, "second-investigator", .investigator, in: second)
            let moved = try await client.api(
                .post, "/api/v1/episodes/\(episode)/investigating-agency", as: fixtures.account(.caseworker),
                json: #"{"policeOrganizationID":"pd-2","reason":"She was seen in their jurisdiction."}"#)
            #expect(moved.status == .ok)

            // At once, with the old route still cached: the new tip goes to the new agency.
            let after = try await Self.send(client, slug, seen: "The same girl at the Elm Street library")
            #expect(after.status == .created)
            let tips = try await services.store.tips(ofEpisode: episode)
            #expect(tips.count == 2 && tips.allSatisfy { $0.investigatingOrganizationID == second.id })
            for tip in tips { #expect(try await services.store.tipRecipients(tip.id).contains(newInvestigator.user.id)) }

            // The new agency reads both, tipster contacts included; the old one reads none.
            let newInbox = try await client.api(.get, "/api/v1/tips?show=all", as: newInvestigator)
            #expect(newInbox.text.contains("green parka") && newInbox.text.contains("Elm Street library"))
            #expect(newInbox.text.contains("Pat Witness"))
            let oldInbox = try await client.api(.get, "/api/v1/tips?show=all", as: fixtures.account(.investigator))
            #expect(!oldInbox.text.contains("green parka") && !oldInbox.text.contains("Pat Witness"))
            let audit = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "episodes.change_police", recordID: episode.rawValue), beforeSequence: nil, limit: 5)
            #expect(audit.first?.entry.detail?.contains("2 tips now with pd-2") == false)
            #expect(audit.first?.entry.detail?.contains("1 tip now with pd-2") == true)
        }
    }

    @Test func only_true_retries_merge_and_an_overlong_key_is_refused() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            let sighting = "A girl in a green parka at the station"
            let first = try await Self.send(client, slug, seen: sighting)
            #expect(first.status == .created)
            let firstID = try #require(try first.json()["id"] as? String)
            // Sent again four minutes later: a retry, answered with the first tip.
            clock.advance(by: 240)
            let retry = try await Self.send(client, slug, seen: sighting)
            let retryID = try retry.json()["id"] as? String
            #expect(retry.status == .ok && retryID == firstID)
            // The same words twenty minutes later: the same sighting reported again, a tip of its own.
            clock.advance(by: 1200)
            let later = try await Self.send(client, slug, seen: sighting)
            let laterID = try later.json()["id"] as? String
            #expect(later.status == .created && laterID != firstID)
            #expect(try await services.store.tips(ofEpisode: episode).count == 2)

            // A client's key names one tip for good; one over the limit is refused, never ignored.
            let keyed = try await Self.send(client, slug, seen: "Seen near the library", key: "client-key-1")
            clock.advance(by: 86_400)
            let keyedAgain = try await Self.send(client, slug, seen: "Seen near the library", key: "client-key-1")
            #expect(keyed.status == .created && keyedAgain.status == .ok)
            let overlong = try await Self.send(client, slug, seen: "Seen near the park", key: String(repeating: "k", count: 201))
            #expect(overlong.status == .unprocessableContent && overlong.text.contains("Idempotency-Key"))
            #expect(try await services.store.tips(ofEpisode: episode).count == 3)
        }
    }
}
