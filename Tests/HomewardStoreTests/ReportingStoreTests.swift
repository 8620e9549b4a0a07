import Foundation
import HomewardCore
import HomewardTestSupport
import SQLKit
import Testing

@testable import HomewardStore

@Suite("Reporting store conformance")
struct ReportingStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    func audit(_ action: String) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: "test")
    }

    /// An agency, a police agency, a caseworker and an investigator.
    func prepare(_ store: SQLDataStore) async throws -> (agency: Organization, police: Organization, worker: User, detective: User) {
        let agency = Organization(
            id: OrganizationID("cw"), code: "cw", name: "Agency", kind: .childWelfare, state: "IL", timeZone: "America/Chicago",
            createdAt: now)
        let police = Organization(
            id: OrganizationID("pd"), code: "pd", name: "Police", kind: .lawEnforcement, state: "IL", timeZone: "America/Chicago",
            ori: "IL0990200",
            createdAt: now)
        try await store.createOrganization(agency, audit: audit("o"))
        try await store.createOrganization(police, audit: audit("o"))
        let worker = User(id: UserID("w"), organizationID: agency.id, email: "w@x.example", name: "W", roles: [.caseworker], createdAt: now)
        let detective = User(
            id: UserID("d"), organizationID: police.id, email: "d@x.example", name: "D", roles: [.investigator], createdAt: now)
        try await store.createUser(worker, passwordHash: nil, audit: audit("u"))
        try await store.createUser(detective, passwordHash: nil, audit: audit("u"))
        return (agency, police, worker, detective)
    }

    func report(_ id: String, child: ChildID, agency: Organization, police: Organization, worker: User, vehicle: Vehicle? = nil)
        -> MissingEpisode
    {
        MissingEpisode(
            id: EpisodeID(id), childID: child, organizationID: agency.id, status: .open, receivedAt: now, lastSeenAt: now - 3600,
            lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "Left after dinner.",
            endangerments: [.pregnancy, .traffickingConcern],
            vehicle: vehicle, guardian: Guardian(name: "Agency", phone: "555-010-2000"),
            police: InvestigatingAgency(organizationID: police.id, name: "Police", ori: police.ori, phone: "555-010-3000"),
            caseType: .endangeredRunaway, createdBy: worker.id, createdAt: now, submittedAt: now)
    }

    @Test(arguments: TestEngine.available)
    func retention_tombstones_a_closed_case_once_and_the_timeline_refuses_any_other_change(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (agency, police, worker, detective) = try await prepare(store)
            let child = Child(
                id: ChildID("c1"), organizationID: agency.id, firstName: "Ada", lastName: "Fictional",
                dateOfBirth: CivilDate(year: 2011, month: 4, day: 12)!, sex: .female, race: "W", heightInches: 63, weightPounds: 94,
                createdAt: now)
            var episode = report("e1", child: child.id, agency: agency, police: police, worker: worker)
            _ = try await store.fileReport(
                child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil, audit: audit("file"))
            episode = try #require(try await store.episode(episode.id))
            episode.status = .recovered
            let found = EpisodeEvent(
                id: EpisodeEventID("r1"), episodeID: episode.id, kind: .recovered, occurredAt: now, recordedAt: now,
                recordedBy: detective.id,
                recordedByOrganization: police.id, method: "Officer Fictional", reference: "RPT-1", note: "Found at a friend's home.")
            try await store.appendEvent(found, updating: episode, audit: audit("recovered"))
            try await store.saveDraft(
                ReportDraft(id: "d1", organizationID: agency.id, createdBy: worker.id, updatedAt: now, fields: ["firstName": "Bo"]))

            let policy = RetentionPolicy(days: [.closedEpisodes: 30, .drafts: 30])
            #expect(try await store.applyRetention(policy, at: now + 29 * 86_400, batchSize: 1).total == 0)
            let later = now + 400 * 86_400
            let outcome = try await store.applyRetention(policy, at: later, batchSize: 1)
            #expect(outcome.tombstoned == [.closedEpisodes: 1, .drafts: 1])
            #expect(try await store.applyRetention(policy, at: later, batchSize: 1).total == 0)

            let removed = try #require(try await store.episode(episode.id))
            #expect(removed.personalDataRemovedAt == later && removed.circumstances.isEmpty && removed.guardian.phone.isEmpty)
            let event = try #require(try await store.episodeRecord(episode.id)?.events.first { $0.kind == .recovered })
            #expect(event.note == nil && event.reference == nil && event.method == nil && event.occurredAt == found.occurredAt)
            let tombstone = try #require(try await store.child(child.id))
            #expect(tombstone.firstName.isEmpty && tombstone.dateOfBirth == CivilDate(year: 2011, month: 1, day: 1))
            // Any other change to the timeline is still refused by the database.
            await #expect(throws: (any Error).self) {
                try await store.engine.write { db in try await db.raw("UPDATE episode_events SET occurred_at = 'x'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await store.engine.write { db in try await db.raw("DELETE FROM episode_events").run() }
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func a_group_of_reports_is_filed_in_one_transaction_with_gapless_case_numbers_or_not_at_all(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (agency, police, worker, _) = try await prepare(store)
            func filing(_ n: Int, key: IdempotencyKey? = nil) -> FilingRequest {
                let child = Child(
                    id: ChildID("g\(n)"), organizationID: agency.id, firstName: "Group\(n)", lastName: "Fictional",
                    dateOfBirth: CivilDate(year: 2012, month: 1, day: 2)!, sex: .male, race: "W", heightInches: 60, weightPounds: 90,
                    createdAt: now)
                return FilingRequest(
                    FiledReport(
                        child: child, childIsNew: true,
                        episode: report("ge\(n)", child: child.id, agency: agency, police: police, worker: worker),
                        events: []),
                    idempotencyKey: key, audit: audit("episodes.create.\(n)"))
            }
            let filed = try await store.fileReports((0..<5).map { filing($0) })
            #expect(filed.map(\.caseNumber) == (1...5).map { String(format: "HW-2026-%06d", $0) })
            let events = try await store.auditEvents(matching: AuditFilter(), beforeSequence: nil, limit: 50).map(\.entry.action)
            #expect(Set(events).isSuperset(of: (0..<5).map { "episodes.create.\($0)" }))

            // Two in one group with the same key: the group fails whole and stores nothing.
            await #expect(throws: HomewardError.self) {
                _ = try await store.fileReports([filing(10, key: "same"), filing(11), filing(12, key: "same")])
            }
            #expect(try await store.episode(EpisodeID("ge11")) == nil)
            #expect(try await store.child(ChildID("g10")) == nil)
            // On their own, the first is filed and the retry gets it back; numbering has no gap.
            let first = try await store.fileReport(filing(10, key: "same"))
            #expect(first.caseNumber == "HW-2026-000006")
            #expect(try await store.fileReport(filing(12, key: "same")) == first)
            #expect(
                try await store.fileReports([filing(12, key: "same"), filing(11)]).map(\.caseNumber) == [
                    "HW-2026-000006", "HW-2026-000007",
                ])
        }
    }

    @Test(arguments: TestEngine.available)
    func a_filed_report_stores_child_episode_and_events_with_a_case_number(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (agency, police, worker, detective) = try await prepare(store)
            let child = Child(
                id: ChildID("c1"), organizationID: agency.id, firstName: "Ada", lastName: "Fictional",
                dateOfBirth: CivilDate(year: 2011, month: 4, day: 12)!,
                sex: .female, race: "W", heightInches: 63, weightPounds: 94, eyeColor: "BRO", hairColor: "BLK", createdAt: now)
            let episode = report(
                "e1", child: child.id, agency: agency, police: police, worker: worker, vehicle: Vehicle(make: "Ford", plate: "ABC123"))
            let submitted = EpisodeEvent(
                id: EpisodeEventID("v1"), episodeID: episode.id, kind: .reportedToClearinghouse, occurredAt: now, recordedAt: now,
                recordedBy: worker.id, recordedByOrganization: agency.id, method: "Homeward report")
            try await store.saveDraft(
                ReportDraft(id: "d1", organizationID: agency.id, createdBy: worker.id, updatedAt: now, fields: ["firstName": "Ada"]))
            let stored = try await store.fileReport(
                child: child, childIsNew: true, episode: episode, events: [submitted], deletingDraft: "d1", idempotencyKey: "key-1",
                audit: audit("episodes.create"))
            #expect(stored.caseNumber == "HW-2026-000001")
            var retried = episode
            retried.id = EpisodeID("e1-retry")
            let again = try await store.fileReport(
                child: child, childIsNew: false, episode: retried, events: [], deletingDraft: nil, idempotencyKey: "key-1",
                audit: audit("episodes.create"))
            #expect(again == stored)
            #expect(try await store.draft("d1") == nil)

            let record = try #require(try await store.episodeRecord(episode.id))
            #expect(record.child == child)
            #expect(record.episode == stored)
            #expect(record.events.first?.reference == "HW-2026-000001")

            let second = report("e2", child: child.id, agency: agency, police: police, worker: worker)
            let repeatEpisode = try await store.fileReport(
                child: child, childIsNew: false, episode: second, events: [], deletingDraft: nil, idempotencyKey: nil,
                audit: audit("episodes.create"))
            #expect(repeatEpisode.caseNumber == "HW-2026-000002")
            #expect(try await store.episodes(ofChild: child.id).map(\.id) == [episode.id, second.id])

            var entered = stored
            entered.ncicNumber = "M123456789"
            let ncic = EpisodeEvent(
                id: EpisodeEventID("v2"), episodeID: episode.id, kind: .ncicEntered, occurredAt: now + 600, recordedAt: now + 700,
                recordedBy: detective.id, recordedByOrganization: police.id, method: "NCIC terminal", reference: "M123456789")
            try await store.appendEvent(ncic, updating: entered, audit: audit("episodes.ncic"))
            #expect(try await store.episode(episode.id)?.ncicNumber == "M123456789")
            #expect(try await store.episodeRecord(episode.id)?.events.map(\.id) == [EpisodeEventID("v1"), EpisodeEventID("v2")])

            let byPolice = try await store.episodeRecords(matching: EpisodeFilter(investigatingOrganization: police.id))
            #expect(byPolice.count == 2)
            let none = try await store.episodeRecords(matching: EpisodeFilter(reportingOrganization: police.id))
            #expect(none.isEmpty)
            let recovered = try await store.episodeRecords(matching: EpisodeFilter(statuses: [.recovered]))
            #expect(recovered.isEmpty)
        }
    }

    /// A report and its photo are one transaction: when the photo cannot be stored, neither the
    /// child, the episode, its events, the case number nor the draft's deletion remains.
    @Test(arguments: TestEngine.available)
    func a_report_and_its_photo_are_written_together_or_not_at_all(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (agency, police, worker, _) = try await prepare(store)
            func child(_ id: String) -> Child {
                Child(
                    id: ChildID(id), organizationID: agency.id, firstName: "Ada", lastName: "Fictional-\(id)",
                    dateOfBirth: CivilDate(year: 2011, month: 4, day: 12)!, sex: .female, heightInches: 63, weightPounds: 94, createdAt: now
                )
            }
            func photo(_ id: String, of child: ChildID, _ episode: EpisodeID) -> ChildPhoto {
                ChildPhoto(
                    id: id, childID: child, episodeID: episode, contentType: "image/jpeg", bytes: Data([0xFF, 0xD8, 0xFF, 0xD9]),
                    uploadedBy: worker.id, uploadedAt: now)
            }
            func event(_ id: String, _ episode: EpisodeID) -> EpisodeEvent {
                EpisodeEvent(
                    id: EpisodeEventID(id), episodeID: episode, kind: .reportedToClearinghouse, occurredAt: now, recordedAt: now,
                    recordedBy: worker.id, recordedByOrganization: agency.id, method: "Homeward report")
            }
            let first = FiledReport(
                child: child("c1"), childIsNew: true,
                episode: report("e1", child: ChildID("c1"), agency: agency, police: police, worker: worker),
                events: [event("v1", EpisodeID("e1"))], photo: photo("p1", of: ChildID("c1"), EpisodeID("e1")))
            let filed = try await store.fileReport(
                first, deletingDraft: nil, idempotencyKey: nil, audit: audit("episodes.create"), photoAudit: audit("photos.add"))
            #expect(filed.caseNumber == "HW-2026-000001")
            #expect(try await store.photos(of: ChildID("c1")).map(\.id) == ["p1"])

            // The second report's photo reuses a stored photo's id, so its insert fails last.
            try await store.saveDraft(ReportDraft(id: "d2", organizationID: agency.id, createdBy: worker.id, updatedAt: now, fields: [:]))
            let second = FiledReport(
                child: child("c2"), childIsNew: true,
                episode: report("e2", child: ChildID("c2"), agency: agency, police: police, worker: worker),
                events: [event("v2", EpisodeID("e2"))], photo: photo("p1", of: ChildID("c2"), EpisodeID("e2")))
            let auditBefore = try await store.auditEvents(afterSequence: 0, limit: 1000).count
            await #expect(throws: HomewardError.self) {
                try await store.fileReport(
                    second, deletingDraft: "d2", idempotencyKey: "key-2", audit: audit("episodes.create"), photoAudit: audit("photos.add"))
            }
            #expect(try await store.child(ChildID("c2")) == nil)
            #expect(try await store.episode(EpisodeID("e2")) == nil)
            #expect(try await store.draft("d2") != nil)
            #expect(try await store.episode(filedWith: "key-2", by: agency.id) == nil)
            #expect(try await store.auditEvents(afterSequence: 0, limit: 1000).count == auditBefore)
            // The case number the failed report drew was given back with everything else.
            var third = second
            third.photo = photo("p3", of: ChildID("c2"), EpisodeID("e2"))
            let refiled = try await store.fileReport(
                third, deletingDraft: "d2", idempotencyKey: nil, audit: audit("episodes.create"), photoAudit: audit("photos.add"))
            #expect(refiled.caseNumber == "HW-2026-000002")
        }
    }

    @Test(arguments: TestEngine.available)
    func drafts_keep_whatever_was_typed(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (agency, _, worker, _) = try await prepare(store)
            let draft = ReportDraft(
                id: "d", organizationID: agency.id, createdBy: worker.id, updatedAt: now, fields: ["heightFeet": "7", "notes": "ä ✓"])
            try await store.saveDraft(draft)
            var changed = draft
            changed.fields["heightInches"] = "13"
            changed.updatedAt = now + 60
            try await store.saveDraft(changed)
            #expect(try await store.drafts(in: agency.id) == [changed])
            try await store.deleteDraft("d")
            #expect(try await store.draft("d") == nil)
        }
    }
}
