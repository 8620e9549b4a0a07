import Foundation

/// A transactional e-mail as sent: plain text and HTML parts of the same words, a link to the
/// record, and no personal data (the texts come from notifications, which carry ids and case
/// numbers only). Rendered as RFC 5322 with MIME parts in base64, lines ending in CRLF.
public struct EmailMessage: Sendable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var text: String
    /// The record the message is about, linked in both parts.
    public var link: String?
    /// `<id@domain>`, the same on every attempt so a receiver can drop a repeat.
    public var messageID: String
    public var date: Date

    public init(from: String, to: String, subject: String, text: String, link: String?, messageID: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.link = link
        self.messageID = messageID
        self.date = date
    }

    /// The whole message, headers and body.
    public func rendered() -> String {
        let boundary = "homeward-" + String(messageID.filter { $0.isLetter || $0.isNumber }.prefix(24))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let plain = text + (link.map { "\n\n\($0)\n" } ?? "\n")
        let html =
            "<!doctype html><html><body><p>\(Self.escaped(text).replacingOccurrences(of: "\n", with: "<br>"))</p>"
            + (link.map { "<p><a href=\"\(Self.escaped($0))\">Open it in Homeward</a></p>" } ?? "") + "</body></html>\n"
        var lines = [
            "From: \(from)", "To: \(to)", "Subject: \(Self.headerText(subject))", "Date: \(formatter.string(from: date))",
            "Message-ID: \(messageID)", "MIME-Version: 1.0", "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"", "",
        ]
        for (type, body) in [("text/plain", plain), ("text/html", html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(Data(body.utf8))
        }
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: "\r\n")
    }

    /// A header value: ASCII as is, anything else as an RFC 2047 encoded word.
    static func headerText(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.allSatisfy({ $0.isASCII }) { return clean }
        return "=?UTF-8?B?" + Data(clean.utf8).base64EncodedString() + "?="
    }

    static func base64Lines(_ data: Data) -> [String] {
        let text = data.base64EncodedString()
        return stride(from: 0, to: text.count, by: 76).map { start in
            let from = text.index(text.startIndex, offsetBy: start)
            return String(text[from..<(text.index(from, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex)])
        }
    }

    static func escaped(_ text: String) -> String { Markup.escaped(text) }
}
