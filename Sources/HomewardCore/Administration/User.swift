import Foundation

/// A person's account. Belongs to exactly one organization.
public struct User: Sendable, Equatable, Codable, Identifiable {
    public var id: UserID
    public var organizationID: OrganizationID
    /// Lower-cased; unique across Homeward.
    public var email: String
    public var name: String
    public var roles: Set<Role>
    /// A disabled account cannot sign in and its tokens stop working.
    public var active: Bool
    public var createdAt: Date
    public var lastSignInAt: Date?
    /// Failed sign-ins since the last success or lock-out.
    public var failedSignIns: Int
    /// While in the future, the account accepts no password.
    public var lockedUntil: Date?
    /// The language notices reach the person in (a catalog's code: `en`, `es`); English by default.
    public var language: String

    public init(
        id: UserID, organizationID: OrganizationID, email: String, name: String, roles: Set<Role>,
        active: Bool = true, createdAt: Date, lastSignInAt: Date? = nil, failedSignIns: Int = 0,
        lockedUntil: Date? = nil, language: String = "en"
    ) {
        self.id = id
        self.organizationID = organizationID
        self.email = email
        self.name = name
        self.roles = roles
        self.active = active
        self.createdAt = createdAt
        self.lastSignInAt = lastSignInAt
        self.failedSignIns = failedSignIns
        self.lockedUntil = lockedUntil
        self.language = language
    }

    /// Roles in display order.
    public var sortedRoles: [Role] { roles.sorted() }

    /// Whether the account is locked at `instant`.
    public func isLocked(at instant: Date) -> Bool {
        guard let lockedUntil else { return false }
        return lockedUntil > instant
    }
}

/// What a person submits to create an account, before validation.
public struct UserDraft: Sendable, Equatable, Codable {
    public var email: String
    public var name: String
    public var roles: [String]
    public var password: String?

    public init(email: String, name: String, roles: [String], password: String? = nil) {
        self.email = email
        self.name = name
        self.roles = roles
        self.password = password
    }

    /// The account this draft describes in `organization`, or every problem with it at once.
    /// The password is checked here but hashed by the caller.
    public func validated(id: UserID, organization: Organization, createdAt: Date) throws -> User {
        var errors = FieldErrors()
        let email = self.email.trimmed.lowercased()
        if !UserRules.isValidEmail(email) { errors.add("email", "Enter an e-mail address such as name@agency.example.") }
        let name = self.name.trimmed
        if name.isEmpty || name.count > 120 {
            errors.add("name", "Enter the person's name (up to 120 characters).")
        } else if let problem = TextRules.problem(name, limit: 120, multiline: false) {
            errors.add("name", problem)
        }
        var roles = Set<Role>()
        for raw in self.roles {
            guard let role = Role(rawValue: raw) else {
                errors.add("roles", "“\(raw)” is not a role.")
                continue
            }
            if !role.organizationKinds.contains(organization.kind) {
                errors.add("roles", "\(role.title) is not a role in a \(organization.kind.title.lowercased()).")
            }
            roles.insert(role)
        }
        if self.roles.isEmpty { errors.add("roles", "Choose at least one role.") }
        if let password, let problem = UserRules.passwordProblem(password) { errors.add("password", problem) }
        try errors.throwIfAny()
        return User(id: id, organizationID: organization.id, email: email, name: name, roles: roles, createdAt: createdAt)
    }
}

/// Rules for account fields.
public enum UserRules {
    /// The shortest password Homeward accepts. Length beats composition rules (NIST SP 800-63B).
    public static let minimumPasswordLength = 12

    /// A plain check of an e-mail address's shape; delivery proves the rest.
    public static func isValidEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return !email.contains(where: { $0.isWhitespace || $0.isNewline }) && labels.allSatisfy { !$0.isEmpty }
            && !email.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Checks a new password and its confirmation; throws a field error for either.
    public static func checkNewPassword(_ password: String, confirmation: String) throws {
        if let problem = passwordProblem(password) { throw HomewardError.invalid("password", problem) }
        if password != confirmation { throw HomewardError.invalid("confirmation", "The two passwords are not the same.") }
    }

    /// Why `password` is not acceptable, or nil when it is.
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < minimumPasswordLength {
            return "Use at least \(minimumPasswordLength) characters."
        }
        if password.count > 128 { return "Use at most 128 characters." }
        if CommonPasswords.isCommon(password) {
            return "This password is among those guessed first. Choose a longer phrase of your own."
        }
        return nil
    }
}

/// The back-off for failed sign-ins. The first `maximumFailures - 1` failures cost nothing; the
/// next pauses the account for `firstPause`, and each failure after a pause doubles it, up to
/// `lockDuration`. Attempts during a pause are refused without being counted, so no one can hold an
/// account beyond the longest pause by trying faster, and a success (or a day with no pause) starts
/// the count again. The page answers a paused account exactly as it answers an unknown one.
public struct LockoutPolicy: Sendable, Equatable {
    /// The failure that brings the first pause.
    public var maximumFailures: Int
    /// The first pause.
    public var firstPause: TimeInterval
    /// The longest pause.
    public var lockDuration: TimeInterval
    /// A pause that ended this long ago no longer counts towards the next.
    public static let forgetAfter: TimeInterval = 86_400

    public init(maximumFailures: Int = 5, firstPause: TimeInterval = 30, lockDuration: TimeInterval = 15 * 60) {
        self.maximumFailures = max(1, maximumFailures)
        self.firstPause = max(1, min(firstPause, lockDuration))
        self.lockDuration = max(1, lockDuration)
    }

    /// The account's counters after one more failure at `instant`, given the failures counted so
    /// far and the end of its last pause.
    public func afterFailure(failures: Int, lockedUntil: Date? = nil, at instant: Date) -> (failures: Int, lockedUntil: Date?) {
        var earlier = max(0, failures)
        if let lockedUntil, instant.timeIntervalSince(lockedUntil) > Self.forgetAfter { earlier = 0 }
        let count = min(earlier, 10_000) + 1
        guard count >= maximumFailures else { return (count, nil) }
        // Doubling stops at the longest pause long before the exponent could overflow.
        let doublings = min(count - maximumFailures, 30)
        let pause = min(lockDuration, firstPause * Double(1 << doublings))
        return (count, instant + pause)
    }
}
