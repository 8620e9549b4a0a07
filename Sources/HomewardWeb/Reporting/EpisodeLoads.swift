import Foundation
import HomewardCore
import Hummingbird

/// What the case pages and the case API load alike, so that no page file calls another's.
enum EpisodeLoads {
    /// The case named by the route's `{episode}`.
    static func record(_ context: SignedInContext, _ services: AppServices) async throws -> EpisodeRecord {
        guard let record = try await services.store.episodeRecord(EpisodeID(context.parameters.get(.episode) ?? "")) else {
            throw HomewardError.notFound("case")
        }
        return record
    }

    /// The episodes a principal works: their agency's, their police agency's, or (clearinghouse) all.
    static func filter(for signedIn: SignedIn) -> EpisodeFilter {
        switch signedIn.organization.kind {
        case .childWelfare: EpisodeFilter(reportingOrganization: signedIn.organization.id)
        case .lawEnforcement: EpisodeFilter(investigatingOrganization: signedIn.organization.id)
        case .clearinghouse, .psap: EpisodeFilter()
        }
    }
}
