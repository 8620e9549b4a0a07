import Foundation
import HomewardCore
import HomewardTestSupport
import SQLKit
import Testing

@testable import HomewardStore

/// Lag-tolerant reads on a real streaming replica (started by the test script), writes and
/// read-your-own-writes on the primary. The replica's replay is paused to tell the two apart.
@Suite("Read replica", .serialized, .enabled(if: TestEngine.postgresReplicaURL != nil))
struct ReplicaStoreTests {
    let fixtures = ReportingStoreTests()

    func file(_ name: String, _ n: Int, into store: SQLDataStore) async throws -> MissingEpisode {
        let (agency, police, worker) = try await parties(store)
        let child = Child(
            id: ChildID("replica-child-\(n)"), organizationID: agency.id, firstName: name, lastName: "Replicant",
            dateOfBirth: CivilDate(year: 2011, month: 7, day: 8)!, sex: .female, race: "W", heightInches: 60, weightPounds: 90,
            createdAt: fixtures.now)
        return try await store.fileReport(
            child: child, childIsNew: true,
            episode: fixtures.report("replica-episode-\(n)", child: child.id, agency: agency, police: police, worker: worker),
            events: [], deletingDraft: nil, idempotencyKey: nil, audit: fixtures.audit("file"))
    }

    func parties(_ store: SQLDataStore) async throws -> (Organization, Organization, User) {
        if let agency = try await store.organization(OrganizationID("cw")), let police = try await store.organization(OrganizationID("pd")),
            let worker = try await store.user(UserID("w"))
        {
            return (agency, police, worker)
        }
        let (agency, police, worker, _) = try await fixtures.prepare(store)
        return (agency, police, worker)
    }

    func found(_ name: String, in store: SQLDataStore) async throws -> Bool {
        !(try await store.searchChildren(ChildQuery(parsing: "\(name) Replicant"), visibility: .all, limit: 5).isEmpty)
    }

    @Test func lists_and_search_read_the_replica_and_a_request_that_wrote_reads_the_primary() async throws {
        try await withTestStore(.postgres, replica: true) { store, database in
            let recovering = try await store.engine.readLagged { db in
                try await db.raw("SELECT pg_is_in_recovery() AS r").first()?.decode(column: "r", as: Bool.self)
            }
            let primary = try await store.engine.read { db in
                try await db.raw("SELECT pg_is_in_recovery() AS r").first()?.decode(column: "r", as: Bool.self)
            }
            #expect(recovering == true && primary == false, "lag-tolerant reads go to a standby, the others to the primary")

            _ = try await file("Wren", 1, into: store)
            try await TestReplica.catchUp(database)
            #expect(try await found("Wren", in: store))

            try await TestReplica.whilePaused {
                let episode = try await file("Quill", 2, into: store)
                #expect(!(try await found("Quill", in: store)), "the paused replica has not seen the new child")
                #expect(try await ReadRouting.$primaryOnly.withValue(true) { try await found("Quill", in: store) })
                #expect(try await store.episode(episode.id) != nil, "reading one record by id stays on the primary")
                #expect(try await store.caseQueue(CaseQueueFilter(), after: nil, limit: 10).count == 1)
                #expect(
                    try await ReadRouting.$primaryOnly.withValue(true) {
                        try await store.caseQueue(CaseQueueFilter(), after: nil, limit: 10)
                    }.count == 2)
            }
            try await TestReplica.catchUp(database)
            #expect(try await found("Quill", in: store))
        }
    }
}
