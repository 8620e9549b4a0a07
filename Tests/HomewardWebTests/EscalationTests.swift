import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Testing

@testable import HomewardWeb

@Suite("Escalation")
struct EscalationTests {
    func services(_ store: SQLDataStore, clock: PinnedWallClock) async throws -> AppServices {
        var configuration = HomewardConfiguration()
        configuration.bcryptCost = 4
        return try await AppServices(configuration: configuration, store: store, clock: clock, logger: quietLogger)
    }

    @Test(arguments: TestEngine.available)
    func two_instances_on_one_database_notify_each_threshold_once(_ engine: TestEngine) async throws {
        let clock = PinnedWallClock(Date(timeIntervalSince1970: 1_795_014_000))
        try await withTestStore(engine) { store, database in
            let first = try await services(store, clock: clock)
            try await DemoData.load(into: first)
            // A second instance: its own connections to the same database.
            let otherStore = try await database.openStore()
            let second = try await services(otherStore, clock: clock)

            async let a = Escalations.runOnce(first)
            async let b = Escalations.runOnce(second)
            let (recordedByA, recordedByB) = try await (a, b)
            let inbox = try await store.notificationCount(channel: .inbox)
            let email = try await store.notificationCount(channel: .email)

            // Demo episodes open at load time: running (2 h), warning (20 h: 50%), breached (30 h:
            // 50%, 90%, breach), and the repeat episode, whose clocks are all met.
            #expect(recordedByA + recordedByB == 4)
            // Thresholds crossed together make one alert, the most urgent (the breached case's
            // breach, not three); each reaches the agency's caseworker and supervisor and every
            // case manager.
            #expect(inbox == 2 * 3)
            #expect(email == inbox)

            // A later pass, on either instance, finds nothing new.
            #expect(try await Escalations.runOnce(second) == 0)
            #expect(try await Escalations.runOnce(first) == 0)
            #expect(try await store.notificationCount(channel: nil) == 12)

            // When time moves on, new thresholds are crossed once more.
            clock.advance(by: 12 * 3600)
            let later = try await Escalations.runOnce(first)
            #expect(later > 0)
            #expect(try await Escalations.runOnce(second) == 0)
            try await otherStore.shutdown()
        }
    }

    @Test func the_inbox_shows_escalations_without_the_childs_name() async throws {
        let clock = PinnedWallClock(Date(timeIntervalSince1970: 1_795_014_000))
        try await withTestStore(.sqlite) { store, _ in
            let services = try await services(store, clock: clock)
            try await DemoData.load(into: services)
            try await Escalations.runOnce(services)
            let caseworker = try #require(try await store.user(email: "caseworker@demo.homeward.example"))
            let inbox = try await store.inbox(of: caseworker.id, limit: 50)
            #expect(inbox.contains { $0.title.hasSuffix("report to police is overdue") })
            // The NCIC clock is the police's duty: the caseworker is not alerted about it.
            #expect(!inbox.contains { $0.clockKind == .ncicEntry })
            // A link to the case, and the deadline in the reader's own time (no UTC milliseconds).
            let alert = try #require(inbox.first { $0.title.hasSuffix("report to police is overdue") })
            #expect(alert.body.contains("http://127.0.0.1:8080/episodes/"))
            #expect(alert.body.contains(" CST") && !alert.body.contains(".000Z"))
            for child in DemoCases.children {
                #expect(!inbox.contains { $0.title.contains(child.last) || $0.body.contains(child.last) })
            }
            try await store.markRead(inbox[0].id, by: caseworker.id, at: clock.now())
            #expect(try await store.inbox(of: caseworker.id, limit: 50).first { $0.id == inbox[0].id }?.readAt == clock.now())
        }
    }
}
