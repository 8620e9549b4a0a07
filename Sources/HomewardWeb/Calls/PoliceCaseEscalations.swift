import Foundation
import HomewardCore
import Logging

/// Escalates the 2-hour NCIC clock of police cases handed over from 911 calls, like a case's
/// clocks: at the federal NCIC entry's warning points and at the deadline, once each, to the
/// investigating agency's investigators and supervisors (inbox and e-mail) and its webhooks. The
/// escalation's primary key decides which instance records it, so any number may run the pass.
enum PoliceCaseEscalations {
    /// Records every threshold crossed and not yet escalated; returns how many this pass recorded.
    @discardableResult
    static func runOnce(_ services: AppServices, pageSize: Int = 200) async throws -> Int {
        let store = services.store
        let now = services.clock.now()
        var outbound = Outbound(services: services)
        var agencies: [OrganizationID: (Organization, [User])] = [:]
        var recorded = 0
        var cursor: PageCursor?
        while true {
            let page = try await store.policeCasesAwaitingNCIC(
                reportedBy: now - PoliceCase.firstNCICWarning, after: cursor, limit: pageSize)
            guard let last = page.last else { break }
            for (policeCase, escalated) in page {
                // One case that fails is logged and the pass goes on: every other agency's alerts
                // must still go out.
                do {
                    // An entry the linked report's agency recorded closes this clock too.
                    let linked = try await PoliceCaseLoads.linkedTimeline(policeCase, services: services)
                    let due = policeCase.ncicThresholds(at: now, linked: linked).filter { !escalated.contains($0) }
                    guard !due.isEmpty else { continue }
                    if agencies[policeCase.policeID] == nil, let police = try await store.organization(policeCase.policeID) {
                        agencies[policeCase.policeID] = (police, try await store.users(in: police.id))
                    }
                    guard let (police, staff) = agencies[policeCase.policeID] else { continue }
                    let cad = try await store.call(policeCase.callID)?.cadIncident
                    // Several thresholds crossed since the last pass make one alert, for the most
                    // urgent; the others are recorded so they never fire later.
                    for threshold in due {
                        var notices = Notices(notifications: [], outbox: [])
                        if threshold == due.last {
                            notices = try await outbound.render(
                                [policeCase.ncicNotice(cad: cad, threshold: threshold, police: police, staff: staff)], at: now)
                        }
                        if try await store.recordPoliceCaseEscalation(
                            policeCase.id, threshold: threshold, at: now, notifications: notices.notifications, outbox: notices.outbox)
                        {
                            recorded += 1
                        }
                    }
                } catch {
                    services.logger.error(
                        "escalation of one police case failed; the pass goes on",
                        metadata: [
                            "police_case_id": .string(policeCase.id.rawValue), "error_type": .string(String(reflecting: type(of: error))),
                        ])
                }
            }
            cursor = PageCursor(at: last.policeCase.reportedAt, id: last.policeCase.id.rawValue)
        }
        return recorded
    }
}
