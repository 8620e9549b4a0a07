import Foundation
import HomewardCore
import Logging
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// Online backups and their restore, on either engine. A backup is one file: a tar archive holding
/// `manifest.json` and the data (an SQLite database made with `VACUUM INTO`, or a `pg_dump` custom
/// archive taken in an exported snapshot). The manifest's table digests are read from that same
/// snapshot, so a restore can prove it put back exactly what was backed up.
public enum Backup {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// What a restore found.
    public struct RestoreReport: Sendable {
        public var manifest: BackupManifest
        public var auditEventsChecked: Int64
    }

    static let manifestName = "manifest.json"

    // MARK: Taking a backup

    /// Writes a backup of the database at `location` to `path` while it is in use, and returns
    /// its manifest.
    public static func create(of location: DatabaseLocation, to path: String, logger: Logger, postgresTools: PostgresTools = .find())
        async throws -> BackupManifest
    {
        try await explained { try await make(of: location, to: path, logger: logger, postgresTools: postgresTools) }
    }

    /// PostgreSQL's errors carry the server's message only when asked; the operator running the
    /// command needs it (a permission, a missing database).
    static func explained<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw Failure("PostgreSQL: " + (error.serverInfo?[.message] ?? "\(error.code)"))
        }
    }

    static func make(of location: DatabaseLocation, to path: String, logger: Logger, postgresTools: PostgresTools) async throws
        -> BackupManifest
    {
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure("\(path) already exists; name a new file.") }
        let work = try temporaryFolder(beside: path)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let manifest: BackupManifest
        switch location {
        case .sqliteFile(let database):
            guard FileManager.default.fileExists(atPath: database) else { throw Failure("There is no database at \(database).") }
            let copy = work + "/homeward.sqlite"
            let source = try await SQLiteConnection.open(storage: .file(path: database), logger: logger)
            do {
                _ = try await source.sql().raw("PRAGMA busy_timeout = 10000").all()
                // One read transaction: a consistent copy while writers carry on (WAL).
                _ = try await source.sql().raw("VACUUM INTO \(bind: copy)").all()
                try await source.close()
            } catch {
                try? await source.close()
                throw error
            }
            let snapshot = try await SQLiteConnection.open(storage: .file(path: copy), logger: logger)
            let version: Int
            let tables: [BackupManifest.Table]
            do {
                version = try await schemaVersion(snapshot.sql())
                tables = try await tableSummaries(snapshot.sql(), kind: .sqlite)
                try await snapshot.close()
            } catch {
                try? await snapshot.close()
                throw error
            }
            manifest = BackupManifest(
                engine: SQLEngineKind.sqlite.rawValue, schemaVersion: version, createdAt: Date(), tables: tables,
                dataFile: "homeward.sqlite", dataSHA256: try SHA256Stream.file(copy))
        case .postgres(let url, _):
            let dump = work + "/homeward.pgdump"
            let engine = try await PostgresEngine.connect(url: url, maximumConnections: 2, logger: logger)
            do {
                let (version, tables) = try await engine.read { db in
                    // The dump and the digests read one snapshot, held open until pg_dump is done.
                    try await db.raw("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                    do {
                        let snapshot = try await db.raw("SELECT pg_export_snapshot() AS snapshot").first()?.string("snapshot") ?? ""
                        let version = try await schemaVersion(db)
                        let tables = try await tableSummaries(db, kind: .postgres)
                        try await postgresTools.run(
                            "pg_dump",
                            [
                                "--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot)", "--file=\(dump)",
                                "--dbname=\(url)",
                            ])
                        try await db.raw("COMMIT").run()
                        return (version, tables)
                    } catch {
                        try? await db.raw("ROLLBACK").run()
                        throw error
                    }
                }
                try await engine.shutdown()
                manifest = BackupManifest(
                    engine: SQLEngineKind.postgres.rawValue, schemaVersion: version, createdAt: Date(), tables: tables,
                    dataFile: "homeward.pgdump", dataSHA256: try SHA256Stream.file(dump))
            } catch {
                try? await engine.shutdown()
                throw error
            }
        }
        let manifestPath = work + "/" + manifestName
        try Data(try manifest.encoded()).write(to: URL(fileURLWithPath: manifestPath))
        let partial = path + ".partial"
        try TarArchive.write(to: partial, members: [(manifestName, manifestPath), (manifest.dataFile, work + "/" + manifest.dataFile)])
        // Only a complete archive takes the name asked for.
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return manifest
    }

    // MARK: Restoring

    /// Restores the backup at `path` into `location`, which must be empty, then checks every table
    /// against the manifest and the audit trail's hash chain. Throws, leaving the target for the
    /// operator to inspect, when anything differs.
    public static func restore(
        from path: String, into location: DatabaseLocation, cipher: FieldCipher? = nil, logger: Logger,
        postgresTools: PostgresTools = .find()
    ) async throws -> RestoreReport {
        try await explained { try await put(from: path, into: location, cipher: cipher, logger: logger, postgresTools: postgresTools) }
    }

    static func put(from path: String, into location: DatabaseLocation, cipher: FieldCipher?, logger: Logger, postgresTools: PostgresTools)
        async throws -> RestoreReport
    {
        let work = try temporaryFolder(beside: path)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let members = try TarArchive.extract(path, into: work)
        guard let manifestPath = members[manifestName] else { throw Failure("\(path) is not a Homeward backup: it has no manifest.") }
        let manifest: BackupManifest
        do {
            manifest = try BackupManifest.decode(Array(try Data(contentsOf: URL(fileURLWithPath: manifestPath))))
        } catch {
            throw Failure("The backup's manifest cannot be read: \(error)")
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw Failure("This backup's format (\(manifest.format)) is not known here.")
        }
        guard manifest.schemaVersion <= Migrations.all.count else {
            throw Failure(
                "This backup is of schema \(manifest.schemaVersion), newer than this Homeward (\(Migrations.all.count)); restore it with a newer release."
            )
        }
        guard let data = members[manifest.dataFile], try SHA256Stream.file(data) == manifest.dataSHA256 else {
            throw Failure("The backup's data does not match its manifest's SHA-256: the file is damaged or incomplete.")
        }
        let restored: [BackupManifest.Table]
        switch location {
        case .sqliteFile(let database):
            guard manifest.engine == SQLEngineKind.sqlite.rawValue else {
                throw Failure("This is a PostgreSQL backup; restore it with DATABASE_URL set to an empty database.")
            }
            for file in [database, database + "-wal"]
            where (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0 > 0 {
                throw Failure("\(file) already holds data; restore into an empty data folder.")
            }
            let folder = (database as NSString).deletingLastPathComponent
            // Before anything is written: the keys the backup's sealed fields need must be here.
            if let problem = try await keyProblem(ofSQLiteCopy: data, cipher: cipher, logger: logger) {
                throw Failure("\(problem.description) This data folder is \(folder). Nothing was restored.")
            }
            try OwnerOnlyFiles.createFolder(folder)
            for file in [database, database + "-wal", database + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
            try FileManager.default.copyItem(atPath: data, toPath: database)
            try OwnerOnlyFiles.restrict(database)
            let connection = try await SQLiteConnection.open(storage: .file(path: database), logger: logger)
            do {
                restored = try await tableSummaries(connection.sql(), kind: .sqlite)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        case .postgres(let url, _):
            guard manifest.engine == SQLEngineKind.postgres.rawValue else {
                throw Failure("This is an SQLite backup; restore it without DATABASE_URL, into an empty data folder.")
            }
            let engine = try await PostgresEngine.connect(url: url, maximumConnections: 2, logger: logger)
            do {
                let existing = try await engine.read { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema()").first()?.int("n") ?? 0
                }
                guard existing == 0 else {
                    throw Failure("The target database already has \(existing) tables; restore into an empty database.")
                }
                try await postgresTools.run(
                    "pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname=\(url)", data])
                restored = try await engine.read { db in try await tableSummaries(db, kind: .postgres) }
                try await engine.shutdown()
            } catch {
                try? await engine.shutdown()
                throw error
            }
        }
        let differences = manifest.differences(from: restored)
        guard differences.isEmpty else {
            throw Failure("The restored data differs from the backup:\n" + differences.joined(separator: "\n"))
        }
        // Opening the store brings an older backup's schema up to date, and checks that the keys
        // its sealed fields need are configured.
        let store = try await SQLDataStore.open(location, cipher: cipher, logger: logger)
        let (checked, firstBreak): (Int64, AuditChain.Break?)
        do {
            (checked, firstBreak) = try await store.verifyAuditChain()
            try await store.shutdown()
        } catch {
            try? await store.shutdown()
            throw error
        }
        if let firstBreak { throw Failure("The restored audit trail's hash chain breaks at event \(firstBreak.sequence).") }
        return RestoreReport(manifest: manifest, auditEventsChecked: checked)
    }

    /// What is wrong with `cipher` for the fields sealed in the SQLite copy at `path`, or nil.
    static func keyProblem(ofSQLiteCopy path: String, cipher: FieldCipher?, logger: Logger) async throws -> FieldKeyProblem? {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            let db = connection.sql()
            let hasKeys =
                try await db.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'field_keys'").first()?
                .int("n") ?? 0
            let fingerprints = hasKeys > 0 ? try await SQLDataStore.fieldKeyFingerprints(db) : [:]
            try await connection.close()
            return FieldKeyProblem.check(fingerprints, against: cipher)
        } catch {
            try? await connection.close()
            throw error
        }
    }

    // MARK: Reading the snapshot

    static func schemaVersion(_ db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()?.optionalInt("v") ?? 0
    }

    /// Every table's row count and digest. The engine writes each row out (SQLite's `quote()` of
    /// every column, PostgreSQL's row text) and sorts them, so the digest does not depend on the
    /// order rows are stored in.
    public static func tableSummaries(_ db: any SQLDatabase, kind: SQLEngineKind) async throws -> [BackupManifest.Table] {
        let names: [String] =
            switch kind {
            case .sqlite:
                try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all()
                    .map { try $0.string("name") }
            case .postgres:
                try await db.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").all()
                    .map { try $0.string("name") }
            }
        var tables: [BackupManifest.Table] = []
        for name in names {
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let query: String
            switch kind {
            case .sqlite:
                let columns = try await db.raw(SQLQueryString("PRAGMA table_info(" + quoted + ")")).all().map { try $0.string("name") }
                let row = columns.map { "quote(\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\")" }.joined(
                    separator: " || char(31) || ")
                query = "SELECT \(row) AS r FROM \(quoted) ORDER BY r"
            case .postgres:
                query = "SELECT t::text AS r FROM \(quoted) t ORDER BY t::text COLLATE \"C\""
            }
            let digest = DigestBox()
            try await db.raw(SQLQueryString(query)).run { row in digest.add((try? row.decode(column: "r", as: String.self)) ?? "") }
            tables.append(BackupManifest.Table(name: name, rows: digest.rows, digest: digest.hex()))
        }
        return tables
    }

    static func temporaryFolder(beside path: String) throws -> String {
        let parent = (path as NSString).deletingLastPathComponent
        let folder = (parent.isEmpty ? "." : parent) + "/.homeward-backup-\(UUID().uuidString)"
        try OwnerOnlyFiles.createFolder(folder)
        return folder
    }
}

