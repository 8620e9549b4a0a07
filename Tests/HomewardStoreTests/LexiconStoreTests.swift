import Foundation
import HomewardCore
import HomewardTestSupport
import SQLKit
import Testing

@testable import HomewardStore

@Suite("Confidential lexicon store")
struct LexiconStoreTests {
    @Test(arguments: TestEngine.available)
    func a_new_database_starts_with_the_shipped_edition_and_an_older_one_receives_its_new_terms_once(_ engine: TestEngine)
        async throws
    {
        try await withTestStore(engine) { store, _ in
            let first = try await store.currentLexicon()
            #expect(first.version == 1 && first.lexicon == .shipped)
            #expect(first.note == "shipped with Homeward, edition \(ConfidentialLexicon.shippedEdition)")

            // A database seeded by an earlier edition: fewer terms, the earlier note.
            let earlier = ConfidentialLexicon(terms: Array(ConfidentialLexicon.shipped.terms.prefix(600)))
            let json = String(decoding: try JSONEncoder().encode(earlier), as: UTF8.self)
            try await store.engine.write { db in
                try await db.raw("UPDATE confidential_lexicons SET terms = \(bind: json), note = 'shipped with Homeward' WHERE version = 1")
                    .run()
            }
            try await store.migrate()
            let upgraded = try await store.currentLexicon()
            #expect(upgraded.version == 2 && upgraded.publishedBy == nil)
            #expect(upgraded.lexicon.terms.count == ConfidentialLexicon.shipped.terms.count)
            #expect(Array(upgraded.lexicon.terms.prefix(600)) == earlier.terms)

            // Once: starting again adds nothing.
            try await store.migrate()
            #expect(try await store.currentLexicon().version == 2)
        }
    }
}
