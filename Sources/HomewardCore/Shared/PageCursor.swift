import Foundation

/// A place in a list ordered by an instant and an id (the last row of a page), as opaque text for
/// links and the API: every list that pages this way reads and writes it the same way.
public struct PageCursor: Sendable, Equatable {
    public var at: Date
    public var id: String

    public init(at: Date, id: String) {
        self.at = at
        self.id = id
    }

    /// Reads a cursor Homeward gave; nil for anything else.
    public init?(_ text: String) {
        guard let parts = CursorText.decode(text, separator: "|"), let instant = Timestamp.parse(parts.0) else { return nil }
        at = instant
        id = parts.1
    }

    public var text: String { CursorText.encode(Timestamp.format(at), id, separator: "|") }
}

/// The one way cursors become opaque text: two parts joined by a separator, in URL-safe base64.
enum CursorText {
    static func encode(_ first: String, _ second: String, separator: Character) -> String {
        Data("\(first)\(separator)\(second)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }

    /// The two parts, the second not empty; nil for text that is not such a cursor.
    static func decode(_ text: String, separator: Character) -> (String, String)? {
        guard let data = Data(base64Encoded: text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")),
            let decoded = String(data: data, encoding: .utf8)
        else { return nil }
        let parts = decoded.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        // Homeward never writes control characters into a cursor; PostgreSQL refuses a NUL in text.
        guard parts.count == 2, !parts[1].isEmpty,
            !parts.joined().unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        return (parts[0], parts[1])
    }
}
