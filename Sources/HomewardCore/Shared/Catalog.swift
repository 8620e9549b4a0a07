import Foundation

/// One language's interface strings, read from a `.strings`-style file that a translator edits
/// with no code: `"key" = "text";` per line, comments in `/* */` or after `//`, and `\"`, `\\` and
/// `\n` inside quotes. Placeholders are named, `{name}`, so a translation may put them in any
/// order. A third language is a third file.
public struct Catalog: Sendable, Equatable {
    /// The BCP 47 tag of the language: `en`, `es`.
    public let language: String
    public let strings: [String: String]

    /// Reads a catalog; a line that is not an entry (an unclosed quote, a missing `=` or `;`, a key
    /// given twice) is an error that names the line.
    public init(language: String, text: String) throws {
        self.language = language
        var strings: [String: String] = [:]
        var parser = Parser(text: Array(text.unicodeScalars))
        do {
            while let (key, value, line) = try parser.next() {
                if strings[key] != nil { throw CatalogError(language: language, line: line, problem: "the key “\(key)” is given twice") }
                strings[key] = value
            }
        } catch var error as CatalogError {
            error.language = language
            throw error
        }
        self.strings = strings
    }

    public init(language: String, strings: [String: String]) {
        self.language = language
        self.strings = strings
    }

    /// The language's own name (the `language.name` entry): "English", "Español".
    public var name: String { strings["language.name"] ?? language }

    /// The placeholders a text names, such as `["name"]` for "Have you seen {name}?".
    public static func placeholders(in text: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    /// Fills `{name}` placeholders in `text` from `values`; a placeholder without a value stays as written.
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("{") else { return text }
        var result = text
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }

    private struct Parser {
        let text: [Unicode.Scalar]
        var at = 0
        var line = 1

        mutating func next() throws -> (String, String, Int)? {
            skipSpaceAndComments()
            guard at < text.count else { return nil }
            let start = line
            let key = try quoted()
            skipSpaceAndComments()
            try expect("=", entryAt: start)
            skipSpaceAndComments()
            let value = try quoted()
            skipSpaceAndComments()
            try expect(";", entryAt: start)
            return (key, value, start)
        }

        mutating func skipSpaceAndComments() {
            while at < text.count {
                let c = text[at]
                if c == "\n" {
                    line += 1
                    at += 1
                } else if c.properties.isWhitespace {
                    at += 1
                } else if c == "/", at + 1 < text.count, text[at + 1] == "/" {
                    while at < text.count, text[at] != "\n" { at += 1 }
                } else if c == "/", at + 1 < text.count, text[at + 1] == "*" {
                    at += 2
                    while at + 1 < text.count, !(text[at] == "*" && text[at + 1] == "/") {
                        if text[at] == "\n" { line += 1 }
                        at += 1
                    }
                    at = min(text.count, at + 2)
                } else {
                    return
                }
            }
        }

        /// Steps over `scalar`; a missing one is reported on the line where its entry began.
        mutating func expect(_ scalar: Unicode.Scalar, entryAt line: Int? = nil) throws {
            guard at < text.count, text[at] == scalar else {
                throw CatalogError(language: "", line: line ?? self.line, problem: "expected “\(scalar)”")
            }
            at += 1
        }

        mutating func quoted() throws -> String {
            try expect("\"")
            var value = String.UnicodeScalarView()
            while at < text.count {
                let c = text[at]
                at += 1
                switch c {
                case "\"": return String(value)
                case "\n": throw problem("a text runs past the end of its line")
                case "\\":
                    guard at < text.count else { throw problem("a text ends with \\") }
                    let escaped = text[at]
                    at += 1
                    switch escaped {
                    case "n": value.append("\n")
                    case "\"", "\\": value.append(escaped)
                    default: throw problem("unknown escape \\\(escaped)")
                    }
                default: value.append(c)
                }
            }
            throw problem("a text has no closing quote")
        }

        func problem(_ text: String) -> CatalogError { CatalogError(language: "", line: line, problem: text) }
    }
}

/// What is wrong with a catalog file, and where.
public struct CatalogError: Error, Equatable, CustomStringConvertible {
    public var language: String
    public var line: Int
    public var problem: String

    public init(language: String, line: Int, problem: String) {
        self.language = language
        self.line = line
        self.problem = problem
    }

    public var description: String { "\(language).strings line \(line): \(problem)" }
}

/// Every language's catalog, English first: the text of a key in a language, falling back to
/// English where a translation is missing, and the language a request asked for.
public struct Catalogs: Sendable {
    public static let fallback = "en"
    public let catalogs: [String: Catalog]

