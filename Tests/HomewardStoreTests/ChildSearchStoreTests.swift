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
}
