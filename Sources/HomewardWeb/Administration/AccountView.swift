import Foundation
import HomewardCore
import Hummingbird

/// The account page's view model: the person's details, second factor, language and password
/// form, built alike after each action on the page.
enum AccountView {
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
}
