import Foundation

/// A signed-in browser session. The browser holds a random key; the store keeps only its hash.
public struct SessionRecord: Sendable, Equatable {
    /// SHA-256 of the key in the browser's cookie.
    public var keyHash: String
    public var userID: UserID
    public var createdAt: Date
    /// Refreshed at most once a minute while the session is used.
    public var lastSeenAt: Date
    /// The latest instant at which the session ends, however active it is.
    public var expiresAt: Date

    public init(keyHash: String, userID: UserID, createdAt: Date, lastSeenAt: Date, expiresAt: Date) {
        self.keyHash = keyHash
        self.userID = userID
        self.createdAt = Timestamp.truncated(createdAt)
        self.lastSeenAt = Timestamp.truncated(lastSeenAt)
        self.expiresAt = Timestamp.truncated(expiresAt)
    }
}

/// How long sessions last.
public struct SessionPolicy: Sendable, Equatable {
    /// A session unused for this long ends.
    public var idleTimeout: TimeInterval
    /// A session ends this long after sign-in, however active.
    public var absoluteTimeout: TimeInterval

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 3600) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    /// Whether `session` is still valid at `instant`.
    public func isValid(_ session: SessionRecord, at instant: Date) -> Bool {
        instant < session.expiresAt && instant.timeIntervalSince(session.lastSeenAt) < idleTimeout
    }

    /// Whether the session's last-seen time is stale enough to write again; keeps a busy session
    /// from writing on every request.
    public func needsTouch(_ session: SessionRecord, at instant: Date) -> Bool {
        instant.timeIntervalSince(session.lastSeenAt) >= 60
    }
}

/// An API token for system-to-system use. Scoped to one organization; acts with the roles of the
/// person who created it, and stops working when revoked or when that person is disabled.
public struct APIToken: Sendable, Equatable, Identifiable {
    public var id: APITokenID
    public var organizationID: OrganizationID
    /// The person who created it; the token acts with their roles.
    public var userID: UserID
    /// What the token is for, in the creator's words (`case-system sync`).
    public var name: String
    /// The first characters of the secret, so people can tell tokens apart.
    public var prefix: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    /// When it stops working. Tokens made before tokens expired have none stored; they expire
    /// ``defaultLifetime`` after they were made.
    public var expiresAt: Date?

    public init(
        id: APITokenID, organizationID: OrganizationID, userID: UserID, name: String, prefix: String,
        createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil, expiresAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.createdAt = Timestamp.truncated(createdAt)
        self.lastUsedAt = lastUsedAt.map(Timestamp.truncated)
        self.revokedAt = revokedAt.map(Timestamp.truncated)
        self.expiresAt = expiresAt.map(Timestamp.truncated)
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// How long a token works unless configured otherwise: a year.
    public static let defaultLifetime: TimeInterval = 365 * 86_400

    /// When the token stops working.
    public var effectiveExpiry: Date { expiresAt ?? createdAt + Self.defaultLifetime }

    /// Whether the token authenticates at `instant`: not revoked and not expired.
    public func isUsable(at instant: Date) -> Bool { !isRevoked && instant < effectiveExpiry }

    /// The text every token secret starts with, so that a leaked token is recognisable in a scan.
    public static let secretPrefix = "hw_"

    /// A new secret. Shown once; only its hash is stored.
    public static func makeSecret() -> String { secretPrefix + SecretGenerator.make(bytes: 32) }

    /// A new token named `name` acting for `user`, valid for `lifetimeDays` from `instant`, with its
    /// secret: shown once, stored only as its hash.
    public static func issue(
        name: String, for user: UserID, in organization: OrganizationID, id: APITokenID, at instant: Date, lifetimeDays: Int
    ) throws -> (token: APIToken, secret: String) {
        let name = try validatedName(name)
        let secret = makeSecret()
        let token = APIToken(
            id: id, organizationID: organization, userID: user, name: name, prefix: String(secret.prefix(secretPrefix.count + 6)),
            createdAt: instant, expiresAt: instant + TimeInterval(lifetimeDays * 86_400))
        return (token, secret)
    }

    /// The stored hash of a secret. Secrets carry 256 bits of entropy, so a plain digest suffices
    /// (a slow password hash would only slow every API call).
    public static func hash(secret: String) -> String { SHA256Digest.hex(secret) }

    /// Checks a token name.
    public static func validatedName(_ name: String) throws -> String {
        let name = name.trimmed
        if name.isEmpty || name.count > 80 {
            throw HomewardError.invalid("name", "Name the token after what uses it (up to 80 characters).")
        }
        return name
    }
}

/// What a sign-in attempt comes to, decided before anything is written.
public enum SignInDecision: Sendable, Equatable {
    case allowed
    /// No account has the address, the account is disabled, or its organization is deactivated:
    /// all answered alike, so the page reveals nothing about accounts.
    case refused(reason: String)
    /// Too many failed attempts: no password is accepted until then.
    case locked(until: Date)
    /// The account may sign in but the password is wrong; the failure counts toward a lockout.
    case wrongPassword
}

public enum SignInRules {
    /// Decides a sign-in attempt for `user` (nil when the address is unknown) of `organization`
    /// at `instant`, given whether the password matched (checked even for unknown addresses, so
    /// timing reveals nothing).
    public static func decide(user: User?, organization: Organization?, passwordMatches: Bool, at instant: Date) -> SignInDecision {
        guard let user else { return .refused(reason: "unknown account") }
        guard user.active else { return .refused(reason: "account disabled") }
        guard organization?.active == true else { return .refused(reason: "organization deactivated") }
        if let lockedUntil = user.lockedUntil, lockedUntil > instant { return .locked(until: lockedUntil) }
        return passwordMatches ? .allowed : .wrongPassword
    }
}
