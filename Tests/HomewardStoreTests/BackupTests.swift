import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Logging
import Testing

/// Online backup and verified restore, on each engine: taken while writers keep committing, then
/// restored into an empty database and compared table by table.
@Suite("Backup and restore")
struct BackupTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func organization(_ number: Int) -> Organization {
        Organization(
            id: OrganizationID("org-\(number)"), code: "cw-\(number)", name: "Fictional Agency \(number)", kind: .childWelfare, state: "IL",
            timeZone: "America/Chicago", createdAt: now)
    }

    private func audit(_ number: Int) -> AuditEntry {
        AuditEntry(
            occurredAt: now, actorUserID: UserID("loader"), actorOrganizationID: OrganizationID("ch"), action: "organizations.create",
            recordType: "organization", recordID: "org-\(number)")
    }

    /// Counts what the writers have had acknowledged.
    private actor Acknowledged {
        var numbers: [Int] = []
        var stopped = false
        func add(_ number: Int) { numbers.append(number) }
        func stop() { stopped = true }
    }

    @Test(arguments: TestEngine.available)
    func a_backup_taken_under_load_restores_identical_with_its_audit_chain(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, source in
            let acknowledged = Acknowledged()
            // Two writers commit organizations (each with its audit event) until told to stop.
            let writers = (0..<2).map { writer in
                Task {
                    var number = writer
                    while await !acknowledged.stopped {
                        try await store.createOrganization(organization(number), audit: audit(number))
                        await acknowledged.add(number)
                        number += 2
                    }
                }
            }
            while await acknowledged.numbers.count < 40 { await Task.yield() }
            let before = Set(await acknowledged.numbers)
            let file = source.directory.appendingPathComponent("under-load.hwbackup").path
            let manifest = try await Backup.create(of: source.location, to: file, logger: quietLogger)
            let countAtBackup = await acknowledged.numbers.count
            while await acknowledged.numbers.count < countAtBackup + 20 { await Task.yield() }
            await acknowledged.stop()
            for writer in writers { try await writer.value }
            let total = await acknowledged.numbers.count

            #expect(manifest.schemaVersion > 0 && manifest.engine == engine.rawValue)
            let organizations = try #require(manifest.tables.first { $0.name == "organizations" })
            // The snapshot holds everything acknowledged before it and not what came well after.
            #expect(organizations.rows >= before.count && organizations.rows < total)

            let target = try await TestDatabase.make(engine)
            do {
                let report = try await Backup.restore(from: file, into: target.location, cipher: testFieldCipher, logger: quietLogger)
                #expect(report.manifest == manifest, "the manifest read back from the file")
                #expect(report.auditEventsChecked == Int64(manifest.tables.first { $0.name == "audit_events" }?.rows ?? -1))
                let restored = try await target.openStore()
                let names = Set(try await restored.organizations().map(\.id))
                #expect(before.allSatisfy { names.contains(OrganizationID("org-\($0)")) })
                #expect(names.count == organizations.rows)
                try await restored.shutdown()

                // A target that holds data is refused.
                await #expect(throws: Backup.Failure.self) {
                    try await Backup.restore(from: file, into: target.location, cipher: testFieldCipher, logger: quietLogger)
                }
            } catch {
                await target.destroy()
                throw error
            }
            await target.destroy()

            // A damaged backup is refused before anything is written.
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            bytes[bytes.count / 2] ^= 0xff
            let damaged = source.directory.appendingPathComponent("damaged.hwbackup").path
            try Data(bytes).write(to: URL(fileURLWithPath: damaged))
            let empty = try await TestDatabase.make(engine)
            await #expect(throws: Backup.Failure.self) {
                try await Backup.restore(from: damaged, into: empty.location, cipher: testFieldCipher, logger: quietLogger)
            }
            if case .sqliteFile(let path) = empty.location { #expect(!FileManager.default.fileExists(atPath: path)) }
            await empty.destroy()
        }
    }

    @Test func restoring_without_the_backups_key_names_the_key_and_where_it_is_and_writes_nothing() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let logger = Logger(label: "test")
        let developmentKey = try FieldCipher.parse(FieldCipher.newKeyText(id: "dev-1"))
        let database = root + "/served/homeward.sqlite"
        let store = try await SQLDataStore.open(.sqliteFile(path: database), cipher: developmentKey, logger: logger)
        try await store.createOrganization(organization(1), audit: audit(1))
        try await store.shutdown()
        let backup = root + "/served.backup"
        _ = try await Backup.create(of: .sqliteFile(path: database), to: backup, logger: logger)

        // No key at all, and another folder's development key of the same name: both say which
        // key and where it is kept, and nothing is restored.
        let otherFolderKey = try FieldCipher.parse(FieldCipher.newKeyText(id: "dev-1"))
        for cipher in [nil, otherFolderKey] {
            let restored = root + "/new-\(cipher == nil ? "none" : "other")/homeward.sqlite"
            let failure = await #expect(throws: Backup.Failure.self) {
                try await Backup.restore(from: backup, into: .sqliteFile(path: restored), cipher: cipher, logger: logger)
            }
            let message = failure?.description ?? ""
            #expect(message.contains("“dev-1”") && message.contains("field-keys"), "\(message)")
            #expect(message.contains((restored as NSString).deletingLastPathComponent) && message.contains("Nothing was restored"))
            #expect(!message.contains("HOMEWARD_FIELD_KEYS does not hold"))
            #expect(!FileManager.default.fileExists(atPath: restored))
        }
        // A configured production key is named as one to set, not a file to copy.
        #expect(FieldKeyProblem.check(["k2027": "f"], against: nil)?.description.contains("Set HOMEWARD_FIELD_KEYS") == true)
        // With the right key it restores.
        let report = try await Backup.restore(
            from: backup, into: .sqliteFile(path: root + "/new-right/homeward.sqlite"), cipher: developmentKey, logger: logger)
        #expect(report.auditEventsChecked > 0)
    }

    @Test func the_database_its_folder_and_its_backups_are_readable_by_their_owner_only() async throws {
        func permissions(_ path: String) throws -> Int {
            try #require((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-permissions-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let database = root + "/data/homeward.sqlite"
        let logger = Logger(label: "test")
        let store = try await SQLDataStore.open(.sqliteFile(path: database), logger: logger)
        try await store.createOrganization(organization(1), audit: audit(1))
        try await store.shutdown()
        #expect(try permissions(root + "/data") == 0o700)
        for file in [database, database + "-wal", database + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(try permissions(file) == 0o600, "\(file)")
        }
        let backup = root + "/homeward.backup"
        _ = try await Backup.create(of: .sqliteFile(path: database), to: backup, logger: logger)
        #expect(try permissions(backup) == 0o600)
        let restored = root + "/restored/homeward.sqlite"
        _ = try await Backup.restore(from: backup, into: .sqliteFile(path: restored), logger: logger)
        #expect(try permissions(root + "/restored") == 0o700 && permissions(restored) == 0o600)
    }
}
