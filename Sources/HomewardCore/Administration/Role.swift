/// What a person does in their organization. A user holds one or more roles, each allowed only in
/// the kinds of organization where that work happens.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case clearinghouseAdmin = "clearinghouse_admin"
    case caseManager = "case_manager"
    case analyst
    case readinessReviewer = "readiness_reviewer"
    case agencyAdmin = "agency_admin"
    case caseworker
    case supervisor
    case investigator
    case psapManager = "psap_manager"
    case telecommunicator
    case qaReviewer = "qa_reviewer"

    /// The name people use.
    public var title: String {
        switch self {
        case .clearinghouseAdmin: "Clearinghouse administrator"
        case .caseManager: "Case manager"
        case .analyst: "Analyst"
        case .readinessReviewer: "Readiness reviewer"
        case .agencyAdmin: "Agency administrator"
        case .caseworker: "Caseworker"
        case .supervisor: "Supervisor"
        case .investigator: "Investigator"
        case .psapManager: "PSAP manager"
        case .telecommunicator: "Telecommunicator"
        case .qaReviewer: "QA reviewer"
        }
    }

    /// The kinds of organization whose people may hold this role.
    public var organizationKinds: Set<OrganizationKind> {
        switch self {
        case .clearinghouseAdmin, .caseManager, .analyst, .readinessReviewer: [.clearinghouse]
        case .agencyAdmin: [.childWelfare, .lawEnforcement, .psap]
        case .caseworker: [.childWelfare]
        case .supervisor: [.childWelfare, .lawEnforcement]
        case .investigator: [.lawEnforcement]
        case .psapManager, .telecommunicator, .qaReviewer: [.psap]
        }
    }

    /// The roles a person in an organization of `kind` may hold, in display order.
    public static func allowed(in kind: OrganizationKind) -> [Role] {
        allCases.filter { $0.organizationKinds.contains(kind) }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
