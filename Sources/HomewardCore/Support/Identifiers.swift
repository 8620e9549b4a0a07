import Foundation

/// The identifier of an organization: a lowercase UUID string.
public struct OrganizationID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// The identifier of a user account: a lowercase UUID string.
public struct UserID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// The identifier of an API token (not the secret itself).
public struct APITokenID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Makes new identifiers. Injected so that tests can produce predictable ids.
public protocol IdentifierGenerator: Sendable {
    /// A new identifier, unique for the life of the database.
    func next() -> String
}

/// Random UUIDs, the production generator.
public struct RandomIdentifierGenerator: IdentifierGenerator {
    public init() {}
    public func next() -> String { UUID().uuidString.lowercased() }
}

/// Makes secrets (session keys, API tokens, CSRF tokens) from the system's secure random source.
public enum SecretGenerator {
    /// A URL-safe random string carrying `bytes` bytes of entropy.
    public static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
