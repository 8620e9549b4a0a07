import Foundation
import HomewardCore
import HomewardTestSupport
import SQLKit
import Testing

@testable import HomewardStore

/// Each episode's schedule, kept with its events and escalations, and the indexes the sweeps read.
@Suite("Episode schedules and sweep indexes")
struct ScheduleStoreTests {
    let fixtures = ReportingStoreTests()
    var now: Date { fixtures.now }

    func event(
        _ id: String, _ kind: EpisodeEventKind, episode: EpisodeID, at: Date, by user: User, method: String? = nil, reference: String? = nil
    )
        -> EpisodeEvent
    {
        EpisodeEvent(
            id: EpisodeEventID(id), episodeID: episode, kind: kind, occurredAt: at, recordedAt: now, recordedBy: user.id,
            recordedByOrganization: user.organizationID, method: method, reference: reference)
    }

    func child(_ id: String, agency: Organization) -> Child {
        Child(
            // Each a child of her own: one child has one open case at a time.
            id: ChildID(id), organizationID: agency.id, firstName: "Wren", lastName: "Fictional-\(id)",
            dateOfBirth: CivilDate(year: 2010, month: 2, day: 3)!, sex: .female, race: "W", heightInches: 60, weightPounds: 90,
            createdAt: now)
    }

    func due(_ store: SQLDataStore, at instant: Date) async throws -> [EpisodeID] {
        try await store.episodesDue(at: instant, after: nil, limit: 100).map(\.record.episode.id)
    }

