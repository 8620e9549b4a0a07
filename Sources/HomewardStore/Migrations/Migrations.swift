import Foundation
import HomewardCore
import SQLKit

/// One numbered, append-only schema change, each in its own file. Once released a migration is
/// never edited: a later one changes what it made. Statements are the same on both engines unless
/// a variant is given; the engine-specific ones run after the shared ones.
struct Migration: Sendable {
    var version: Int
    var name: String
    var statements: [String]
    var sqliteOnly: [String] = []
    var postgresOnly: [String] = []
    /// Work on the data that SQL alone cannot express the same way on both engines, run after
    /// the statements in the same transaction.
    var data: (@Sendable (any SQLDatabase) async throws -> Void)?

    /// What runs on `kind`, with `{binary}` written as the engine's type for bytes (BLOB on
    /// SQLite, BYTEA on PostgreSQL).
    func statements(for kind: SQLEngineKind) -> [String] {
        let binary = kind == .sqlite ? "BLOB" : "BYTEA"
        return (statements + (kind == .sqlite ? sqliteOnly : postgresOnly)).map { $0.replacingOccurrences(of: "{binary}", with: binary) }
    }
}

/// Every migration, in order.
enum Migrations {
    static let all: [Migration] = [
        v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27,
    ]

    /// Applies every migration the database lacks, each in its own transaction. Safe to run from
    /// several instances at once: on PostgreSQL they queue on an advisory lock and the later ones
    /// find the work done.
    static func run(on engine: any SQLEngine) async throws -> [Int] {
        let kind = engine.kind
        try await engine.write { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        var applied: [Int] = []
        for migration in all {
            let didApply = try await engine.write { db in
                if kind == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.migrations))").run() }
                let existing = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").first()
                if existing != nil { return false }
                for statement in migration.statements(for: kind) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await migration.data?(db)
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.format(Date())))"
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }
}

/// PostgreSQL advisory-lock keys, one per kind of work that must not run twice at once.
enum AdvisoryLock {
    static let migrations = 4_751_001
    static let auditChain = 4_751_002
    static let lexicon = 4_751_003
}
