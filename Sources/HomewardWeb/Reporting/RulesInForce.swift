import Foundation
import HomewardCore
import Hummingbird

/// The legal rules an agency's cases run under (federal, or its state's stricter ones), as the
/// report form and the quick reference state them.
enum RulesInForce {
    /// The rules in force today for `organization`'s state.
    static func rulesInForce(for organization: Organization, services: AppServices) async throws -> AppliedRules {
        let versions = try await services.store.jurisdictionRules(of: organization.state)
        return AppliedRules(
            JurisdictionRules.inForce(versions, state: organization.state, at: services.clock.now()),
            federal: services.configuration.clockDefinitions)
    }

    /// The agency's two duties in a sentence: "Report to police within 24 hours and to the clearinghouse within 24 hours."
    static func dutiesSentence(_ rules: AppliedRules) -> String {
        func hours(_ kind: ClockKind) -> String {
            DurationText.window(rules.definitions.first { $0.kind == kind }?.window ?? 0)
        }
        return StaffText.text(
            "staff.quickReference.reportToPoliceWithin",
            ["police": "\(hours(.policeReport))", "clearinghouse": "\(hours(.clearinghouseReport))"])
            + (rules.rules == nil ? "." : ", under \(rules.summary).")
    }
}
