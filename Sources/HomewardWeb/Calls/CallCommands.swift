import Foundation
import HomewardCore
import Hummingbird

/// The application services of a missing-child call: each loads what its Core command needs, runs
/// it, renders the notices it causes and stores everything in one transaction. The pages, the API
/// and the demo loader all end calls through here.
enum CallCommands {
    /// Ends `call` as `ending` says (``MissingChildCall/ending(_:checklist:psap:section:staff:reviewID:at:by:)``):
    /// the call, the police case of a hand-off, the QA review and its due notice, stored together.
    static func end(
        _ call: MissingChildCall, checklist: CallChecklist, _ ending: CallEnding, context: some HomewardRequestContext,
        psap: Organization, by person: UserID, services: AppServices
    ) async throws -> EndedCall {
        let now = services.clock.now()
        let staff = try await services.store.users(in: psap.id)
        let ended = try call.ending(
            ending, checklist: checklist, psap: psap, section: try await qaSection(of: psap, staff: staff, services: services),
            staff: staff, reviewID: QAReviewID(services.ids.next()), at: now, by: person)
        var outbound = Outbound(services: services)
        let notices = try await outbound.render(ended.notices, at: now)
        let detail =
            ended.policeCase.map { "police case \($0.id) for \($0.policeID); review \(ended.review.id)" }
            ?? "review \(ended.review.id) due \(Timestamp.format(ended.review.dueAt))"
        try await services.store.endCall(
            ended.call, policeCase: ended.policeCase, review: ended.review, notices: notices,
            audit: services.auditEntry(
                context, action: ended.policeCase == nil ? .callsClose : .callsHandOff, recordType: .call,
                recordID: call.id.rawValue, organization: call.psapID, detail: detail))
        return ended
    }

    /// The police agency a person chose to hand a call to, by id; nil when none or unknown.
    static func agency(_ id: String, services: AppServices) async throws -> Organization? {
        id.isEmpty ? nil : try await services.store.organization(OrganizationID(id))
    }

    /// The 911 center's QA section as its policy states it (reviewer and window), or the defaults.
    /// `staff` are the center's people, when the caller has read them already.
    static func qaSection(of psap: Organization, staff: [User]? = nil, services: AppServices) async throws -> QASection {
        let state = try await services.store.readinessState(of: psap, at: services.clock.now())
        var people = staff
        if people == nil { people = try await services.store.users(in: psap.id) }
        return QASection.adopted(
            from: state.evidence.policy, people: people ?? [], fallbackHours: services.configuration.qaReviewDefaultHours)
    }

    /// The call of the path, with the checklist it was opened with.
    static func load(_ context: SignedInContext, _ services: AppServices) async throws -> (MissingChildCall, CallChecklist) {
        guard let id = context.parameters.get(.call), let call = try await services.store.call(CallID(id)) else {
            throw HomewardError.notFound("call")
        }
        return (call, try await services.store.checklist(of: call))
    }

    static func checklistInForce(at instant: Date, context: SignedInContext, services: AppServices) async throws -> CallChecklist {
        let today = CivilDate(instant, in: context.zone).iso
        guard let checklist = CallChecklist.inForce(on: today, among: try await services.store.callChecklists()) else {
            throw HomewardError.conflict(StaffText.text("staff.call.noCallChecklistIs"))
        }
        return checklist
    }
}
