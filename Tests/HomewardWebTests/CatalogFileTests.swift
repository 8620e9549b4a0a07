import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

/// The catalogs Homeward ships: each reads, and each translates every English string with the
/// same placeholders, so that no page shows a key or an English sentence by accident.
@Suite("Shipped catalogs")
struct CatalogFileTests {
    @Test func every_shipped_catalog_reads_and_translates_every_english_string() async throws {
        let views = try await Views.load()
        let catalogs = views.catalogs
        #expect(catalogs.languages == ["en", "es"])
        for language in catalogs.languages where language != Catalogs.fallback {
            #expect(catalogs.problems(in: language) == [], "\(language)")
        }
        #expect(catalogs.text("tip.heading", "es", ["name": "Tamsin Orrery"]) == "¿Ha visto a Tamsin Orrery?")
        #expect(catalogs.text("language.switch", "es") == "En español")
    }
}
