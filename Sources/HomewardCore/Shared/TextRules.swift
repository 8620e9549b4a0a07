import Foundation

/// What any submitted text may hold: no control characters (a NUL byte cut a name short on one
/// engine and not the other), line breaks and tabs only where a field takes several lines, and
/// a length that fits the field.
public enum TextRules {
    /// The longest single-line field (names, places, numbers).
    public static let lineLimit = 200
    /// The longest multi-line field (circumstances, notes).
    public static let paragraphLimit = 4_000

    /// Why `text` cannot be stored in a field of at most `limit` characters, or nil when it can.
    public static func problem(_ text: String, limit: Int, multiline: Bool) -> String? {
        coded(text, limit: limit, multiline: multiline)?.message
    }

    /// The problem with `text` and its code (`controlCharacters` or `tooLong`), or nil.
    public static func coded(_ text: String, limit: Int, multiline: Bool) -> (message: String, code: String)? {
        let forbidden = text.unicodeScalars.contains { scalar in
            if multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
            return scalar.properties.generalCategory == .control
        }
        if forbidden {
            let message = multiline ? "Remove the invisible control characters." : "Remove line breaks and invisible control characters."
            return (message, "controlCharacters")
        }
        if text.count > limit { return ("Keep it under \(limit.formatted(.number.grouping(.automatic))) characters.", "tooLong") }
        return nil
    }

    /// Records a problem with any of `fields` (name, text, limit, multiline) that has none yet.
    public static func check(_ fields: [(String, String, Int, Bool)], errors: inout FieldErrors) {
        for (name, text, limit, multiline) in fields {
            if let problem = coded(text, limit: limit, multiline: multiline) { errors.add(name, problem.message, code: problem.code) }
        }
    }
}

extension Character {
    /// Whether this is one of the digits 0 to 9.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
