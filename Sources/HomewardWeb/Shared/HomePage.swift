import Foundation
import HomewardCore
import Hummingbird

/// The home page: for each of the person's roles, what needs their attention.
enum HomePage {
    struct Item: Sendable {
        var text: String
        var href: String?
        var warning: Bool
    }

    struct RolePanel: Sendable {
        var id: String
        var title: String
        var items: [Item]
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var name: String
        var organizationName: String
        var organizationKind: String
        var timeZone: String
        var panels: [RolePanel]
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.home, allowing: .viewHome, .page, scope: .none, summary: "Home page for the signed-in person", handler: show)
        ]
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let signedIn = context.signedIn
        var panels: [RolePanel] = []
        let adminItems = try await administratorItems(signedIn, services: services)
        let caseItems = try await caseItems(signedIn, services: services)
        let readinessItems = try await readinessItems(signedIn, services: services)
        let tipItems = try await tipItems(signedIn, services: services)
        let callItems = try await callItems(signedIn, services: services)
        let reviewItems = try await reviewItems(signedIn, services: services)
        let policeCaseItems = try await policeCaseItems(signedIn, services: services)
        for role in context.user.sortedRoles {
            switch role {
            case .clearinghouseAdmin:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: adminItems + tipItems + caseItems + readinessItems))
            case .agencyAdmin:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: adminItems + readinessItems))
            case .readinessReviewer:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: readinessItems))
            case .psapManager:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: reviewItems + callItems + readinessItems))
            case .telecommunicator:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: callItems))
            case .qaReviewer:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: reviewItems))
            case .caseManager, .investigator, .supervisor:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: policeCaseItems + tipItems + caseItems))
            case .analyst, .caseworker:
                panels.append(RolePanel(id: role.rawValue, title: role.title, items: caseItems))
            }
        }
        let model = Model(
            layout: .init(context: context, services: services, title: StaffText.text("staff.title.home"), current: Routes.home.path),
            name: context.user.name, organizationName: context.organization.name,
            organizationKind: context.organization.kind.title, timeZone: context.organization.timeZone, panels: panels)
        return try services.views.page("home", model)
    }

    /// The police agency's open cases from 911 calls, and those whose NCIC entry is still to make.
    private static func policeCaseItems(_ signedIn: SignedIn, services: AppServices) async throws -> [Item] {
        let police = signedIn.organization.id
        guard signedIn.organization.kind == .lawEnforcement,
            AccessPolicy.decide(signedIn.principal, .viewPoliceCases, organization: police).isAllowed
        else { return [] }
        let counts = try await services.store.openPoliceCaseCounts(of: police, at: services.clock.now())
        guard counts.open > 0 else { return [] }
        var text = CappedCount.text(counts.open, "open case", "open cases") + " from 911 calls"
        if counts.awaitingNCIC > 0 { text += "; \(CappedCount.text(counts.awaitingNCIC)) awaiting NCIC entry" }
        if counts.late > 0 { text += ", \(CappedCount.text(counts.late)) past the 2-hour deadline" }
        return [Item(text: text + ".", href: Routes.policeCases.path, warning: counts.awaitingNCIC > 0)]
    }

    /// The 911 center's open missing-child calls.
    private static func callItems(_ signedIn: SignedIn, services: AppServices) async throws -> [Item] {
        let psap = signedIn.organization.id
        guard AccessPolicy.decide(signedIn.principal, .viewCalls, organization: psap).isAllowed else { return [] }
        let open = try await services.store.openCallCount(in: psap)
        guard open > 0 else { return [] }
        return [
            Item(
                text: CappedCount.text(open, "open missing-child call", "open missing-child calls"), href: Routes.calls.path, warning: true)
        ]
    }

    /// QA reviews waiting, and those past their window.
    private static func reviewItems(_ signedIn: SignedIn, services: AppServices) async throws -> [Item] {
        let psap = signedIn.organization.id
        guard AccessPolicy.decide(signedIn.principal, .reviewCalls, organization: psap).isAllowed else { return [] }
        let now = services.clock.now()
        let (pending, overdue) = try await services.store.pendingQAReviewCounts(in: psap, at: now)
        guard pending > 0 else { return [] }
        return [
            Item(
                text: CappedCount.text(pending, "call to review", "calls to review")
                    + (overdue > 0 ? ", \(CappedCount.text(overdue)) past the window" : ""),
                href: Routes.qaReviews.path, warning: true)
        ]
    }

    /// Tips waiting to be marked received, and those past the acknowledgement time.
    private static func tipItems(_ signedIn: SignedIn, services: AppServices) async throws -> [Item] {
        guard AccessPolicy.decide(signedIn.principal, .viewTips).isAllowed else { return [] }
        let counts = try await services.store.tipCounts(routedTo: AccessPolicy.tipScope(signedIn.principal), at: services.clock.now())
        guard counts.waiting > 0 else { return [] }
        let (waiting, overdue) = (counts.waiting, counts.overdue)
        return [
            Item(
                text: "\(TipCounts.text(waiting)) new tip\(waiting == 1 ? "" : "s") from the public"
                    + (overdue > 0 ? ", \(TipCounts.text(overdue)) past the time to acknowledge" : ""),
                href: Routes.tips.path, warning: true)
        ]
    }

    /// Readiness: the review queue for reviewers; for an agency, where it stands and what needs doing.
    private static func readinessItems(_ signedIn: SignedIn, services: AppServices) async throws -> [Item] {
        let principal = signedIn.principal
        if AccessPolicy.decide(principal, .reviewReadiness).isAllowed {
            let waiting = try await services.store.applicationCount(in: .submitted)
            return [
                Item(
                    text: waiting == 0
                        ? StaffText.text("staff.home.noReadinessApplicationIs")
                        : CappedCount.text(waiting, "readiness application is", "readiness applications are") + " waiting for review",
                    href: Routes.readinessApplications.path, warning: waiting > 0)
            ]
        }
        let organization = signedIn.organization
        guard [.lawEnforcement, .psap].contains(organization.kind),
            AccessPolicy.decide(principal, .viewReadiness, organization: organization.id).isAllowed
        else { return [] }
        let state = try await services.store.readinessState(of: organization, at: services.clock.now())
        let met = state.evaluation.criteria.filter(\.met).count
        var items = [
            Item(
                text: StaffText.text(
                    "staff.home.readinessOfCriteriaMet",
                    ["statusSentence": "\(state.statusSentence)", "met": "\(met)", "count": "\(state.evaluation.criteria.count)"]),
                href: Routes.readiness(organization.id), warning: false)
        ]
        items += state.evaluation.warnings.map { Item(text: $0, href: Routes.readiness(organization.id), warning: true) }
        return items
    }

    /// The cases whose clocks need someone: breached and warning clocks, and unread notifications.
    private static func caseItems(_ signedIn: SignedIn, services: AppServices) async throws -> [Item] {
        guard AccessPolicy.decide(signedIn.principal, .listEpisodes).isAllowed else { return [] }
        let now = services.clock.now()
        let counts = try await services.store.attentionCounts(matching: EpisodeLoads.filter(for: signedIn), at: now)
        let (breached, warning) = (counts.breached, counts.warning)
        var items: [Item] = []
        if breached > 0 {
            items.append(
                Item(
                    text: "\(breached) open case\(breached == 1 ? " has a" : "s have a") legal deadline breached.",
                    href: Routes.episodes(attention: .breached),
                    warning: true))
        }
        if warning > 0 {
            items.append(
                Item(
                    text: "\(warning) open case\(warning == 1 ? " has a" : "s have a") deadline coming up.",
                    href: Routes.episodes(attention: .warning),
                    warning: true))
        }
        let unread = try await services.store.unreadCount(of: signedIn.user.id)
        if unread > 0 {
            items.append(
                Item(
                    text: CappedCount.text(unread, "unread notification", "unread notifications") + ".", href: Routes.notifications.path,
                    warning: false))
        }
        return items
    }

    /// What an administrator should look at: locked accounts, people who never signed in, and
    /// requests the access policy refused in the last day.
    private static func administratorItems(_ signedIn: SignedIn, services: AppServices) async throws -> [Item] {
        let principal = signedIn.principal
        let own = signedIn.organization.id
        let now = services.clock.now()
        var items: [Item] = []
        let people = try await services.store.users(in: own)
        let locked = people.filter { $0.isLocked(at: now) }
        if !locked.isEmpty {
            items.append(
                Item(
                    text: "\(locked.count) account\(locked.count == 1 ? " is" : "s are") locked after failed sign-ins.",
                    href: Routes.users(own), warning: true))
        }
        let neverSignedIn = people.filter { $0.active && $0.lastSignInAt == nil }
        if !neverSignedIn.isEmpty {
            items.append(
                Item(
                    text: "\(neverSignedIn.count) active account\(neverSignedIn.count == 1 ? " has" : "s have") never signed in.",
                    href: Routes.users(own), warning: false))
        }
        let scope: OrganizationID? = signedIn.user.roles.contains(.clearinghouseAdmin) ? nil : own
        let denied = try await services.store.auditEvents(
            matching: AuditFilter(organizationID: scope, outcome: .denied, from: now - 86_400), beforeSequence: nil, limit: 200)
        if !denied.isEmpty {
            items.append(
                Item(
                    text:
                        "\(denied.count == 200 ? "200 or more" : String(denied.count)) refused request\(denied.count == 1 ? "" : "s") or failed sign-in\(denied.count == 1 ? "" : "s") in the last 24 hours.",
                    href: Routes.audit.path + "?outcome=denied", warning: true))
        }
        if AccessPolicy.decide(principal, .listOrganizations).isAllowed {
            let (count, inactive) = try await services.store.organizationCounts(matching: OrganizationFilter())
            items.append(
                Item(
                    text: "\(count) organizations use Homeward\(inactive > 0 ? " (\(inactive) deactivated)" : "").",
                    href: Routes.organizations.path, warning: false))
        }
        return items
    }
}
