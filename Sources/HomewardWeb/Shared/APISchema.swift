import Foundation
import HomewardCore

/// A JSON shape the API documents under `components/schemas`. The schema is read from the type's
/// `Decodable` conformance (property names, their types, which may be absent), so the Codable type
/// is the one source of the shape; `schemaNotes` adds only what a Swift type cannot say.
protocol APISchema: Decodable {
    /// The name under `components/schemas`.
    static var schemaName: String { get }
    static var schemaNotes: SchemaNotes { get }
}

extension APISchema {
    static var schemaNotes: SchemaNotes { SchemaNotes() }
}

/// What a schema says beyond its Swift type: formats, allowed values and descriptions per property,
/// and the properties the rules require though decoding lets them be absent (they are then
/// reported as field errors, not as a decoding failure).
struct SchemaNotes {
    var description: String?
    var properties: [String: PropertyNote] = [:]
    var required: [String] = []
}

/// A note on one property.
struct PropertyNote {
    var format: String?
    var values: [String]?
    var description: String?
    var minLength: Int?
    var maxLength: Int?

    /// An instant with its offset, RFC 3339.
    static let dateTime = PropertyNote(format: "date-time")

    static func values(_ values: [String]) -> PropertyNote { PropertyNote(values: values) }

    static func values<E: CaseIterable & RawRepresentable>(of type: E.Type) -> PropertyNote where E.RawValue == String {
        PropertyNote(values: E.allCases.map(\.rawValue))
    }

    static func described(_ description: String) -> PropertyNote { PropertyNote(description: description) }

    func described(_ description: String) -> PropertyNote {
        var note = self
        note.description = description
        return note
    }
}

/// A string-valued enumeration the API carries: its schema lists the values.
protocol SchemaEnumeration: Decodable {
    static var schemaValues: [String] { get }
    /// Any one value, to stand for the property while its schema is read.
    static var schemaPlaceholder: Self { get }
}

extension SchemaEnumeration where Self: CaseIterable & RawRepresentable, RawValue == String {
    static var schemaValues: [String] { allCases.map(\.rawValue) }
    static var schemaPlaceholder: Self { allCases.first! }
}

extension OrganizationKind: SchemaEnumeration {}
extension Role: SchemaEnumeration {}
extension AuditOutcome: SchemaEnumeration {}
extension PersonnelRole: SchemaEnumeration {}
extension CriterionResult.Section: SchemaEnumeration {}

/// Reads JSON Schemas (2020-12, as OpenAPI 3.1 uses) from `Decodable` types by decoding a stand-in
/// value with a decoder that records every property asked for, its type, and whether it may be
/// absent. Types that are `APISchema` become named components referred to by `$ref`.
final class SchemaReader {
    /// The named schemas read so far.
    private(set) var components: [String: [String: Any]] = [:]
    /// The types being read, to refuse a type that contains itself (it has no stand-in value).
    private var reading: Set<ObjectIdentifier> = []

    /// A reference to `type`'s component, reading it (and what it refers to) first.
    func reference<T: APISchema>(_ type: T.Type) throws -> [String: Any] {
        try read(type).schema
    }

    /// The schema of `type` (a reference when it is named) and a stand-in value of it.
    func read<T: Decodable>(_ type: T.Type) throws -> (schema: [String: Any], value: T) {
        if let primitive = Self.primitive(type) { return primitive }
        if let enumeration = type as? any SchemaEnumeration.Type {
            return (["type": "string", "enum": enumeration.schemaValues], enumeration.schemaPlaceholder as! T)
        }
        guard reading.insert(ObjectIdentifier(type)).inserted else {
            throw SchemaError(message: "\(T.self) contains itself; the API's shapes are trees.")
        }
        defer { reading.remove(ObjectIdentifier(type)) }
        let decoder = RecordingDecoder(reader: self)
        let value: T
        do {
            value = try T(from: decoder)
        } catch {
            throw SchemaError(message: "\(T.self) could not be read as a schema: \(error)")
        }
        var schema = decoder.node.schema
        guard let named = type as? any APISchema.Type else { return (schema, value) }
        let notes = named.schemaNotes
        try Self.apply(notes, to: &schema, of: named.schemaName)
        if let existing = components[named.schemaName], !NSDictionary(dictionary: existing).isEqual(to: schema) {
            throw SchemaError(message: "Two types are named \(named.schemaName) in the API document.")
        }
        components[named.schemaName] = schema
        return (["$ref": "#/components/schemas/\(named.schemaName)"], value)
    }

    struct SchemaError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func primitive<T>(_ type: T.Type) -> (schema: [String: Any], value: T)? {
        switch type {
        case is String.Type: (["type": "string"], "" as! T)
        case is Bool.Type: (["type": "boolean"], false as! T)
        case is Int.Type: (["type": "integer"], 0 as! T)
        case is Int64.Type: (["type": "integer"], Int64(0) as! T)
        case is Double.Type: (["type": "number"], 0.0 as! T)
        // A map from names to texts, such as a narrative per language.
        case is [String: String].Type: (["type": "object", "additionalProperties": ["type": "string"]], [String: String]() as! T)
        default: nil
        }
    }

