import Foundation
import HomewardCore
import Logging
import PostgresKit
import SQLKit

/// The one implementation of Homeward's store protocols: SQLKit queries that run unchanged on
/// SQLite and PostgreSQL.
public final class SQLDataStore: DataStore {
    let engine: any SQLEngine
    /// Seals the sensitive free text at rest; nil stores it plain (tests of the plain path only).
    let cipher: FieldCipher?
    /// The clock rules each episode's schedule is derived under (see ``EpisodeSchedule``).
    let clockDefinitions: [ClockDefinition]
    /// The versions of state rules this instance has read (they never change once written).
    let rulesCache = RulesCache()

    /// Wraps an open engine; call ``migrate()`` before use.
    public init(engine: any SQLEngine, cipher: FieldCipher? = nil, clockDefinitions: [ClockDefinition] = ClockDefinition.federal) {
        self.engine = engine
        self.cipher = cipher
        self.clockDefinitions = clockDefinitions
    }

    /// Opens the database at `location`, brings its schema up to date, checks that `cipher` holds
    /// every key the stored values are sealed with, and derives the episodes' schedules again when
    /// `clockDefinitions` are not those they were derived under.
    public static func open(
        _ location: DatabaseLocation, cipher: FieldCipher? = nil, clockDefinitions: [ClockDefinition] = ClockDefinition.federal,
        logger: Logger
    ) async throws -> SQLDataStore {
        let store = SQLDataStore(engine: try await location.open(logger: logger), cipher: cipher, clockDefinitions: clockDefinitions)
        do {
            try await store.migrate()
            try await store.checkFieldKeys()
            try await store.deriveSchedulesIfRulesChanged()
        } catch {
            try? await store.shutdown()
            throw error
        }
        return store
    }

    /// `text` as stored in `field` (`table.column`): sealed when a cipher is configured.
    func sealed(_ text: String, _ field: String) -> String {
        guard let cipher else { return text }
        return cipher.seal(text, field: field)
    }
    func sealed(_ text: String?, _ field: String) -> String? { text.map { sealed($0, field) } }

    /// The plain text of a stored value of `field`; a sealed value without the key is an error,
    /// never shown as it is.
    func opened(_ stored: String, _ field: String) throws -> String {
        if let cipher { return try cipher.open(stored, field: field) }
        if let id = FieldCipher.keyID(of: stored) { throw FieldCipher.Failure.unknownKey(id) }
        return stored
    }
    func opened(_ stored: String?, _ field: String) throws -> String? { try stored.map { try opened($0, field) } }

    /// Applies missing migrations; returns the versions applied.
    /// Applies missing migrations and adds the shipped reference data that is not there yet;
    /// returns the versions applied.
    @discardableResult public func migrate() async throws -> [Int] {
        let applied = try await Migrations.run(on: engine)
        try await seedReadinessPrograms(ReadinessProgram.shipped, at: Date())
        try await seedLexicon(at: Date())
        try await seedCallChecklists(CallChecklist.shipped, at: Date())
        return applied
    }

    public var engineKind: SQLEngineKind { engine.kind }

    public func ping() async throws {
        try await engine.read { db in try await db.raw("SELECT 1").run() }
    }

    public func shutdown() async throws {
        try await engine.shutdown()
    }

    // MARK: Audit, shared by every write

