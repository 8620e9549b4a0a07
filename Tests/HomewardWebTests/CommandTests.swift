import Foundation
import HomewardCore
import HomewardTestSupport
import SQLKit
import Testing

@testable import HomewardDemo
@testable import HomewardStore
@testable import HomewardWeb

@Suite("Command-line operations")
struct CommandTests {
    private func services(_ store: SQLDataStore) async throws -> AppServices {
        var configuration = HomewardConfiguration()
        configuration.bcryptCost = 4
        return try await AppServices(configuration: configuration, store: store, clock: PinnedWallClock(testEpoch), logger: quietLogger)
    }

    @Test(arguments: TestEngine.available)
    func demo_data_loads_once_with_every_role(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let services = try await services(store)
            let first = try await DemoData.load(into: services)
            #expect(first.organizations == 8)
            let second = try await DemoData.load(into: services)
            #expect(second.organizations == 0 && second.users == 0)
            var roles = Set<Role>()
            for organization in try await store.organizations() {
                for user in try await store.users(in: organization.id) { roles.formUnion(user.roles) }
            }
            #expect(roles == Set(Role.allCases))
            let kinds = Set(try await store.organizations().map(\.kind))
            #expect(kinds == Set(OrganizationKind.allCases))
        }
    }

    @Test func verify_audit_reports_the_first_edited_row() async throws {
        try await withTestStore(.sqlite) { store, database in
            let services = try await services(store)
            try await DemoData.load(into: services)
            #expect(try await AdministrationCommands.verifyAudit(services).intact)

            // Edit a row behind Homeward's back, as someone with the database file could.
            guard case .sqliteFile(let path) = database.location else { return }
            let edit = Process()
            edit.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            edit.arguments = [
                "sqlite3", path,
                "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET detail = 'changed' WHERE sequence = 5;",
            ]
            try edit.run()
            edit.waitUntilExit()
            #expect(edit.terminationStatus == 0)

            let (report, intact) = try await AdministrationCommands.verifyAudit(services)
            #expect(!intact)
            #expect(report.contains("event 5"))
        }
    }

    @Test func the_audit_table_refuses_edits_through_the_database() async throws {
        try await withTestStore(.sqlite) { store, _ in
            try await store.appendAudit(
                AuditEntry(occurredAt: testEpoch, actorUserID: nil, actorOrganizationID: nil, action: "x", recordType: "y"))
            await #expect(throws: (any Error).self) {
                try await store.engine.write { db in try await db.raw("DELETE FROM audit_events").run() }
            }
        }
    }

    @Test func users_and_tokens_are_managed_from_the_command_line() async throws {
        try await withTestStore(.sqlite) { store, _ in
            let services = try await services(store)
            try await DemoData.load(into: services)
            let (user, generated) = try await AdministrationCommands.addUser(
                services, organization: "pd-maplewood", email: "records@demo.homeward.example", name: "Records Clerk",
                roles: ["investigator,supervisor"],
                password: nil)
            #expect(user.roles == [.investigator, .supervisor])
            #expect(generated != nil)
            await #expect(throws: HomewardError.self) {
                _ = try await AdministrationCommands.addUser(
                    services, organization: "pd-maplewood", email: "x@demo.homeward.example", name: "X", roles: ["caseworker"],
                    password: nil)
            }
            let (token, secret) = try await AdministrationCommands.createToken(
                services, email: "records@demo.homeward.example", name: "rms")
            #expect(try await store.apiToken(secretHash: APIToken.hash(secret: secret))?.id == token.id)
            try await AdministrationCommands.revokeToken(services, id: token.id.rawValue)
            #expect(try await store.apiToken(token.id)?.isRevoked == true)
            let list = try await AdministrationCommands.organizationList(services)
            #expect(list.contains("IL0990200"))
        }
    }

    @Test func configuration_problems_are_all_reported_at_once() {
        #expect(
            throws: ConfigurationError(problems: [
                "HOMEWARD_PORT must be a whole number from 1 to 65535 (got “eighty”)",
                "DATABASE_URL must look like postgres://user:password@host:5432/database",
                "HOMEWARD_BCRYPT_COST must be a whole number from 4 to 16 (got “99”)",
            ])
        ) {
            try HomewardConfiguration.load(environment: [
                "HOMEWARD_PORT": "eighty", "DATABASE_URL": "mysql://x", "HOMEWARD_BCRYPT_COST": "99",
            ])
        }
        #expect(throws: ConfigurationError.self) {
            try HomewardConfiguration.load(environment: ["HOMEWARD_ENVIRONMENT": "production"], flags: .init(demo: true))
        }
        // Production names the keys that seal the sensitive fields.
        #expect(throws: ConfigurationError.self) {
            try HomewardConfiguration.load(environment: ["HOMEWARD_ENVIRONMENT": "production"])
        }
        #expect(throws: ConfigurationError.self) {
            try HomewardConfiguration.load(environment: ["HOMEWARD_ENVIRONMENT": "production", "HOMEWARD_FIELD_KEYS": "k1:tooshort"])
        }
        let fine = try? HomewardConfiguration.load(environment: [
            "HOMEWARD_ENVIRONMENT": "production",
            "HOMEWARD_FIELD_KEYS": FieldCipher.newKeyText(id: "k2") + "," + FieldCipher.newKeyText(id: "k1"),
        ])
        #expect(fine?.secureCookies == true && fine?.fieldCipher?.current.id == "k2" && fine?.fieldCipher?.keyIDs == ["k1", "k2"])

        // A state with a stricter rule shortens a window; nobody can lengthen the federal one.
        let strict = try? HomewardConfiguration.load(environment: [
            "HOMEWARD_NCIC_ENTRY_HOURS": "1", "HOMEWARD_CLOCK_WARNINGS": "0.25,0.75",
        ])
        #expect(strict?.clockDefinitions.first { $0.kind == .ncicEntry }?.window == 3600)
        #expect(strict?.clockDefinitions.first { $0.kind == .policeReport }?.warningFractions == [0.25, 0.75])
        #expect(throws: ConfigurationError.self) { try HomewardConfiguration.load(environment: ["HOMEWARD_NCIC_ENTRY_HOURS": "3"]) }
    }
}

