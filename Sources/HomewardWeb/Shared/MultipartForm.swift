import Foundation
import HomewardCore
import Hummingbird

/// A `multipart/form-data` body: the text fields and the uploaded files of a form with a file input.
struct MultipartForm: Sendable {
    struct File: Sendable {
        var field: String
        var filename: String
        var data: Data
    }

    var fields: [(name: String, value: String)] = []
    var files: [File] = []

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    func file(_ name: String) -> File? { files.first { $0.field == name } }

    /// Whether `request` carries a multipart body.
    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// Reads the body of `request` (at most `limit` bytes). The body stays readable afterwards.
    static func read(_ request: inout Request, limit: Int) async throws -> MultipartForm {
        guard let type = request.headers[.contentType],
            let boundaryRange = type.range(of: "boundary=")
        else { throw HomewardError.invalid("body", "The form was not sent as multipart/form-data.") }
        var boundary = String(type[boundaryRange.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let buffer: ByteBuffer
        buffer = try await request.limitedBody(upTo: limit)
        guard let form = parse(Data(buffer.readableBytesView), boundary: boundary) else {
            throw HomewardError.invalid("body", "The form could not be read.")
        }
        return form
    }

    /// Splits a body on its boundary into parts with their headers.
    static func parse(_ body: Data, boundary: String) -> MultipartForm? {
        guard !boundary.isEmpty else { return nil }
        let delimiter = Data(("--" + boundary).utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var form = MultipartForm()
        var position = body.startIndex
        guard let first = body.range(of: delimiter, in: position..<body.endIndex) else { return nil }
        position = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, otherwise CRLF starts a part.
            if body[position...].starts(with: Data("--".utf8)) { return form }
            guard body[position...].starts(with: Data("\r\n".utf8)) else { return nil }
            position += 2
            guard let headersRange = body.range(of: headerEnd, in: position..<body.endIndex),
                let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headersRange.upperBound..<body.endIndex)
            else { return nil }
            let headers = String(decoding: body[position..<headersRange.lowerBound], as: UTF8.self)
            let content = body[headersRange.upperBound..<next.lowerBound]
            var name: String?
            var filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: line)
                filename = parameter("filename", in: line)
            }
            if let name {
                if let filename {
                    if !content.isEmpty || !filename.isEmpty {
                        form.files.append(File(field: name, filename: filename, data: Data(content)))
                    }
                } else {
                    form.fields.append((name, String(decoding: content, as: UTF8.self)))
                }
            }
            position = next.upperBound
        }
    }

    private static func parameter(_ key: String, in line: String) -> String? {
        guard let range = line.range(of: "\(key)=\"") else { return nil }
        let rest = line[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