/// Row texts hashed as they stream by.
private final class DigestBox: Sendable {
    private let state = Mutex((stream: SHA256Stream(), rows: 0))

    var rows: Int { state.withLock { $0.rows } }

    func add(_ row: String) {
        state.withLock { state in
            state.stream.update(Array(row.utf8) + [0x0a])
            state.rows += 1
        }
    }

    func hex() -> String { state.withLock { $0.stream.hex() } }
}

/// PostgreSQL's own programs (`pg_dump`, `pg_restore`), found on the PATH or in Debian's versioned
/// folders, newest first.
public struct PostgresTools: Sendable {
    public var folders: [String]

    public init(folders: [String]) { self.folders = folders }

    public static func find() -> PostgresTools {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let debian =
            ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        return PostgresTools(folders: debian + path)
    }

    /// Runs `program` with `arguments`, failing with its error output when it fails.
    func run(_ program: String, _ arguments: [String]) async throws {
        guard let executable = folders.map({ $0 + "/" + program }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Backup.Failure("\(program) was not found; install PostgreSQL's client programs (Debian: postgresql-client).")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Backup.Failure(
                "\(program) failed (exit \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

/// The few parts of the POSIX tar format (ustar) a backup needs: regular files, written and read
/// in order. Sizes past ustar's eleven octal digits use the GNU base-256 form.
enum TarArchive {
    static func write(to path: String, members: [(name: String, file: String)]) throws {
        guard OwnerOnlyFiles.createFile(path) else { throw Backup.Failure("Cannot create \(path).") }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? output.close() }
        for member in members {
            let size = (try FileManager.default.attributesOfItem(atPath: member.file)[.size] as? NSNumber)?.uint64Value ?? 0
            try output.write(contentsOf: header(name: member.name, size: size))
            guard let input = FileHandle(forReadingAtPath: member.file) else { throw Backup.Failure("Cannot read \(member.file).") }
            var written: UInt64 = 0
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try output.write(contentsOf: chunk)
                written += UInt64(chunk.count)
            }
            try input.close()
            guard written == size else { throw Backup.Failure("\(member.file) changed while it was being archived.") }
            let padding = Int((512 - size % 512) % 512)
            if padding > 0 { try output.write(contentsOf: Data(count: padding)) }
        }
        try output.write(contentsOf: Data(count: 1024))
        try output.synchronize()
    }

    static func header(name: String, size: UInt64) -> Data {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) { for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte } }
        put(name, at: 0)
        put("0000600\0", at: 100)
        put("0000000\0", at: 108)
        put("0000000\0", at: 116)
        if size < 0o77777777777 {
            put(String(size, radix: 8).leftPadded(to: 11) + "\0", at: 124)
        } else {
            block[124] = 0x80
            for index in 0..<8 { block[135 - index] = UInt8((size >> (8 * UInt64(index))) & 0xff) }
        }
        put(String(Int(Date().timeIntervalSince1970), radix: 8).leftPadded(to: 11) + "\0", at: 136)
        put("        ", at: 148)
        block[156] = UInt8(ascii: "0")
        put("ustar\0", at: 257)
        put("00", at: 263)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(String(checksum, radix: 8).leftPadded(to: 6) + "\0 ", at: 148)
        return Data(block)
    }

