import Foundation
import HomewardCore
import Hummingbird

/// The one-page quick reference for caseworkers, printable: what to have ready, the three duties
/// with their windows under the rules in force for the agency's state today, and whom to call.
enum QuickReferencePages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.quickReference, allowing: .viewHome, .page, scope: .none,
                summary: "The caseworker's quick reference (printable)", handler: page)
        ]
    }

    struct Duty: Sendable {
        var title: String
        var window: String
        var detail: String
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var rules: String
        var duties: [Duty]
        var ready: [String]
        var hotline: String
        var stateClearinghouse: String?
        var reportHref: String
    }

    @Sendable static func page(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let rules = try await RulesInForce.rulesInForce(for: context.organization, services: services)
        let duties = rules.definitions.map { definition in
            Duty(
                title: definition.title, window: DurationText.window(definition.window),
                detail: definition.trigger == .agencyReceivedInformation
                    ? StaffText.text(
                        "staff.quickReference.fromTheMomentYour", ["referenceLabelInText": "\(definition.referenceLabelInText)"])
                    : StaffText.text("staff.quickReference.policeHaveThisFrom"))
        }
        var ready = [
            StaffText.text("staff.quickReference.theChildSFull"), StaffText.text("staff.quickReference.hairAndEyeColor"),
            StaffText.text("staff.quickReference.whatTheChildWas"), "A recent photo, as clear as you have",
            StaffText.text("staff.quickReference.whenAndWhereThe"),
            StaffText.text("staff.quickReference.theCircumstancesAndAny"),
            StaffText.text("staff.quickReference.theGuardianSName"), StaffText.text("staff.quickReference.thePoliceAgencyIts"),
        ]
        if let state = rules.rules {
            let labels = Dictionary(uniqueKeysWithValues: JurisdictionRules.requirableFields.map { ($0.name, $0.label) })
            ready += state.requiredFields.map { "\(labels[$0] ?? $0) (\(USState.names[state.state] ?? state.state) requires it)" }
        }
        let state = rules.rules.flatMap { rules in
            rules.clearinghouseName.isEmpty
                ? nil : [rules.clearinghouseName, rules.clearinghousePhone].filter { !$0.isEmpty }.joined(separator: ", ")
        }
        return try services.views.page(
            "quick-reference",
            Model(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.quickReference"),
                    current: Routes.newReport.path),
                rules: rules.summary, duties: duties, ready: ready, hotline: services.configuration.hotline, stateClearinghouse: state,
                reportHref: Routes.newReport.path))
    }
}
