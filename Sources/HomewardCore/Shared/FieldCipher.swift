import Crypto
import Foundation

/// Encryption at rest of the most sensitive free text (case circumstances, with their medical and
/// trafficking details; case notes; return-interview and screening notes; referral notes; tip
/// contact details) and of the secrets Homeward must read back (webhook signing secrets,
/// authenticator secrets): AES-256-GCM under keys from configuration, each stored value naming the key
/// it was sealed with, so keys can be rotated while old values stay readable.
///
/// A stored value reads `hwenc1:<key id>:<base64 of nonce, ciphertext and tag>`. The field's name
/// is bound into the seal as associated data, so a value moved to another column does not open. A
/// value without the prefix is plain text written before encryption was turned on (or a tombstone's
/// empty text); it reads as it is, and `rotate-keys` seals it.
public struct FieldCipher: Sendable {
    public struct Key: Sendable {
        public var id: String
        let key: SymmetricKey

        public init(id: String, bytes: [UInt8]) {
            self.id = id
            self.key = SymmetricKey(data: bytes)
        }

        /// A digest of the key that names it without revealing it, kept in the database so a
        /// different key under the same id is caught at start-up.
        public var fingerprint: String {
            SHA256Digest.hex(of: Array(HMAC<SHA256>.authenticationCode(for: Array("homeward field key".utf8), using: key)))
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The value was sealed with a key that is not configured.
        case unknownKey(String)
        /// The value does not open: damaged, or moved from another field.
        case damaged(field: String)

        public var description: String {
            switch self {
            case .unknownKey(let id):
                "A stored value is sealed with key “\(id)”, which HOMEWARD_FIELD_KEYS does not hold. Add the key back; never start without it."
            case .damaged(let field): "A stored value of \(field) does not open: it is damaged or was moved from another field."
            }
        }
    }

    static let prefix = "hwenc1:"

    /// The key new values are sealed with.
    public let current: Key
    private let keys: [String: Key]

    /// `keys` in order of preference: the first seals, every one opens.
    public init(keys: [Key]) {
        precondition(!keys.isEmpty, "a cipher needs a key")
        self.current = keys[0]
        self.keys = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var keyIDs: [String] { Array(keys.keys).sorted() }

    public func key(_ id: String) -> Key? { keys[id] }

    /// Parses `HOMEWARD_FIELD_KEYS`: `id:base64,id:base64`, the first the current key; each key 32
    /// random bytes (`openssl rand -base64 32`). Throws a message naming what is wrong.
    public static func parse(_ text: String) throws -> FieldCipher {
        var keys: [Key] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, isKeyID(parts[0]), let bytes = Data(base64Encoded: parts[1]), bytes.count == 32 else {
                throw HomewardError.invalid(
                    "HOMEWARD_FIELD_KEYS",
                    "Write each key as id:base64 of 32 random bytes (letters, digits and hyphens for the id), separated by commas.")
            }
            guard !keys.contains(where: { $0.id == parts[0] }) else {
                throw HomewardError.invalid("HOMEWARD_FIELD_KEYS", "The key id “\(parts[0])” appears twice.")
            }
            keys.append(Key(id: parts[0], bytes: Array(bytes)))
        }
        guard !keys.isEmpty else { throw HomewardError.invalid("HOMEWARD_FIELD_KEYS", "Give at least one key.") }
        return FieldCipher(keys: keys)
    }

    static func isKeyID(_ id: String) -> Bool {
        (1...32).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// A new random key, in the form `HOMEWARD_FIELD_KEYS` takes.
    public static func newKeyText(id: String) -> String {
        "\(id):" + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
    }

    /// `plain` sealed for `field` under the current key; empty text stays empty (nothing to hide,
    /// and tombstones stay recognisable).
    public func seal(_ plain: String, field: String) -> String {
        guard !plain.isEmpty else { return plain }
        // AES-GCM with a random 96-bit nonce; the combined form is nonce, ciphertext and tag.
        let box = try! AES.GCM.seal(Array(plain.utf8), using: current.key, authenticating: Array(field.utf8))
        return Self.prefix + current.id + ":" + box.combined!.base64EncodedString()
    }

    public func seal(_ plain: String?, field: String) -> String? { plain.map { seal($0, field: field) } }

    /// The plain text of a stored value of `field`.
    public func open(_ stored: String, field: String) throws -> String {
        guard let (id, sealed) = Self.split(stored) else { return stored }
        guard let key = keys[id] else { throw Failure.unknownKey(id) }
        guard let data = Data(base64Encoded: String(sealed)), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key.key, authenticating: Array(field.utf8))
        else { throw Failure.damaged(field: field) }
        return String(decoding: plain, as: UTF8.self)
    }

    public func open(_ stored: String?, field: String) throws -> String? { try stored.map { try open($0, field: field) } }

    /// The key id a stored value is sealed with, or nil for plain text.
    public static func keyID(of stored: String) -> String? { split(stored)?.id }

    static func split(_ stored: String) -> (id: String, sealed: Substring)? {
        guard stored.hasPrefix(prefix) else { return nil }
        let rest = stored.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return (String(rest[..<colon]), rest[rest.index(after: colon)...])
    }

    /// The columns sealed at rest, as `table.column`: the field name bound into each seal.
    public static let sealedColumns: [(table: String, column: String, key: String)] = [
        ("episodes", "circumstances", "id"), ("episode_events", "note", "id"), ("case_tasks", "note", "id"),
        ("referrals", "note", "id"), ("tips", "contact_name", "id"), ("tips", "contact_phone", "id"), ("tips", "contact_email", "id"),
        ("webhook_endpoints", "secrets", "id"), ("second_factors", "secret", "user_id"), ("children", "tribal_affiliation", "id"),
    ]
}

extension FieldCipher: Equatable {
    /// The same keys, by id and fingerprint, with the same current key.
    public static func == (left: FieldCipher, right: FieldCipher) -> Bool {
        left.current.id == right.current.id && left.keyIDs == right.keyIDs
            && left.keyIDs.allSatisfy { left.key($0)?.fingerprint == right.key($0)?.fingerprint }
    }
}
