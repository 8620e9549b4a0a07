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

    /// Opens and migrates the database, sealing the sensitive fields as a server does.
    public func openStore(cipher: FieldCipher? = testFieldCipher) async throws -> SQLDataStore {
        try await SQLDataStore.open(location, cipher: cipher, logger: quietLogger)
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
    _ engine: TestEngine, _ body: (SQLDataStore, TestDatabase) async throws -> T
) async throws -> T {
    let database = try await TestDatabase.make(engine)
    let store = try await database.openStore()
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
}

/// The tests' field key: fixed, so a failure can be read back.
public let testFieldCipher = FieldCipher(keys: [FieldCipher.Key(id: "test-1", bytes: Array(repeating: 7, count: 32))])

/// A logger that keeps test output readable.
public let quietLogger: Logger = {
    var logger = Logger(label: "homeward.test")
    logger.logLevel = .error
    return logger
}()