    public init(_ catalogs: [Catalog]) {
        self.catalogs = Dictionary(catalogs.map { ($0.language, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The languages there are catalogs for, English first.
    public var languages: [String] {
        [Self.fallback] + catalogs.keys.filter { $0 != Self.fallback }.sorted()
    }

    /// The text of `key` in `language` with its placeholders filled; English when the language
    /// lacks it, and the key itself when English lacks it too (a test keeps that from shipping).
    public func text(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
        Catalog.fill(translation(key, language) ?? key, values)
    }

    /// The text of `key` in `language` (or English), or nil when no catalog has it.
    public func translation(_ key: String, _ language: String) -> String? {
        catalogs[language]?.strings[key] ?? catalogs[Self.fallback]?.strings[key]
    }

    /// Every string of `language` (English for what it lacks), for a template.
    public func table(_ language: String) -> [String: String] {
        var table = catalogs[Self.fallback]?.strings ?? [:]
        for (key, value) in catalogs[language]?.strings ?? [:] { table[key] = value }
        return table
    }

    /// Keys under this prefix are the staff pages' strings. Staff pages are English for now, so a
    /// translation may leave these out and the English text is shown.
    public static let staffPrefix = "staff."

    /// Problems a translator must fix: keys English has and `language` lacks (staff keys apart) or
    /// has extra, and texts whose placeholders differ from English's.
    public func problems(in language: String) -> [String] {
        guard let english = catalogs[Self.fallback], let other = catalogs[language] else { return ["no catalog for \(language)"] }
        var problems: [String] = []
        for key in english.strings.keys.sorted() {
            guard let text = other.strings[key] else {
                if !key.hasPrefix(Self.staffPrefix) { problems.append("\(language) lacks “\(key)”") }
                continue
            }
            if Catalog.placeholders(in: text) != Catalog.placeholders(in: english.strings[key]!) {
                problems.append("\(language) “\(key)” has other placeholders than English")
            }
        }
        for key in other.strings.keys.sorted() where english.strings[key] == nil { problems.append("\(language) has unknown “\(key)”") }
        return problems
    }

    /// The language for a request: the one chosen on the page (`?lang=`) when there is a catalog
    /// for it, else the best of `Accept-Language` there is one for, else English.
    public func negotiate(chosen: String?, acceptLanguage: String?) -> String {
        if let chosen = chosen?.lowercased(), catalogs[chosen] != nil { return chosen }
        for tag in AcceptLanguage.preferred(acceptLanguage ?? "") {
            let primary = String(tag.split(separator: "-").first ?? "")
            if catalogs[tag] != nil { return tag }
            if catalogs[primary] != nil { return primary }
        }
        return Self.fallback
    }
}

/// The `Accept-Language` header (RFC 9110): language ranges by preference.
public enum AcceptLanguage {
    /// The ranges in order of quality, highest first (ties in the order given), lower-cased,
    /// without `*` and without those of quality 0.
    public static func preferred(_ header: String) -> [String] {
        var ranges: [(tag: String, quality: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").prefix(20).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty, tag != "*", tag.count <= 35,
                tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if quality > 0 && quality <= 1 { ranges.append((tag, quality, order)) }
        }
        return ranges.sorted { ($0.quality, -$0.order) > ($1.quality, -$1.order) }.map(\.tag)
    }
}

/// Dates, numbers and heights as a language writes them.
public struct LocalFormat: Sendable {
    public let language: String

    public init(language: String) {
        self.language = language
    }

    /// "November 18, 2026" or "18 de noviembre de 2026".
    public func date(_ date: CivilDate) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == "en" ? "en_US" : "\(language)_US")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.setLocalizedDateFormatFromTemplate("yMMMMd")
        return formatter.string(from: date.start(in: TimeZone.utc))
    }

    /// `12345` as "12,345" or "12 345"/"12.345" as the language groups it.
    public func number(_ value: Int) -> String {
        value.formatted(.number.locale(Locale(identifier: language == "en" ? "en_US" : "\(language)_US")))
    }

    /// A height as US posters give it, with meters beside it where the language reads meters:
    /// 4′6″, or 4′6″ (1.37 m) as the language writes the number.
    public func height(inches: Int) -> String {
        let imperial = "\(inches / 12)′\(inches % 12)″"
        guard language != "en" else { return imperial }
        let meters = (Double(inches) * 0.0254).formatted(
            .number.precision(.fractionLength(2)).locale(Locale(identifier: "\(language)_US")))
        return "\(imperial) (\(meters) m)"
    }

    /// A weight as US posters give it, with kilograms beside it where the language reads them:
    /// 94 lbs, or 94 lb (43 kg) with the unit's symbol.
    public func weight(pounds: Int) -> String {
        guard language != "en" else { return "\(pounds) lbs" }
        let kilograms = Int((Double(pounds) * 0.45359237).rounded())
        return "\(number(pounds)) lb (\(number(kilograms)) kg)"
    }
}
