import Foundation
import HomewardCore
import Hummingbird

/// The list of long-term cases (open past the long-term age), oldest first.
enum LongTermCasePages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.longTermCases, allowing: .viewCaseQueue, .page, scope: .none, summary: "Long-term cases", handler: longTerm)
        ]
    }

    struct LongTermRow: Sendable {
        var href: String
        var caseNumber: String
        var child: String
        var days: Int
        var openTasks: Int
        var posterStatus: String
    }

    struct LongTermModel: Sendable {
        var layout: LayoutModel
        var rows: [LongTermRow]
        var days: Int
        var nextHref: String?
        var firstHref: String?
    }

    /// Oldest first, a page at a time.
    @Sendable static func longTerm(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let now = services.clock.now()
        let policy = LongTermPolicy(days: services.configuration.longTermDays)
        var filter = EpisodeFilter(statuses: [.open, .located], limit: ListChoice.pageSize)
        filter.receivedBefore = now - TimeInterval(policy.days) * 86_400
        filter.oldestFirst = true
        let after = request.uri.queryParameters.get("after")
        filter.after = after.flatMap(EpisodeFilter.Cursor.init)
        let records = try await services.store.episodeRecords(matching: filter)
        var rows: [LongTermRow] = []
        for record in records {
            let tasks = try await services.store.tasks(of: record.episode.id)
            let poster = try await services.store.poster(ofEpisode: record.episode.id)
            rows.append(
                LongTermRow(
                    href: Routes.episode(record.episode.id), caseNumber: record.episode.caseNumber ?? "—", child: record.child.fullName,
                    days: Int(now.timeIntervalSince(record.episode.receivedAt) / 86_400),
                    openTasks: tasks.filter { $0.completedAt == nil }.count,
                    posterStatus: poster?.status.title ?? "No poster"))
        }
        let next =
            records.count == ListChoice.pageSize
            ? records.last.map { Routes.query(Routes.longTermCases.path, ["after": EpisodeFilter.Cursor(after: $0.episode).text]) } : nil
        return try services.views.page(
            "long-term",
            LongTermModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.longTermCases"),
                    current: Routes.longTermCases.path),
                rows: rows, days: policy.days, nextHref: next, firstHref: after == nil ? nil : Routes.longTermCases.path))
    }
}

/// Open cases that pass the long-term age get their 30-day NCIC update and age-progression tasks,
/// once (the audit trail records it, by the system). Safe on several instances: the database keeps one of each.
enum LongTermCases {
    @discardableResult
    static func runOnce(_ services: AppServices) async throws -> Int {
        let store = services.store
        let now = services.clock.now()
        let policy = LongTermPolicy(days: services.configuration.longTermDays)
        var opened = 0
        // Only the cases past the age that the pass has not handled: each is marked in the
        // transaction that opens its tasks, and never read by the pass again.
        while true {
            let due = try await store.episodesTurningLongTerm(receivedBefore: now - TimeInterval(policy.days) * 86_400, limit: 200)
            for episode in due {
                let existing = Set(try await store.tasks(of: episode.id).map(\.kind))
                let tasks = policy.tasks(for: episode.id, at: now) { services.ids.next() }.filter { !existing.contains($0.kind) }
                let audit = AuditEntry(
                    occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: .episodesLongTerm, recordType: .episode,
                    recordID: episode.id.rawValue, targetOrganizationID: episode.organizationID, detail: "\(policy.days) days")
                if try await store.openLongTermTasks(tasks, of: episode.id, audit: audit) { opened += 1 }
            }
            if due.count < 200 { break }
        }
        return opened
    }
}
