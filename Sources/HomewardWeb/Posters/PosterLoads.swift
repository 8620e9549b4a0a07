import Foundation
import HomewardCore
import Hummingbird

/// What the poster pages and API load and save alike, so that no page file calls another's.
package enum PosterLoads {
    /// The episode's poster, or a new draft for it.
    static func load(_ context: SignedInContext, _ services: AppServices) async throws -> (EpisodeRecord, Poster) {
        let record = try await EpisodeLoads.record(context, services)
        if let poster = try await services.store.poster(ofEpisode: record.episode.id) { return (record, poster) }
        return (
            record,
            Poster(
                id: services.ids.next(), episodeID: record.episode.id, slug: Poster.newSlug(), createdBy: context.user.id,
                createdAt: services.clock.now())
        )
    }

    /// What the poster commands read about the case: the people working it, the lexicon in force
    /// and how the public version is written.
    static func posterCase(_ record: EpisodeRecord, context: SignedInContext, services: AppServices) async throws -> PosterCase {
        try await posterCase(record, zone: context.zone, services: services)
    }

    package static func posterCase(_ record: EpisodeRecord, zone: TimeZone, services: AppServices) async throws -> PosterCase {
        var people: [String] = []
        var ids = Set([record.episode.createdBy] + (record.episode.caseManagerID.map { [$0] } ?? []))
        ids.formUnion(record.events.map(\.recordedBy))
        for id in ids.sorted(by: { $0.rawValue < $1.rawValue }) {
            if let user = try await services.store.user(id) { people.append(user.name) }
        }
        return PosterCase(
            record: record, people: people, tasks: try await services.store.tasks(of: record.episode.id),
            referrals: try await services.store.referrals(ofEpisode: record.episode.id),
            lexicon: try await services.store.currentLexicon().lexicon, hotline: services.configuration.hotline, zone: zone)
    }

    /// Stores the poster a command returned (one call, audited as `action`) and clears its cached
    /// public answers.
    static func persist(
        _ poster: Poster, _ action: AuditAction, _ record: EpisodeRecord, context: SignedInContext, services: AppServices,
        detail: String = ""
    ) async throws {
        try await services.store.savePoster(poster, audit: audit(context, services, action, poster, record, detail: detail))
        services.posterCache.invalidate(poster.slug)
    }

    static func audit(
        _ context: SignedInContext, _ services: AppServices, _ action: AuditAction, _ poster: Poster, _ record: EpisodeRecord,
        detail: String = ""
    ) -> AuditEntry {
        services.auditEntry(
            context, action: action, recordType: .poster, recordID: poster.id, organization: record.episode.organizationID,
            detail: "episode \(record.episode.id)" + (detail.isEmpty ? "" : "; \(detail)"))
    }
}
