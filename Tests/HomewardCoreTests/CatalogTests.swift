import Foundation
import HomewardCore
import Testing

/// The string catalogs a translator edits, and how a request's language is chosen.
@Suite("String catalogs")
struct CatalogTests {
    @Test func a_catalog_reads_entries_comments_and_escapes_and_names_the_line_of_a_mistake() throws {
        let catalog = try Catalog(
            language: "es",
            text: """
                /* Un comentario
                   de dos líneas */
                "language.name" = "Español";
                "tip.heading" = "¿Ha visto a {name}?"; // al final de la línea
                "quoted" = "Dijo \\"hola\\"\\ny se fue \\\\";
                """)
        #expect(catalog.name == "Español")
        #expect(catalog.strings["tip.heading"] == "¿Ha visto a {name}?")
        #expect(catalog.strings["quoted"] == "Dijo \"hola\"\ny se fue \\")
        #expect(Catalog.placeholders(in: "¿Ha visto a {name}? Caso {number}") == ["name", "number"])
        #expect(Catalog.fill("¿Ha visto a {name}?", ["name": "Tamsin"]) == "¿Ha visto a Tamsin?")

        #expect(throws: CatalogError(language: "es", line: 2, problem: "expected “;”")) {
            try Catalog(language: "es", text: "\"a\" = \"b\";\n\"c\" = \"d\"\n")
        }
        #expect(throws: CatalogError(language: "es", line: 2, problem: "the key “a” is given twice")) {
            try Catalog(language: "es", text: "\"a\" = \"b\";\n\"a\" = \"c\";")
        }
        #expect(throws: CatalogError(language: "es", line: 1, problem: "a text runs past the end of its line")) {
            try Catalog(language: "es", text: "\"a\" = \"b\n\";")
        }
    }

    @Test func a_missing_translation_falls_back_to_english_and_problems_name_each_key() {
        let catalogs = Catalogs([
            Catalog(language: "en", strings: ["a": "Hello {name}", "b": "Bye", "c": "Only English", "staff.x": "Staff page"]),
            Catalog(language: "es", strings: ["a": "Hola {nombre}", "b": "Adiós", "d": "Sobra"]),
        ])
        #expect(catalogs.languages == ["en", "es"])
        #expect(catalogs.text("b", "es") == "Adiós" && catalogs.text("c", "es") == "Only English" && catalogs.text("zz", "es") == "zz")
        #expect(catalogs.table("es")["c"] == "Only English")
        // Staff pages are English for now: a translation need not carry their keys.
        #expect(catalogs.text("staff.x", "es") == "Staff page")
        #expect(
            catalogs.problems(in: "es") == [
                "es “a” has other placeholders than English", "es lacks “c”", "es has unknown “d”",
            ])
    }

    @Test func the_language_is_the_one_chosen_then_the_best_accepted_then_english() {
        let catalogs = Catalogs([Catalog(language: "en", strings: [:]), Catalog(language: "es", strings: [:])])
        #expect(AcceptLanguage.preferred("fr-CA;q=0.4, es-MX, en;q=0.8, *;q=0.1, de;q=0") == ["es-mx", "en", "fr-ca"])
        #expect(catalogs.negotiate(chosen: nil, acceptLanguage: "es-MX,es;q=0.9,en;q=0.8") == "es")
        #expect(catalogs.negotiate(chosen: nil, acceptLanguage: "fr-FR, en;q=0.5") == "en")
        #expect(catalogs.negotiate(chosen: nil, acceptLanguage: "fr") == "en")
        #expect(catalogs.negotiate(chosen: "en", acceptLanguage: "es") == "en")
        #expect(catalogs.negotiate(chosen: "ES", acceptLanguage: nil) == "es")
        #expect(catalogs.negotiate(chosen: "xx", acceptLanguage: "es;q=0.3") == "es")
        #expect(catalogs.negotiate(chosen: nil, acceptLanguage: "es;q=abc, en") == "en")
    }

    @Test func dates_numbers_and_heights_are_written_as_the_language_writes_them() {
        let day = CivilDate(year: 2026, month: 11, day: 18)!
        #expect(LocalFormat(language: "en").date(day) == "November 18, 2026")
        #expect(LocalFormat(language: "es").date(day) == "18 de noviembre de 2026")
        #expect(LocalFormat(language: "en").number(12_345) == "12,345")
        #expect(LocalFormat(language: "en").height(inches: 54) == "4′6″")
        #expect(
            LocalFormat(language: "es").height(inches: 54).hasPrefix("4′6″ (1")
                && LocalFormat(language: "es").height(inches: 54).hasSuffix("37 m)"))
        #expect(LocalFormat(language: "en").weight(pounds: 94) == "94 lbs")
        #expect(LocalFormat(language: "es").weight(pounds: 94) == "94 lb (43 kg)")
    }
}
