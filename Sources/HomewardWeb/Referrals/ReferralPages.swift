import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// Referrals from a case to services.
enum ReferralPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, Routes.referrals, allowing: .workCase, .page, scope: .episode,
                summary: "Refer the case to a service", handler: refer
            ),
            Endpoint(
                .post, Routes.referral, allowing: .workCase, .page,
                scope: .episode, summary: "Record a referral's status (accepted, declined with reason, done)", handler: update),
        ]
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
                context, action: .referralsRequest, recordType: .referral, recordID: referral.id,
                organization: record.episode.organizationID, detail: referral.kind.rawValue))
        return CaseOutcome.referral.redirect(to: Routes.episode(record.episode.id))
    }

    @Sendable static func update(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let record = try await EpisodeLoads.record(context, services)
        guard
            let stored = try await services.store.referrals(ofEpisode: record.episode.id).first(where: {
                $0.id == context.parameters.get(.referral)
            })
        else { throw HomewardError.notFound("referral") }
        let referral = try stored.updating(
            status: form["status"], declineReason: form["declineReason"], at: services.clock.now(), by: context.principal)
        try await services.store.saveReferral(
            referral,
            audit: services.auditEntry(
                context, action: .referralsUpdate, recordType: .referral, recordID: referral.id,
                organization: record.episode.organizationID, detail: referral.status.rawValue))
        return CaseOutcome.referral.redirect(to: Routes.episode(record.episode.id))
    }
}
