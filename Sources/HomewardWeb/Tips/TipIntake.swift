import Foundation
import HomewardCore

/// Group commit for tips. Tips that arrive while a transaction is being written wait and are
/// written together in the next one, so a flood of tips costs one commit (one fsync) per batch
/// instead of one per tip. Every caller is answered only after the transaction holding its tip has
/// committed: an acknowledged tip is never lost.
actor TipIntake {
    typealias Item = (tip: Tip, recipients: [UserID], audit: AuditEntry?)
    typealias Result = (tip: Tip, created: Bool)

    private let store: any DataStore
    private var pending: [(item: Item, continuation: CheckedContinuation<Result, any Error>)] = []
    private var writing = false
    /// The most tips one transaction takes.
    let batchLimit: Int

    init(store: any DataStore, batchLimit: Int = 256) {
        self.store = store
        self.batchLimit = batchLimit
    }

    func submit(_ item: Item) async throws -> Result {
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
            let batch = Array(pending.prefix(batchLimit))
            pending.removeFirst(batch.count)
            do {
                // One audit event for the group: public tips carry no actor, and the event lists the
                // ids of every tip stored. A tip written on its own (below) keeps its own event.
                let first = batch[0].item.audit
                let summary = first.map {
                    AuditEntry(
                        occurredAt: $0.occurredAt, actorUserID: nil, actorOrganizationID: nil, action: "tips.submit", recordType: "tip",
                        detail: "\(batch.count) public tips")
                }
                let items = batch.map { (tip: $0.item.tip, recipients: $0.item.recipients, audit: AuditEntry?.none) }
                let results = try await store.addTips(items, summary: summary)
                for (waiter, result) in zip(batch, results) { waiter.continuation.resume(returning: result) }
            } catch {
                // One bad tip must not fail the others: write them one by one.
                for waiter in batch {
                    do {
                        let item = waiter.item
                        waiter.continuation.resume(
                            returning: try await store.addTip(item.tip, recipients: item.recipients, audit: item.audit))
                    } catch {
                        waiter.continuation.resume(throwing: error)
                    }
                }
            }
        }
        writing = false
    }
}
