import Foundation
import HomewardCore
import Hummingbird

/// A person's own account: who they are, and changing their password.
enum AccountPages {

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

    /// The person chooses the language their notices are written in (staff pages stay English).
    @Sendable static func chooseLanguage(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let language = form["language"]
        guard services.views.catalogs.languages.contains(language) else {
            var errors = FieldErrors()
            errors.add("language", StaffText.text("staff.account.chooseALanguage"))
            return try services.views.page(
                "account", try await AccountView.model(context, services, errors: errors), status: .unprocessableContent)
        }
        try await services.store.setLanguage(
            language, of: context.user.id,
            audit: services.auditEntry(
                context, action: .accountChooseLanguage, recordType: .user, recordID: context.user.id.rawValue,
                organization: context.organization.id, detail: language))
        return AccountOutcome.language.redirect(to: Routes.account.path)
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let flash = AccountOutcome.message(in: request)
        return try services.views.page("account", try await AccountView.model(context, services, flash: flash))
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
            try await PeopleCommands.setPassword(
                form["password"], confirmation: form["confirmation"], of: user, context: context, services: services,
                action: .accountChangePassword)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "account", try await AccountView.model(context, services, errors: errors), status: .unprocessableContent)
        }
        // The change ended every session of the person's, wherever they were signed in; this browser
        // goes on in a new one (with a new key, so the old one is worth nothing).
        let key = try await SignInSessions.startSession(for: user, replacing: nil, context: context, services: services)
        var response = AccountOutcome.password.redirect(to: Routes.account.path)
        response.setCookie(SignInSessions.sessionCookie(key, request: request, services: services))
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
