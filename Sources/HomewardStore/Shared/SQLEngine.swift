import Foundation
import HomewardCore
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// Which database engine runs the queries. Almost every query is the same on both; the few places
/// where they differ ask this.
public enum SQLEngineKind: String, Sendable {
    case sqlite
    case postgres
}

/// Where the data lives, as configured.
public enum DatabaseLocation: Sendable, Equatable {
    /// An SQLite file, created on first use.
    case sqliteFile(path: String)
    /// A PostgreSQL server, as a `postgres://user:password@host:port/database` URL, and optionally a
    /// streaming replica of it for the reads that tolerate a little lag.
    case postgres(url: String, readURL: String? = nil)
}

/// Where a read that tolerates a little lag goes. A request that has just written reads its own
/// writes: the web layer runs it with `primaryOnly` set, and every read goes to the primary.
public enum ReadRouting {
    @TaskLocal public static var primaryOnly = false
}

/// A database Homeward runs SQL on: reads from a pool, writes in a transaction.
public protocol SQLEngine: Sendable {
    var kind: SQLEngineKind { get }
    /// Runs `body` with a connection for reading.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` with a connection for a read that tolerates a little lag (lists, search,
    /// dashboards, public pages): on a replica when one is configured and the task has not asked
    /// for the primary (see ``ReadRouting``).
    func readLagged<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` inside one transaction: everything it writes commits together or not at all, and
    /// the commit has happened when this returns.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async throws
}

/// SQLite: one writer connection (two writers only fight over the file lock) and a few readers,
/// which WAL lets run while the writer commits.
public final class SQLiteEngine: SQLEngine {
    public var kind: SQLEngineKind { .sqlite }
    private let writer: SQLiteConnection
    /// The writer's own thread: a write waiting on the file lock (another process's, or a second
    /// store's in the tests) blocks only it, never the shared pool the readers and the lock's
    /// holder need to finish.
    private let writerThread: NIOThreadPool
    private let writerGate = AsyncGate(capacity: 1)
    private let readers: [SQLiteConnection]
    private let readerGates: [AsyncGate]
    private let nextReader = RoundRobinCounter()
    private let logger: Logger

    private init(writer: SQLiteConnection, writerThread: NIOThreadPool, readers: [SQLiteConnection], logger: Logger) {
        self.writerThread = writerThread
        self.writer = writer
        self.readers = readers
        self.readerGates = readers.map { _ in AsyncGate(capacity: 1) }
        self.logger = logger
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, readerCount: Int = 4, logger: Logger) async throws -> SQLiteEngine {
        let directory = (path as NSString).deletingLastPathComponent
        try OwnerOnlyFiles.createFolder(directory)
        // SQLite gives its log and shared-memory files the database file's permissions: create
        // that file owner only before SQLite does.
        if !FileManager.default.fileExists(atPath: path) {
            guard OwnerOnlyFiles.createFile(path) else { throw CocoaError(.fileWriteNoPermission) }
        }
        let writerThread = NIOThreadPool(numberOfThreads: 1)
        writerThread.start()
        let writer = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: writerThread, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        // WAL lets readers work during a write; FULL makes each commit durable before it is
        // acknowledged, which the promise that no acknowledged request is lost depends on. A
        // checkpoint every 4,000 pages (16 MB of log) instead of 1,000 writes busy pages (index
        // roots, the audit trail's end) back to the database once for many commits.
        for pragma in [
            "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 10000", "PRAGMA cache_size = -32768", "PRAGMA mmap_size = 1073741824",
            "PRAGMA wal_autocheckpoint = 4000",
        ] {
            _ = try await writer.sql().raw(SQLQueryString(pragma)).all()
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, readerCount) {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            // Memory-mapped reads keep searches over a big file off the read() system call and out
            // of the process's own memory: the mapped pages are the operating system's shared page
            // cache. Each reader's private page cache is kept small (16 MB) so that four of them
            // and the writer's (32 MB) stay within the server's memory budget.
            for pragma in [
                "PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON", "PRAGMA cache_size = -16384", "PRAGMA mmap_size = 1073741824",
            ] {
                _ = try await reader.sql().raw(SQLQueryString(pragma)).all()
            }
            readers.append(reader)
        }
        return SQLiteEngine(writer: writer, writerThread: writerThread, readers: readers, logger: logger)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.next() % readers.count
        let reader = readers[index]
        return try await readerGates[index].withPlace { try await body(reader.sql()) }
    }

    /// SQLite has no replica: its readers already run beside the writer.
    public func readLagged<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read(body)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let writer = self.writer
        return try await writerGate.withPlace {
            // IMMEDIATE takes the write lock at once, so a transaction never fails half-way
            // because another connection wrote first.
            try await inTransaction(writer.sql(), begin: "BEGIN IMMEDIATE", body)
        }
    }

    public func shutdown() async throws {
        for reader in readers { try await reader.close() }
        try await writer.close()
        try await writerThread.shutdownGracefully()
    }
}

/// PostgreSQL through PostgresNIO's pooled client. Every instance of Homeward may share one server,
/// and may send its lag-tolerant reads to a streaming replica.
public final class PostgresEngine: SQLEngine {
    public var kind: SQLEngineKind { .postgres }
    private let primary: Pool
    private let replica: Pool?
    private let logger: Logger

    /// One pooled client with the task that runs it.
    struct Pool: Sendable {
        let client: PostgresClient
        let runTask: Task<Void, Never>

        static func start(url: String, maximumConnections: Int, logger: Logger) async throws -> Pool {
            var configuration = try PostgresURL.configuration(from: url)
            configuration.options.maximumConnections = maximumConnections
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            // The pool runs from here until `shutdown()`, for a command as for the server. A lease
            // taken before `run()` has marked the pool running still waits for it, but PostgresNIO
            // logs a warning; `run()` sets that mark before its first suspension, so the first lease
            // waits until the run task has begun.
            let (started, signal) = AsyncStream<Void>.makeStream()
            let runTask = Task {
                signal.finish()
                await client.run()
            }
            for await _ in started {}
            await Task.yield()
            return Pool(client: client, runTask: runTask)
        }

        func stop() async {
            runTask.cancel()
            _ = await runTask.value
        }
    }

    private init(primary: Pool, replica: Pool?, logger: Logger) {
        self.primary = primary
        self.replica = replica
        self.logger = logger
    }

    /// Connects to the server named by `url` (and the replica named by `readURL`) and checks that
    /// each answers.
    public static func connect(url: String, readURL: String? = nil, maximumConnections: Int = 20, logger: Logger) async throws
        -> PostgresEngine
    {
        let primary = try await Pool.start(url: url, maximumConnections: maximumConnections, logger: logger)
        var replica: Pool?
        do {
            if let readURL { replica = try await Pool.start(url: readURL, maximumConnections: maximumConnections, logger: logger) }
        } catch {
            await primary.stop()
            throw error
        }
        let engine = PostgresEngine(primary: primary, replica: replica, logger: logger)
        do {
            try await engine.read { db in try await db.raw("SELECT 1").run() }
            if replica != nil { try await engine.readLagged { db in try await db.raw("SELECT 1").run() } }
        } catch {
            try? await engine.shutdown()
            throw error
        }
        return engine
    }

    /// Whether lag-tolerant reads go to a replica.
    public var hasReplica: Bool { replica != nil }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await primary.client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil).logging(to: logger))
        }
    }

    public func readLagged<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard let replica, !ReadRouting.primaryOnly else { return try await read(body) }
        let logger = self.logger
        return try await replica.client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil).logging(to: logger))
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await primary.client.withConnection { connection in
            try await inTransaction(connection.sql(queryLogLevel: nil).logging(to: logger), begin: "BEGIN", body)
        }
    }

    public func shutdown() async throws {
        await replica?.stop()
        await primary.stop()
    }
}

/// Runs `body` between `begin` and COMMIT on `db`, rolling back when it throws.
private func inTransaction<T: Sendable>(
    _ db: any SQLDatabase, begin: String, _ body: @Sendable (any SQLDatabase) async throws -> T
) async throws -> T {
    try await db.raw(SQLQueryString(begin)).run()
    do {
        let result = try await body(db)
        try await db.raw("COMMIT").run()
        return result
    } catch {
        try? await db.raw("ROLLBACK").run()
        throw error
    }
}

/// Reads a `postgres://` URL into PostgresNIO's client configuration.
enum PostgresURL {
    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
            let host = components.host, !host.isEmpty,
            let user = components.user
        else {
            throw StoreError.invalidDatabaseURL
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require", "verify-full", "verify-ca": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database,
            tls: tls
        )
    }
}

/// Failures of the storage layer itself, as opposed to the domain's.
public enum StoreError: Error, CustomStringConvertible {
    case invalidDatabaseURL
    case corruptRow(String)

    public var description: String {
        switch self {
        case .invalidDatabaseURL: "DATABASE_URL must look like postgres://user:password@host:5432/database"
        case .corruptRow(let what): "a stored row could not be read: \(what)"
        }
    }
}

/// A round-robin counter for picking a reader.
final class RoundRobinCounter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { value in
            value &+= 1
            return value & Int.max
        }
    }
}

extension DatabaseLocation {
    /// Opens the database here.
    public func open(logger: Logger) async throws -> any SQLEngine {
        switch self {
        case .sqliteFile(let path): try await SQLiteEngine.open(path: path, logger: logger)
        case .postgres(let url, let readURL): try await PostgresEngine.connect(url: url, readURL: readURL, logger: logger)
        }
    }
}
