import Foundation
import HomewardCore
import Mustache

/// One language's interface strings as a template reads them.
///
/// A text without placeholders is a variable, its key's dots written as underscores:
/// `{{layout.t.staff_calls_takeANewCall}}`. A text with placeholders is a section named `fill`
/// around its key, `{{#layout.t.fill}}staff.account.passwordHint{{/layout.t.fill}}`, and each
/// `{name}` in the text is the template's `{{name}}` where the section stands, escaped like any
/// variable. The catalog's own words are escaped too, so a translation can never add markup.
struct TemplateStrings: Sendable, MustacheParent {
    /// Keys with dots, as the catalog writes them.
    let texts: [String: String]
    /// Keys with underscores, as template variables name them.
    let variables: [String: String]

    init(_ texts: [String: String]) {
        self.texts = texts
        variables = Dictionary(uniqueKeysWithValues: texts.map { ($0.key.replacingOccurrences(of: ".", with: "_"), $0.value) })
    }

    func child(named name: String) -> Any? {
        if name == "fill" {
            let texts = texts
            return MustacheLambda { key in Self.template(texts[key.trimmingCharacters(in: .whitespacesAndNewlines)] ?? key) }
        }
        return variables[name]
    }

    /// A catalog text as template source: its words HTML-escaped and each `{name}` placeholder a
    /// `{{name}}` variable. A brace that is not a placeholder is written as a character reference.
    static func template(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += escape(rest[..<open])
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), isPlaceholder(rest[afterOpen..<close]) {
                out += "{{" + rest[afterOpen..<close] + "}}"
                rest = rest[rest.index(after: close)...]
            } else {
                out += "&#123;"
                rest = rest[afterOpen...]
            }
        }
        return out + escape(rest)
    }

    private static func isPlaceholder(_ name: Substring) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.()".contains($0)) }
    }

    /// Markup characters as references, and a closing brace too, so no `}}` can close a tag.
    private static func escape(_ text: Substring) -> String {
        Markup.escaped(text).replacingOccurrences(of: "}", with: "&#125;")
    }
}

/// The words staff pages' code hands to their templates (labels, hints, headings, choices). Staff
/// pages are English for now, so these are the English catalog's texts, read once from the same
/// file ``Views/load()`` reads and checks at start-up.
enum StaffText {
    static let catalogs: Catalogs = (try? Views.shippedCatalogs.get()) ?? Catalogs([])

    /// The English text of `key` with its placeholders filled.
    static func text(_ key: String, _ values: [String: String] = [:]) -> String {
        catalogs.text(key, Catalogs.fallback, values)
    }
}
