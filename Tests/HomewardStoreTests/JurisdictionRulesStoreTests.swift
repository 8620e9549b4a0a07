import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Testing

@Suite("Jurisdiction rules store")
struct JurisdictionRulesStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    func audit(_ action: String) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: "t")
    }

    @Test(arguments: TestEngine.available)
    func versions_are_numbered_in_turn_and_an_episode_is_scheduled_under_its_own(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = Organization(
                id: OrganizationID("cw"), code: "cw", name: "Lakeshore Family Services", kind: .childWelfare, state: "IL",
                timeZone: "America/Chicago", createdAt: now)
            try await store.createOrganization(agency, audit: audit("o"))
            try await store.createUser(
                User(
                    id: UserID("admin"), organizationID: agency.id, email: "a@agency.example", name: "A", roles: [.caseworker],
                    createdAt: now),
                passwordHash: nil, audit: audit("u"))
            let first = JurisdictionRules(
                state: "IL", version: 1, effectiveFrom: now - 86_400, windowHours: ["police_report": 12], citation: "Test rule 1",
                note: "Twelve hours", recordedBy: UserID("admin"), recordedAt: now - 86_400)
            try await store.addJurisdictionRules(first, audit: audit("rules.add"))
            // The same number again (someone else added it meanwhile) is a conflict; nothing is kept.
            await #expect(throws: HomewardError.self) { try await store.addJurisdictionRules(first, audit: audit("rules.add")) }
            var second = first
            second.version = 2
            second.windowHours = ["police_report": 6]
            second.effectiveFrom = now + 3600
            try await store.addJurisdictionRules(second, audit: audit("rules.add"))
            #expect(try await store.jurisdictionRules(of: "IL").map(\.version) == [2, 1])
            #expect(try await store.latestJurisdictionRules() == [second])
            #expect(try await store.appliedRules("IL-1").rules == first)
            #expect(try await store.appliedRules(nil).rules == nil)
            #expect(try await store.appliedRules("ZZ-9").rules == nil)

            // An episode under version 1: its first warning falls at half of 12 hours, not of 24.
            let child = Child(
                id: ChildID("c"), organizationID: agency.id, firstName: "Wren", lastName: "Halloway",
                dateOfBirth: CivilDate(year: 2012, month: 1, day: 2)!, sex: .female, heightInches: 55, weightPounds: 80, createdAt: now)
            var episode = MissingEpisode(
                id: EpisodeID("e"), childID: child.id, organizationID: agency.id, status: .open, receivedAt: now, lastSeenCity: "Maplewood",
                lastSeenState: "IL", circumstances: "x", guardian: Guardian(name: "g", phone: "555-010-0000"),
                police: InvestigatingAgency(name: "p", phone: "555-010-0000"), caseType: .endangeredRunaway, createdBy: UserID("admin"),
                createdAt: now)
            episode.rulesID = "IL-1"
            _ = try await store.fileReport(
                child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil,
                audit: audit("episodes.file"))
            let record = try #require(try await store.episodeRecord(episode.id))
            #expect(record.episode.rulesID == "IL-1" && record.rules.rules == first)
            #expect(try await store.episodesDue(at: now + 6 * 3600, after: nil, limit: 10).map(\.record.episode.id) == [episode.id])
            #expect(try await store.episodesDue(at: now + 6 * 3600 - 60, after: nil, limit: 10).isEmpty)
        }
    }
}
