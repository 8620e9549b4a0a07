import Foundation
import HomewardCore
import Logging
import ServiceLifecycle

/// Finds statutory clocks that crossed a warning threshold or their deadline, and QA reviews past
/// their window, and notifies the people responsible, exactly once per clock per threshold and
/// once per review. Its state is the database: a
/// restart loses nothing, and any number of instances may run it against one PostgreSQL server,
/// because the escalation's primary key decides which instance records it.
struct EscalationService: Service {
    let services: AppServices

    func run() async throws {
        let interval = Duration.seconds(services.configuration.escalationIntervalSeconds)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Each pass on its own: one that fails (a database hiccup, a row that cannot be read) is
            // logged and the others still run.
            for pass in BackgroundPass.allCases { await run(pass) }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    private func run(_ pass: BackgroundPass) async {
        do {
            let count = try await pass.runOnce(services)
            if count > 0 { services.logger.info("\(pass.done)", metadata: ["count": .stringConvertible(count)]) }
        } catch {
            services.logger.warning(
                "a background pass failed",
                metadata: ["pass": .string(pass.done), "error_type": .string(String(reflecting: type(of: error)))])
        }
    }
}

/// The passes the escalation service runs each interval, in order. Each is one call a test or the
/// benchmark can make on its own.
public enum BackgroundPass: String, CaseIterable, Sendable {
    case escalations
    case qaEscalations = "qa-escalations"
    case policeCaseEscalations = "police-case-escalations"
    case tipNotices = "tip-notices"
    case renewalNotices = "renewal-notices"
    case longTermCases = "long-term-cases"
    case retention

    /// Runs the pass once; returns how many things it did.
    @discardableResult
    public func runOnce(_ services: AppServices) async throws -> Int {
        switch self {
        case .escalations: try await Escalations.runOnce(services)
        case .qaEscalations: try await QAEscalations.runOnce(services)
        case .policeCaseEscalations: try await PoliceCaseEscalations.runOnce(services)
        case .tipNotices: try await TipNotices.runOnce(services)
        case .renewalNotices: try await RenewalNotices.runOnce(services)
        case .longTermCases: try await LongTermCases.runOnce(services)
        case .retention: try await RetentionRun.runOnce(services)
        }
    }

    /// What the log says the pass did.
    var done: String {
        switch self {
        case .escalations: "escalations recorded"
        case .qaEscalations: "overdue QA reviews escalated"
        case .policeCaseEscalations: "police cases' NCIC clocks escalated"
        case .tipNotices: "tip notices recorded"
        case .renewalNotices: "renewal notices recorded"
        case .longTermCases: "cases turned long-term"
        case .retention: "records tombstoned under the retention policy"
        }
    }
}

/// The retention policy applied: personal details of expired records replaced by tombstones.
enum RetentionRun {
    @discardableResult
    static func runOnce(_ services: AppServices) async throws -> Int {
        let policy = services.configuration.retentionPolicy
        guard !policy.isOff else { return 0 }
        return try await services.store.applyRetention(policy, at: services.clock.now(), batchSize: 200).total
    }
}

/// One escalation pass, callable from tests and the service alike.
enum Escalations {
    /// Records every escalation that is due and not yet recorded; returns how many this pass recorded.
    /// Reads only the cases whose schedule says a threshold is due, a page at a time, so its cost
    /// follows the clocks that are due, not the cases that are open; each picked case's clocks are
    /// read again from its events, and its schedule derived again afterwards.
    @discardableResult
    static func runOnce(_ services: AppServices, pageSize: Int = 200) async throws -> Int {
        let store = services.store
        let now = services.clock.now()
        var recipients = RecipientDirectory(services: services)
        var outbound = Outbound(services: services)
        var recorded = 0
        var cursor: PageCursor?
        while true {
            let page = try await store.episodesDue(at: now, after: cursor, limit: pageSize)
            guard let last = page.last else { break }
            let records = page.map(\.record)
            let known = try await store.escalations(for: records.map(\.episode.id))
            var unchanged: [EpisodeID] = []
            for record in records {
                // One case that fails (a recipient that cannot be read, say) is logged and the pass goes
                // on: every other agency's alerts must still go out.
                do {
                    let count = try await escalate(
                        record, known: known, recipients: &recipients, outbound: &outbound, services: services, now: now)
                    recorded += count
                    // A recorded escalation derived the schedule again in its transaction; a case with
                    // nothing new (picked by a schedule derived before its last change) is derived here.
                    if count == 0 { unchanged.append(record.episode.id) }
                } catch {
                    services.logger.error(
                        "escalation of one case failed; the pass goes on",
                        metadata: [
                            "episode_id": .string(record.episode.id.rawValue), "error_type": .string(String(reflecting: type(of: error))),
                        ])
                }
            }
            try await store.refreshSchedules(of: unchanged)
            // Each picked case's schedule has moved on, but one that failed keeps its place: the next
            // page starts after the last one read.
            cursor = PageCursor(at: last.dueAt, id: last.record.episode.id.rawValue)
        }
        return recorded
    }

    private static func escalate(
        _ record: EpisodeRecord, known: Set<Escalation>, recipients: inout RecipientDirectory, outbound: inout Outbound,
        services: AppServices, now: Date
    ) async throws -> Int {
        let store = services.store
        var recorded = 0
        for reading in record.clocks(at: now) {
            let due = StatutoryClocks.crossedThresholds(reading, at: now).filter {
                !known.contains(Escalation(episodeID: record.episode.id, clockKind: reading.definition.kind, threshold: $0))
            }
            // Several thresholds crossed since the last pass (a case filed late, a pass missed) make
            // one alert, for the most urgent; the others are recorded so they never fire later.
            for threshold in due {
                let escalation = Escalation(episodeID: record.episode.id, clockKind: reading.definition.kind, threshold: threshold)
                var notices = Notices()
                if threshold == due.last {
                    let people = try await recipients.people(for: record.episode, clock: reading.definition.kind)
                    notices = try await outbound.render(
                        [ClockAlert.notice(record.episode, reading: reading, threshold: threshold, recipients: people)], at: now)
                }
                if try await store.recordEscalation(escalation, at: now, notifications: notices.notifications, outbox: notices.outbox) {
                    recorded += 1
                }
            }
        }
        return recorded
    }
}

/// The people a pass may tell about a case's clocks (``ClockAlert/recipients(of:clock:reportingStaff:policeStaff:caseManagers:)``
/// decides who), each organization's staff and the clearinghouses' case managers read once per pass.
struct RecipientDirectory {
    let services: AppServices
    private var byOrganization: [OrganizationID: [User]] = [:]
    private var caseManagers: [User]?

    init(services: AppServices) { self.services = services }

    private mutating func users(_ organization: OrganizationID?) async throws -> [User] {
        guard let organization else { return [] }
        if let cached = byOrganization[organization] { return cached }
        let users = try await services.store.users(in: organization)
        byOrganization[organization] = users
        return users
    }

    mutating func people(for episode: MissingEpisode, clock: ClockKind) async throws -> [User] {
        if caseManagers == nil {
            var managers: [User] = []
            let clearinghouses = try await services.store.organizations(matching: OrganizationFilter(kind: .clearinghouse, limit: 500))
            for organization in clearinghouses where organization.active { managers += try await users(organization.id) }
            caseManagers = managers
        }
        return ClockAlert.recipients(
            of: episode, clock: clock, reportingStaff: clock == .ncicEntry ? [] : try await users(episode.organizationID),
            policeStaff: clock == .ncicEntry ? try await users(episode.police.organizationID) : [], caseManagers: caseManagers ?? [])
    }
}
