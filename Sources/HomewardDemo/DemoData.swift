import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb

/// The fictional demo data: every organization kind and one account per role, so a newcomer can
/// sign in a minute after cloning. Every name, address and number here is invented; e-mail
/// addresses use the reserved `.example` domain.
public enum DemoData {
    /// The password of every demo account, printed at every demo start and listed in the README.
    public static let password = "homeward-demo"

    struct DemoOrganization {
        var code: String
        var name: String
        var kind: OrganizationKind
        var state: String
        var timeZone: String
        var ori: String?
        var psap: String?
        var phone: String
    }

    struct DemoUser {
        var email: String
        var name: String
        var organization: String
        var roles: Set<Role>
    }

    static let organizations: [DemoOrganization] = [
        .init(
            code: "demo-clearinghouse", name: "Homeward Demo Clearinghouse", kind: .clearinghouse, state: "VA",
            timeZone: "America/New_York", phone: "555-010-1000"),
        .init(
            code: "cw-lakeshore", name: "Lakeshore County Children's Services", kind: .childWelfare, state: "IL",
            timeZone: "America/Chicago", phone: "555-010-2000"),
        .init(
            code: "cw-pinevalley", name: "Pine Valley Family Services", kind: .childWelfare, state: "CO", timeZone: "America/Denver",
            phone: "555-010-2100"),
        .init(
            code: "pd-maplewood", name: "Maplewood Police Department", kind: .lawEnforcement, state: "IL", timeZone: "America/Chicago",
            ori: "IL0990200", phone: "555-010-3000"),
        .init(
            code: "so-lakeshore", name: "Lakeshore County Sheriff's Office", kind: .lawEnforcement, state: "IL",
            timeZone: "America/Chicago", ori: "IL0990100", phone: "555-010-3100"),
        .init(
            code: "pd-pinevalley", name: "Pine Valley Police Department", kind: .lawEnforcement, state: "CO", timeZone: "America/Denver",
            ori: "CO0990300", phone: "555-010-3200"),
        .init(
            code: "psap-lakeshore", name: "Lakeshore Regional 911", kind: .psap, state: "IL", timeZone: "America/Chicago", psap: "9901",
            phone: "555-010-4000"),
        .init(
            code: "psap-pinevalley", name: "Pine Valley Emergency Communications", kind: .psap, state: "CO", timeZone: "America/Denver",
            psap: "9902", phone: "555-010-4100"),
    ]

    /// One account per role (and a second agency's staff, to show what another agency cannot see).
    static let users: [DemoUser] = [
        .init(email: "admin@demo.homeward.example", name: "Avery Quill", organization: "demo-clearinghouse", roles: [.clearinghouseAdmin]),
        .init(email: "case.manager@demo.homeward.example", name: "Rowan Ellery", organization: "demo-clearinghouse", roles: [.caseManager]),
        .init(email: "analyst@demo.homeward.example", name: "Sasha Whitcombe", organization: "demo-clearinghouse", roles: [.analyst]),
        .init(
            email: "reviewer@demo.homeward.example", name: "Jordan Pell", organization: "demo-clearinghouse", roles: [.readinessReviewer]),
        .init(email: "cw.admin@demo.homeward.example", name: "Marlow Tane", organization: "cw-lakeshore", roles: [.agencyAdmin]),
        .init(email: "caseworker@demo.homeward.example", name: "Casey Brightwater", organization: "cw-lakeshore", roles: [.caseworker]),
        .init(email: "cw.supervisor@demo.homeward.example", name: "Dana Holloway", organization: "cw-lakeshore", roles: [.supervisor]),
        .init(email: "pv.admin@demo.homeward.example", name: "Emery Vance", organization: "cw-pinevalley", roles: [.agencyAdmin]),
        .init(email: "pv.caseworker@demo.homeward.example", name: "Parker Lindqvist", organization: "cw-pinevalley", roles: [.caseworker]),
        .init(email: "pd.admin@demo.homeward.example", name: "Reese Okafor", organization: "pd-maplewood", roles: [.agencyAdmin]),
        .init(
            email: "investigator@demo.homeward.example", name: "Detective Blake Marrow", organization: "pd-maplewood",
            roles: [.investigator]),
        .init(
            email: "pd.supervisor@demo.homeward.example", name: "Sergeant Quinn Asher", organization: "pd-maplewood", roles: [.supervisor]),
        .init(email: "psap.admin@demo.homeward.example", name: "Harper Nakamura", organization: "psap-lakeshore", roles: [.agencyAdmin]),
        .init(email: "psap.manager@demo.homeward.example", name: "Logan Devereux", organization: "psap-lakeshore", roles: [.psapManager]),
        .init(
            email: "telecommunicator@demo.homeward.example", name: "Skyler Fenwick", organization: "psap-lakeshore",
            roles: [.telecommunicator]),
        .init(email: "qa.reviewer@demo.homeward.example", name: "Tatum Greaves", organization: "psap-lakeshore", roles: [.qaReviewer]),
    ]

    /// The sign-in table printed at every demo start.
    public static var credentialsTable: String {
        var lines = ["Demo accounts (password for all: \(password)):"]
        for user in users {
            let roles = user.roles.sorted().map(\.title).joined(separator: ", ")
            lines.append(
                "  \(user.email.padding(toLength: 42, withPad: " ", startingAt: 0)) \(roles.padding(toLength: 28, withPad: " ", startingAt: 0)) \(user.organization)"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// Loads whatever part of the demo data is missing. Safe to run at every start.
    @discardableResult
    public static func load(into services: AppServices) async throws -> (organizations: Int, users: Int) {
        let store = services.store
        let now = services.clock.now()
        func audit(_ action: AuditAction, _ type: AuditRecordType, _ id: String, _ organization: OrganizationID) -> AuditEntry {
            AuditEntry(
                occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: type, recordID: id,
                targetOrganizationID: organization, address: "command line", detail: "demo data")
        }
        var createdOrganizations = 0
        var byCode: [String: Organization] = [:]
        for demo in organizations {
            if let existing = try await store.organization(code: demo.code) {
                byCode[demo.code] = existing
                continue
            }
            let draft = OrganizationDraft(
                code: demo.code, name: demo.name, kind: demo.kind.rawValue, state: demo.state, timeZone: demo.timeZone, ori: demo.ori,
                psapIdentifier: demo.psap, phone: demo.phone)
            let organization = try draft.validated(id: OrganizationID(services.ids.next()), createdAt: now)
            try await store.createOrganization(
                organization, audit: audit(.organizationsCreate, .organization, organization.id.rawValue, organization.id))
            byCode[demo.code] = organization
            createdOrganizations += 1
        }
        var createdUsers = 0
        var hash: String?
        for demo in users where try await store.user(email: demo.email) == nil {
            guard let organization = byCode[demo.organization] else { continue }
            // Every demo account shares one password, so it is hashed once.
            if hash == nil { hash = try await services.passwords.hash(password) }
            let user = User(
                id: UserID(services.ids.next()), organizationID: organization.id, email: demo.email, name: demo.name, roles: demo.roles,
                createdAt: now)
            try await store.createUser(user, passwordHash: hash, audit: audit(.usersCreate, .user, user.id.rawValue, organization.id))
            createdUsers += 1
        }
        try await DemoCases.load(into: services, organizations: byCode)
        try await DemoPosters.load(into: services, organizations: byCode)
        try await DemoReadiness.load(into: services, organizations: byCode, passwordHash: hash)
        try await DemoCalls.load(into: services, organizations: byCode)
        return (createdOrganizations, createdUsers)
    }
}
