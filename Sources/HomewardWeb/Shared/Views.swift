import Foundation
import HomewardCore
import Hummingbird
import Mustache

/// The page templates, loaded once. Templates escape every value by default; view models are plain
/// structs built by handlers, never database rows.
struct Views: Sendable {
    let library: MustacheLibrary
    /// The stylesheet, served from memory with a content hash in its URL so it can be cached forever.
    let stylesheet: String
    let stylesheetVersion: String
    /// The interface strings, one catalog per language (`Assets/strings/LANG.strings`).
    let catalogs: Catalogs
    /// Each language's strings as templates read them (see ``TemplateStrings``), made once.
    let templateTables: [String: TemplateStrings]

    /// The templates, stylesheet and catalogs shipped with Homeward.
    static var assets: URL { Bundle.module.bundleURL.appendingPathComponent("Assets") }

    static func load() async throws -> Views {
        let root = assets
        let library = try await MustacheLibrary(directory: root.appendingPathComponent("templates").path)
        guard library.getTemplate(named: "layout") != nil else { throw ViewError.resourcesMissing }
        let stylesheet = try String(contentsOf: root.appendingPathComponent("static/style.css"), encoding: .utf8)
        let version = String(SHA256Digest.hex(stylesheet).prefix(12))
        let catalogs = try shippedCatalogs.get()
        try checkKeys(catalogs, inUse: keysInUse(from: root.appendingPathComponent("strings/keys-in-use.txt")))
        let tables = Dictionary(uniqueKeysWithValues: catalogs.languages.map { ($0, TemplateStrings(catalogs.table($0))) })
        return Views(library: library, stylesheet: stylesheet, stylesheetVersion: version, catalogs: catalogs, templateTables: tables)
    }

    /// The catalogs shipped with Homeward, read once for the templates and ``StaffText`` alike.
    static let shippedCatalogs = Result { try loadCatalogs(from: assets.appendingPathComponent("strings")) }

    /// The catalog keys the code and the templates use, one a line, as the test suite writes them
    /// (`HOMEWARD_WRITE_CATALOG_KEYS=1 swift test --filter TemplateStrings`) and checks are current.
    static func keysInUse(from file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Refuses to start when the English catalog lacks a key the code or a template uses: a page
    /// or notice must never show an empty text or a raw key.
    static func checkKeys(_ catalogs: Catalogs, inUse keys: [String]) throws {
        let english = catalogs.catalogs[Catalogs.fallback]?.strings ?? [:]
        let missing = keys.filter { english[$0] == nil }
        guard missing.isEmpty else { throw ViewError.catalogKeysMissing(missing) }
    }

    /// Every `LANG.strings` file in `folder`; a malformed one stops start-up with its line named,
    /// and English must be there.
    static func loadCatalogs(from folder: URL) throws -> Catalogs {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "strings" }
        let catalogs = try files.map { file in
            try Catalog(language: file.deletingPathExtension().lastPathComponent, text: try String(contentsOf: file, encoding: .utf8))
        }
        guard catalogs.contains(where: { $0.language == Catalogs.fallback }) else { throw ViewError.resourcesMissing }
        return Catalogs(catalogs)
    }

    /// The strings of `language` for a template (English for what it lacks).
    func strings(_ language: String) -> TemplateStrings {
        templateTables[language] ?? templateTables[Catalogs.fallback] ?? TemplateStrings([:])
    }

    /// The catalog text of `key` in `language` with its placeholders filled.
    func text(_ key: String, _ values: [String: String] = [:], language: String = Catalogs.fallback) -> String {
        catalogs.text(key, language, values)
    }

    /// The catalog text of `key` in `language` escaped for a JSON string written by hand.
    func jsonText(_ key: String, language: String) -> String {
        var out = ""
        for scalar in text(key, language: language).unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Renders `template` with `model` into HTML text.
    func render(_ template: String, _ model: some Sendable) throws -> String {
        guard let html = library.render(model, withTemplate: template) else { throw ViewError.templateMissing(template) }
        return html
    }

    /// Renders `template` with `model` into an HTML response.
    func page(_ template: String, _ model: some Sendable, status: HTTPResponse.Status = .ok) throws -> Response {
        let html = try render(template, model)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

enum ViewError: Error, CustomStringConvertible {
    case resourcesMissing
    case templateMissing(String)
    /// Keys the code or the templates use that the English catalog lacks.
    case catalogKeysMissing([String])

    var description: String {
        switch self {
        case .resourcesMissing: "the templates, stylesheet or English catalog are missing"
        case .templateMissing(let name): "the template \(name) is missing"
        case .catalogKeysMissing(let keys): "the English catalog lacks keys in use: \(keys.joined(separator: ", "))"
        }
    }
}
