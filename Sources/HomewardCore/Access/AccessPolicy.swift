/// Who is asking: a signed-in person or a system holding one of their organization's API tokens.
public struct Principal: Sendable, Equatable {
    /// How the request proved who it is.
    public enum Credential: Sendable, Equatable {
        case session
        case apiToken(APITokenID)
    }

    public var userID: UserID
    public var organizationID: OrganizationID
    public var organizationKind: OrganizationKind
    public var roles: Set<Role>
    public var credential: Credential

    public init(
        userID: UserID, organizationID: OrganizationID, organizationKind: OrganizationKind,
        roles: Set<Role>, credential: Credential
    ) {
        self.userID = userID
        self.organizationID = organizationID
        self.organizationKind = organizationKind
        self.roles = roles
        self.credential = credential
    }

    /// Whether the principal works for the clearinghouse.
    public var isClearinghouseStaff: Bool { organizationKind == .clearinghouse }
}

/// Everything a principal can ask to do. Each route names exactly one action; the policy decides it.
public enum Action: String, CaseIterable, Sendable {
    /// See one's own home page and account.
    case viewHome = "home.view"
    /// Change one's own password.
    case changeOwnPassword = "account.change_password"
    /// List every organization in Homeward.
    case listOrganizations = "organizations.list"
    /// Add an organization.
    case createOrganization = "organizations.create"
    /// See one organization's profile.
    case viewOrganization = "organization.view"
    /// Change one organization's profile or deactivate it.
    case editOrganization = "organization.edit"
    /// See the people of one organization.
    case listUsers = "users.list"
    /// Add, disable, enable or reset the password of a person in one organization.
    case manageUsers = "users.manage"
    /// Create, list and revoke one organization's API tokens.
    case manageAPITokens = "api_tokens.manage"
    /// Browse the audit trail (all of it, or one organization's part).
    case viewAudit = "audit.view"
}

/// The answer of the access policy.
public enum AccessDecision: Sendable, Equatable {
    case allow
    /// Denied, with the reason in plain words (recorded in the audit trail, shown to the user).
    case deny(String)

    public var isAllowed: Bool { self == .allow }
}

/// The one place that decides every permission: role × action × whose organization. Anything not
/// explicitly allowed here is denied.
public enum AccessPolicy {
    /// Whether `principal` may perform `action` on data belonging to `organization` (nil for
    /// actions that are not about one organization's data).
    public static func decide(
        _ principal: Principal, _ action: Action, organization: OrganizationID? = nil
    ) -> AccessDecision {
        let roles = principal.roles
        let own = organization == nil || organization == principal.organizationID
        let viaToken: Bool = if case .apiToken = principal.credential { true } else { false }

        switch action {
        case .viewHome:
            return .allow
        case .changeOwnPassword:
            return viaToken ? .deny("An API token cannot change a password.") : .allow
        case .listOrganizations:
            return principal.isClearinghouseStaff ? .allow : .deny("Only clearinghouse staff see every organization.")
        case .createOrganization:
            return roles.contains(.clearinghouseAdmin)
                ? .allow : .deny("Only clearinghouse administrators add organizations.")
        case .viewOrganization:
            return own || principal.isClearinghouseStaff ? .allow : .deny("This is another organization.")
        case .editOrganization:
            return roles.contains(.clearinghouseAdmin)
                ? .allow : .deny("Only clearinghouse administrators change organizations.")
        case .listUsers, .manageUsers:
            if roles.contains(.clearinghouseAdmin) { return .allow }
            if roles.contains(.agencyAdmin) {
                return own ? .allow : .deny("Agency administrators manage only their own organization's people.")
            }
            return .deny("Only administrators manage people.")
        case .manageAPITokens:
            if viaToken { return .deny("An API token cannot manage API tokens.") }
            guard roles.contains(.clearinghouseAdmin) || roles.contains(.agencyAdmin) else {
                return .deny("Only administrators manage API tokens.")
            }
            return own ? .allow : .deny("API tokens belong to one organization; manage only your own.")
        case .viewAudit:
            if roles.contains(.clearinghouseAdmin) { return .allow }
            if roles.contains(.agencyAdmin) {
                return own ? .allow : .deny("Agency administrators see only their own organization's audit trail.")
            }
            return .deny("Only administrators browse the audit trail.")
        }
    }
}
