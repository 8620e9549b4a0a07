import Foundation
import HomewardCore
import Hummingbird

/// Clearinghouse administrators keep the list of organizations; everyone may see their own.
enum OrganizationPages {
    struct Row: Sendable {
        var name: String
        var href: String
        var code: String
        var kind: String
        var state: String
        var identifier: String
        var active: Bool
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var rows: [Row]
        var canCreate: Bool
        var newHref: String
        var kinds: [Option]
        var states: [Option]
        var text: String
        /// "20,000 organizations match (12 deactivated)."
        var countText: String
        var nextHref: String?
        var firstHref: String?
    }

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct FormModel: Sendable {
        var layout: LayoutModel
        var heading: String
        var action: String
        var isEdit: Bool
        var code: String
        var name: String
        var kinds: [Option]
        var states: [Option]
        var timeZone: String
        var ori: String
        var psapIdentifier: String
        var phone: String
        var tribe: String
        var active: Bool
        var errors: [FieldErrors.Entry]
        var codeError: String?
        var nameError: String?
        var kindError: String?
        var stateError: String?
        var timeZoneError: String?
        var oriError: String?
        var psapIdentifierError: String?
        var phoneError: String?
        var tribeError: String?
    }

    struct DetailModel: Sendable {
        var layout: LayoutModel
        var organization: OrganizationView
        var canEdit: Bool
        var editHref: String
        var canSeePeople: Bool
        var peopleHref: String
        var canManageTokens: Bool
        var tokensHref: String
        var canManageWebhooks: Bool
        var webhooksHref: String
        var deliveriesHref: String
        var canSeeCompliance: Bool
        var complianceHref: String
    }

    struct OrganizationView: Sendable {
        var name: String
        var code: String
        var kind: String
        var state: String
        var timeZone: String
        var ori: String?
        var psapIdentifier: String?
        var phone: String?
        var tribe: String?
        var active: Bool
        var id: String

