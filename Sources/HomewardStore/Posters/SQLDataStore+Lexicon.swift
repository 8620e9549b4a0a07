import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    /// Adds the shipped lexicon as version 1 when the table is empty.
    func seedLexicon(at instant: Date) async throws {
        let json = try Self.json(ConfidentialLexicon.shipped)
        try await engine.write { db in
            try await db.raw(
                """
                INSERT INTO confidential_lexicons (version, terms, published_by, published_at, note)
                VALUES (1, \(bind: json), NULL, \(bind: stored(instant)), 'shipped with Homeward')
                ON CONFLICT (version) DO NOTHING
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
