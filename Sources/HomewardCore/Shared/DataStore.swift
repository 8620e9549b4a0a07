import Foundation

/// Everything Homeward keeps, behind one value.
public protocol DataStore: OrganizationStore, UserStore, SessionStore, APITokenStore, AuditStore, ReportingStore, NotificationStore,
    ChildSearchStore, ReadinessStore, PosterStore, TipStore, ReferralStore, LexiconStore, CallStore, OutboxStore, IdempotentRequestStore,
    SecondFactorStore, RetentionStore
{
    /// Fails when the database cannot be reached.
    func ping() async throws
    /// Releases connections.
    func shutdown() async throws
}
