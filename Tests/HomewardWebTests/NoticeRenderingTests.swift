import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

/// A notice is an event from Core rendered by one renderer: words from the catalog in each
/// reader's language, times in each reader's organization's zone, an inbox row each, and the
/// webhook data in UTC.
@Suite("Notices rendered from events")
struct NoticeRenderingTests {
    let catalogs = Catalogs([
        Catalog(
            language: "en",
            strings: [
                "staff.notice.tip.title": "Case {caseNumber}: a new tip from the public",
                "staff.notice.tip.text": "A tip came in {submitted}; mark it received by {acknowledgeBy}. Read it: {link}",
            ]),
        Catalog(language: "es", strings: ["staff.notice.tip.title": "Caso {caseNumber}: una pista nueva del público"]),
    ])

    @Test func a_person_chooses_the_language_of_their_notices_on_the_account_page() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseManager = fixtures.account(.caseManager)
            let page = try await client.page(.get, "/account", as: caseManager, fixtures: fixtures)
            #expect(page.text.contains("name=\"language\"") && page.text.contains("Español"))
            let refused = try await client.page(.post, "/account/language", as: caseManager, fixtures: fixtures, form: [("language", "xx")])
            #expect(refused.status == .unprocessableContent)
            #expect(try await services.store.user(caseManager.user.id)?.language == "en")
            let chosen = try await client.page(.post, "/account/language", as: caseManager, fixtures: fixtures, form: [("language", "es")])
            #expect(chosen.status == .seeOther)
            let reader = try #require(try await services.store.user(caseManager.user.id))
            #expect(reader.language == "es")

            // The renderer reads the person's own choice.
            let tip = Tip(
                id: "tip-2", posterID: "poster-1", episodeID: fixtures.episode.id, investigatingOrganizationID: fixtures.police.id,
                submission: TipSubmission(seen: "x", place: "y", when: "z"), submittedAt: testEpoch, acknowledgeBy: testEpoch + 3600,
                idempotencyKey: "k2")
            var outbound = Outbound(services: services)
            let rendered = try await outbound.render(
                [tip.notice(overdue: false, caseNumber: "HW-2026-000002", recipients: [reader, fixtures.account(.investigator).user])],
                at: testEpoch, catalogs: catalogs)
            #expect(
                Set(rendered.notifications.map(\.title)) == [
                    "Caso HW-2026-000002: una pista nueva del público", "Case HW-2026-000002: a new tip from the public",
                ])
        }
    }

    @Test func a_tip_notice_reaches_each_reader_in_their_language_and_zone_and_never_carries_the_tip() async throws {
        try await withTestApplication { _, services, fixtures in
            let investigator = fixtures.account(.investigator).user
            var departed = fixtures.account(.caseManager).user
            departed.active = false
            let caseManager = fixtures.account(.caseManager).user
            let tip = Tip(
                id: "tip-1", posterID: "poster-1", episodeID: fixtures.episode.id, investigatingOrganizationID: fixtures.police.id,
                submission: TipSubmission(seen: "Wren at the bus station", place: "Northside", when: "this morning"),
                submittedAt: testEpoch, acknowledgeBy: testEpoch + 3600, idempotencyKey: "k")
            let notice = tip.notice(overdue: false, caseNumber: "HW-2026-000001", recipients: [investigator, caseManager, departed])
            // Core decides who is told and with which words and values; never the tip's own words.
            #expect(notice.recipients.map(\.id) == [investigator.id, caseManager.id])
            #expect(notice.titleKey == "staff.notice.tip.title" && notice.organizations == [fixtures.police.id])
            #expect(!(notice.values.values.joined() + notice.data.values.joined()).contains("Wren"))

            var outbound = Outbound(services: services)
            let rendered = try await outbound.render(
                [notice], at: testEpoch, catalogs: catalogs, language: { $0.id == caseManager.id ? "es" : "en" })
            let byPerson = Dictionary(uniqueKeysWithValues: rendered.notifications.map { ($0.recipient, $0) })
            #expect(byPerson[caseManager.id]?.title == "Caso HW-2026-000001: una pista nueva del público")
            #expect(byPerson[investigator.id]?.title == "Case HW-2026-000001: a new tip from the public")
            // Each row belongs to its reader's organization, with the times of its zone.
            #expect(byPerson[caseManager.id]?.organizationID == caseManager.organizationID)
            #expect(byPerson[investigator.id]?.organizationID == investigator.organizationID)
            let policeZone = try #require(TimeZone(identifier: fixtures.police.timeZone))
            #expect(byPerson[investigator.id]?.body.contains(LocalDateTime.text(testEpoch + 3600, in: policeZone)) == true)
            #expect(byPerson[investigator.id]?.body.hasSuffix(services.configuration.publicBaseURL + "/tips") == true)
        }
    }

    /// A legal clock's alert and the tip digest come from the catalog too: the alert as an inbox row
    /// about its clock in the reader's language, the digest only as an e-mail, whatever the reader
    /// chose for e-mails at once.
    @Test func a_clock_alert_is_written_in_the_readers_language_and_a_digest_is_only_an_email() async throws {
        let catalogs = Catalogs([
            Catalog(
                language: "en",
                strings: [
                    "staff.notice.clock.breach": "Case {caseNumber}: {duty} is overdue",
                    "staff.notice.clock.text": "{dutyInFull} Deadline {deadline}. {link}",
                    "staff.notice.tipDigest.title.other": "{count} new tips", "staff.notice.tipDigest.text.other": "Since {since}: {link}",
                ]),
            Catalog(language: "es", strings: ["staff.notice.clock.breach": "Caso {caseNumber}: {duty} está vencido"]),
        ])
        try await withTestApplication(configure: {
            $0.mailRelay = MailRelay(
                host: "127.0.0.1", port: 2525, security: .none, user: nil, password: nil, from: "alerts@homeward.example")
        }) { _, services, fixtures in
            let caseworker = fixtures.account(.caseworker).user
            var spanish = fixtures.account(.supervisor).user
            spanish.language = "es"
            let record = try #require(try await services.store.episodeRecord(fixtures.episode.id))
            let reading = try #require(record.clocks(at: testEpoch).first { $0.definition.kind == .policeReport })
            var outbound = Outbound(services: services)
            let alert = ClockAlert.notice(record.episode, reading: reading, threshold: "breach", recipients: [caseworker, spanish])
            let rendered = try await outbound.render([alert], at: testEpoch, catalogs: catalogs)
            let byPerson = Dictionary(uniqueKeysWithValues: rendered.notifications.map { ($0.recipient, $0) })
            let number = record.episode.caseNumber ?? record.episode.id.rawValue
            #expect(byPerson[spanish.id]?.title == "Caso \(number): report to police está vencido")
            #expect(byPerson[caseworker.id]?.title == "Case \(number): report to police is overdue")
            #expect(rendered.notifications.allSatisfy { $0.clockKind == .policeReport && $0.episodeID == record.episode.id })

            let digest = try #require(TipDigest.notice(count: 4, since: testEpoch - 86_400, reader: caseworker))
            let mail = try await outbound.render([digest], at: testEpoch, catalogs: catalogs)
            #expect(mail.notifications.isEmpty && mail.outbox.count == 1)
            #expect(mail.outbox.first?.channel == .email && mail.outbox.first?.recipient == caseworker.id)
            #expect(mail.outbox.first?.subject == "4 new tips" && mail.outbox.first?.text.hasSuffix("/tips") == true)
        }
    }
}