    /// Extracts the regular files of the archive at `path` into `folder`; returns where each went.
    static func extract(_ path: String, into folder: String) throws -> [String: String] {
        guard let input = FileHandle(forReadingAtPath: path) else { throw Backup.Failure("Cannot read \(path).") }
        defer { try? input.close() }
        var members: [String: String] = [:]
        while true {
            guard let block = try input.read(upToCount: 512), block.count == 512 else {
                throw Backup.Failure("\(path) ends early: the backup is incomplete.")
            }
            let bytes = [UInt8](block)
            if bytes.allSatisfy({ $0 == 0 }) { break }
            let stored = bytes[148..<156].reduce(0) { $0 + Int($1) }
            let checksum = Int(String(decoding: bytes[148..<154].filter { $0 != 0 && $0 != 0x20 }, as: UTF8.self), radix: 8)
            guard checksum == bytes.reduce(0, { $0 + Int($1) }) - stored + 8 * 0x20 else {
                throw Backup.Failure("\(path) is not a Homeward backup (a damaged or foreign archive).")
            }
            let name = String(decoding: bytes[0..<100].prefix { $0 != 0 }, as: UTF8.self)
            let size: UInt64 =
                bytes[124] & 0x80 != 0
                ? bytes[128..<136].reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
                : UInt64(String(decoding: bytes[124..<136].filter { $0 != 0 && $0 != 0x20 }, as: UTF8.self), radix: 8) ?? 0
            // Only plain names: a member can never write outside the folder.
            guard !name.isEmpty, !name.contains("/"), name != "..", bytes[156] == UInt8(ascii: "0") || bytes[156] == 0 else {
                throw Backup.Failure("\(path) holds an unexpected entry.")
            }
            let target = folder + "/" + name
            guard OwnerOnlyFiles.createFile(target) else { throw Backup.Failure("Cannot write \(target).") }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: target))
            var remaining = size
            while remaining > 0 {
                guard let chunk = try input.read(upToCount: Int(min(remaining, 1 << 20))), !chunk.isEmpty else {
                    try output.close()
                    throw Backup.Failure("\(path) ends early: the backup is incomplete.")
                }
                try output.write(contentsOf: chunk)
                remaining -= UInt64(chunk.count)
            }
            try output.close()
            let padding = Int((512 - size % 512) % 512)
            if padding > 0 { _ = try input.read(upToCount: padding) }
            members[name] = target
        }
        return members
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
