import Foundation

/// The first answer to an API request sent with an `Idempotency-Key`, kept so that a retry gets
/// it again instead of doing the work twice.
public struct StoredAnswer: Sendable, Equatable {
    public var status: Int
    public var contentType: String?
    public var location: String?
    public var body: Data

    public init(status: Int, contentType: String?, location: String?, body: Data) {
        self.status = status
        self.contentType = contentType
        self.location = location
        self.body = body
    }
}

/// What a key's reservation found.
public enum RequestReservation: Sendable, Equatable {
    /// The key is new (or its earlier request was abandoned): this request does the work.
    case reserved
    /// A request with the key is being answered now.
    case inProgress
    /// The key came before with another request.
    case otherContent
    /// The key came before with this request: its answer.
    case answered(StoredAnswer)
}

/// Keys of mutating API requests, per caller: reserved before the work, completed with the answer.
public protocol IdempotentRequestStore: Sendable {
    /// Reserves `key` for the request with `digest` in `scope` (the caller), unless the key is
    /// known: then its answer, or that it is in progress, or that it came with other content. A
    /// reservation older than `staleAfter` whose answer never came is taken over.
    func reserveRequest(scope: String, key: String, digest: String, at instant: Date, staleAfter: TimeInterval) async throws
        -> RequestReservation
    /// Keeps the answer of a reserved request.
    func completeRequest(scope: String, key: String, answer: StoredAnswer) async throws
    /// Forgets a reservation whose request failed, so that a retry does the work.
    func releaseRequest(scope: String, key: String) async throws
}
