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
    /// File a missing-from-care report for one's own agency.
    case fileReport = "reports.file"
    /// List the episodes one may see.
    case listEpisodes = "episodes.list"
    /// See one episode: the child, the clocks, the timeline.
    case viewEpisode = "episode.view"
    /// Record the agency's report to police or to the clearinghouse.
    case recordAgencyReport = "episode.record_agency_report"
    /// Record the NCIC entry (the NIC number).
    case recordNCICEntry = "episode.record_ncic_entry"
    /// See the NCIC entry sheet.
    case viewNCICSheet = "episode.ncic_sheet"
    /// See the clearinghouse's queue of cases.
    case viewCaseQueue = "cases.queue"
    /// Take a case as its clearinghouse case manager.
    case assignCase = "episode.assign"
    /// Work a case: notes, contacts, sightings, located and recovered, recovery tasks.
    case workCase = "episode.work"
    /// Correct or complete the report itself (the child's description, the circumstances, the
    /// guardian): only the agency that made it.
    case correctReport = "episode.correct"
    /// Hand the case to another investigating police agency: the reporting agency or the clearinghouse.
    case changeInvestigatingAgency = "episode.change_police"
    /// See an agency's compliance report (its own, or any for clearinghouse staff).
    case viewCompliance = "compliance.view"
    /// See an agency's readiness: its evaluation, roster, policy, applications and recognitions.
    case viewReadiness = "readiness.view"
    /// Keep an agency's roster, training records and policy.
    case manageReadiness = "readiness.manage"
    /// Sign and submit an application for recognition or its renewal.
    case applyForRecognition = "readiness.apply"
    /// Review applications: confirm or reject policy mappings, approve, return, revoke.
    case reviewReadiness = "readiness.review"
    /// Add versions of the readiness program's criteria.
    case manageReadinessPrograms = "readiness.programs"
    /// Draft, consent, publish and withdraw a case's poster.
    case managePoster = "posters.manage"
    /// Publish a new version of the confidential lexicon that screens public text.
    case manageConfidentialLexicon = "posters.lexicon"
    /// Add a version of a state's or territory's rules (windows, warnings, age limit, fields).
    case manageJurisdictionRules = "rules.manage"
    /// Read tips from the public: the investigating agency its own, clearinghouse case staff all.
    case viewTips = "tips.view"
    /// Mark a tip received or actionable.
    case handleTip = "tips.handle"
    /// Take a missing-child call and work it through the checklist (a CAD system may open one).
    case takeCall = "calls.take"
    /// See one's 911 center's missing-child calls.
    case viewCalls = "calls.view"
    /// Review one's 911 center's missing-child calls for quality assurance.
    case reviewCalls = "calls.review"
    /// Add call-checklist versions and publish the QA score bands (reference data for every 911 center).
    case manageCallReference = "calls.reference"
    /// Read a police agency's cases opened from 911 calls: its own people, the clearinghouse's case staff.
    case viewPoliceCases = "police_cases.view"
    /// Work a police case from a 911 call (report number, NCIC entry, link, close): its investigators and supervisors.
    case workPoliceCase = "police_cases.work"
    /// Add, rotate and disable an organization's webhook endpoints: its administrators.
    case manageWebhooks = "webhooks.manage"
    /// See an organization's outbox and dead letters and replay them: its administrators, and the
    /// clearinghouse's administrators for every organization.
    case manageDeliveries = "deliveries.manage"
    /// Choose which messages reach oneself by e-mail: anyone, for themselves.
    case chooseNotifications = "notifications.choose"
}

