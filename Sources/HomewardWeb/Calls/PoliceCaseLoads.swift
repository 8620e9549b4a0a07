import Foundation
import HomewardCore
import HomewardPDF
import Hummingbird

/// What the police case pages and the NCIC escalation pass read alike: a police case with its
/// call and linked report, the linked report's timeline, and the NCIC entry's state in words.
enum PoliceCaseLoads {
    /// A case with the call it came from, the checklist the call was worked with, and both agencies.
    struct Loaded: Sendable {
        var policeCase: PoliceCase
        var call: MissingChildCall
        var checklist: CallChecklist
        var police: Organization
        var psap: Organization
        /// The linked missing-from-care report's timeline, with every linked police case's proofs:
        /// the duties' proofs whichever agency recorded them. Empty while unlinked.
        var linked: [EpisodeEvent]
    }

    static func load(_ context: SignedInContext, _ services: AppServices) async throws -> Loaded {
        guard let id = context.parameters.get(.policeCase), let policeCase = try await services.store.policeCase(PoliceCaseID(id)),
            let call = try await services.store.call(policeCase.callID),
            let police = try await services.store.organization(policeCase.policeID),
            let psap = try await services.store.organization(policeCase.psapID)
        else { throw HomewardError.notFound("case") }
        return Loaded(
            policeCase: policeCase, call: call, checklist: try await services.store.checklist(of: call), police: police, psap: psap,
            linked: try await linkedTimeline(policeCase, services: services))
    }

    /// The timeline of the report `policeCase` is linked to, or nothing while it is unlinked.
    static func linkedTimeline(_ policeCase: PoliceCase, services: AppServices) async throws -> [EpisodeEvent] {
        guard let id = policeCase.episodeID else { return [] }
        return try await services.store.episodeRecord(id)?.events ?? []
    }

    /// Where the NCIC entry stands, in words.
    static func ncicText(_ policeCase: PoliceCase, linked: [EpisodeEvent], clock: ClockStatus, at now: Date, local: LocalTime) -> String {
        let deadline = policeCase.reportedAt + MissingChildCall.ncicWindow
        let nic = policeCase.ncicEntry(linked: linked)?.nic ?? ""
        return switch clock {
        case .metOnTime: StaffText.text("staff.policeCase.enteredInTime", ["ncicNumber": nic])
        case .metLate(let by):
            StaffText.text("staff.policeCase.enteredLateBy", ["duration": DurationText.describe(by), "ncicNumber": nic])
        case .breached(let by): StaffText.text("staff.policeCase.notEnteredOverdueBy", ["duration": DurationText.describe(by)])
        case .warning, .running, .notStarted:
            StaffText.text(
                "staff.policeCase.dueLeft",
                ["deadline": local.format(deadline), "left": DurationText.describe(deadline.timeIntervalSince(now))])
        }
    }
}
