import Foundation
import Hummingbird

/// What every JSON API answer shares: the encoding and the list envelope.
enum APIResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// A list of items under `items`.
    struct List<Item: Codable & Sendable>: Codable, Sendable {
        var items: [Item]
    }
}

extension APIResponse.List: APISchema where Item: APISchema {
    static var schemaName: String { Item.schemaName + "List" }
}
