import Foundation
import HTTPTypes
import HomewardCore
import HomewardStore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardDemo
@testable import HomewardWeb

@Suite("Escalation")
struct EscalationTests {
    func services(_ store: SQLDataStore, clock: PinnedWallClock) async throws -> AppServices {
        var configuration = HomewardConfiguration()
        configuration.bcryptCost = 4
        configuration.mailRelay = MailRelay(
            host: "127.0.0.1", port: 2525, security: .none, user: nil, password: nil, from: "alerts@homeward.example")
        return try await AppServices(configuration: configuration, store: store, clock: clock, logger: quietLogger)
    }

    func emails(_ store: SQLDataStore) async throws -> [OutboxMessage] {
        try await store.outboxMessages(state: .pending, organization: nil, limit: 500).filter { $0.channel == .email }
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
            let email = try await emails(store).count

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
            #expect(try await store.notificationCount(channel: nil) == 6)
            #expect(try await emails(store).count == 6)

            // When time moves on, new thresholds are crossed once more.
            clock.advance(by: 12 * 3600)
            let later = try await Escalations.runOnce(first)
            #expect(later > 0)
            #expect(try await Escalations.runOnce(second) == 0)
            try await otherStore.shutdown()
        }
    }

    @Test(arguments: TestEngine.available)
    func an_overdue_qa_review_is_escalated_once_across_two_instances(_ engine: TestEngine) async throws {
        let clock = PinnedWallClock(Date(timeIntervalSince1970: 1_795_014_000))
        try await withTestStore(engine) { store, database in
            let first = try await services(store, clock: clock)
            try await DemoData.load(into: first)
            let otherStore = try await database.openStore()
            let second = try await services(otherStore, clock: clock)
            let before = try await store.notificationCount(channel: nil)

            // The demo has one call whose review was never done, long past its window.
            async let a = QAEscalations.runOnce(first)
            async let b = QAEscalations.runOnce(second)
            let (byA, byB) = try await (a, b)
            #expect(byA + byB == 1)
            // The QA reviewers and the manager, in the inbox and by e-mail.
            #expect(try await store.notificationCount(channel: nil) == before + 2)
            #expect(try await emails(store).filter { $0.eventType == .qaReviewOverdue }.count == 2)
            #expect(try await QAEscalations.runOnce(second) == 0)
            #expect(try await QAEscalations.runOnce(first) == 0)
            let reviewer = try #require(try await store.user(email: "qa.reviewer@demo.homeward.example"))
            let inbox = try await store.inbox(of: reviewer.id, limit: 10)
            let message = try #require(inbox.first { $0.qaReviewID != nil })
            #expect(message.title.hasPrefix("The QA review of missing-child call CAD 26-"))
            #expect(message.body.contains("/qa-reviews/\(message.qaReviewID!)"))
            #expect(!message.title.contains("Brandtner") && !message.body.contains("Brandtner"))

            // Three days on, the latest call's review passes its window too: once more, once.
            clock.advance(by: 3 * 86_400)
            async let c = QAEscalations.runOnce(first)
            async let d = QAEscalations.runOnce(second)
            let (byC, byD) = try await (c, d)
            #expect(byC + byD == 1)
            try await otherStore.shutdown()
        }
    }

    @Test(arguments: TestEngine.available)
    func tips_are_announced_once_across_two_instances_again_when_overdue_and_in_a_daily_digest(_ engine: TestEngine) async throws {
        let clock = PinnedWallClock(Date(timeIntervalSince1970: 1_795_014_000))
        try await withTestStore(engine) { store, database in
            let first = try await services(store, clock: clock)
            try await DemoData.load(into: first)
            let otherStore = try await database.openStore()
            let second = try await services(otherStore, clock: clock)
            let investigator = try #require(try await store.user(email: "investigator@demo.homeward.example"))
            // The supervisor takes tips in a digest instead of one e-mail each.
            let supervisor = try #require(try await store.user(email: "pd.supervisor@demo.homeward.example"))
            try await store.setNotificationPreferences(
                NotificationPreferences(tipDigest: true), of: supervisor.id,
                audit: AuditEntry(occurredAt: clock.now(), actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))

            let waiting = try await store.tipsAwaitingNotice(overdue: false, at: clock.now(), limit: 500)
            #expect(!waiting.isEmpty)
            // Two instances at once: on SQLite one may find the database busy and leave it to the other.
            async let a = TipNotices.announce(overdue: false, first)
            async let b = TipNotices.announce(overdue: false, second)
            let (byA, byB) = await ((try? a) ?? 0, (try? b) ?? 0)
            #expect(byA + byB == waiting.count)
            #expect(try await TipNotices.announce(overdue: false, first) == 0)
            let inbox = try await store.inbox(of: investigator.id, limit: 500).filter { $0.threshold == "tip" }
            let routed = waiting.filter { $0.investigatingOrganizationID == investigator.organizationID }
            #expect(inbox.count == routed.count)
            let mails = try await emails(store).filter { $0.eventType == .tipReceived }
            #expect(mails.filter { $0.recipient == investigator.id }.count == routed.count)
            #expect(mails.filter { $0.recipient == supervisor.id }.isEmpty)
            // Never the tip's words or the child's name.
            for tip in routed {
                #expect(!inbox.contains { $0.body.contains(tip.submission.seen) || $0.title.contains(tip.submission.seen) })
            }
            for child in DemoCases.children { #expect(!mails.contains { $0.text.contains(child.last) || $0.subject.contains(child.last) }) }

            // Past their acknowledgement time, the tips still unreceived are announced once more, once.
            clock.advance(by: 3 * 86_400)
            let late = try await store.tipsAwaitingNotice(overdue: true, at: clock.now(), limit: 500)
            #expect(late.allSatisfy { $0.receivedAt == nil })
            async let c = TipNotices.announce(overdue: true, first)
            async let d = TipNotices.announce(overdue: true, second)
            let (byC, byD) = await ((try? c) ?? 0, (try? d) ?? 0)
            #expect(byC + byD == late.count)
            #expect(try await TipNotices.announce(overdue: true, second) == 0)

            // The digest: one e-mail for the day's tips, then none until a day has passed.
            #expect(try await TipNotices.digests(first) + TipNotices.digests(second) <= 1)
            clock.advance(by: 3600)
            #expect(try await TipNotices.digests(first) == 0)
            try await otherStore.shutdown()
        }
    }

    @Test(arguments: TestEngine.available)
    func an_agency_hears_once_that_its_renewal_opened(_ engine: TestEngine) async throws {
        let clock = PinnedWallClock(Date(timeIntervalSince1970: 1_795_014_000))
        try await withTestStore(engine) { store, database in
            let first = try await services(store, clock: clock)
            try await DemoData.load(into: first)
            let otherStore = try await database.openStore()
            let second = try await services(otherStore, clock: clock)
            // Of the demo's recognized agencies, only the one recognized 1,700 days ago is within a
            // year of its term's end.
            async let a = RenewalNotices.runOnce(first)
            async let b = RenewalNotices.runOnce(second)
            let (byA, byB) = await ((try? a) ?? 0, (try? b) ?? 0)
            #expect(byA + byB == 1)
            #expect(try await RenewalNotices.runOnce(first) == 0)
            let renewals = try await emails(store).filter { $0.eventType == .renewalOpen }
            #expect(!renewals.isEmpty && renewals.allSatisfy { $0.subject == "Your readiness recognition can be renewed" })
            try await otherStore.shutdown()
        }
    }

    /// A 911 call handed to police starts the 2-hour NCIC clock from the report: the investigating
    /// agency's investigators and supervisors hear of it at each warning point and at the deadline,
    /// once each, without the child's name, with a link to the police case; an entry stops it.
    @Test func a_police_cases_ncic_clock_is_escalated_to_the_investigating_agency() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let telecommunicator = fixtures.account(.telecommunicator)
            let opened = try await client.api(
                .post, "/api/v1/calls", as: telecommunicator,
                json:
                    #"{"cadIncident":"26-200417","answers":[{"item":"child-name","value":"Wren Halloway"},{"item":"child-age","value":"9"},{"item":"last-seen-where","value":"Elm Street"}]}"#
            )
            let callID = try #require(try opened.json()["id"] as? String)
            let handed = try await client.api(
                .post, "/api/v1/calls/\(callID)/hand-off", as: telecommunicator, json: #"{"agency":"\#(fixtures.police.id)"}"#)
            #expect(handed.status == .created)
            let caseID = PoliceCaseID(try #require(try handed.json()["policeCaseId"] as? String))
            let investigator = fixtures.account(.investigator)
            func alerts() async throws -> [HomewardNotification] {
                try await services.store.inbox(of: investigator.user.id, limit: 50).filter { $0.policeCaseID == caseID }
            }

            #expect(try await PoliceCaseEscalations.runOnce(services) == 0)
            clock.advance(by: 61 * 60)
            // Someone who signs in now (sessions end when idle) reads the inbox page below.
            let reader = try await TestAccounts.make(services, "ncic-reader", .investigator, in: fixtures.police)
            #expect(try await PoliceCaseEscalations.runOnce(services) == 1)
            #expect(try await PoliceCaseEscalations.runOnce(services) == 0)
            let half = try #require(try await alerts().first)
            #expect(half.title == "911 case CAD 26-200417: half the time for the NCIC entry has passed")
            #expect(half.body.contains("/police-cases/\(caseID)") && !half.body.contains("Halloway") && !half.title.contains("Wren"))
            // The inbox links the alert to the police case.
            let inbox = try await client.page(.get, "/notifications", as: reader, fixtures: fixtures)
            #expect(inbox.text.contains("href=\"/police-cases/\(caseID)\""))

            // A pass missed until past the deadline: the 90% point and the breach make one alert.
            clock.advance(by: 60 * 60)
            #expect(try await PoliceCaseEscalations.runOnce(services) == 2)
            #expect(try await alerts().map(\.title).filter { $0.hasSuffix("is overdue") }.count == 1)
            #expect(try await alerts().count == 2)
            #expect(try await PoliceCaseEscalations.runOnce(services) == 0)
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

@Suite("Demo data")
struct DemoDataTests {
    /// At midday, just after midnight UTC, and early in the morning in Chicago.
    @Test(arguments: [1_795_014_000, 1_794_960_300, 1_794_981_600])
    func nothing_in_the_demo_happens_in_the_future(_ instant: Int) async throws {
        let clock = PinnedWallClock(Date(timeIntervalSince1970: TimeInterval(instant)))
        try await withTestStore(.sqlite) { store, _ in
            var configuration = HomewardConfiguration()
            configuration.bcryptCost = 4
            let services = try await AppServices(configuration: configuration, store: store, clock: clock, logger: quietLogger)
            try await DemoData.load(into: services)
            let now = clock.now()
            var future: [String] = []
            for record in try await store.episodeRecords(matching: EpisodeFilter()) {
                if record.episode.receivedAt > now { future.append("episode \(record.episode.id) received") }
                if let seen = record.episode.lastSeenAt, seen > now { future.append("episode \(record.episode.id) last seen") }
                for event in record.events where event.occurredAt > now || event.recordedAt > now {
                    future.append("event \(event.kind.rawValue) of \(record.episode.id)")
                }
                for task in try await store.tasks(of: record.episode.id) where (task.completedAt ?? now) > now {
                    future.append("task \(task.kind.rawValue)")
                }
                for photo in try await store.photos(of: record.child.id) where photo.uploadedAt > now { future.append("photo \(photo.id)") }
                for tip in try await store.tips(ofEpisode: record.episode.id) where tip.submittedAt > now { future.append("tip \(tip.id)") }
            }
            for poster in try await store.publishedPosters(limit: 100) where (poster.publishedAt ?? now) > now {
                future.append("poster \(poster.slug)")
            }
            let today = CivilDate(now, in: TimeZone.utc)
            for organization in try await store.organizations() {
                for record in try await store.trainingRecords(in: organization.id) where record.completedOn > today.adding(days: 1) {
                    future.append("training of \(organization.code)")
                }
                for application in try await store.applications(of: organization.id) where application.submittedAt > now {
                    future.append("application of \(organization.code)")
                }
                for recognition in try await store.recognitions(of: organization.id) where recognition.termStart > today.adding(days: 1) {
                    future.append("recognition of \(organization.code)")
                }
                for person in try await store.personnel(in: organization.id) where person.hireDate > today.adding(days: 1) {
                    future.append("hire at \(organization.code)")
                }
                for application in try await store.applications(of: organization.id) where (application.decidedAt ?? now) > now {
                    future.append("decision of \(organization.code)")
                }
            }
            #expect(future.isEmpty, "\(future.prefix(10))")
        }
    }
}
