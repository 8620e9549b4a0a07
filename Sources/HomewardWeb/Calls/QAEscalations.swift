import Foundation
import HomewardCore
import Logging

/// Escalates QA reviews past their window, exactly once each, through the same notifications as
/// the statutory clocks: the review's assignee (the person its QA section names, or everyone with
/// the role) and the 911 center's managers, in the inbox and by e-mail. The escalation's primary
/// key decides which instance records it, so any number may run the pass.
enum QAEscalations {
    /// Records every overdue review not yet escalated; returns how many this pass recorded.
    @discardableResult
    static func runOnce(_ services: AppServices) async throws -> Int {
        let store = services.store
        let now = services.clock.now()
        var recorded = 0
        var people: [OrganizationID: (Organization, [User])] = [:]
        var outbound = Outbound(services: services)
        for review in try await store.unescalatedOverdueQAReviews(at: now, limit: 1000) {
            do {
                if people[review.psapID] == nil, let psap = try await store.organization(review.psapID) {
                    people[review.psapID] = (psap, try await store.users(in: psap.id).filter(\.active))
                }
                guard let (psap, users) = people[review.psapID], let call = try await store.call(review.callID) else { continue }
                let notices = try await outbound.render([review.overdueNotice(call: call, psap: psap, staff: users)], at: now)
                if try await store.recordQAEscalation(
                    review.id, at: now, notifications: notices.notifications, outbox: notices.outbox)
                {
                    recorded += 1
                }
            } catch {
                services.logger.error(
                    "escalation of one QA review failed; the pass goes on",
                    metadata: ["qa_review_id": .string(review.id.rawValue), "error_type": .string(String(reflecting: type(of: error)))])
            }
        }
        return recorded
    }
}
