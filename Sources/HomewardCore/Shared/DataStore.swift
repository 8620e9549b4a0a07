import Foundation

/// Everything Homeward keeps, behind one value.
public protocol DataStore: OrganizationStore, UserStore, SessionStore, APITokenStore, AuditStore, ReportingStore, NotificationStore,
    ChildSearchStore, ReadinessStore, PosterStore, TipStore, ReferralStore, LexiconStore, CallStore, OutboxStore, IdempotentRequestStore,
    SecondFactorStore, RetentionStore, JurisdictionRulesStore
{
    /// Fails when the database cannot be reached.
    func ping() async throws
    /// Seals every sensitive value with the current field key; returns how many were sealed anew.
    func rotateFieldKeys(batchSize: Int) async throws -> Int
    /// Releases connections.
    func shutdown() async throws
}
