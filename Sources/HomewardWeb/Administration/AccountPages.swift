import Foundation
import HomewardCore
import Hummingbird

/// A person's own account: who they are, and changing their password.
enum AccountPages {
    struct Model: Sendable {
        var layout: LayoutModel
        var name: String
        var email: String
        var organizationName: String
        var roles: String
        var action: String
        var errors: [FieldErrors.Entry]
        var currentError: String?
        /// The password check of the second-factor form.
        var secondFactorPasswordError: String?
        var passwordError: String?
        var confirmationError: String?
        var minimumPasswordLength = UserRules.minimumPasswordLength
        var secondFactor: SecondFactorSummary
        /// The languages notices can be read in, the person's chosen.
        var language: FieldView
        var languageAction = Routes.accountLanguage.path
    }

    /// The second-factor section of the page.
    struct SecondFactorSummary: Sendable {
        var enrolled: Bool
        var enrolledOn: String?
        var unusedRecoveryCodes: Int
        /// Whether the organization makes it compulsory (then it cannot be turned off here).
        var required: Bool
        var setUpHref = Routes.accountSecondFactor.path
        var recoveryCodesAction = Routes.accountRecoveryCodes.path
        var turnOffAction = Routes.accountSecondFactorOff.path
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.account, allowing: .viewHome, .page, scope: .none, summary: "My account", handler: show),
            Endpoint(
                .post, Routes.accountPassword, allowing: .changeOwnPassword, .page, scope: .none, summary: "Change my password",
                handler: changePassword),
            Endpoint(
                .post, Routes.accountLanguage, allowing: .viewHome, .page, scope: .none, summary: "Choose the language of my notices",
                handler: chooseLanguage),
        ]
    }

    static func model(_ context: SignedInContext, _ services: AppServices, errors: FieldErrors = FieldErrors(), flash: String? = nil)
        async throws -> Model
    {
        let factor = try await services.store.secondFactor(of: context.user.id)
        let secondFactor = SecondFactorSummary(
            enrolled: factor != nil, enrolledOn: factor.map { LocalTime(timeZone: context.organization.timeZone).format($0.enrolledAt) },
            unusedRecoveryCodes: factor?.unusedRecoveryCodes ?? 0,
            required: services.configuration.secondFactorRequirement.applies(to: context.user, organizationKind: context.organization.kind))
        return Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.myAccount"), current: Routes.account.path,
                flash: flash),
            name: context.user.name, email: context.user.email, organizationName: context.organization.name,
            roles: context.user.sortedRoles.map(\.title).joined(separator: ", "), action: Routes.accountPassword.path,
            errors: errors.entries,
            currentError: errors["current"], secondFactorPasswordError: errors["recovery-current"], passwordError: errors["password"],
            confirmationError: errors["confirmation"],
            secondFactor: secondFactor,
            language: .select(
                "language", StaffText.text("staff.account.language"), context.user.language,
                options: languageOptions(services), errors: errors, hint: StaffText.text("staff.account.noticeLanguageHint")))
    }

    /// The languages there are catalogs for, each named in itself.
    static func languageOptions(_ services: AppServices) -> [(String, String)] {
        services.views.catalogs.languages.map { ($0, services.views.catalogs.text("language.name", $0)) }
    }

    /// The person chooses the language their notices are written in (staff pages stay English).
    @Sendable static func chooseLanguage(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let language = form["language"]
        guard services.views.catalogs.languages.contains(language) else {
            var errors = FieldErrors()
            errors.add("language", StaffText.text("staff.account.chooseALanguage"))
            return try services.views.page("account", try await model(context, services, errors: errors), status: .unprocessableContent)
        }
        try await services.store.setLanguage(
            language, of: context.user.id,
            audit: services.auditEntry(
                context, action: "account.choose_language", recordType: "user", recordID: context.user.id.rawValue,
                organization: context.organization.id, detail: language))
        return AccountOutcome.language.redirect(to: Routes.account.path)
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let flash = AccountOutcome.message(in: request)
        return try services.views.page("account", try await model(context, services, flash: flash))
    }

    @Sendable static func changePassword(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let user = context.user
        do {
            let hash = try await services.store.passwordHash(of: user.id)
            guard try await services.passwords.verify(form["current"], against: hash) else {
                throw HomewardError.invalid("current", StaffText.text("staff.account.thisIsNotYour"))
            }
            try await UserPages.setPassword(
                form["password"], confirmation: form["confirmation"], of: user, context: context, services: services,
                action: "account.change_password")
        } catch HomewardError.invalid(let errors) {
            return try services.views.page("account", try await model(context, services, errors: errors), status: .unprocessableContent)
        }
        // The change ended every session of the person's, wherever they were signed in; this browser
        // goes on in a new one (with a new key, so the old one is worth nothing).
        let key = try await SignInPages.startSession(for: user, replacing: nil, context: context, services: services)
        var response = AccountOutcome.password.redirect(to: Routes.account.path)
        response.setCookie(SignInPages.sessionCookie(key, request: request, services: services))
        return response
    }
}

/// What the account page confirms.
enum AccountOutcome: String, Outcome {
    case password
    case language

    var message: String {
        switch self {
        case .password: StaffText.text("staff.account.yourPasswordWasChanged")
        case .language: StaffText.text("staff.account.noticeLanguageChosen")
        }
    }
}
