import Foundation
import HomewardCore
import Hummingbird

/// What a center's QA practice looks like, read alike by the QA pages, the readiness page, the
/// reviewer's application page and the roster: its review practice, people and training needs.
enum QAPracticeLoads {
    /// Whether a 911 center practises its QA section: of its missing-child calls that ended in the
    /// last 12 months, how many were reviewed within the window. Nil for other organizations.
    struct PracticeView: Sendable {
        var calls: Int
        var sentence: String
        var percent: String?
    }

    static func practice(of organization: Organization, services: AppServices) async throws -> PracticeView? {
        guard organization.kind == .psap else { return nil }
        let now = services.clock.now()
        let from = organization.twelveMonths(before: now)
        // Up to and including this second.
        let until = now + 1
        let practice = QAPractice(
            calls: try await services.store.callsEnded(in: organization.id, from: from, until: until),
            reviews: try await services.store.qaReviews(in: organization.id, from: from, until: until), from: from, until: until, at: now)
        guard let percent = practice.onTimePercent else {
            return PracticeView(calls: 0, sentence: StaffText.text("staff.qaReview.noMissingChildCall"), percent: nil)
        }
        let sentence =
            StaffText.text(
                "staff.qaReview.ofMissingChildCall", ["calls": "\(practice.calls)", "plural": "\(practice.calls == 1 ? "" : "s")"])
            + "\(practice.reviewedOnTime) \(practice.reviewedOnTime == 1 ? "was" : "were") reviewed within the window"
            + "; \(practice.reviewedLate) late, \(practice.overdue) not reviewed in time, \(practice.pending) still within the window."
        return PracticeView(calls: practice.calls, sentence: sentence, percent: "\(percent)%")
    }

    /// The names of a 911 center's people, by id, for pages that name telecommunicators.
    static func peopleNames(of psap: OrganizationID, services: AppServices) async throws -> [UserID: String] {
        Dictionary(try await services.store.users(in: psap).map { ($0.id, $0.name) }) { first, _ in first }
    }

    /// Follow-up training a QA review asked of a telecommunicator.
    struct TrainingNeed: Sendable {
        var person: String
        var courses: String
        var reviewed: String
        var reviewHref: String
    }

    /// The follow-up training the 911 center's QA reviews of the last 12 months asked for, newest
    /// first; empty for other organizations.
    static func trainingNeeds(of organization: Organization, context: SignedInContext, services: AppServices) async throws
        -> [TrainingNeed]
    {
        guard organization.kind == .psap else { return [] }
        let now = services.clock.now()
        let from = organization.twelveMonths(before: now)
        let names = try await peopleNames(of: organization.id, services: services)
        return try await services.store.qaReviews(in: organization.id, from: from, until: now + 1)
            .filter { $0.isSubmitted && !$0.isCalibration && !$0.followUpTraining.isEmpty }
            .sorted { ($0.submittedAt ?? $0.openedAt) > ($1.submittedAt ?? $1.openedAt) }
            .map {
                TrainingNeed(
                    person: names[$0.telecommunicator] ?? "A former telecommunicator", courses: $0.followUpTraining.joined(separator: ", "),
                    reviewed: $0.submittedAt.map { context.local.format($0) } ?? "", reviewHref: Routes.qaReview($0.id))
            }
    }
}
