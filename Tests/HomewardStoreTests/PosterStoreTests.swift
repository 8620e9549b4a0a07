import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Testing

@Suite("Poster store conformance")
struct PosterStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    func audit(_ action: String) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: "test")
    }

    @Test(arguments: TestEngine.available)
    func a_poster_publishes_is_withdrawn_by_recovery_and_tips_are_stored_once(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let fixture = ReportingStoreTests()
            let (agency, police, worker, detective) = try await fixture.prepare(store)
            let child = Child(
                id: ChildID("c1"), organizationID: agency.id, firstName: "Ada", lastName: "Fictional",
                dateOfBirth: CivilDate(year: 2011, month: 4, day: 12)!, sex: .female, heightInches: 63, weightPounds: 94, createdAt: now)
            let episode = fixture.report("e1", child: child.id, agency: agency, police: police, worker: worker)
            _ = try await store.fileReport(
                child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil, audit: audit("file"))
            let record = try #require(try await store.episodeRecord(episode.id))
            var poster = Poster(
                id: "p1", episodeID: episode.id, slug: "abcdefghjk", narrative: "Last seen downtown.", createdBy: worker.id, createdAt: now)
            try await store.savePoster(poster, audit: audit("poster.save"))
            #expect(try await store.posterRevision(slug: "abcdefghjk")?.revision == 1)
            poster.status = .published
            poster.publishedAt = now
            poster.published = PublicPoster.build(
                poster, record: record, hotline: "555-0100", tables: .standard, zone: TimeZone.utc, at: now)
            try await store.savePoster(poster, audit: audit("poster.publish"))
            #expect(try await store.posterRevision(slug: "abcdefghjk")?.revision == 2)
            #expect(try await store.publishedPosters(limit: 10).map(\.id) == ["p1"])
            #expect(try await store.poster(slug: "abcdefghjk")?.published?.name == "Ada Fictional")

            let tip = Tip(
                id: "t1", posterID: "p1", episodeID: episode.id, investigatingOrganizationID: police.id,
                submission: TipSubmission(seen: "Seen", place: "Here", when: "Now"), submittedAt: now, acknowledgeBy: now + 3600,
                idempotencyKey: "k1")
            let first = try await store.addTip(tip, recipients: [detective.id, detective.id], audit: audit("tips.submit"))
            var again = tip
            again.id = "t2"
            let second = try await store.addTip(again, recipients: [detective.id], audit: audit("tips.submit"))
            #expect(first.created && !second.created && second.tip.id == "t1")
            #expect(try await store.tipCount() == 1)
            #expect(try await store.tipRecipients("t1") == [detective.id])
            #expect(try await store.tips(matching: TipFilter(organization: police.id, status: .all, limit: 10)).map(\.id) == ["t1"])
            #expect(try await store.tips(matching: TipFilter(organization: agency.id, status: .all, limit: 10)).isEmpty)
            try await store.markTip("t1", received: false, actionable: true, by: detective.id, at: now + 60, audit: audit("tips.mark"))
            let marked = try #require(try await store.tip("t1"))
            #expect(marked.actionable == true && marked.receivedAt == now + 60)

            let recovered = EpisodeEvent(
                id: EpisodeEventID("v9"), episodeID: episode.id, kind: .recovered, occurredAt: now, recordedAt: now + 120,
                recordedBy: detective.id, recordedByOrganization: police.id, method: "Officer", reference: "Library", note: "Well")
            var closed = episode
            closed.status = .recovered
            // The recovery command withdraws the poster; the store writes both in one transaction.
            let published = try #require(try await store.poster(slug: "abcdefghjk"))
            try await store.appendEvent(
                recovered, updating: closed, opening: [], saving: try published.withdrawing(reason: "recovered", at: now + 120),
                audit: audit("episodes.recovered"))
            let withdrawn = try #require(try await store.poster(slug: "abcdefghjk"))
            #expect(withdrawn.status == .withdrawn && withdrawn.withdrawnReason == "recovered" && withdrawn.revision == 3)
            #expect(try await store.publishedPosters(limit: 10).isEmpty)

            let referral = Referral(id: "r1", episodeID: episode.id, kind: .teamHope, requestedBy: worker.id, requestedAt: now)
            try await store.saveReferral(referral, audit: audit("referrals.request"))
            var done = referral
            done.status = .done
            try await store.saveReferral(done, audit: audit("referrals.update"))
            #expect(try await store.referrals(ofEpisode: episode.id).map(\.status) == [.done])

            let tasks = LongTermPolicy().tasks(for: episode.id, at: now) { UUID().uuidString }
            #expect(try await store.openLongTermTasks(tasks, of: episode.id, audit: audit("long_term")))
            let twice = LongTermPolicy().tasks(for: episode.id, at: now) { UUID().uuidString }
            #expect(!(try await store.openLongTermTasks(twice, of: episode.id, audit: audit("long_term"))))
            #expect(try await store.tasks(of: episode.id).count == 2)
        }
    }
}
