import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Testing

@Suite("Child search conformance")
struct ChildSearchStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    @Test(arguments: TestEngine.available)
    func names_match_by_sound_and_typos_and_visibility_limits_results(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let audit = AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t")
            var organizations: [Organization] = []
            for (code, kind) in [
                ("cw1", OrganizationKind.childWelfare), ("cw2", .childWelfare), ("pd1", .lawEnforcement), ("pd2", .lawEnforcement),
            ] {
                let o = Organization(
                    id: OrganizationID(code), code: code, name: code, kind: kind, state: "IL", timeZone: "America/Chicago",
                    ori: kind == .lawEnforcement ? "IL00000\(code.suffix(2).uppercased())" : nil, createdAt: now)
                try await store.createOrganization(o, audit: audit)
                organizations.append(o)
            }
            let worker = User(
                id: UserID("w"), organizationID: OrganizationID("cw1"), email: "w@x.example", name: "W", roles: [.caseworker],
                createdAt: now)
            try await store.createUser(worker, passwordHash: nil, audit: audit)
            func file(_ id: String, first: String, last: String, dob: CivilDate, agency: String, police: String) async throws
                -> MissingEpisode
            {
                let child = Child(
                    id: ChildID(id), organizationID: OrganizationID(agency), firstName: first, lastName: last, dateOfBirth: dob, sex: .male,
                    heightInches: 60, weightPounds: 90, createdAt: now)
                let episode = MissingEpisode(
                    id: EpisodeID("e-\(id)"), childID: child.id, organizationID: OrganizationID(agency), status: .open, receivedAt: now,
                    lastSeenCity: "X", lastSeenState: "IL", circumstances: "x", guardian: Guardian(name: "g", phone: "555-010-0000"),
                    police: InvestigatingAgency(organizationID: OrganizationID(police), name: police, phone: "555-010-0000"),
                    ncicNumber: "M00000000\(id.suffix(1))", caseType: .endangeredRunaway, createdBy: worker.id, createdAt: now)
                return try await store.fileReport(
                    child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil, audit: audit)
            }
            let john = try await file(
                "c1", first: "John", last: "Smith", dob: CivilDate(year: 2011, month: 4, day: 12)!, agency: "cw1", police: "pd1")
            _ = try await file(
                "c2", first: "Jon", last: "Smyth", dob: CivilDate(year: 2010, month: 1, day: 2)!, agency: "cw2", police: "pd2")
            _ = try await file(
                "c3", first: "Maria", last: "Lopez", dob: CivilDate(year: 2011, month: 4, day: 12)!, agency: "cw1", police: "pd2")

            // A search that matches nobody finds nothing (and is no error on PostgreSQL).
            #expect(try await store.searchChildren(ChildQuery(parsing: "Xyzzy Qwerty"), visibility: .all, limit: 10).isEmpty)
            let typo = try await store.searchChildren(ChildQuery(parsing: "Jonh Smiht"), visibility: .all, limit: 10)
            #expect(typo.map(\.child.id.rawValue) == ["c1", "c2"])
            #expect(typo.first?.nameDistance == 2)

            let reversed = try await store.searchChildren(ChildQuery(parsing: "smith john"), visibility: .all, limit: 10)
            #expect(reversed.first?.child.id == ChildID("c1"))

            let own = try await store.searchChildren(
                ChildQuery(parsing: "Smith"), visibility: .reportedBy(OrganizationID("cw1")), limit: 10)
            #expect(own.map(\.child.id.rawValue) == ["c1"])
            let police = try await store.searchChildren(
                ChildQuery(parsing: "Smith"), visibility: .investigatedBy(OrganizationID("pd2")), limit: 10)
            #expect(police.map(\.child.id.rawValue) == ["c2"])

            let byBirth = try await store.searchChildren(ChildQuery(parsing: "2011-04-12"), visibility: .all, limit: 10)
            #expect(Set(byBirth.map(\.child.id.rawValue)) == ["c1", "c3"])
            let byCase = try await store.searchChildren(ChildQuery(parsing: john.caseNumber!), visibility: .all, limit: 10)
            #expect(byCase.map(\.child.id.rawValue) == ["c1"])
            #expect(byCase.first?.latestEpisode?.id == john.id)
            let byNIC = try await store.searchChildren(ChildQuery(parsing: "M000000003"), visibility: .all, limit: 10)
            #expect(byNIC.map(\.child.id.rawValue) == ["c3"])
            #expect(try await store.searchChildren(ChildQuery(parsing: "Smith"), visibility: .none, limit: 10).isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func a_second_open_case_for_the_same_child_needs_a_supervisors_reason_shown_on_both(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let audit = AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t")
            for (code, kind) in [("cw1", OrganizationKind.childWelfare), ("pd1", .lawEnforcement)] {
                try await store.createOrganization(
                    Organization(
                        id: OrganizationID(code), code: code, name: code, kind: kind, state: "IL", timeZone: "America/Chicago",
                        ori: kind == .lawEnforcement ? "IL0000001" : nil, createdAt: now),
                    audit: audit)
            }
            let supervisor = User(
                id: UserID("s"), organizationID: OrganizationID("cw1"), email: "s@x.example", name: "S", roles: [.supervisor],
                createdAt: now)
            try await store.createUser(supervisor, passwordHash: nil, audit: audit)
            let dob = CivilDate(year: 2012, month: 6, day: 3)!
            func report(_ id: String, first: String, last: String, born: CivilDate = dob, reason: SecondOpenCase? = nil) -> FiledReport {
                let child = Child(
                    id: ChildID(id), organizationID: OrganizationID("cw1"), firstName: first, lastName: last, dateOfBirth: born,
                    sex: .female, heightInches: 58, weightPounds: 80, createdAt: now)
                let episode = MissingEpisode(
                    id: EpisodeID("e-\(id)"), childID: child.id, organizationID: OrganizationID("cw1"), status: .open, receivedAt: now,
                    lastSeenCity: "X", lastSeenState: "IL", circumstances: "x", guardian: Guardian(name: "g", phone: "555-010-0000"),
                    police: InvestigatingAgency(organizationID: OrganizationID("pd1"), name: "pd1", phone: "555-010-0000"),
                    caseType: .endangeredRunaway, createdBy: supervisor.id, createdAt: now)
                return FiledReport(child: child, childIsNew: true, episode: episode, events: [], secondOpenCase: reason)
            }
            let first = try await store.fileReport(
                report("c1", first: "Avery", last: "Quill"), deletingDraft: nil, idempotencyKey: nil, audit: audit, photoAudit: nil)

            // Same name (in other case and spacing) and date of birth, said to be a new child: refused, nothing written.
            await #expect(throws: HomewardError.self) {
                try await store.fileReport(
                    report("c2", first: " AVERY ", last: "quill"), deletingDraft: nil, idempotencyKey: nil, audit: audit, photoAudit: nil)
            }
            #expect(try await store.child(ChildID("c2")) == nil)
            // Another name, or another birthday, is another child.
            _ = try await store.fileReport(
                report("c3", first: "Avery", last: "Quinn"), deletingDraft: nil, idempotencyKey: nil, audit: audit, photoAudit: nil)
            _ = try await store.fileReport(
                report("c4", first: "Avery", last: "Quill", born: CivilDate(year: 2012, month: 6, day: 4)!), deletingDraft: nil,
                idempotencyKey: nil, audit: audit, photoAudit: nil)

            // With a supervisor's reason: filed, and the reason is on both cases, each naming the other.
            let reason = SecondOpenCase(reason: "Twins placed apart; the sibling has her own placement file.", approvedBy: supervisor.id)
            let second = try await store.fileReport(
                report("c5", first: "Avery", last: "Quill", reason: reason), deletingDraft: nil, idempotencyKey: nil, audit: audit,
                photoAudit: nil)
            let onNew = try #require(try await store.episodeRecord(second.id)).events.filter { $0.kind == .secondOpenCase }
            let onOld = try #require(try await store.episodeRecord(first.id)).events.filter { $0.kind == .secondOpenCase }
            #expect(onNew.count == 1 && onNew.first?.reference == first.caseNumber && onNew.first?.note == reason.reason)
            #expect(onOld.count == 1 && onOld.first?.reference == second.caseNumber && onOld.first?.note == reason.reason)
            #expect(onOld.first?.recordedBy == supervisor.id)
        }
    }
}