        init(_ o: Organization) {
            name = o.name
            code = o.code
            kind = o.kind.title
            state = USState.names[o.state] ?? o.state
            timeZone = o.timeZone
            ori = o.ori
            psapIdentifier = o.psapIdentifier
            phone = o.phone
            tribe = o.tribe
            active = o.active
            id = o.id.rawValue
        }
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.organizations, allowing: .listOrganizations, .page, scope: .none, summary: "All organizations", handler: list
            ),
            Endpoint(
                .get, Routes.newOrganization, allowing: .createOrganization, .page, scope: .none, summary: "New-organization form",
                handler: newForm),
            Endpoint(
                .post, Routes.organizations, allowing: .createOrganization, .page, scope: .none, summary: "Add an organization",
                handler: create),
            Endpoint(
                .get, Routes.organization, allowing: .viewOrganization, .page, scope: .organization,
                summary: "One organization", handler: detail),
            Endpoint(
                .get, Routes.editOrganization, allowing: .editOrganization, .page, scope: .organization,
                summary: "Edit-organization form",
                handler: editForm),
            Endpoint(
                .post, Routes.organization, allowing: .editOrganization, .page, scope: .organization,
                summary: "Change an organization", handler: update),
        ]
    }

    static func kindOptions(selected: String) -> [Option] {
        OrganizationKind.allCases.map { Option(value: $0.rawValue, label: $0.title, selected: $0.rawValue == selected) }
    }

    static func stateOptions(selected: String) -> [Option] {
        [Option(value: "", label: StaffText.text("staff.organization.choose"), selected: selected.isEmpty)]
            + USState.codesByName.map { Option(value: $0, label: USState.names[$0]!, selected: $0 == selected) }
    }

    /// By name, 100 to a page, filtered by kind, state and a few letters of the name, code or ORI.
    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let parameters = request.uri.queryParameters
        let kind = parameters.get("kind").flatMap(OrganizationKind.init(rawValue:))
        let state = parameters.get("state").flatMap { USState.names[String($0)] == nil ? nil : String($0) }
        // Control characters match no name (and PostgreSQL refuses a NUL): they are dropped.
        let text = String(
            String(
                String.UnicodeScalarView((parameters.get("q") ?? "").unicodeScalars.filter { $0.properties.generalCategory != .control })
            )
            .trimmed.prefix(100))
        let after = parameters.get("after").flatMap(NameCursor.init)
        var filter = OrganizationFilter(kind: kind, state: state, text: text.isEmpty ? nil : text, after: after, limit: 100)
        let organizations = try await services.store.organizations(matching: filter)
        filter.after = nil
        let counts = try await services.store.organizationCounts(matching: filter)
        let rows = organizations.map { o in
            Row(
                name: o.name, href: Routes.organization(o.id), code: o.code, kind: o.kind.title, state: o.state,
                identifier: o.ori ?? o.psapIdentifier.map { "PSAP \($0)" } ?? "", active: o.active)
        }
        let query: [String: String?] = ["kind": kind?.rawValue, "state": state, "q": text]
        var next: String?
        if organizations.count == 100, let last = organizations.last {
            next = Routes.query(
                Routes.organizations.path, query.merging(["after": NameCursor(name: last.name, id: last.id.rawValue).text]) { $1 })
        }
        let canCreate = AccessPolicy.decide(context.principal, .createOrganization).isAllowed
        return try services.views.page(
            "organizations",
            ListModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.organizations"),
                    current: Routes.organizations.path),
                rows: rows, canCreate: canCreate, newHref: Routes.newOrganization.path,
                kinds: [Option(value: "", label: StaffText.text("staff.organization.allKinds"), selected: kind == nil)]
                    + kindOptions(selected: kind?.rawValue ?? ""),
                states: [Option(value: "", label: StaffText.text("staff.organization.allStates"), selected: state == nil)]
                    + USState.codesByName.map { Option(value: $0, label: USState.names[$0]!, selected: $0 == state) },
                text: text,
                countText: "\(counts.all) organization\(counts.all == 1 ? "" : "s") match"
                    + (counts.inactive > 0 ? " (\(counts.inactive) deactivated)." : "."),
                nextHref: next, firstHref: after == nil ? nil : Routes.query(Routes.organizations.path, query)))
    }

    static func formModel(
        _ context: SignedInContext, _ services: AppServices, draft: OrganizationDraft, active: Bool, editing: Organization?,
        errors: FieldErrors = FieldErrors()
    ) -> FormModel {
        FormModel(
            layout: .init(
                context: context, services: services,
                title: editing == nil
                    ? StaffText.text("staff.organization.newOrganization")
                    : StaffText.text("staff.organization.editNamed", ["name": "\(editing!.name)"]),
                current: Routes.organizations.path),
            heading: editing == nil
                ? StaffText.text("staff.organization.newOrganization")
                : StaffText.text("staff.organization.editNamed", ["name": "\(editing!.name)"]),
            action: editing.map { Routes.organization($0.id) } ?? Routes.organizations.path, isEdit: editing != nil,
            code: draft.code, name: draft.name, kinds: kindOptions(selected: draft.kind), states: stateOptions(selected: draft.state),
            timeZone: draft.timeZone, ori: draft.ori ?? "", psapIdentifier: draft.psapIdentifier ?? "", phone: draft.phone ?? "",
            tribe: draft.tribe ?? "", active: active, errors: errors.entries, codeError: errors["code"], nameError: errors["name"],
            kindError: errors["kind"],
            stateError: errors["state"], timeZoneError: errors["timeZone"], oriError: errors["ori"],
            psapIdentifierError: errors["psapIdentifier"], phoneError: errors["phone"], tribeError: errors["tribe"])
    }

    @Sendable static func newForm(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let draft = OrganizationDraft(
            code: "", name: "", kind: OrganizationKind.childWelfare.rawValue, state: "", timeZone: "America/New_York")
        return try services.views.page("organization-form", formModel(context, services, draft: draft, active: true, editing: nil))
    }

    static func draft(from form: FormInput) -> OrganizationDraft {
        OrganizationDraft(
            code: form["code"], name: form["name"], kind: form["kind"], state: form["state"], timeZone: form["timeZone"],
            ori: form["ori"], psapIdentifier: form["psapIdentifier"], phone: form["phone"], tribe: form["tribe"])
    }

    @Sendable static func create(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let draft = draft(from: form)
        do {
            let organization = try await OrganizationCommands.create(draft, context: context, services: services)
            return .redirect(to: Routes.organization(organization.id), type: .normal)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "organization-form", formModel(context, services, draft: draft, active: true, editing: nil, errors: errors),
                status: .unprocessableContent)
        }
    }

    @Sendable static func detail(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        let principal = context.principal
        func allowed(_ action: Action) -> Bool { AccessPolicy.decide(principal, action, organization: organization.id).isAllowed }
        return try services.views.page(
            "organization",
            DetailModel(
                layout: .init(context: context, services: services, title: organization.name, current: Routes.organizations.path),
                organization: OrganizationView(organization), canEdit: allowed(.editOrganization),
                editHref: Routes.editOrganization(organization.id),
                canSeePeople: allowed(.listUsers), peopleHref: Routes.users(organization.id),
                canManageTokens: allowed(.manageAPITokens), tokensHref: Routes.apiTokens(organization.id),
                canManageWebhooks: allowed(.manageWebhooks), webhooksHref: Routes.webhooks(organization.id),
                deliveriesHref: Routes.deliveries(organization.id),
                canSeeCompliance: organization.kind == .childWelfare && allowed(.viewCompliance),
                complianceHref: Routes.compliance(organization.id)))
    }

    @Sendable static func editForm(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let o = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        let draft = OrganizationDraft(
            code: o.code, name: o.name, kind: o.kind.rawValue, state: o.state, timeZone: o.timeZone, ori: o.ori,
            psapIdentifier: o.psapIdentifier, phone: o.phone, tribe: o.tribe)
        return try services.views.page("organization-form", formModel(context, services, draft: draft, active: o.active, editing: o))
    }

    @Sendable static func update(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let existing = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        var draft = draft(from: form)
        // The kind of an organization decides its people's roles, so it never changes.
        draft.kind = existing.kind.rawValue
        let active = form.value("active") != nil
        do {
            try await OrganizationCommands.update(existing, with: draft, active: active, context: context, services: services)
            return .redirect(to: Routes.organization(existing.id), type: .normal)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "organization-form", formModel(context, services, draft: draft, active: active, editing: existing, errors: errors),
                status: .unprocessableContent)
        }
    }
}

extension OrganizationPages {

}
