import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    /// Adds the shipped lexicon as version 1 when the table is empty. On a database whose lexicon
    /// came from an earlier shipped edition, publishes once, as a new version noted with this
    /// edition, the version in force with every shipped term it lacks added; an administrator who
    /// had removed a shipped term on purpose removes it again in a later version.
    func seedLexicon(at instant: Date) async throws {
        let note = "shipped with Homeward, edition \(ConfidentialLexicon.shippedEdition)"
        let shipped = ConfidentialLexicon.shipped
        let kind = engine.kind
        try await engine.write { db in
            if kind == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.lexicon))").run() }
            let newest = try await db.raw("SELECT * FROM confidential_lexicons ORDER BY version DESC LIMIT 1").first()
            guard let newest else {
                try await db.raw(
                    """
                    INSERT INTO confidential_lexicons (version, terms, published_by, published_at, note)
                    VALUES (1, \(bind: try Self.json(shipped)), NULL, \(bind: stored(instant)), \(bind: note))
                    ON CONFLICT (version) DO NOTHING
                    """
                ).run()
                return
            }
            let seeded = try await db.raw("SELECT version FROM confidential_lexicons WHERE note = \(bind: note)").first()
            guard seeded == nil else { return }
            let current = try Self.lexiconVersion(from: newest)
            let merged = current.lexicon.adding(shipped)
            guard merged.terms.count > current.lexicon.terms.count else { return }
            try await db.raw(
                """
                INSERT INTO confidential_lexicons (version, terms, published_by, published_at, note)
                VALUES (\(bind: current.version + 1), \(bind: try Self.json(merged)), NULL, \(bind: stored(instant)), \(bind: note))
                """
            ).run()
        }
    }

    public func currentLexicon() async throws -> LexiconVersion {
        let row = try await engine.read { db in
            try await db.raw("SELECT * FROM confidential_lexicons ORDER BY version DESC LIMIT 1").first()
        }
        guard let row else {
            return LexiconVersion(version: 0, lexicon: .shipped, publishedBy: nil, publishedAt: Date(timeIntervalSince1970: 0), note: "")
        }
        return try Self.lexiconVersion(from: row)
    }

    public func lexiconVersions() async throws -> [LexiconVersion] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM confidential_lexicons ORDER BY version DESC").all().map(Self.lexiconVersion(from:))
        }
    }

    public func publishLexicon(_ lexicon: ConfidentialLexicon, by user: UserID, at instant: Date, note: String, audit: AuditEntry)
        async throws -> LexiconVersion
    {
        let json = try Self.json(lexicon)
        return try await audited(audit) { db in
            let last = try await db.raw("SELECT MAX(version) AS last FROM confidential_lexicons").first()
            let version = (try last?.decodeNil(column: "last") == false ? try last?.decode(column: "last", as: Int.self) : nil) ?? 0
            try await db.raw(
                """
                INSERT INTO confidential_lexicons (version, terms, published_by, published_at, note)
                VALUES (\(bind: version + 1), \(bind: json), \(bind: user.rawValue), \(bind: stored(instant)), \(bind: note))
                """
            ).run()
            return LexiconVersion(version: version + 1, lexicon: lexicon, publishedBy: user, publishedAt: instant, note: note)
        }
    }

    static func lexiconVersion(from row: any SQLRow) throws -> LexiconVersion {
        let lexicon = try JSONDecoder().decode(ConfidentialLexicon.self, from: Data(try row.string("terms").utf8))
        return LexiconVersion(
            version: try row.int("version"), lexicon: lexicon, publishedBy: try row.optionalString("published_by").map { UserID($0) },
            publishedAt: try row.date("published_at"), note: try row.string("note"))
    }
}
