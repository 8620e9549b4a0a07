import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

@Suite("API schemas read from Codable types")
struct APISchemaTests {
    struct Pet: Codable, APISchema {
        static let schemaName = "Pet"
        static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["bornAt": .dateTime], required: ["nickname"]) }

        var name: String
        var nickname: String?
        var age: Int
        var bornAt: String?
        var vaccinated: Bool
        var kind: OrganizationKind
        var tags: [String]
        var owner: Owner
        var friends: [Owner]?
    }

    struct Nested: Codable, APISchema {
        static let schemaName = "Nested"
        var children: [Nested]
    }

    struct Owner: Codable {
        var name: String
        var phone: String?
    }

    struct Misnamed: Codable, APISchema {
        static let schemaName = "Misnamed"
        static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["missing": .dateTime]) }
        var present: String
    }

    struct OtherPet: Codable, APISchema {
        static let schemaName = "Pet"
        var other: String
    }

    struct Weighed: Codable, APISchema {
        static let schemaName = "Weighed"
        var grams: Float
    }

    func properties(_ schema: [String: Any]?) -> [String: [String: Any]] {
        schema?["properties"] as? [String: [String: Any]] ?? [:]
    }

    @Test func a_type_becomes_a_component_with_its_properties_types_and_absences() throws {
        let reader = SchemaReader()
        let reference = try reader.reference(Pet.self)
        #expect(reference["$ref"] as? String == "#/components/schemas/Pet")
        let pet = try #require(reader.components["Pet"])
        let p = properties(pet)
        #expect(p["name"]?["type"] as? String == "string")
        #expect(p["age"]?["type"] as? String == "integer")
        #expect(p["vaccinated"]?["type"] as? String == "boolean")
        #expect(p["nickname"]?["type"] as? [String] == ["string", "null"])
        #expect(p["bornAt"]?["format"] as? String == "date-time")
        #expect(p["kind"]?["enum"] as? [String] == OrganizationKind.allCases.map(\.rawValue))
        #expect((p["tags"]?["items"] as? [String: Any])?["type"] as? String == "string")
        // A nested type without a name is written in place; the type itself, referred to again, by reference.
        #expect(properties(p["owner"])["phone"]?["type"] as? [String] == ["string", "null"])
        #expect(p["friends"]?["type"] as? [String] == ["array", "null"])
        // Required: what decoding requires, and what the notes add.
        #expect(Set(pet["required"] as? [String] ?? []) == ["name", "nickname", "age", "vaccinated", "kind", "tags", "owner"])
    }

    @Test func a_note_on_a_property_the_type_lacks_is_an_error() {
        #expect(throws: SchemaReader.SchemaError.self) { try SchemaReader().reference(Misnamed.self) }
    }

    @Test func two_types_with_one_name_are_an_error() throws {
        let reader = SchemaReader()
        _ = try reader.reference(Pet.self)
        #expect(throws: SchemaReader.SchemaError.self) { try reader.reference(OtherPet.self) }
    }

    @Test func a_type_that_contains_itself_is_an_error() {
        #expect(throws: SchemaReader.SchemaError.self) { try SchemaReader().reference(Nested.self) }
    }

    @Test func a_number_type_the_reader_does_not_know_is_an_error() {
        #expect(throws: SchemaReader.SchemaError.self) { try SchemaReader().reference(Weighed.self) }
    }

    @Test func every_documented_operation_has_readable_schemas() throws {
        let data = try OpenAPIDocument.json(endpoints: allEndpoints(registry: metricsRegistry))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        // Every reference in the document names a schema it has.
        func references(in value: Any) -> [String] {
            if let object = value as? [String: Any] {
                let here = (object["$ref"] as? String).map { [String($0.split(separator: "/").last ?? "")] } ?? []
                return here + object.values.flatMap(references)
            }
            return (value as? [Any])?.flatMap(references) ?? []
        }
        let references = Set(references(in: document))
        #expect(!references.isEmpty)
        #expect(references.subtracting(schemas.keys).isEmpty)
        #expect(properties(schemas["Episode"] as? [String: Any])["clocks"] != nil)
    }
}