@Suite("Demo cases")
struct DemoCaseTests {
    @Test func the_ncic_sheet_of_a_demo_child_is_exactly_as_police_would_key_it() async throws {
        try await withTestStore(.sqlite) { store, _ in
            var configuration = HomewardConfiguration()
            configuration.bcryptCost = 4
            // 2026-11-18 09:00 CST: the demo places its cases relative to this moment.
            let clock = PinnedWallClock(Date(timeIntervalSince1970: 1_795_014_000))
            let services = try await AppServices(configuration: configuration, store: store, clock: clock, logger: quietLogger)
            try await DemoData.load(into: services)
            let hit = try #require(
                try await store.searchChildren(ChildQuery(parsing: "Tamsin Verelock"), visibility: .all, limit: 1).first)
            let latest = try #require(hit.latestEpisode)
            let record = try #require(try await store.episodeRecord(latest.id))
            let sheet = NCICEntrySheet.build(
                NCICSubject(child: record.child, episode: record.episode, timeZone: TimeZone(identifier: "America/Chicago")!))
            #expect(sheet.isReady)
            #expect(
                sheet.text == """
                    MKE/EMD
                    ORI/IL0990200
                    NAM/VERELOCK, TAMSIN
                    SEX/F
                    RAC/W
                    DOB/20140127
                    HGT/408
                    WGT/080
                    EYE/BLU
                    HAI/BLN
                    DLC/20261115
                    OCA/MPD-2026-0142
                    MNP/MP
                    MPC/R
                    MIS/MISSING FROM FOSTER CARE. WALKED AWAY FROM A RESPITE PLACEMENT AT A PARK; DRAWN TO WATER. CLOTHING: YELLOW RAINCOAT, BLUE RAIN BOOTS. RISKS: ON THE AUTISM SPECTRUM.
                    """)
            #expect(sheet.categoryReason == "Disability: the child is on the autism spectrum, which may put the child in danger.")
        }
    }
}
