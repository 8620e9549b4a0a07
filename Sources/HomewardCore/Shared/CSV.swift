import Foundation

/// Comma-separated values as RFC 4180 describes them: quoted fields may hold commas, quotes
/// (doubled) and line breaks; lines end in CRLF or LF. What spreadsheets export reads back.
public enum CSV {
    /// Why a text is not CSV, with the line where it went wrong (1-based).
    public struct SyntaxError: Error, Equatable, Sendable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// One record of a file, with the line it started on (1-based, counting the header).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// The records of `text`, the header included. Blank lines are skipped; a leading byte-order
    /// mark is ignored.
    public static func parse(_ text: String) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var index = 0

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
        }

        while index < scalars.count {
            let c = scalars[index]
            if inQuotes {
                if c == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case "\"":
                    guard field.isEmpty else {
                        throw SyntaxError(line: line, message: "A quote appears inside an unquoted field; quote the whole field.")
                    }
                    inQuotes = true
                    fieldWasQuoted = true
                case ",":
                    fields.append(field)
                    field = ""
                    fieldWasQuoted = false
                case "\r":
                    if index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                    endRecord()
                    line += 1
                    recordLine = line
                case "\n":
                    endRecord()
                    line += 1
                    recordLine = line
                default:
                    if fieldWasQuoted {
                        throw SyntaxError(line: line, message: "Text follows a closing quote; put the whole field inside the quotes.")
                    }
                    field.unicodeScalars.append(c)
                }
            }
            index += 1
        }
        if inQuotes { throw SyntaxError(line: recordLine, message: "A quoted field is never closed.") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }

    /// One field, quoted when needed. Text a spreadsheet would run as a formula is defused with a
    /// leading apostrophe.
    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// A whole file: the header, then one line per row, CRLF line ends.
    public static func file(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

/// A CSV file whose first record names its columns, read by column name.
public struct CSVTable: Sendable {
    public var columns: [String]
    public var records: [CSV.Record]

    /// Reads `text`; fails with a field error naming the line when it is not CSV, or when a
    /// required column is missing.
    public init(_ text: String, required: [String], field: String) throws {
        let parsed: [CSV.Record]
        do { parsed = try CSV.parse(text) } catch { throw HomewardError.invalid(field, "Line \(error.line): \(error.message)") }
        guard let header = parsed.first else { throw HomewardError.invalid(field, "The file is empty; it needs a header line.") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = required.filter { !columns.contains($0) }
        guard missing.isEmpty else {
            throw HomewardError.invalid(
                field, "The header lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")).")
        }
        self.columns = columns
        records = Array(parsed.dropFirst())
    }

    /// The trimmed value of `column` in `record`; empty when the record is short.
    public func value(_ column: String, in record: CSV.Record) -> String {
        guard let index = columns.firstIndex(of: column), index < record.fields.count else { return "" }
        return record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