extension AccessPolicy {
    /// Whether `principal` does tasks of `owner` on the episode `scope`: the reporting agency's
    /// caseworkers and supervisors its own, the investigating agency's investigators and supervisors
    /// theirs, and the clearinghouse's case staff every task.
    public static func doesTask(_ owner: CaseTaskOwner, _ principal: Principal, episode scope: EpisodeScope) -> Bool {
        let roles = principal.roles
        if principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager]) { return true }
        switch owner {
        case .reportingAgency:
            return scope.reportingOrganization == principal.organizationID && !roles.isDisjoint(with: [.caseworker, .supervisor])
        case .investigatingAgency:
            return scope.investigatingOrganization == principal.organizationID && !roles.isDisjoint(with: [.investigator, .supervisor])
        case .clearinghouse:
            return false
        }
    }
}

extension AccessPolicy {
    /// Whose tips `principal` may read in a list: every tip (nil) for the clearinghouse's case
    /// staff, otherwise those routed to their own agency. Holding ``Action/viewTips`` is decided
    /// separately.
    public static func tipScope(_ principal: Principal) -> OrganizationID? {
        principal.isClearinghouseStaff ? nil : principal.organizationID
    }

    /// Whether `principal` may read and mark the tips of a case investigated by
    /// `investigatingOrganization`: it may see tips at all (``Action/viewTips``), and it is the
    /// clearinghouse or that police agency. A tip never reaches the reporting agency or the public.
    public static func readsTips(of investigatingOrganization: OrganizationID?, _ principal: Principal) -> Bool {
        decide(principal, .viewTips).isAllowed
            && (principal.isClearinghouseStaff
                || (investigatingOrganization != nil && investigatingOrganization == principal.organizationID))
    }
}

extension AccessPolicy {
    /// Whose audit events `principal` reads: a clearinghouse administrator those of the
    /// organization `requested` (every organization's when nil), anyone else only their own
    /// organization's, whatever they ask for. Holding ``Action/viewAudit`` is decided separately.
    public static func auditScope(_ principal: Principal, requested: OrganizationID?) -> OrganizationID? {
        principal.roles.contains(.clearinghouseAdmin) ? requested : principal.organizationID
    }
}

/// Whose an episode is: the agency that reported it and the police agency investigating it.
public struct EpisodeScope: Sendable, Equatable {
    public var reportingOrganization: OrganizationID
    public var investigatingOrganization: OrganizationID?

    public init(reportingOrganization: OrganizationID, investigatingOrganization: OrganizationID?) {
        self.reportingOrganization = reportingOrganization
        self.investigatingOrganization = investigatingOrganization
    }
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
    /// Whether `principal` may perform `action` when it is about no one organization's data (the
    /// caller's own account, lists the caller's scope filters).
    public static func decide(_ principal: Principal, _ action: Action) -> AccessDecision {
        decide(principal, action, about: nil, episode: nil)
    }

    /// Whether `principal` may perform `action` on data belonging to `organization` (and, for a
    /// case's data, to `episode`'s agencies). The organization is named, never assumed: a route
    /// that names one and lost it is not found, not read as the caller's own.
    public static func decide(_ principal: Principal, _ action: Action, organization: OrganizationID, episode: EpisodeScope? = nil)
        -> AccessDecision
    {
        decide(principal, action, about: organization, episode: episode)
    }

    /// Whether `principal` may perform `action` on a case of `episode`'s agencies.
    public static func decide(_ principal: Principal, _ action: Action, episode: EpisodeScope) -> AccessDecision {
        decide(principal, action, about: nil, episode: episode)
    }

