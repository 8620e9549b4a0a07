import Foundation
import HomewardCore
import Hummingbird

/// What the readiness pages and API load alike, so that no page file calls another's.
enum ReadinessLoads {
    /// The agency named by the route's `{org}`; only police agencies and PSAPs take part.
    static func organization(_ context: SignedInContext, _ services: AppServices) async throws -> Organization {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        guard organization.kind == .lawEnforcement || organization.kind == .psap else {
            throw HomewardError.notFound("readiness for this kind of organization")
        }
        return organization
    }
}
