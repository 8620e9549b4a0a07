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
        // Eight bytes per call to the system's source, not one.
        var data = Data(capacity: bytes + 8)
        while data.count < bytes { withUnsafeBytes(of: generator.next()) { data.append(contentsOf: $0) } }
        // URL-safe base64 without padding, written directly.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let input = [UInt8](data.prefix(bytes))
        var output: [UInt8] = []
        output.reserveCapacity((bytes * 4 + 2) / 3)
        var index = 0
        while index < input.count {
            let chunk = input[index..<min(index + 3, input.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(16 - 8 * $1.offset) }
            for position in 0..<(chunk.count + 1) { output.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 0x3F)]) }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
