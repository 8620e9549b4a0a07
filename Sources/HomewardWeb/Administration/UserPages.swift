import Foundation
import HomewardCore
import Hummingbird

/// Administrators manage the people of an organization: agency administrators their own,
/// clearinghouse administrators any.
enum UserPages {
    struct Row: Sendable {
        var name: String
        var email: String
        var roles: String
        var status: String
        var statusClass: String
        var lastSignIn: String
        var active: Bool
        var disableHref: String
        var enableHref: String
        var endSessionsHref: String
        var passwordHref: String
        var isSelf: Bool
        /// Whether the person signs in with an authenticator code too.
        var secondFactor: Bool
        var resetSecondFactorHref: String
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var organizationName: String
        var organizationHref: String
        var rows: [Row]
        var newHref: String
        var notice: String?
    }

    struct RoleOption: Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    struct FormModel: Sendable {
        var layout: LayoutModel
        var organizationName: String
        var action: String
        var cancelHref: String
        var email: String
        var name: String
        var roles: [RoleOption]
        var errors: [FieldErrors.Entry]
        var emailError: String?
        var nameError: String?
        var rolesError: String?
        var passwordError: String?
        var minimumPasswordLength = UserRules.minimumPasswordLength
    }

    struct PasswordModel: Sendable {
        var layout: LayoutModel
        var userName: String
        var action: String
        var cancelHref: String
        var error: String?
    }

    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: .usersList, recordType: .organization)
        return [
            Endpoint(
                .get, Routes.users, allowing: .listUsers, .page, scope: .organization,
                summary: "People of an organization", auditedRead: read,
                handler: list),
            Endpoint(
                .get, Routes.newUser, allowing: .manageUsers, .page, scope: .organization,
                summary: "New-account form", handler: newForm),
            Endpoint(
                .post, Routes.users, allowing: .manageUsers, .page, scope: .organization,
                summary: "Add an account", handler: create),
            Endpoint(
                .post, Routes.disableUser, allowing: .manageUsers, .page, scope: .organization,
                summary: "Disable an account",
                handler: disable),
            Endpoint(
                .post, Routes.endUserSessions, allowing: .manageUsers, .page, scope: .organization,
                summary: "Sign a person out everywhere", handler: endSessions),
            Endpoint(
                .post, Routes.enableUser, allowing: .manageUsers, .page, scope: .organization,
                summary: "Enable an account",
                handler: enable),
            Endpoint(
                .get, Routes.userPassword, allowing: .manageUsers, .page, scope: .organization,
                summary: "Password-reset form",
                handler: passwordForm),
            Endpoint(
                .post, Routes.userPassword, allowing: .manageUsers, .page,
                scope: .organization, summary: "Set a new password for an account", handler: resetPassword),
        ]
    }

    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        let now = services.clock.now()
        let zone = context.local
        let withSecondFactor = try await services.store.usersWithSecondFactor(in: organization.id)
        let rows = try await services.store.users(in: organization.id).map { user in
            let (status, statusClass) =
                if !user.active { (StaffText.text("staff.user.disabled"), "status-off") } else if user.isLocked(at: now) {
                    (StaffText.text("staff.user.lockedUntil", ["time": zone.format(user.lockedUntil!)]), "status-warn")
                } else { (StaffText.text("staff.user.active"), "status-ok") }
            return Row(
                name: user.name, email: user.email, roles: user.sortedRoles.map(\.title).joined(separator: ", "), status: status,
                statusClass: statusClass, lastSignIn: user.lastSignInAt.map(zone.format) ?? StaffText.text("staff.user.never"),
                active: user.active,
                disableHref: Routes.disableUser(organization.id, user.id), enableHref: Routes.enableUser(organization.id, user.id),
                endSessionsHref: Routes.endUserSessions(organization.id, user.id),
                passwordHref: Routes.userPassword(organization.id, user.id), isSelf: user.id == context.user.id,
                secondFactor: withSecondFactor.contains(user.id), resetSecondFactorHref: Routes.resetSecondFactor(organization.id, user.id))
        }
        let notice = PeopleOutcome.message(in: request)
        return try services.views.page(
            "users",
            ListModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.people", ["name": organization.name]),
                    current: Routes.users(organization.id)),
                organizationName: organization.name, organizationHref: Routes.organization(organization.id), rows: rows,
                newHref: Routes.newUser(organization.id), notice: notice))
    }

    static func formModel(
        _ context: SignedInContext, _ services: AppServices, organization: Organization, draft: UserDraft,
        errors: FieldErrors = FieldErrors()
    ) -> FormModel {
        FormModel(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.newAccount", ["name": organization.name]),
                current: Routes.users(organization.id)),
            organizationName: organization.name, action: Routes.users(organization.id), cancelHref: Routes.users(organization.id),
            email: draft.email, name: draft.name,
            roles: Role.allowed(in: organization.kind).map {
                RoleOption(value: $0.rawValue, label: $0.title, checked: draft.roles.contains($0.rawValue))
            },
            errors: errors.entries, emailError: errors["email"], nameError: errors["name"], rolesError: errors["roles"],
            passwordError: errors["password"])
    }

    @Sendable static func newForm(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        return try services.views.page(
            "user-form", formModel(context, services, organization: organization, draft: UserDraft(email: "", name: "", roles: [])))
    }

    @Sendable static func create(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let draft = UserDraft(email: form["email"], name: form["name"], roles: form.values("roles"), password: form["password"])
        do {
            _ = try await PeopleCommands.create(draft, in: organization, context: context, services: services)
            return PeopleOutcome.created.redirect(to: Routes.users(organization.id))
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "user-form", formModel(context, services, organization: organization, draft: draft, errors: errors),
                status: .unprocessableContent)
        }
    }

    @Sendable static func disable(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, user) = try await PeopleCommands.find(context, services: services)
        if user.id == context.user.id {
            throw HomewardError.conflict(StaffText.text("staff.user.youCannotDisableYour"))
        }
        try await services.store.setActive(
            false, of: user.id,
            audit: services.auditEntry(
                context, action: .usersDisable, recordType: .user, recordID: user.id.rawValue, organization: organization.id))
        return PeopleOutcome.disabled.redirect(to: Routes.users(organization.id))
    }

    /// Signs the person out of every browser (a lost phone, a shared computer); their password and
    /// API tokens stay as they are.
    @Sendable static func endSessions(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, user) = try await PeopleCommands.find(context, services: services)
        try await services.store.endSessions(
            of: user.id,
            audit: services.auditEntry(
                context, action: .usersEndSessions, recordType: .user, recordID: user.id.rawValue, organization: organization.id))
        return PeopleOutcome.signedOut.redirect(to: Routes.users(organization.id))
    }

    @Sendable static func enable(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, user) = try await PeopleCommands.find(context, services: services)
        try await services.store.setActive(
            true, of: user.id,
            audit: services.auditEntry(
                context, action: .usersEnable, recordType: .user, recordID: user.id.rawValue, organization: organization.id))
        return PeopleOutcome.enabled.redirect(to: Routes.users(organization.id))
    }

    @Sendable static func passwordForm(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, user) = try await PeopleCommands.find(context, services: services)
        return try services.views.page(
            "password-reset",
            PasswordModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.newPassword"),
                    current: Routes.users(organization.id)),
                userName: user.name, action: Routes.userPassword(organization.id, user.id), cancelHref: Routes.users(organization.id)))
    }

    @Sendable static func resetPassword(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, user) = try await PeopleCommands.find(context, services: services)
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        do {
            try await PeopleCommands.setPassword(
                form["password"], confirmation: form["confirmation"], of: user, context: context, services: services,
                action: .usersResetPassword)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "password-reset",
                PasswordModel(
                    layout: .init(
                        context: context, services: services, title: StaffText.text("staff.title.newPassword"),
                        current: Routes.users(organization.id)),
                    userName: user.name, action: Routes.userPassword(organization.id, user.id), cancelHref: Routes.users(organization.id),
                    error: errors.entries.first?.message),
                status: .unprocessableContent)
        }
        return PeopleOutcome.password.redirect(to: Routes.users(organization.id))
    }
}

extension UserPages {

}

/// What an organization's list of people confirms after a form on it.
enum PeopleOutcome: String, Outcome {
    case created, disabled, enabled, password
    case signedOut = "signed-out"
    case secondFactorReset = "second-factor-reset"

    var message: String {
        switch self {
        case .created: StaffText.text("staff.user.theAccountWasCreated")
        case .disabled: StaffText.text("staff.user.theAccountWasDisabled")
        case .enabled: StaffText.text("staff.user.theAccountWasEnabled")
        case .password: StaffText.text("staff.user.thePasswordWasChanged")
        case .signedOut: StaffText.text("staff.user.thePersonWasSigned")
        case .secondFactorReset:
            StaffText.text("staff.user.thePersonSSecond")
        }
    }
}
