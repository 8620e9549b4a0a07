import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// Referrals from a case to services.
enum ReferralPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, Routes.referrals, allowing: .workCase, .page, scope: .episode("episode"),
                summary: "Refer the case to a service", handler: refer
            ),
            Endpoint(
                .post, Routes.referral, allowing: .workCase, .page,
                scope: .episode("episode"), summary: "Record a referral's status (accepted, declined with reason, done)", handler: update),
        ]
    }

    struct ReferralRow: Sendable {
        var title: String
        var status: String
        var note: String
        var declineReason: String
        var requested: String
        var action: String
        var open: Bool
        /// Whether the reader records the outcome (the clearinghouse's case staff).
        var recordsOutcome: Bool
    }

    struct Suggestion: Sendable {
        var kind: String
        var title: String
        var reason: String
    }

    /// The referral rows and the suggestions not yet acted on, for the episode page.
    static func rows(_ record: EpisodeRecord, principal: Principal, services: AppServices, zone: LocalTime) async throws
        -> ([ReferralRow], [Suggestion])
    {
        let referrals = try await services.store.referrals(ofEpisode: record.episode.id)
        let longTerm = LongTermPolicy(days: services.configuration.longTermDays).isLongTerm(record.episode, at: services.clock.now())
        let taken = Set(referrals.map(\.kind))
        let rows = referrals.map { r in
            ReferralRow(
                title: r.kind.title, status: r.status.title, note: r.note, declineReason: r.declineReason,
                requested: zone.format(r.requestedAt), action: Routes.referral(record.episode.id, r.id),
                open: r.status == .requested || r.status == .accepted, recordsOutcome: Referral.recordsOutcome(principal))
        }
        let suggestions = Referral.suggestions(for: record.episode, longTerm: longTerm).filter { !taken.contains($0) }.map {
            Suggestion(kind: $0.rawValue, title: $0.title, reason: $0.suggestionReason)
        }
        return (rows, suggestions)
    }

    @Sendable static func refer(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let record = try await EpisodeLoads.record(context, services)
        let referral = try Referral.requesting(
            form["kind"], note: form["note"], episode: record.episode.id,
            existing: try await services.store.referrals(ofEpisode: record.episode.id), id: services.ids.next(), by: context.user.id,
            at: services.clock.now())
        try await services.store.saveReferral(
            referral,
            audit: services.auditEntry(
                context, action: "referrals.request", recordType: "referral", recordID: referral.id,
                organization: record.episode.organizationID, detail: referral.kind.rawValue))
        return CaseOutcome.referral.redirect(to: Routes.episode(record.episode.id))
    }

    @Sendable static func update(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let record = try await EpisodeLoads.record(context, services)
        guard
            let stored = try await services.store.referrals(ofEpisode: record.episode.id).first(where: {
                $0.id == context.parameters.get("referral")
            })
        else { throw HomewardError.notFound("referral") }
        let referral = try stored.updating(
            status: form["status"], declineReason: form["declineReason"], at: services.clock.now(), by: context.principal)
        try await services.store.saveReferral(
            referral,
            audit: services.auditEntry(
                context, action: "referrals.update", recordType: "referral", recordID: referral.id,
                organization: record.episode.organizationID, detail: referral.status.rawValue))
        return CaseOutcome.referral.redirect(to: Routes.episode(record.episode.id))
    }
}
