import Foundation

/// Messages about individual fields of a submitted form or JSON body, in the order the fields
/// appear, so that a page can show each message beside its field.
public struct FieldErrors: Sendable, Equatable, Codable {
    /// One message about one field.
    public struct Entry: Sendable, Equatable, Codable {
        /// The field's name as it appears in the form and in JSON.
        public var field: String
        /// A sentence a person can act on.
        public var message: String
        /// What kind of problem it is, for a client or a page that says it in another language:
        /// `required`, `tooLong`, `controlCharacters`, `email`. Nil where no one translates it yet.
        public var code: String?
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// Records `message` for `field`; the first message for a field wins.
    public mutating func add(_ field: String, _ message: String, code: String? = nil) {
        guard !entries.contains(where: { $0.field == field }) else { return }
        entries.append(Entry(field: field, message: message, code: code))
    }

    /// The message recorded for `field`, if any.
    public subscript(field: String) -> String? {
        entries.first { $0.field == field }?.message
    }

    /// Throws ``HomewardError/invalid(_:)`` when any message was recorded.
    public func throwIfAny() throws {
        if !isEmpty { throw HomewardError.invalid(self) }
    }
}

/// Every failure the domain can report. The web layer maps each case to an HTTP status and a
/// stable problem type in exactly one place.
public enum HomewardError: Error, Sendable, Equatable {
    /// The input broke one or more rules; nothing was written.
    case invalid(FieldErrors)
    /// The request needs a signed-in user or a valid API token.
    case unauthenticated
    /// The access policy denied the action.
    case forbidden(String)
    /// No such record, or one the caller may not know exists.
    case notFound(String)
    /// The request conflicts with the current state (a duplicate code or e-mail, say).
    case conflict(String)
    /// Too many failed sign-ins; the account accepts none until the given instant.
    case lockedOut(until: Date)
    /// The request body is larger than the server accepts.
    case payloadTooLarge(limit: Int)
    /// Too many requests from one sender; try again after this many seconds.
    case rateLimited(retryAfter: Int)
    /// A form arrived without the token that proves it came from a Homeward page.
    case csrfRejected
    /// The report may be about a child already on record; a person must say whether it is
    /// (`childDecision`), since Homeward never links or splits records on its own.
    case possibleRepeat([RepeatCandidate])

    /// A one-field validation failure.
    public static func invalid(_ field: String, _ message: String, code: String? = nil) -> HomewardError {
        var errors = FieldErrors()
        errors.add(field, message, code: code)
        return .invalid(errors)
    }
}
