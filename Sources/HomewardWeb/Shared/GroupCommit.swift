import Foundation
import HomewardCore

/// Group commit: requests that arrive while a transaction is being written wait and are written
/// together in the next one, so a flood costs one commit (one fsync) per group instead of one per
/// request. Every caller is answered only after the transaction holding its request has committed:
/// an acknowledged request is never lost. When a group fails (one bad request, a race on a unique
/// key), each of its requests is written on its own, so one cannot fail the others.
actor GroupCommit<Item: Sendable, Outcome: Sendable> {
    typealias WriteGroup = @Sendable ([Item]) async throws -> [Outcome]
    typealias WriteOne = @Sendable (Item) async throws -> Outcome

    private let writeGroup: WriteGroup
    private let writeOne: WriteOne
    private var pending: [(item: Item, continuation: CheckedContinuation<Outcome, any Error>)] = []
    private var writing = false
    /// The most requests one transaction takes.
    let groupLimit: Int

    init(groupLimit: Int = 256, group: @escaping WriteGroup, one: @escaping WriteOne) {
        self.groupLimit = groupLimit
        writeGroup = group
        writeOne = one
    }

    /// Writes `item` with whatever else is waiting; returns once its transaction has committed.
    func submit(_ item: Item) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((item, continuation))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let group = Array(pending.prefix(groupLimit))
            pending.removeFirst(group.count)
            do {
                let outcomes = try await writeGroup(group.map(\.item))
                for (waiter, outcome) in zip(group, outcomes) { waiter.continuation.resume(returning: outcome) }
            } catch {
                for waiter in group {
                    do {
                        waiter.continuation.resume(returning: try await writeOne(waiter.item))
                    } catch {
                        waiter.continuation.resume(throwing: error)
                    }
                }
            }
        }
        writing = false
    }
}

/// Public tips, in groups: one multi-row insert of the group's tips and deliveries, and one audit
/// event listing them (public tips carry no actor). A tip written on its own keeps its own event.
typealias TipIntake = GroupCommit<(tip: Tip, recipients: [UserID], audit: AuditEntry?), (tip: Tip, created: Bool)>

extension GroupCommit where Item == (tip: Tip, recipients: [UserID], audit: AuditEntry?), Outcome == (tip: Tip, created: Bool) {
    init(tipsInto store: any DataStore) {
        self.init(
            group: { items in
                let summary = items[0].audit.map {
                    AuditEntry(
                        occurredAt: $0.occurredAt, actorUserID: nil, actorOrganizationID: nil, action: .tipsSubmit, recordType: .tip,
                        detail: "\(items.count) public tips")
                }
                return try await store.addTips(items.map { ($0.tip, $0.recipients, AuditEntry?.none) }, summary: summary)
            },
            one: { item in try await store.addTip(item.tip, recipients: item.recipients, audit: item.audit) })
    }
}

/// Filed reports, in groups: each keeps its own audit events, case number and idempotency key, and
/// the group is one transaction.
typealias ReportIntake = GroupCommit<FilingRequest, MissingEpisode>

extension GroupCommit where Item == FilingRequest, Outcome == MissingEpisode {
    init(reportsInto store: any DataStore) {
        self.init(group: { filings in try await store.fileReports(filings) }, one: { filing in try await store.fileReport(filing) })
    }
}
