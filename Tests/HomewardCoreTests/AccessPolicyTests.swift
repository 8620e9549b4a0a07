import HomewardCore
import Testing

@Suite("Access policy")
struct AccessPolicyTests {
    let own = OrganizationID("own")
    let foreign = OrganizationID("foreign")

    private func principal(_ role: Role, token: Bool = false) -> Principal {
        let kind = role.organizationKinds.sorted { $0.rawValue < $1.rawValue }.first!
        return Principal(
            userID: UserID("u"), organizationID: own, organizationKind: kind, roles: [role],
            credential: token ? .apiToken(APITokenID("t")) : .session)
    }

    /// The expected answer for each role, action and organization: the specification of who may do what.
    private func expected(_ role: Role, _ action: Action, ownOrganization: Bool) -> Bool {
        let clearinghouse: Set<Role> = [.clearinghouseAdmin, .caseManager, .analyst, .readinessReviewer]
        switch action {
        case .viewHome, .changeOwnPassword: return true
        case .listOrganizations: return clearinghouse.contains(role)
        case .createOrganization, .editOrganization: return role == .clearinghouseAdmin
        case .viewOrganization: return ownOrganization || clearinghouse.contains(role)
        case .listUsers, .manageUsers, .viewAudit:
            return role == .clearinghouseAdmin || (role == .agencyAdmin && ownOrganization)
        case .manageAPITokens:
            return (role == .clearinghouseAdmin || role == .agencyAdmin) && ownOrganization
        }
    }

    @Test(arguments: Role.allCases)
    func each_role_gets_exactly_the_expected_permissions(_ role: Role) {
        for action in Action.allCases {
            for (organization, isOwn) in [(own, true), (foreign, false)] {
                let decision = AccessPolicy.decide(principal(role), action, organization: organization)
                #expect(decision.isAllowed == expected(role, action, ownOrganization: isOwn), "\(role) \(action) own=\(isOwn)")
            }
        }
    }

    @Test func a_caseworker_cannot_list_another_agencys_people() {
        let decision = AccessPolicy.decide(principal(.caseworker), .listUsers, organization: foreign)
        #expect(decision == .deny("Only administrators manage people."))
    }

    @Test func an_agency_admin_cannot_reach_into_another_agency() {
        #expect(!AccessPolicy.decide(principal(.agencyAdmin), .manageUsers, organization: foreign).isAllowed)
        #expect(AccessPolicy.decide(principal(.agencyAdmin), .manageUsers, organization: own).isAllowed)
    }

    @Test func an_api_token_cannot_mint_tokens_or_change_passwords() {
        #expect(!AccessPolicy.decide(principal(.agencyAdmin, token: true), .manageAPITokens, organization: own).isAllowed)
        #expect(!AccessPolicy.decide(principal(.agencyAdmin, token: true), .changeOwnPassword).isAllowed)
        #expect(AccessPolicy.decide(principal(.agencyAdmin, token: true), .listUsers, organization: own).isAllowed)
    }
}
