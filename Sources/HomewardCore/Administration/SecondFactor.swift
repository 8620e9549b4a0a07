import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): the second factor a person's
/// authenticator app shows. HMAC-SHA-1, 30-second steps and six digits, the parameters every
/// authenticator app reads from an `otpauth://` address.
public struct TOTP: Sendable, Equatable {
    /// The shared secret: 20 random bytes, as RFC 4226 recommends for HMAC-SHA-1.
    public var secret: [UInt8]
    public static let stepSeconds: Int64 = 30
    public static let digits = 6

    public init(secret: [UInt8]) { self.secret = secret }

    /// A new random secret.
    public static func generate() -> TOTP {
        var generator = SystemRandomNumberGenerator()
        return TOTP(secret: (0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The time step `instant` falls in (T in RFC 6238).
    public static func step(at instant: Date) -> Int64 {
        Int64((instant.timeIntervalSince1970).rounded(.down)) / stepSeconds
    }

    /// The code for time step `step` (RFC 4226 section 5.3: dynamic truncation of the HMAC).
    public func code(step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = binary % 1_000_000
        let text = String(value)
        return String(repeating: "0", count: Self.digits - text.count) + text
    }

    /// The code shown at `instant`.
    public func code(at instant: Date) -> String { code(step: Self.step(at: instant)) }

    /// The time step whose code `entered` is, looking one step either side of `instant` (a phone's
    /// clock a little off, a code typed as it changed), or nil. A step at or before `lastUsedStep`
    /// never counts again, so a code seen over a shoulder cannot be replayed.
    public func matchingStep(_ entered: String, at instant: Date, lastUsedStep: Int64?) -> Int64? {
        let digits = entered.filter { !$0.isWhitespace && $0 != "-" }
        guard digits.count == Self.digits, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let now = Self.step(at: instant)
        for step in [now, now - 1, now + 1] where step > (lastUsedStep ?? Int64.min) {
            if constantTimeEqual(code(step: step), digits) { return step }
        }
        return nil
    }

    /// The secret in base 32 (RFC 4648, no padding), grouped in fours for typing into an app.
    public var displayedSecret: String {
        let plain = Base32.encode(secret)
        return stride(from: 0, to: plain.count, by: 4).map { start in
            let from = plain.index(plain.startIndex, offsetBy: start)
            return String(plain[from..<(plain.index(from, offsetBy: 4, limitedBy: plain.endIndex) ?? plain.endIndex)])
        }.joined(separator: " ")
    }

    /// The `otpauth://totp/` address an authenticator app reads (the Key Uri Format).
    public func provisioningURI(issuer: String, account: String) -> String {
        func escaped(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@"))) ?? text
        }
        return "otpauth://totp/\(escaped(issuer)):\(escaped(account))?secret=\(Base32.encode(secret))&issuer=\(escaped(issuer))"
            + "&algorithm=SHA1&digits=\(Self.digits)&period=\(Self.stepSeconds)"
    }
}

/// Compares two strings without stopping at the first difference.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8)
    let right = Array(b.utf8)
    guard left.count == right.count else { return false }
    return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
}

/// Base 32 (RFC 4648 section 6), the alphabet authenticator apps expect for secrets.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base 32, ignoring spaces, hyphens, padding and case; nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased().utf8 where character != 0x20 && character != 0x2d && character != 0x3d {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}

/// One-use codes that stand in for the authenticator when the phone is lost. Shown once; only their
/// hashes are stored.
public enum RecoveryCodes {
    public static let count = 10

    /// New codes: ten groups of `xxxx-xxxx` from an alphabet without look-alike characters.
    public static func generate() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let characters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(characters[0..<4]) + "-" + String(characters[4..<8])
        }
    }

