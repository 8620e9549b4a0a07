import Foundation

/// Posters: drafts, publication and the public list.
public protocol PosterStore: Sendable {
    /// The episode's poster, if one was drafted.
    func poster(ofEpisode episode: EpisodeID) async throws -> Poster?
    func poster(slug: String) async throws -> Poster?
    /// Creates or replaces the poster; bumps its revision.
    func savePoster(_ poster: Poster, audit: AuditEntry) async throws
    /// Published posters, newest first, of children missing from `state` if given, after `cursor`
    /// (the publication time and slug of the last poster of the page before).
    func publishedPosters(state: String?, after cursor: PageCursor?, limit: Int) async throws -> [Poster]
    /// Published and withdrawn posters in the order their public record last changed (publication,
    /// or withdrawal), from `since` on, skipping the first `skip`: the PFIF feed's pages.
    func feedPosters(since: Date?, skip: Int, limit: Int) async throws -> [Poster]
    /// Posters with a version waiting for a second person's approval, oldest request first.
    func postersAwaitingApproval(limit: Int) async throws -> [Poster]
    /// The revision of the poster at `slug` (for cache checks), or nil when there is none.
    func posterRevision(slug: String) async throws -> (status: PosterStatus, revision: Int)?
}

extension PosterStore {
    /// The newest published posters.
    public func publishedPosters(limit: Int) async throws -> [Poster] {
        try await publishedPosters(state: nil, after: nil, limit: limit)
    }
}