    @Test(arguments: TestEngine.available)
    func every_sweep_query_reads_through_its_index(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            // Generated national data in small proportions, so that PostgreSQL's statistics tell the
            // indexes apart (on empty tables any index costs the same); the generator runs too.
            let summary = try await store.generateNationalData(NationalDataPlan(children: 2000), now: now)
            #expect(summary.rows.first { $0.table == "episodes" }?.count == 2400)
            #expect(
                try await store.episodesDue(at: now, after: nil, limit: 100).isEmpty, "a running system has told every threshold passed")
            let plans = try await store.sweepPlans(at: now)
            #expect(plans.count == SweepQuery.all(at: now).count)
            for plan in plans {
                #expect(plan.usesIndex, "\(plan.name) should use \(plan.index) on \(engine):\n\(plan.plan)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func a_lost_index_fails_the_plan_check(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            try await store.engine.write { db in try await db.raw("DROP INDEX episodes_next_check").run() }
            let plans = try await store.sweepPlans(at: now)
            #expect(plans.first { $0.name == "escalation pass" }?.usesIndex == false)
        }
    }

    @Test(arguments: TestEngine.available)
    func the_schedule_follows_every_event_and_escalation(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (agency, police, worker, detective) = try await fixtures.prepare(store)
            let episode = fixtures.report("e1", child: ChildID("c1"), agency: agency, police: police, worker: worker)
            _ = try await store.fileReport(
                child: child("c1", agency: agency), childIsNew: true, episode: episode, events: [], deletingDraft: nil,
                idempotencyKey: nil, audit: fixtures.audit("file"))
            // Two 24-hour clocks from the report: warnings at 12 h and 21.6 h, the deadline at 24 h.
            #expect(try await due(store, at: now + 12 * 3600 - 1).isEmpty)
            #expect(try await due(store, at: now + 12 * 3600) == [episode.id])
            var queue = try await store.caseQueue(CaseQueueFilter(), after: nil, limit: 10)
            #expect(queue.map(\.episode.id) == [episode.id])
            #expect(
                try await store.attentionCounts(matching: EpisodeFilter(), at: now + 13 * 3600) == AttentionCounts(breached: 0, warning: 1))
            #expect(
                try await store.attentionCounts(matching: EpisodeFilter(), at: now + 25 * 3600) == AttentionCounts(breached: 1, warning: 0))

            // Escalating the 12-hour warnings moves the schedule on to the next threshold.
            for clock in [ClockKind.policeReport, .clearinghouseReport] {
                #expect(
                    try await store.recordEscalation(
                        Escalation(episodeID: episode.id, clockKind: clock, threshold: "0.50"), at: now + 12 * 3600, notifications: [],
                        outbox: []))
            }
            #expect(try await due(store, at: now + 21 * 3600).isEmpty)
            #expect(try await due(store, at: now + 21.6 * 3600) == [episode.id])

            // The police report, entered late but dated an hour after the report, starts the NCIC
            // clock in the past: its thresholds are due at once, though no earlier one is left.
            try await store.appendEvent(
                event("p1", .reportedToPolice, episode: episode.id, at: now + 3600, by: worker, method: "phone", reference: "RPT-7"),
                updating: nil, audit: fixtures.audit("police"))
            #expect(try await due(store, at: now + 3600 + 3600) == [episode.id])
            // The NCIC entry and the clearinghouse report close every clock: nothing is left to check,
            // and the case no longer needs attention, though it stays in the queue until found.
            try await store.appendEvent(
                event("n1", .ncicEntered, episode: episode.id, at: now + 5400, by: detective, method: "NCIC", reference: "M123456789"),
                updating: nil, audit: fixtures.audit("ncic"))
            try await store.appendEvent(
                event("h1", .reportedToClearinghouse, episode: episode.id, at: now + 600, by: worker, method: "form", reference: "HW-1"),
                updating: nil, audit: fixtures.audit("clearinghouse"))
            #expect(try await due(store, at: now + 400 * 86_400).isEmpty)
            #expect(
                try await store.attentionCounts(matching: EpisodeFilter(), at: now + 30 * 3600) == AttentionCounts(breached: 0, warning: 0))
            queue = try await store.caseQueue(CaseQueueFilter(), after: nil, limit: 10)
            #expect(queue.map(\.episode.id) == [episode.id])

            // Recovered: out of the queue.
            var recovered = try #require(try await store.episode(episode.id))
            recovered.status = .recovered
            try await store.appendEvent(
                event("r1", .recovered, episode: episode.id, at: now + 7200, by: detective, method: "Officer", reference: "RPT-7"),
                updating: recovered, audit: fixtures.audit("recovered"))
            #expect(try await store.caseQueue(CaseQueueFilter(), after: nil, limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func the_queue_pages_by_nearest_deadline_and_changed_rules_derive_every_schedule_again(_ engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        do {
            try await queueAndRules(database)
            await database.destroy()
        } catch {
            await database.destroy()
            throw error
        }
    }

    private func queueAndRules(_ database: TestDatabase) async throws {
        let store = try await database.openStore()
        let (agency, police, worker, _) = try await fixtures.prepare(store)
        // Five cases received an hour apart: the oldest has the nearest deadline.
        for n in 0..<5 {
            var episode = fixtures.report("e\(n)", child: ChildID("c\(n)"), agency: agency, police: police, worker: worker)
            episode.receivedAt = now + Double(n) * 3600
            _ = try await store.fileReport(
                child: child("c\(n)", agency: agency), childIsNew: true, episode: episode, events: [], deletingDraft: nil,
                idempotencyKey: nil, audit: fixtures.audit("file"))
        }
        var seen: [String] = []
        var cursor: QueueCursor?
        while true {
            let page = try await store.caseQueue(CaseQueueFilter(), after: cursor, limit: 2)
            guard let last = page.last else { break }
            seen += page.map(\.episode.id.rawValue)
            cursor = try await store.queueCursor(after: last)
        }
        #expect(seen == ["e0", "e1", "e2", "e3", "e4"])
        #expect(try await due(store, at: now + 6 * 3600).isEmpty)
        try await store.shutdown()

        // A state's 8-hour police report window: warnings at 4 h, due for every case already filed.
        var stricter = ClockDefinition.federal
        stricter[0].window = 8 * 3600
        let reopened = try await SQLDataStore.open(
            database.location, cipher: testFieldCipher, clockDefinitions: stricter, logger: quietLogger)
        #expect(try await due(reopened, at: now + 6 * 3600).map(\.rawValue) == ["e0", "e1", "e2"])
        try await reopened.shutdown()
    }
}