    /// Appends `entry` to the chain inside the caller's transaction. On PostgreSQL an advisory lock
    /// queues concurrent appenders (several instances may share the server), so two events never
    /// claim the same place; on SQLite the single writer already does.
    static func appendAudit(_ entry: AuditEntry, in db: any SQLDatabase, kind: SQLEngineKind) async throws -> AuditEvent {
        if kind == .postgres {
            try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.auditChain))").run()
        }
        let lastRow = try await db.raw("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1").first()
        let last = try lastRow.map { (try $0.decode(column: "sequence", as: Int64.self), try $0.decode(column: "hash", as: String.self)) }
        let event = AuditChain.append(entry, after: last.map { (sequence: $0.0, hash: $0.1) })
        let e = event.entry
        try await db.raw(
            """
            INSERT INTO audit_events (sequence, occurred_at, actor_user_id, actor_organization_id, action, outcome,
                record_type, record_id, target_organization_id, address, request_id, detail, previous_hash, hash)
            VALUES (\(bind: event.sequence), \(bind: Timestamp.format(e.occurredAt)), \(bind: e.actorUserID?.rawValue),
                \(bind: e.actorOrganizationID?.rawValue), \(bind: e.action), \(bind: e.outcome.rawValue), \(bind: e.recordType),
                \(bind: e.recordID), \(bind: e.targetOrganizationID?.rawValue), \(bind: e.address), \(bind: e.requestID),
                \(bind: e.detail), \(bind: event.previousHash), \(bind: event.hash))
            """
        ).run()
        return event
    }

    /// Appends several entries in order inside the caller's transaction, with one read of the
    /// chain's end and one insert.
    static func appendAudits(_ entries: [AuditEntry], in db: any SQLDatabase, kind: SQLEngineKind) async throws {
        guard !entries.isEmpty else { return }
        if kind == .postgres {
            try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.auditChain))").run()
        }
        let lastRow = try await db.raw("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1").first()
        var last = try lastRow.map {
            (sequence: try $0.decode(column: "sequence", as: Int64.self), hash: try $0.decode(column: "hash", as: String.self))
        }
        var rows: [SQLQueryString] = []
        for entry in entries {
            let event = AuditChain.append(entry, after: last)
            last = (event.sequence, event.hash)
            let e = event.entry
            rows.append(
                """
                (\(bind: event.sequence), \(bind: Timestamp.format(e.occurredAt)), \(bind: e.actorUserID?.rawValue),
                \(bind: e.actorOrganizationID?.rawValue), \(bind: e.action), \(bind: e.outcome.rawValue), \(bind: e.recordType),
                \(bind: e.recordID), \(bind: e.targetOrganizationID?.rawValue), \(bind: e.address), \(bind: e.requestID),
                \(bind: e.detail), \(bind: event.previousHash), \(bind: event.hash))
                """)
        }
        try await db.raw(
            """
            INSERT INTO audit_events (sequence, occurred_at, actor_user_id, actor_organization_id, action, outcome,
                record_type, record_id, target_organization_id, address, request_id, detail, previous_hash, hash)
            VALUES \(rows.joined(separator: ", "))
            """
        ).run()
    }

    /// Runs `body` in a transaction and records `audit` in the same transaction, so the change and
    /// its audit event commit together or not at all.
    func audited<T: Sendable>(
        _ audit: AuditEntry, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let kind = engine.kind
        do {
            return try await engine.write { db in
                let result = try await body(db)
                _ = try await Self.appendAudit(audit, in: db, kind: kind)
                return result
            }
        } catch let error where Self.isUniqueViolation(error) {
            throw HomewardError.conflict("A record with the same unique value already exists.")
        }
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let psql = error as? PSQLError, psql.serverInfo?[.sqlState] == "23505" { return true }
        return String(describing: error).contains("UNIQUE constraint failed")
    }
}

// MARK: - Row reading

extension SQLRow {
    func string(_ column: String) throws -> String {
        try decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : decode(column: column, as: String.self)
    }

    func int(_ column: String) throws -> Int {
        Int(try decode(column: column, as: Int64.self))
    }

    func optionalInt(_ column: String) throws -> Int? {
        try decodeNil(column: column) ? nil : Int(try decode(column: column, as: Int64.self))
    }

    func bool(_ column: String) throws -> Bool {
        try decode(column: column, as: Bool.self)
    }

    func date(_ column: String) throws -> Date {
        let text = try string(column)
        guard let date = Timestamp.parse(text) else { throw StoreError.corruptRow("\(column) = \(text)") }
        return date
    }

    func optionalDate(_ column: String) throws -> Date? {
        guard let text = try optionalString(column) else { return nil }
        guard let date = Timestamp.parse(text) else { throw StoreError.corruptRow("\(column) = \(text)") }
        return date
    }
}

/// The store's log: ids and error kinds only, never the content of a row.
let storeLogger = Logger(label: "homeward.store")

/// The stored text of an optional instant.
func stored(_ date: Date?) -> String? { date.map(Timestamp.format) }
/// The stored text of an instant.
func stored(_ date: Date) -> String { Timestamp.format(date) }
