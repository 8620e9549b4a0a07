import HomewardCore

/// What the base layout shows on every page: the header with the organization and role, the
/// navigation for the person's roles, and the CSRF token that every form carries.
struct LayoutModel: Sendable {
    struct NavItem: Sendable {
        var label: String
        var href: String
        var current: Bool
    }

    var pageTitle: String
    var stylesheet: String
    var csrf: String
    var signedIn: Bool
    var userName: String = ""
    var organizationName: String = ""
    var roleTitles: String = ""
    var nav: [NavItem] = []
    var flash: String?
    /// The addresses templates link to on their own (header, footer, search forms).
    var links = SiteLinks()
    /// The page's language and its strings (see ``Views/strings(_:)``).
    var lang = Catalogs.fallback
    var t = TemplateStrings([:])
    /// The same page in each language: `hreflang` links, and the switch on public pages.
    var alternates: [Alternate] = []

    struct Alternate: Sendable {
        var hreflang: String
        var href: String
        var label: String
        var current: Bool
    }

    /// Site-wide addresses for templates, from the route table: templates write no paths.
    struct SiteLinks: Sendable {
        var home = Routes.home.path
        var signIn = Routes.signIn.path
        var signOut = Routes.signOut.path
        var publicPosters = Routes.publicPosters.path
        var publicPostersJSON = Routes.apiPublicPosters.path
        var members = Routes.members.path
        var audit = Routes.audit.path
        var children = Routes.children.path
        var organizations = Routes.organizations.path
        var readinessPrograms = Routes.readinessPrograms.path
        var callChecklists = Routes.callChecklists.path
        var scoreBands = Routes.scoreBands.path
    }

    init(context: some HomewardRequestContext, services: AppServices, title: String, current: String? = nil, flash: String? = nil) {
        pageTitle = title
        stylesheet = Routes.stylesheet(services.views.stylesheetVersion)
        csrf = context.request.csrfToken
        self.flash = flash
        t = services.views.strings(Catalogs.fallback)
        guard let signedIn = context.request.signedIn else {
            self.signedIn = false
            return
        }
        self.signedIn = true
        userName = signedIn.user.name
        organizationName = signedIn.organization.name
        roleTitles = signedIn.user.sortedRoles.map(\.title).joined(separator: ", ")
        nav = Self.navigation(for: signedIn).map { NavItem(label: t.texts[$0.0] ?? $0.0, href: $0.1, current: $0.1 == current) }
    }

    /// The layout of a public page that may be cached and served to anyone: no person, no form
    /// token, whoever asked first.
    static func anonymous(services: AppServices, title: String, language: String = Catalogs.fallback, path: String? = nil) -> LayoutModel {
        var layout = LayoutModel(
            pageTitle: title, stylesheet: Routes.stylesheet(services.views.stylesheetVersion), csrf: "", signedIn: false)
        layout.lang = language
        layout.t = services.views.strings(language)
        if let path {
            let catalogs = services.views.catalogs
            layout.alternates = catalogs.languages.map { other in
                Alternate(
                    hreflang: other, href: Routes.query(path, ["lang": other]), label: catalogs.text("language.switch", other),
                    current: other == language)
            }
        }
        return layout
    }

    /// A layout with no person, no stylesheet and no language tables: what a view-model test
    /// hands a page's pure builder.
    static func bare(title: String) -> LayoutModel { LayoutModel(pageTitle: title, stylesheet: "", csrf: "", signedIn: false) }

    private init(pageTitle: String, stylesheet: String, csrf: String, signedIn: Bool) {
        self.pageTitle = pageTitle
        self.stylesheet = stylesheet
        self.csrf = csrf
        self.signedIn = signedIn
    }

    /// The links a person sees, each a catalog key and an address: only those the access policy
    /// would allow.
    static func navigation(for signedIn: SignedIn) -> [(String, String)] {
        let principal = signedIn.principal
        let own = signedIn.organization.id
        func allowed(_ action: Action, _ organization: OrganizationID? = nil) -> Bool {
            (organization.map { AccessPolicy.decide(principal, action, organization: $0) } ?? AccessPolicy.decide(principal, action))
                .isAllowed
        }
        var items: [(String, String)] = [("staff.nav.home", Routes.home.path)]
        if allowed(.viewCaseQueue) {
            items.append(("staff.nav.caseQueue", Routes.cases.path))
            items.append(("staff.nav.longTerm", Routes.longTermCases.path))
        }
        if allowed(.viewTips) { items.append(("staff.nav.tips", Routes.tips.path)) }
        if allowed(.managePoster) { items.append(("staff.nav.posterReview", Routes.posterReview.path)) }
        if allowed(.listEpisodes) {
            items.append(("staff.nav.cases", Routes.episodes.path))
            items.append(("staff.nav.search", Routes.children.path))
        }
        if allowed(.fileReport) { items.append(("staff.nav.reportAMissingChild", Routes.newReport.path)) }
        if allowed(.viewCalls, own) { items.append(("staff.nav.calls", Routes.calls.path)) }
        if signedIn.organization.kind == .lawEnforcement && allowed(.viewPoliceCases, own) {
            items.append(("staff.nav.n911Cases", Routes.policeCases.path))
        }
        if allowed(.reviewCalls, own) {
            items.append(("staff.nav.qaReviews", Routes.qaReviews.path))
            items.append(("staff.nav.qaDashboard", Routes.qaDashboard.path))
        }
        if signedIn.organization.kind == .childWelfare && allowed(.viewCompliance, own) {
            items.append(("staff.nav.compliance", Routes.compliance(own)))
        }
        if [.lawEnforcement, .psap].contains(signedIn.organization.kind) && allowed(.viewReadiness, own) {
            items.append(("staff.nav.readiness", Routes.readiness(own)))
        }
        if allowed(.reviewReadiness) {
            items.append(("staff.nav.applications", Routes.readinessApplications.path))
            items.append(("staff.nav.program", Routes.readinessPrograms.path))
        }
        if allowed(.manageCallReference) {
            items.append(("staff.nav.callChecklist", Routes.callReference.path))
        }
        if allowed(.manageJurisdictionRules) { items.append(("staff.nav.stateRules", Routes.jurisdictionRules.path)) }
        if allowed(.listOrganizations) { items.append(("staff.nav.organizations", Routes.organizations.path)) }
        if allowed(.listUsers, own) { items.append(("staff.nav.people", Routes.users(own))) }
        if allowed(.manageAPITokens, own) { items.append(("staff.nav.apiTokens", Routes.apiTokens(own))) }
        if allowed(.viewAudit, own) { items.append(("staff.nav.auditTrail", Routes.audit.path)) }
        items.append(("staff.nav.notifications", Routes.notifications.path))
        items.append(("staff.nav.myAccount", Routes.account.path))
        return items
    }
}
