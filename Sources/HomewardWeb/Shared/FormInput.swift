import Foundation
import HomewardCore
import Hummingbird
import NIOCore

/// A submitted HTML form (`application/x-www-form-urlencoded`): every value of every field, in order.
struct FormInput: Sendable {
    private(set) var fields: [(name: String, value: String)] = []

    init(fields: [(name: String, value: String)]) { self.fields = fields }

    /// Reads the form from `request`'s body (at most `limit` bytes). The body stays readable for
    /// the handler afterwards.
    static func read(_ request: inout Request, limit: Int) async throws -> FormInput {
        let buffer: ByteBuffer
        buffer = try await request.limitedBody(upTo: limit)
        return FormInput(urlEncoded: String(buffer: buffer))
    }

    /// Parses `text` as URL-encoded pairs.
    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields.append((name, value))
        }
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of `name`, trimmed; nil when absent.
    func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The first value of `name` or an empty string.
    subscript(_ name: String) -> String { value(name) ?? "" }

    /// Every value of `name` (checkbox groups).
    func values(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }
}

extension Request {
    /// The whole body, at most `limit` bytes; more is ``HomewardError/payloadTooLarge(limit:)``.
    mutating func limitedBody(upTo limit: Int) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HomewardError.payloadTooLarge(limit: limit)
        } catch is NIOTooManyBytesError {
            throw HomewardError.payloadTooLarge(limit: limit)
        }
    }

    /// The submitted form; the CSRF middleware has already read and checked it.
    mutating func form(limit: Int) async throws -> FormInput {
        let form = try await FormInput.read(&self, limit: limit)
        // No control character but a line break or tab is part of anything Homeward stores;
        // refuse one before it reaches a field (single-line fields refuse those in their rules).
        if let field = form.fields.first(where: { field in
            field.value.unicodeScalars.contains { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) }
        }) {
            throw HomewardError.invalid(field.name, "Remove the invisible control characters.", code: "controlCharacters")
        }
        return form
    }

    /// The path (`guardian.name`, `items.2`) of the first string in a decoded JSON value that holds
    /// a control character other than a line break or tab, or nil.
    static func fieldWithControlCharacter(in value: Any, path: String) -> String? {
        func joined(_ key: String) -> String { path.isEmpty ? key : path + "." + key }
        switch value {
        case let text as String:
            let bad = text.unicodeScalars.contains { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) }
            return bad ? path : nil
        case let object as [String: Any]:
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if fieldWithControlCharacter(in: key, path: joined(key)) != nil { return joined(key) }
                if let found = fieldWithControlCharacter(in: member, path: joined(key)) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, member) in array.enumerated() {
                if let found = fieldWithControlCharacter(in: member, path: joined(String(index))) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// The JSON body decoded as `T`; a malformed body is a validation error naming the problem.
    mutating func json<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        buffer = try await limitedBody(upTo: limit)
        let bytes = Data(buffer.readableBytesView)
        // A NUL is never part of anything Homeward stores; refuse it before it reaches a field.
        if bytes.range(of: Data(#"\u0000"#.utf8)) != nil {
            throw HomewardError.invalid("body", "Text may not contain the NUL character (\\u0000).", code: "controlCharacters")
        }
        // Nor is any other control character but a line break or tab; fields that take one line
        // refuse those in their own rules.
        if let object = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]),
            let field = Self.fieldWithControlCharacter(in: object, path: "")
        {
            throw HomewardError.invalid(
                field.isEmpty ? "body" : field, "Remove the invisible control characters.", code: "controlCharacters")
        }
        do {
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch DecodingError.keyNotFound(let key, _) {
            throw HomewardError.invalid(key.stringValue, "This field is required.", code: "required")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw HomewardError.invalid(field.isEmpty ? "body" : field, "This field has the wrong type.", code: "type")
        } catch {
            throw HomewardError.invalid("body", "The body must be a JSON object.", code: "json")
        }
    }
}
