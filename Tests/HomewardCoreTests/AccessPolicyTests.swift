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
        case .fileReport:
            return (role == .caseworker || role == .supervisor) && ownOrganization
        case .listEpisodes, .viewEpisode, .viewNCICSheet:
            return [.clearinghouseAdmin, .caseManager, .analyst, .caseworker, .supervisor, .investigator].contains(role)
        case .recordAgencyReport:
            return role == .clearinghouseAdmin || role == .caseManager
        case .recordNCICEntry:
            return false
        case .viewCaseQueue:
            return [.clearinghouseAdmin, .caseManager, .analyst].contains(role)
        case .assignCase, .workCase:
            return role == .clearinghouseAdmin || role == .caseManager
        case .correctReport:
            return (role == .caseworker || role == .supervisor) && ownOrganization
        case .changeInvestigatingAgency:
            return role == .clearinghouseAdmin || role == .caseManager || ((role == .caseworker || role == .supervisor) && ownOrganization)
        case .viewCompliance:
            if [.clearinghouseAdmin, .caseManager, .analyst].contains(role) { return true }
            // In this table agency administrators and supervisors live in child-welfare agencies.
            return [.agencyAdmin, .supervisor, .caseworker].contains(role) && ownOrganization
        case .viewReadiness:
            // Agency administrators and supervisors in this table are child-welfare staff, outside readiness.
            return role == .clearinghouseAdmin || role == .readinessReviewer
                || ([.psapManager, .qaReviewer].contains(role) && ownOrganization)
        case .manageReadiness, .applyForRecognition:
            return role == .psapManager && ownOrganization
        case .reviewReadiness:
            return role == .clearinghouseAdmin || role == .readinessReviewer
        case .manageReadinessPrograms, .manageConfidentialLexicon, .manageCallReference, .manageJurisdictionRules:
            return role == .clearinghouseAdmin
        case .managePoster:
            return role == .clearinghouseAdmin || role == .caseManager
        case .viewTips, .handleTip:
            // Which tips a police role sees is decided per tip by the agency it is routed to.
            return [.clearinghouseAdmin, .caseManager, .investigator].contains(role)
        case .takeCall:
            return [.telecommunicator, .psapManager].contains(role) && ownOrganization
        case .viewCalls:
            return [.telecommunicator, .psapManager, .qaReviewer].contains(role) && ownOrganization
        case .reviewCalls:
            return [.qaReviewer, .psapManager].contains(role) && ownOrganization
        case .viewPoliceCases:
            // Supervisors and agency administrators in this table are child-welfare staff.
            return role == .clearinghouseAdmin || role == .caseManager || (role == .investigator && ownOrganization)
        case .workPoliceCase:
            return role == .investigator && ownOrganization
        case .manageWebhooks:
            return (role == .clearinghouseAdmin || role == .agencyAdmin) && ownOrganization
        case .manageDeliveries:
            return role == .clearinghouseAdmin || (role == .agencyAdmin && ownOrganization)
        case .chooseNotifications:
            return true
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

    @Test func police_and_psap_administrators_keep_their_own_readiness_and_sign_only_in_person() {
        let police = principal(.agencyAdmin, in: own, kind: .lawEnforcement)
        #expect(AccessPolicy.decide(police, .manageReadiness, organization: own).isAllowed)
        #expect(!AccessPolicy.decide(police, .manageReadiness, organization: foreign).isAllowed)
        #expect(AccessPolicy.decide(principal(.supervisor, in: own, kind: .lawEnforcement), .viewReadiness, organization: own).isAllowed)
        #expect(!AccessPolicy.decide(principal(.investigator, in: own, kind: .lawEnforcement), .viewReadiness, organization: own).isAllowed)
        let token = Principal(
            userID: UserID("u"), organizationID: own, organizationKind: .psap, roles: [.psapManager], credential: .apiToken(APITokenID("t"))
        )
        #expect(AccessPolicy.decide(token, .manageReadiness, organization: own).isAllowed)
        #expect(
            AccessPolicy.decide(token, .applyForRecognition, organization: own)
                == .deny("An application is signed by a person, not an API token."))
    }

    @Test func a_caseworker_cannot_list_another_agencys_people() {
        let decision = AccessPolicy.decide(principal(.caseworker), .listUsers, organization: foreign)
        #expect(decision == .deny("Only administrators manage people."))
    }

    @Test func an_agency_admin_cannot_reach_into_another_agency() {
        #expect(!AccessPolicy.decide(principal(.agencyAdmin), .manageUsers, organization: foreign).isAllowed)
        #expect(AccessPolicy.decide(principal(.agencyAdmin), .manageUsers, organization: own).isAllowed)
    }

    private func principal(_ role: Role, in organization: OrganizationID, kind: OrganizationKind) -> Principal {
        Principal(userID: UserID("u"), organizationID: organization, organizationKind: kind, roles: [role], credential: .session)
    }

    @Test func an_episode_is_seen_by_its_reporting_agency_its_police_and_the_clearinghouse_only() {
        let episode = EpisodeScope(reportingOrganization: OrganizationID("cw"), investigatingOrganization: OrganizationID("pd"))
        let sees: [(Principal, Bool)] = [
            (principal(.caseworker, in: OrganizationID("cw"), kind: .childWelfare), true),
            (principal(.caseworker, in: OrganizationID("cw-other"), kind: .childWelfare), false),
            (principal(.investigator, in: OrganizationID("pd"), kind: .lawEnforcement), true),
            (principal(.investigator, in: OrganizationID("pd-other"), kind: .lawEnforcement), false),
            (principal(.supervisor, in: OrganizationID("pd"), kind: .lawEnforcement), true),
            (principal(.caseManager, in: OrganizationID("ch"), kind: .clearinghouse), true),
            (principal(.readinessReviewer, in: OrganizationID("ch"), kind: .clearinghouse), false),
            (principal(.agencyAdmin, in: OrganizationID("cw"), kind: .childWelfare), false),
            (principal(.telecommunicator, in: OrganizationID("psap"), kind: .psap), false),
        ]
        for (who, expected) in sees {
            #expect(AccessPolicy.decide(who, .viewEpisode, episode: episode).isAllowed == expected, "\(who.roles) of \(who.organizationID)")
        }
    }

    @Test func only_the_investigating_police_record_the_ncic_entry() {
        let episode = EpisodeScope(reportingOrganization: OrganizationID("cw"), investigatingOrganization: OrganizationID("pd"))
        #expect(
            AccessPolicy.decide(
                principal(.investigator, in: OrganizationID("pd"), kind: .lawEnforcement), .recordNCICEntry, episode: episode
            ).isAllowed)
        #expect(
            !AccessPolicy.decide(
                principal(.investigator, in: OrganizationID("pd2"), kind: .lawEnforcement), .recordNCICEntry, episode: episode
            ).isAllowed)
        #expect(
            !AccessPolicy.decide(principal(.caseworker, in: OrganizationID("cw"), kind: .childWelfare), .recordNCICEntry, episode: episode)
                .isAllowed)
        #expect(
            AccessPolicy.decide(
                principal(.caseworker, in: OrganizationID("cw"), kind: .childWelfare), .recordAgencyReport, episode: episode
            ).isAllowed)
        #expect(
            !AccessPolicy.decide(
                principal(.investigator, in: OrganizationID("pd"), kind: .lawEnforcement), .recordAgencyReport, episode: episode
            ).isAllowed)
    }

    @Test func an_api_token_cannot_mint_tokens_or_change_passwords() {
        #expect(!AccessPolicy.decide(principal(.agencyAdmin, token: true), .manageAPITokens, organization: own).isAllowed)
        #expect(!AccessPolicy.decide(principal(.agencyAdmin, token: true), .changeOwnPassword).isAllowed)
        #expect(AccessPolicy.decide(principal(.agencyAdmin, token: true), .listUsers, organization: own).isAllowed)
    }
}
