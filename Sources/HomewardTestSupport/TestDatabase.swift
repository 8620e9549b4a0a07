import Foundation
import HomewardCore
import HomewardStore
import Logging
import SQLKit

/// The database engines a test can run against: SQLite always, PostgreSQL when
/// `HOMEWARD_TEST_DATABASE_URL` names a server on which the tests may create databases.
public enum TestEngine: String, CaseIterable, Sendable {
    case sqlite
    case postgres

    /// The engines available on this machine.
    public static var available: [TestEngine] {
        postgresAdminURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["HOMEWARD_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A streaming replica of that server (`HOMEWARD_TEST_READ_DATABASE_URL`), when the test script
    /// started one: every database the tests create there appears on it.
    public static var postgresReplicaURL: String? {
        ProcessInfo.processInfo.environment["HOMEWARD_TEST_READ_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The test script's streaming replica: waiting for it to catch up, and pausing its replay so that
/// a test can tell which server answered.
public enum TestReplica {
    /// The URL of `database` on the replica.
    public static func url(of database: TestDatabase) -> String? {
        guard let replica = TestEngine.postgresReplicaURL, case .postgres(let primary, _) = database.location,
            let name = URLComponents(string: primary)?.path, var components = URLComponents(string: replica)
        else { return nil }
        components.path = name
        return components.string
    }

    /// Waits until the replica has replayed everything the primary has written so far (and, given
    /// a new `database`, accepts connections to it), for at most a minute.
    public static func catchUp(_ database: TestDatabase? = nil) async throws {
        guard let admin = TestEngine.postgresAdminURL, let replicaAdmin = TestEngine.postgresReplicaURL else {
            throw TestDatabaseError.noPostgres
        }
        let replicaURL = database.flatMap(url(of:))
        let primary = try await PostgresEngine.connect(url: admin, maximumConnections: 1, logger: quietLogger)
        let target = try await primary.read { db in
            try await db.raw("SELECT pg_current_wal_lsn()::text AS lsn").first()?.decode(column: "lsn", as: String.self) ?? ""
        }
        try await primary.shutdown()
        let standby = try await PostgresEngine.connect(url: replicaAdmin, maximumConnections: 1, logger: quietLogger)
        let deadline = ContinuousClock.now + .seconds(60)
        var caughtUp = false
        while !caughtUp && ContinuousClock.now < deadline {
            let replayed =
                (try? await standby.read { db in
                    try await db.raw("SELECT pg_last_wal_replay_lsn() >= \(bind: target)::pg_lsn AS done").first()?.decode(
                        column: "done", as: Bool.self) ?? false
                }) ?? false
            if replayed, let replicaURL { caughtUp = await canConnect(replicaURL) } else { caughtUp = replayed }
            if !caughtUp { try? await Task.sleep(for: .milliseconds(50)) }
        }
        try await standby.shutdown()
        if !caughtUp { throw TestDatabaseError.replicaBehind }
    }

    private static func canConnect(_ url: String) async -> Bool {
        guard let engine = try? await PostgresEngine.connect(url: url, maximumConnections: 1, logger: quietLogger) else { return false }
        try? await engine.shutdown()
        return true
    }

    /// Runs `body` with the replica's replay paused, resuming it afterwards whatever happens. Tests
    /// that pause the shared replica take turns: each holds an advisory lock on the primary meanwhile.
    public static func whilePaused(_ body: () async throws -> Void) async throws {
        guard let admin = TestEngine.postgresAdminURL else { throw TestDatabaseError.noPostgres }
        // One connection holds the session's lock from the first statement to the last.
        let lock = try await PostgresEngine.connect(url: admin, maximumConnections: 1, logger: quietLogger)
        try await lock.read { db in try await db.raw("SELECT pg_advisory_lock(20261201)").run() }
        do {
            try await catchUp()
            try await replay(paused: true)
            try await body()
        } catch {
            try? await replay(paused: false)
            try? await lock.read { db in try await db.raw("SELECT pg_advisory_unlock(20261201)").run() }
            try? await lock.shutdown()
            throw error
        }
        try await replay(paused: false)
        try await lock.read { db in try await db.raw("SELECT pg_advisory_unlock(20261201)").run() }
        try await lock.shutdown()
    }

    /// Pauses (or resumes) the replica's replay of the primary's log.
    static func replay(paused: Bool) async throws {
        guard let replicaAdmin = TestEngine.postgresReplicaURL else { throw TestDatabaseError.noPostgres }
        let standby = try await PostgresEngine.connect(url: replicaAdmin, maximumConnections: 1, logger: quietLogger)
        let command: SQLQueryString = paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()"
        do {
            try await standby.read { db in try await db.raw(command).run() }
            try await standby.shutdown()
        } catch {
            try? await standby.shutdown()
            throw error
        }
    }
}

/// A throw-away database: an SQLite file in a new temporary folder, or a new PostgreSQL database.
public struct TestDatabase: Sendable {
    public let engine: TestEngine
    public let location: DatabaseLocation
    /// A folder of its own the test may use for files.
    public let directory: URL
    private let dropDatabase: String?

    /// Creates an empty database.
    public static func make(_ engine: TestEngine) async throws -> TestDatabase {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch engine {
        case .sqlite:
            let path = directory.appendingPathComponent("homeward.sqlite").path
            return TestDatabase(engine: engine, location: .sqliteFile(path: path), directory: directory, dropDatabase: nil)
        case .postgres:
            guard let adminURL = TestEngine.postgresAdminURL, var components = URLComponents(string: adminURL) else {
                throw TestDatabaseError.noPostgres
            }
            let name = "homeward_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased())"
            let admin = try await PostgresEngine.connect(url: adminURL, maximumConnections: 1, logger: quietLogger)
            try await admin.read { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
            try await admin.shutdown()
            components.path = "/" + name
            return TestDatabase(
                engine: engine, location: .postgres(url: components.string!), directory: directory, dropDatabase: name)
        }
    }

    /// Opens and migrates the database, sealing the sensitive fields as a server does; with
    /// `replica`, lag-tolerant reads go to the test script's streaming replica.
    public func openStore(cipher: FieldCipher? = testFieldCipher, replica: Bool = false) async throws -> SQLDataStore {
        guard replica else { return try await SQLDataStore.open(location, cipher: cipher, logger: quietLogger) }
        guard case .postgres(let url, _) = location, let readURL = TestReplica.url(of: self) else { throw TestDatabaseError.noPostgres }
        // The store migrates on the primary; the replica then has to catch up before it can answer.
        let store = try await SQLDataStore.open(.postgres(url: url), cipher: cipher, logger: quietLogger)
        try await store.shutdown()
        try await TestReplica.catchUp(self)
        return try await SQLDataStore.open(.postgres(url: url, readURL: readURL), cipher: cipher, logger: quietLogger)
    }

    /// Removes the database and its folder.
    public func destroy() async {
        try? FileManager.default.removeItem(at: directory)
        guard let name = dropDatabase, let adminURL = TestEngine.postgresAdminURL,
            let admin = try? await PostgresEngine.connect(url: adminURL, maximumConnections: 1, logger: quietLogger)
        else { return }
        _ = try? await admin.read { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
        try? await admin.shutdown()
    }
}

/// Runs `body` with a fresh, migrated store on `engine`, and removes the database afterwards.
public func withTestStore<T: Sendable>(
    _ engine: TestEngine, replica: Bool = false, _ body: (SQLDataStore, TestDatabase) async throws -> T
) async throws -> T {
    let database = try await TestDatabase.make(engine)
    let store: SQLDataStore
    do {
        store = try await database.openStore(replica: replica)
    } catch {
        await database.destroy()
        throw error
    }
    do {
        let result = try await body(store, database)
        try await store.shutdown()
        await database.destroy()
        return result
    } catch {
        try? await store.shutdown()
        await database.destroy()
        throw error
    }
}

public enum TestDatabaseError: Error {
    case noPostgres
    case replicaBehind
}

/// The tests' field key: fixed, so a failure can be read back.
public let testFieldCipher = FieldCipher(keys: [FieldCipher.Key(id: "test-1", bytes: Array(repeating: 7, count: 32))])

/// A logger that keeps test output readable.
public let quietLogger: Logger = {
    var logger = Logger(label: "homeward.test")
    logger.logLevel = .error
    return logger
}()