    private static func decide(_ principal: Principal, _ action: Action, about organization: OrganizationID?, episode: EpisodeScope?)
        -> AccessDecision
    {
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
        case .fileReport:
            guard principal.organizationKind == .childWelfare, !roles.isDisjoint(with: [.caseworker, .supervisor]) else {
                return .deny("Only caseworkers and supervisors of a child-welfare agency file reports.")
            }
            return own ? .allow : .deny("Reports are filed for one's own agency.")
        case .listEpisodes:
            return canSeeCases(principal) ? .allow : .deny("This role does not work missing-child cases.")
        case .viewEpisode, .viewNCICSheet:
            guard let episode else { return canSeeCases(principal) ? .allow : .deny("This role does not work missing-child cases.") }
            if principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager, .analyst]) { return .allow }
            if episode.reportingOrganization == principal.organizationID && !roles.isDisjoint(with: [.caseworker, .supervisor]) {
                return .allow
            }
            if episode.investigatingOrganization == principal.organizationID && !roles.isDisjoint(with: [.investigator, .supervisor]) {
                return .allow
            }
            return .deny("This case belongs to another agency.")
        case .recordAgencyReport:
            if roles.contains(.caseManager) || roles.contains(.clearinghouseAdmin) { return .allow }
            if let episode, episode.reportingOrganization == principal.organizationID, !roles.isDisjoint(with: [.caseworker, .supervisor]) {
                return .allow
            }
            return .deny("Only the reporting agency's caseworkers and the clearinghouse's case managers record the agency's reports.")
        case .recordNCICEntry:
            if let episode, let investigating = episode.investigatingOrganization, investigating == principal.organizationID,
                !roles.isDisjoint(with: [.investigator, .supervisor])
            {
                return .allow
            }
            return .deny("Only the investigating police agency records the NCIC entry.")
        case .viewCaseQueue:
            return principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager, .analyst])
                ? .allow : .deny("Only clearinghouse case staff see the case queue.")
        case .assignCase:
            return principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager])
                ? .allow : .deny("Only clearinghouse case managers take cases.")
        case .correctReport:
            if let episode, episode.reportingOrganization == principal.organizationID, !roles.isDisjoint(with: [.caseworker, .supervisor]) {
                return .allow
            }
            if episode == nil && own && principal.organizationKind == .childWelfare && !roles.isDisjoint(with: [.caseworker, .supervisor]) {
                return .allow
            }
            return .deny("Only the agency that made the report corrects it.")
        case .changeInvestigatingAgency:
            if principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager]) { return .allow }
            if let episode, episode.reportingOrganization == principal.organizationID, !roles.isDisjoint(with: [.caseworker, .supervisor]) {
                return .allow
            }
            if episode == nil && own && principal.organizationKind == .childWelfare && !roles.isDisjoint(with: [.caseworker, .supervisor]) {
                return .allow
            }
            return .deny("Only the reporting agency or the clearinghouse's case managers change the investigating agency.")
        case .workCase:
            if principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager]) { return .allow }
            if let episode, episode.reportingOrganization == principal.organizationID, !roles.isDisjoint(with: [.caseworker, .supervisor]) {
                return .allow
            }
            if let episode, episode.investigatingOrganization == principal.organizationID,
                !roles.isDisjoint(with: [.investigator, .supervisor])
            {
                return .allow
            }
            return .deny("Only the case's agencies and the clearinghouse's case managers work this case.")
        case .viewCompliance:
            if principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager, .analyst]) { return .allow }
            if principal.organizationKind == .childWelfare && !roles.isDisjoint(with: [.agencyAdmin, .supervisor, .caseworker]) {
                return own ? .allow : .deny("An agency sees only its own compliance report.")
            }
            return .deny("Compliance reports are for child-welfare agencies and the clearinghouse.")
        case .viewReadiness:
            if principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .readinessReviewer]) { return .allow }
            guard isReadinessAgency(principal), !roles.isDisjoint(with: [.agencyAdmin, .psapManager, .supervisor, .qaReviewer]) else {
                return .deny("Readiness is kept by a police agency's or 911 center's administrators, managers and supervisors.")
            }
            return own ? .allow : .deny("An agency sees only its own readiness.")
        case .manageReadiness, .applyForRecognition:
            if action == .applyForRecognition && viaToken { return .deny("An application is signed by a person, not an API token.") }
            guard isReadinessAgency(principal), !roles.isDisjoint(with: [.agencyAdmin, .psapManager]) else {
                return .deny("Only a police agency's or 911 center's administrator or manager keeps its readiness.")
            }
            return own ? .allow : .deny("An agency keeps only its own readiness.")
        case .reviewReadiness:
            return principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .readinessReviewer])
                ? .allow : .deny("Only the clearinghouse's readiness reviewers review applications.")
        case .manageReadinessPrograms:
            return roles.contains(.clearinghouseAdmin)
                ? .allow : .deny("Only clearinghouse administrators change the readiness program.")
        case .manageCallReference:
            return principal.isClearinghouseStaff && roles.contains(.clearinghouseAdmin)
                ? .allow : .deny("Only clearinghouse administrators change the call checklist and the QA score bands.")
        case .manageConfidentialLexicon:
            return principal.isClearinghouseStaff && roles.contains(.clearinghouseAdmin)
                ? .allow : .deny("Only clearinghouse administrators change the confidential lexicon.")
        case .manageJurisdictionRules:
            return principal.isClearinghouseStaff && roles.contains(.clearinghouseAdmin)
                ? .allow : .deny("Only clearinghouse administrators change a state's rules.")
        case .managePoster:
            return principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager])
                ? .allow : .deny("Only clearinghouse case managers publish posters.")
        case .viewTips, .handleTip:
            if principal.isClearinghouseStaff && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager]) { return .allow }
            if principal.organizationKind == .lawEnforcement && !roles.isDisjoint(with: [.investigator, .supervisor]) { return .allow }
            return .deny("Tips go only to the investigating police agency and the clearinghouse's case managers.")
        case .manageWebhooks, .manageDeliveries:
            guard roles.contains(.clearinghouseAdmin) || roles.contains(.agencyAdmin) else {
                return .deny("Only administrators manage webhooks and deliveries.")
            }
            if action == .manageDeliveries && principal.isClearinghouseStaff && roles.contains(.clearinghouseAdmin) { return .allow }
            return own ? .allow : .deny("Webhooks and deliveries belong to one organization; manage only your own.")
        case .chooseNotifications:
            return .allow
        case .viewPoliceCases, .workPoliceCase:
            if action == .viewPoliceCases && principal.isClearinghouseStaff
                && !roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager])
            {
                return .allow
            }
            let staff: Set<Role> = action == .viewPoliceCases ? [.investigator, .supervisor, .agencyAdmin] : [.investigator, .supervisor]
            guard principal.organizationKind == .lawEnforcement, !roles.isDisjoint(with: staff) else {
                return .deny("A case from a 911 call is worked by the police agency it was handed to.")
            }
            return own ? .allow : .deny("This case was handed to another police agency.")
        case .takeCall, .viewCalls, .reviewCalls:
            let staff: Set<Role> =
                switch action {
                case .takeCall: [.telecommunicator, .psapManager]
                case .reviewCalls: [.qaReviewer, .psapManager]
                default: [.telecommunicator, .psapManager, .qaReviewer]
                }
            guard principal.organizationKind == .psap, !roles.isDisjoint(with: staff) else {
                return .deny(
                    action == .reviewCalls
                        ? "Only a 911 center's QA reviewers and manager review its calls."
                        : "Missing-child calls are kept by the 911 center that took them.")
            }
            return own ? .allow : .deny("These are another 911 center's calls.")
        }
    }

    /// Whether the principal's organization takes part in readiness recognition.
    private static func isReadinessAgency(_ principal: Principal) -> Bool {
        principal.organizationKind == .lawEnforcement || principal.organizationKind == .psap
    }

    /// Whether the principal's roles work missing-child cases at all.
    private static func canSeeCases(_ principal: Principal) -> Bool {
        switch principal.organizationKind {
        case .clearinghouse: !principal.roles.isDisjoint(with: [.clearinghouseAdmin, .caseManager, .analyst])
        case .childWelfare: !principal.roles.isDisjoint(with: [.caseworker, .supervisor])
        case .lawEnforcement: !principal.roles.isDisjoint(with: [.investigator, .supervisor])
        case .psap: false
        }
    }
}
