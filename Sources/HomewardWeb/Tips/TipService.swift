import Foundation
import HomewardCore

/// Taking a tip from the public: the one path the poster page's form and the JSON answer share.
/// The rule is Core's (``TipRoute/accepting(_:slug:from:clientKey:id:at:acknowledgeWithin:requestID:)``);
/// this adds what a running server has: the cached route, the sender's rate limit and the group
/// commit that stores a flood of tips in few transactions.
enum TipService {
    /// A published poster's public version and where its tips go.
    struct RoutedPoster: Sendable {
        var route: TipRoute
        var published: PublicPoster?
    }

    /// Where tips for `slug` go: the investigating agency's investigators and supervisors and the
    /// case manager. Cached per poster revision (see ``PosterCache``).
    static func poster(_ slug: String, services: AppServices) async throws -> RoutedPoster? {
        let cache = services.posterCache
        let now = services.clock.now()
        if let routed = cache.freshRoute(slug, now: now) { return routed }
        guard let current = try await services.store.posterRevision(slug: slug) else { return nil }
        if let routed = cache.confirmRoute(slug, revision: current.revision, now: now) { return routed }
        guard let poster = try await services.store.poster(slug: slug) else { return nil }
        let episode = try await services.store.episode(poster.episodeID)
        var policeStaff: [User] = []
        if let police = episode?.police.organizationID { policeStaff = try await services.store.users(in: police) }
        let routed = RoutedPoster(route: TipRoute(poster: poster, episode: episode, policeStaff: policeStaff), published: poster.published)
        cache.storeRoute(slug, routed, revision: poster.revision, now: now)
        return routed
    }

    /// Accepts and stores `submission` sent to the poster at `slug` (``poster(_:services:)``) from
    /// `address`: refused with its field errors, when the sender has sent too many, or when the
    /// poster is withdrawn. Stored once: a retry gets the stored tip back (`created` false) and does
    /// not count against the sender's limit. When the case changed hands after the route was read,
    /// the tip goes to the agency investigating now.
    static func accept(
        _ submission: TipSubmission, to routed: RoutedPoster, slug: String, from address: String, clientKey: String?,
        requestID: String?, services: AppServices
    ) async throws -> (tip: Tip, created: Bool) {
        let now = services.clock.now()
        if let wait = services.tipLimiter.acquire(address, now: now) { throw HomewardError.rateLimited(retryAfter: wait) }
        let accepted: AcceptedTip
        do {
            accepted = try routed.route.accepting(
                submission, slug: slug, from: address, clientKey: clientKey, id: services.ids.next(), at: now,
                acknowledgeWithin: TimeInterval(services.configuration.tipAcknowledgeMinutes * 60), requestID: requestID)
        } catch {
            services.tipLimiter.release(address)
            throw error
        }
        let answer: (tip: Tip, created: Bool)
        do {
            answer = try await store(accepted, from: address, services: services)
        } catch is TipRouteChanged {
            services.posterCache.forgetRoute(slug)
            guard let current = try await poster(slug, services: services), current.route.status == .published else {
                services.tipLimiter.release(address)
                throw HomewardError.notFound("poster (it has been withdrawn)")
            }
            answer = try await store(accepted.rerouted(current.route), from: address, services: services)
        }
        return answer
    }

    private static func store(_ accepted: AcceptedTip, from address: String, services: AppServices) async throws -> (
        tip: Tip, created: Bool
    ) {
        let (stored, created) = try await services.tipIntake.submit((accepted.tip, accepted.recipients, accepted.audit))
        if !created { services.tipLimiter.release(address) }
        return try accepted.answer(stored: stored, created: created)
    }
}
