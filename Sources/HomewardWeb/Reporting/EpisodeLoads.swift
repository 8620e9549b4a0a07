import Foundation
import HomewardCore
import Hummingbird

/// What the case pages and the case API load alike, so that no page file calls another's.
enum EpisodeLoads {
    /// The case named by the route's `{episode}`.
    static func record(_ context: SignedInContext, _ services: AppServices) async throws -> EpisodeRecord {
        guard let record = try await services.store.episodeRecord(EpisodeID(context.parameters.get("episode") ?? "")) else {
            throw HomewardError.notFound("case")
        }
        return record
    }
}
