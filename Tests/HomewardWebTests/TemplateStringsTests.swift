import Foundation
import HomewardCore
import Mustache
import Testing

@testable import HomewardWeb

/// Templates take their words from the catalog: every key they name is in English, a text with
/// placeholders fills them from the template, and no template keeps words of its own.
@Suite("Template strings")
struct TemplateStringsTests {
    static func templateSources() throws -> [(String, String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/HomewardWeb/Assets/templates")
        return try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "mustache" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every catalog key the templates and the code name, as the catalog writes it; a template's
    /// variable the catalog lacks is kept as written, so that it shows as missing.
    static func keysInUse(english: [String: String]) throws -> [(place: String, key: String)] {
        let byVariable = Dictionary(english.keys.map { ($0.replacingOccurrences(of: ".", with: "_"), $0) }) { first, _ in first }
        var keys: [(String, String)] = []
        for (name, source) in try templateSources() {
            for match in source.matches(of: /\{\{\s*layout\.t\.([A-Za-z0-9_]+)\s*\}\}/) {
                keys.append((name, byVariable[String(match.1)] ?? String(match.1)))
            }
            for match in source.matches(of: /\{\{#layout\.t\.fill\}\}([^{]*)\{\{\/layout\.t\.fill\}\}/) {
                keys.append((name, String(match.1)))
            }
        }
        for folder in ["Sources/HomewardWeb", "Sources/HomewardCore"] {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)!
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            for file in files {
                let source = try String(contentsOf: file, encoding: .utf8)
                for match in source.matches(of: /"(staff\.[A-Za-z0-9.]+)"|(?:views|catalogs)\.text\("([A-Za-z0-9.]+)"/) {
                    keys.append((file.lastPathComponent, String(match.1 ?? match.2 ?? "")))
                }
            }
        }
        return keys
    }

    /// The keys in use are in the English catalog, and the list the server checks at start
    /// (`Assets/strings/keys-in-use.txt`) is this list: run with `HOMEWARD_WRITE_CATALOG_KEYS=1` to
    /// write it again after adding a key.
    @Test func every_key_in_use_is_in_the_english_catalog_and_in_the_list_checked_at_start() async throws {
        let views = try await Views.load()
        let english = views.catalogs.catalogs[Catalogs.fallback]!.strings
        let inUse = try Self.keysInUse(english: english)
        #expect(inUse.filter { english[$0.key] == nil }.map { "\($0.place): \($0.key)" } == [])
        let list = Self.root.appendingPathComponent("Sources/HomewardWeb/Assets/strings/keys-in-use.txt")
        let current = Set(inUse.map(\.key)).sorted().joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["HOMEWARD_WRITE_CATALOG_KEYS"] == "1" {
            try current.write(to: list, atomically: true, encoding: .utf8)
        }
        #expect(try String(contentsOf: list, encoding: .utf8) == current, "Write the list again: HOMEWARD_WRITE_CATALOG_KEYS=1")
    }

    /// A key in use that the English catalog lacks stops the server at start, naming the key.
    @Test func a_missing_key_refuses_start() throws {
        let catalogs = Catalogs([Catalog(language: "en", strings: ["staff.a": "A"])])
        try Views.checkKeys(catalogs, inUse: ["staff.a"])
        #expect(throws: ViewError.self) { try Views.checkKeys(catalogs, inUse: ["staff.a", "staff.gone"]) }
        #expect(String(describing: ViewError.catalogKeysMissing(["staff.gone"])).contains("staff.gone"))
    }

    /// Words written straight into a template would not be in the catalog. Only the product's name
    /// is allowed; markup, tags and punctuation are not words.
    @Test func no_template_keeps_words_of_its_own() throws {
        var found: [String] = []
        for (name, source) in try Self.templateSources() {
            let source = source.replacing(/\{\{#layout\.t\.fill\}\}[^{]*\{\{\/layout\.t\.fill\}\}/, with: "{{filled}}")
            var text = source.replacing(/<pre[^>]*>.*?<\/pre>/.dotMatchesNewlines(), with: " ")
            text = text.replacing(/\{\{.*?\}\}/.dotMatchesNewlines(), with: " ")
            text = text.replacing(/<[^>]*>/.dotMatchesNewlines(), with: " ")
            text = text.replacing(/&[a-z]+;|&#[0-9]+;/, with: " ")
            for word in text.split(whereSeparator: { !$0.isLetter }) where word != "Homeward" {
                found.append("\(name): \(word)")
            }
            for match in source.matches(of: /(aria-label|placeholder|title|alt)="([^"]*)"/) {
                let value = String(match.2).replacing(/\{\{.*?\}\}/, with: "")
                if value.contains(where: \.isLetter) && !value.hasPrefix("https://") { found.append("\(name): \(match.1)=\(match.2)") }
            }
        }
        #expect(found == [])
    }

    /// Staff pages' code hands its words to templates through the catalog too: no sentence or label
    /// is written into a page's Swift. API descriptions, audit notes and comments are not page words.
    @Test func no_page_code_keeps_words_of_its_own() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/HomewardWeb")
        let pages = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }
            .filter { file in
                ["Pages.swift", "View.swift", "HomePage.swift", "Loads.swift", "Commands.swift", "CallSheet.swift", "RulesInForce.swift"]
                    .contains { file.lastPathComponent.hasSuffix($0) }
            }
            // The command line speaks to operators in English, not through the staff catalog.
            .filter {
                !["PublicPosterPages.swift", "PublicPosterView.swift", "MemberPages.swift", "AdministrationCommands.swift"].contains(
                    $0.lastPathComponent)
            }
        #expect(pages.count > 20)
        var found: [String] = []
        for file in pages {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") || code.contains("summary:") || code.contains("note:") || code.contains(".described(") { continue }
                for match in code.matches(of: /"([A-Z][a-z]+[ ,:;.][^"]*)"/) where !match.1.hasPrefix("Missing Kids Readiness") {
                    found.append("\(file.lastPathComponent): \(match.1)")
                }
            }
        }
        #expect(found == [])
    }

    @Test func a_text_with_placeholders_fills_them_where_it_stands_and_escapes_everything() throws {
        let strings = TemplateStrings([
            "staff.x.count": "At least {minimum} characters <b>&</b> {not a placeholder} }",
            "staff.x.plain": "Tom's \"list\"",
        ])
        struct Model {
            var t: TemplateStrings
            var minimum: String
        }
        let template = try MustacheTemplate(string: "{{#t.fill}}staff.x.count{{/t.fill}}|{{t.staff_x_plain}}")
        let html = template.render(Model(t: strings, minimum: "<12>"))
        #expect(
            html
                == "At least &lt;12&gt; characters &lt;b&gt;&amp;&lt;/b&gt; &#123;not a placeholder&#125; &#125;|Tom&#39;s &quot;list&quot;"
        )
    }
}
