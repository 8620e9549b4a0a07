import Foundation
import HomewardCore
import Logging

/// Announces tips to the people they were routed to: each new tip once (inbox, e-mail as each
/// person chose, the police agency's webhooks), each tip again once when its acknowledgement time
/// passes unreceived, and a daily digest to those who chose one. Never the tip's words: the case
/// number and a link. Runs apart from intake, so a flood of tips is stored at full speed and
/// announced from what was stored; the mark on each tip decides which instance announces it.
enum TipNotices {
    @discardableResult
    static func runOnce(_ services: AppServices) async throws -> Int {
        try await announce(overdue: false, services) + announce(overdue: true, services) + digests(services)
    }

    static func announce(overdue: Bool, _ services: AppServices) async throws -> Int {
        let store = services.store
        let now = services.clock.now()
        let tips = try await store.tipsAwaitingNotice(overdue: overdue, at: now, limit: 500)
        guard !tips.isEmpty else { return 0 }
        var outbound = Outbound(services: services)
        var people: [UserID: User] = [:]
        var caseNumbers: [EpisodeID: String] = [:]
        var notices: [TipNotice] = []
        for tip in tips {
            // One tip that cannot be announced (its case unreadable, say) is logged and skipped:
            // every other tip's police must still hear of theirs.
            do {
                notices.append(
                    try await notice(
                        of: tip, overdue: overdue, people: &people, caseNumbers: &caseNumbers, outbound: &outbound, now: now, services))
            } catch {
                services.logger.error(
                    "the notice of one tip failed; the pass goes on",
                    metadata: ["tip_id": .string(tip.id), "error_type": .string(String(reflecting: type(of: error)))])
            }
        }
        return try await store.recordTipNotices(overdue: overdue, notices: notices, at: now).count
    }

    /// The inbox notices and outbox messages announcing `tip` (``Tip/notice(overdue:caseNumber:recipients:)``).
    static func notice(
        of tip: Tip, overdue: Bool, people: inout [UserID: User], caseNumbers: inout [EpisodeID: String], outbound: inout Outbound,
        now: Date, _ services: AppServices
    ) async throws -> TipNotice {
        let store = services.store
        if caseNumbers[tip.episodeID] == nil {
            caseNumbers[tip.episodeID] = try await store.episode(tip.episodeID)?.caseNumber ?? tip.episodeID.rawValue
        }
        var recipients: [User] = []
        for id in try await store.tipRecipients(tip.id) {
            if people[id] == nil, let user = try await store.user(id) { people[id] = user }
            if let user = people[id] { recipients.append(user) }
        }
        let notices = try await outbound.render(
            [tip.notice(overdue: overdue, caseNumber: caseNumbers[tip.episodeID] ?? "", recipients: recipients)], at: now)
        return TipNotice(tipID: tip.id, notifications: notices.notifications, outbox: notices.outbox)
    }

    /// One e-mail a day to each person who chose the digest and had tips since the last one.
    static func digests(_ services: AppServices) async throws -> Int {
        guard services.configuration.mailRelay != nil else { return 0 }
        let store = services.store
        let now = services.clock.now()
        var sent = 0
        var outbound = Outbound(services: services)
        for (id, lastSent) in try await store.tipDigestReaders() {
            guard let since = TipDigest.start(lastSent: lastSent, at: now) else { continue }
            let count = try await store.tipsDelivered(to: id, since: since)
            guard count > 0, let person = try await store.user(id),
                let digest = TipDigest.notice(count: count, since: since, reader: person)
            else { continue }
            let mail = try await outbound.render([digest], at: now)
            if try await store.recordTipDigest(of: id, lastSent: lastSent, at: now, outbox: mail.outbox) { sent += 1 }
        }
        return sent
    }
}