    /// The stored form of a code as a person types it (case, spaces and the hyphen do not matter).
    public static func hash(_ code: String) -> String {
        SHA256Digest.hex(code.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Whether `entered` looks like a recovery code rather than an authenticator's six digits.
    public static func looksLikeRecoveryCode(_ entered: String) -> Bool {
        entered.filter { $0.isLetter || $0.isNumber }.count == 8
    }
}

/// A person's enrolled second factor as stored.
public struct SecondFactorRecord: Sendable, Equatable {
    public var userID: UserID
    public var totp: TOTP
    /// The last time step whose code was accepted; older codes never count again.
    public var lastUsedStep: Int64?
    public var enrolledAt: Date
    /// Hashes of the recovery codes not yet used.
    public var unusedRecoveryCodes: Int

    public init(userID: UserID, totp: TOTP, lastUsedStep: Int64?, enrolledAt: Date, unusedRecoveryCodes: Int) {
        self.userID = userID
        self.totp = totp
        self.lastUsedStep = lastUsedStep
        self.enrolledAt = Timestamp.truncated(enrolledAt)
        self.unusedRecoveryCodes = unusedRecoveryCodes
    }

    /// What `entered` would prove: an authenticator code of a step not used yet, or a recovery code
    /// (by its hash). Spending the proof in the store decides whether it is accepted, once.
    public func proof(_ entered: String, at instant: Date) -> SecondFactorProof? {
        if RecoveryCodes.looksLikeRecoveryCode(entered) { return .recoveryCode(hash: RecoveryCodes.hash(entered)) }
        return totp.matchingStep(entered, at: instant, lastUsedStep: lastUsedStep).map { .totp(step: $0) }
    }
}

/// Who must use a second factor to sign in. Anyone may enrol; this decides who must.
public enum SecondFactorRequirement: String, Sendable, CaseIterable {
    /// Nobody is made to (the default).
    case off
    /// Everyone working for the clearinghouse: it sees every agency's cases.
    case clearinghouse
    /// Every account.
    case everyone

    /// Whether `user` of an organization of kind `kind` must have a second factor.
    public func applies(to user: User, organizationKind kind: OrganizationKind) -> Bool {
        switch self {
        case .off: false
        case .clearinghouse: kind == .clearinghouse
        case .everyone: true
        }
    }
}

/// What a sign-in that passed the password still needs.
public enum SecondFactorStep: Sendable, Equatable {
    /// Nothing: start the session.
    case none
    /// The person has a second factor: ask for a code.
    case code
    /// The person must have one and has none: enrol before the session starts.
    case enrol
}

public enum SecondFactorRules {
    /// The step after a correct password for `user`, given whether they are enrolled.
    public static func step(
        for user: User, organizationKind: OrganizationKind, enrolled: Bool, requirement: SecondFactorRequirement
    ) -> SecondFactorStep {
        if enrolled { return .code }
        return requirement.applies(to: user, organizationKind: organizationKind) ? .enrol : .none
    }

    /// How long a person has between the password and the code.
    public static let pendingLifetime: TimeInterval = 5 * 60
}

/// A sign-in between the password and the second factor. The browser holds a random key; the store
/// keeps its hash, who it is for and, while enrolling, the secret being set up.
public struct PendingSignIn: Sendable, Equatable {
    public var keyHash: String
    public var userID: UserID
    public var step: SecondFactorStep
    /// The secret offered for enrolment (only when `step` is `.enrol`).
    public var enrolling: TOTP?
    public var expiresAt: Date
    /// Where the person was going when asked to sign in.
    public var next: String

    public init(keyHash: String, userID: UserID, step: SecondFactorStep, enrolling: TOTP?, expiresAt: Date, next: String) {
        self.keyHash = keyHash
        self.userID = userID
        self.step = step
        self.enrolling = enrolling
        self.expiresAt = Timestamp.truncated(expiresAt)
        self.next = next
    }
}

/// How a code was accepted.
public enum SecondFactorProof: Sendable, Equatable {
    /// An authenticator code of this time step.
    case totp(step: Int64)
    /// A recovery code, by its hash; it is spent.
    case recoveryCode(hash: String)
}

public protocol SecondFactorStore: Sendable {
    /// The person's second factor, if they have one.
    func secondFactor(of user: UserID) async throws -> SecondFactorRecord?
    /// The people of `organization` who have a second factor.
    func usersWithSecondFactor(in organization: OrganizationID) async throws -> Set<UserID>
    /// Sets (or replaces) the person's second factor and recovery codes; `step` is the code that
    /// confirmed it, which never counts again.
    func enrolSecondFactor(
        _ totp: TOTP, of user: UserID, confirmedStep step: Int64, recoveryCodeHashes: [String], at instant: Date, audit: AuditEntry
    ) async throws
    /// Records that `proof` was used, once: false when the step was already used or the recovery
    /// code was spent meanwhile (two requests racing with one code).
    func spendSecondFactor(_ proof: SecondFactorProof, of user: UserID, at instant: Date) async throws -> Bool
    /// Whether `hash` is one of the person's unused recovery codes.
    func hasUnusedRecoveryCode(_ hash: String, of user: UserID) async throws -> Bool
    /// New recovery codes in place of the old ones.
    func replaceRecoveryCodes(of user: UserID, with hashes: [String], audit: AuditEntry) async throws
    /// Removes the second factor and its codes and ends the person's sessions (an administrator's
    /// reset after a lost phone, or the person turning it off).
    func removeSecondFactor(of user: UserID, audit: AuditEntry) async throws

    /// Stores a waiting sign-in in place of the person's earlier one, clearing those past their time.
    func startPendingSignIn(_ pending: PendingSignIn, at instant: Date) async throws
    func pendingSignIn(keyHash: String) async throws -> PendingSignIn?
    func deletePendingSignIn(keyHash: String) async throws
}
