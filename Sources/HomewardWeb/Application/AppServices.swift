import Foundation
import HomewardCore
import HomewardStore
import Logging

/// What handlers work with: the store, the injected clock and id generator, the configuration
/// and the page renderer. Built once by ``buildApplication(configuration:services:)``.
public struct AppServices: Sendable {
    public var configuration: HomewardConfiguration
    public var store: any DataStore
    public var clock: any WallClock
    public var ids: any IdentifierGenerator
    public var logger: Logger
    let views: Views
    package let passwords: PasswordHasher
    /// Rendered public posters, shared by requests of this instance.
    let posterCache: PosterCache
    /// Tips per sender address.
    let tipLimiter: RateLimiter
    /// Refused sign-ins per client address.
    let signInLimiter: RateLimiter
    /// Writes tips in group commits.
    let tipIntake: TipIntake
    /// Filed reports go through a group commit, as tips do.
    let reportIntake: ReportIntake

    public init(
        configuration: HomewardConfiguration, store: any DataStore, clock: any WallClock = SystemWallClock(),
        ids: any IdentifierGenerator = RandomIdentifierGenerator(), logger: Logger
    ) async throws {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.ids = ids
        self.logger = logger
        self.views = try await Views.load()
        self.passwords = PasswordHasher(cost: configuration.bcryptCost)
        self.posterCache = PosterCache(revalidateAfter: configuration.posterCacheSeconds)
        self.tipIntake = TipIntake(tipsInto: store)
        self.reportIntake = ReportIntake(reportsInto: store)
        self.tipLimiter = RateLimiter(limit: configuration.tipRateLimit, window: TimeInterval(configuration.tipRateWindowSeconds))
        self.signInLimiter = RateLimiter(
            limit: configuration.signInRateLimit, window: TimeInterval(configuration.signInRateWindowSeconds))
    }

    /// An audit entry for `context`'s principal at the current time.
    func auditEntry(
        _ context: some HomewardRequestContext, action: AuditAction, outcome: AuditOutcome = .allowed, recordType: AuditRecordType,
        recordID: String? = nil, organization: OrganizationID? = nil, detail: String? = nil
    ) -> AuditEntry {
        let context = context.request
        return AuditEntry(
            occurredAt: clock.now(), actorUserID: context.signedIn?.user.id,
            actorOrganizationID: context.signedIn?.organization.id, action: action, outcome: outcome,
            recordType: recordType, recordID: recordID, targetOrganizationID: organization,
            address: context.remoteAddress, requestID: context.requestID, detail: detail
        )
    }
}
