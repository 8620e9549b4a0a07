import Foundation
import HomewardCore
import Logging

/// Tells each recognized agency once when its renewal window opens (a year before the term ends,
/// as its program says): its administrators and managers in the inbox and by e-mail as they chose,
/// its webhooks with the event. The notice's primary key decides which instance sends it.
enum RenewalNotices {
    @discardableResult
    static func runOnce(_ services: AppServices) async throws -> Int {
        let store = services.store
        let now = services.clock.now()
        let programs = try await store.readinessPrograms()
        var outbound = Outbound(services: services)
        var recorded = 0
        for recognition in try await store.recognitionsAwaitingRenewalNotice(
            on: CivilDate(now, in: TimeZone.utc), limit: 500)
        {
            // One agency that cannot be told (an unreadable record) is logged and skipped.
            do {
                if try await notify(recognition, programs: programs, outbound: &outbound, now: now, services) { recorded += 1 }
            } catch {
                services.logger.error(
                    "the renewal notice of one recognition failed; the pass goes on",
                    metadata: ["recognition_id": .string(recognition.id), "error_type": .string(String(reflecting: type(of: error)))])
            }
        }
        return recorded
    }

    /// Records the renewal notice of `recognition` when its window is open; whether it did.
    static func notify(
        _ recognition: Recognition, programs: [ReadinessProgram], outbound: inout Outbound, now: Date, _ services: AppServices
    ) async throws -> Bool {
        let store = services.store
        guard let agency = try await store.organization(recognition.organizationID), agency.active else { return false }
        let today = CivilDate(now, in: agency.zone)
        let window = programs.first { $0.code == recognition.programCode }?.renewalWindowMonths ?? 12
        guard recognition.isCurrent(on: today), today >= recognition.renewalOpens(windowMonths: window) else { return false }
        let notices = try await outbound.render(
            [recognition.renewalNotice(agency: agency, staff: try await store.users(in: agency.id))], at: now)
        return try await store.recordRenewalNotice(recognition.id, at: now, notices: notices)
    }
}
