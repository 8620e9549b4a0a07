import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird
import NIOCore
import Synchronization

/// Every mutating API request may carry an `Idempotency-Key`: the first request with a key does
/// the work and its answer is kept; a retry with the same key and the same request gets that answer
/// again (marked `Idempotent-Replayed: true`) and changes nothing; the same key with another
/// request is refused with 422; while the first is still being answered a retry gets 409. Keys
/// belong to the caller (their organization and account). A request that failed (an error, a 5xx)
/// keeps nothing, so its retry does the work. Filing a report, opening a call and taking a tip
/// also keep their key in the same transaction as the record, so even a retry after the process
/// stopped mid-request cannot store them twice.
enum IdempotentRequests {
    static let header = HTTPField.Name("Idempotency-Key")!
    /// A reservation whose answer never came is taken over after this long.
    static let staleAfter: TimeInterval = 300

    static func run(
        _ request: Request, principal: Principal, services: AppServices, _ handler: (Request) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get, let key = request.headers[header]?.trimmed else { return try await handler(request) }
        guard (1...200).contains(key.count) else { throw HomewardError.invalid("Idempotency-Key", "Use 1 to 200 characters.") }
        var request = request
        // Buffered: the handler reads the same bytes afterwards.
        let body = try await request.limitedBody(upTo: services.configuration.maxUploadBytes)
        let digest = SHA256Digest.hex(of: Array("\(request.method) \(request.uri.path)\n".utf8) + canonical(body))
        let scope = "\(principal.organizationID.rawValue)/\(principal.userID.rawValue)"
        switch try await services.store.reserveRequest(
            scope: scope, key: key, digest: digest, at: services.clock.now(), staleAfter: staleAfter)
        {
        case .answered(let answer):
            var headers = HTTPFields()
            if let type = answer.contentType { headers[.contentType] = type }
            if let location = answer.location { headers[.location] = location }
            headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        case .otherContent:
            throw IdempotencyKey.reusedWithOtherContent
        case .inProgress:
            throw HomewardError.conflict("A request with this Idempotency-Key is still being answered; try again in a moment.")
        case .reserved:
            let response: Response
            do {
                response = try await handler(request)
            } catch {
                try? await services.store.releaseRequest(scope: scope, key: key)
                throw error
            }
            guard response.status.code < 500 else {
                try? await services.store.releaseRequest(scope: scope, key: key)
                return response
            }
            let bytes = try await collected(response.body)
            try await services.store.completeRequest(
                scope: scope, key: key,
                answer: StoredAnswer(
                    status: response.status.code, contentType: response.headers[.contentType], location: response.headers[.location],
                    body: Data(bytes)))
            var answered = response
            answered.body = .init(byteBuffer: ByteBuffer(bytes: bytes))
            return answered
        }
    }

    /// The body as compared between a request and its retry: JSON with its keys sorted (a client may
    /// write the same object in another order), anything else byte for byte.
    static func canonical(_ body: ByteBuffer) -> [UInt8] {
        let bytes = Data(body.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]),
            let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return Array(bytes) }
        return Array(sorted)
    }

    /// The bytes a response body writes.
    private static func collected(_ body: ResponseBody) async throws -> [UInt8] {
        let box = Collector.Box()
        try await body.write(Collector(box: box))
        return box.bytes
    }

    private struct Collector: ResponseBodyWriter {
        final class Box: Sendable {
            let collected = Mutex<[UInt8]>([])
            var bytes: [UInt8] { collected.withLock { $0 } }
        }

        let box: Box

        mutating func write(_ buffer: ByteBuffer) async throws { box.collected.withLock { $0 += buffer.readableBytesView } }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