    private static func apply(_ notes: SchemaNotes, to schema: inout [String: Any], of name: String) throws {
        var properties = schema["properties"] as? [String: Any] ?? [:]
        for (property, note) in notes.properties {
            guard var described = properties[property] as? [String: Any] else {
                throw SchemaError(message: "\(name) has a note on \(property), which it does not have.")
            }
            if let format = note.format { described["format"] = format }
            if let values = note.values, var items = described["items"] as? [String: Any] {
                items["enum"] = values
                described["items"] = items
            } else if let values = note.values {
                let nullable = (described["type"] as? [String])?.contains("null") == true
                described["enum"] = nullable ? values + [NSNull()] as [Any] : values
            }
            if let description = note.description { described["description"] = description }
            if let minLength = note.minLength { described["minLength"] = minLength }
            if let maxLength = note.maxLength { described["maxLength"] = maxLength }
            properties[property] = described
        }
        schema["properties"] = properties
        if !notes.required.isEmpty {
            for property in notes.required where properties[property] == nil {
                throw SchemaError(message: "\(name) requires \(property), which it does not have.")
            }
            let required = Set(schema["required"] as? [String] ?? []).union(notes.required)
            schema["required"] = required.sorted()
        }
        if let description = notes.description { schema["description"] = description }
    }
}

/// What a decoder was asked for, which becomes a schema.
private final class SchemaNode {
    enum Shape {
        case unknown
        case object(properties: [String: [String: Any]], required: [String])
        case array(items: [String: Any])
        case value([String: Any])
    }

    var shape = Shape.unknown

    var schema: [String: Any] {
        switch shape {
        case .unknown: [:]
        case .object(let properties, let required): ["type": "object", "properties": properties, "required": required]
        case .array(let items): ["type": "array", "items": items]
        case .value(let schema): schema
        }
    }

    func property(_ name: String, _ schema: [String: Any], optional: Bool) {
        guard case .object(var properties, var required) = shape else { return }
        properties[name] = optional ? Self.nullable(schema) : schema
        if !optional { required.append(name) }
        shape = .object(properties: properties, required: required)
    }

    static func nullable(_ schema: [String: Any]) -> [String: Any] {
        if let type = schema["type"] as? String {
            var schema = schema
            schema["type"] = [type, "null"]
            if let values = schema["enum"] as? [String] { schema["enum"] = values + [NSNull()] as [Any] }
            return schema
        }
        return ["oneOf": [schema, ["type": "null"]]]
    }
}

private struct RecordingDecoder: Decoder {
    let reader: SchemaReader
    let node = SchemaNode()
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .unknown = node.shape { node.shape = .object(properties: [:], required: []) }
        return KeyedDecodingContainer(RecordingKeyedContainer<Key>(reader: reader, node: node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        RecordingUnkeyedContainer(reader: reader, node: node)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        RecordingValueContainer(reader: reader, node: node)
    }
}

private struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: SchemaReader
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    private func property<T: Decodable>(_ type: T.Type, _ key: Key, optional: Bool) throws -> T {
        let (schema, value) = try reader.read(type)
        node.property(key.stringValue, schema, optional: optional)
        return value
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try property(type, key, optional: false) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try property(type, key, optional: false) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try property(type, key, optional: false) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try property(type, key, optional: false) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try property(type, key, optional: false) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try property(type, key, optional: false) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try property(type, key, optional: true) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try property(type, key, optional: true) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try property(type, key, optional: true) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try property(type, key, optional: true) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try property(type, key, optional: true) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try property(type, key, optional: true) }

    // The API's types use none of the other number types.
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw unsupported(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { throw unsupported(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { throw unsupported(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { throw unsupported(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { throw unsupported(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { throw unsupported(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { throw unsupported(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { throw unsupported(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { throw unsupported(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw unsupported(type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw unsupported([Any].self) }
    func superDecoder() throws -> any Decoder { throw unsupported((any Decoder).self) }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw unsupported((any Decoder).self) }
}

private struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
    let reader: SchemaReader
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    /// One stand-in element: enough to read the items' schema.
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { throw unsupported(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { throw unsupported(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { throw unsupported(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { throw unsupported(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { throw unsupported(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { throw unsupported(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { throw unsupported(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { throw unsupported(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { throw unsupported(type) }

    private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, value) = try reader.read(type)
        node.shape = .array(items: schema)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw unsupported(type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw unsupported([Any].self) }
    mutating func superDecoder() throws -> any Decoder { throw unsupported((any Decoder).self) }
}

private struct RecordingValueContainer: SingleValueDecodingContainer {
    let reader: SchemaReader
    let node: SchemaNode
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
    func decode(_ type: String.Type) throws -> String { try value(type) }
    func decode(_ type: Double.Type) throws -> Double { try value(type) }
    func decode(_ type: Int.Type) throws -> Int { try value(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }
    func decode(_ type: Float.Type) throws -> Float { throw unsupported(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { throw unsupported(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { throw unsupported(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { throw unsupported(type) }
    func decode(_ type: UInt.Type) throws -> UInt { throw unsupported(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { throw unsupported(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { throw unsupported(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { throw unsupported(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { throw unsupported(type) }

    private func value<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, value) = try reader.read(type)
        node.shape = .value(schema)
        return value
    }
}

private func unsupported(_ type: Any.Type) -> SchemaReader.SchemaError {
    SchemaReader.SchemaError(message: "The API schema reader does not read \(type); use String, Bool, Int, Double, arrays or structs.")
}
