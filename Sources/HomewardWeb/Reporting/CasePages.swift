import Foundation
import HomewardCore
import Hummingbird

/// Clearinghouse case work: the queue, taking a case, the timeline, recovery and its tasks.
enum CasePages {
    struct QueueRow: Sendable {
        var href: String
        var caseNumber: String
        var childName: String
        var agency: String
        var received: String
        var caseManager: String
        var unassigned: Bool
        var breached: Bool
        var clocks: [ClockView]
        var assignAction: String
    }

    struct QueueModel: Sendable {
        var layout: LayoutModel
        var rows: [QueueRow]
        var canAssign: Bool
        var views: [ListChoice]
        var nextHref: String?
        var firstHref: String?
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.cases, allowing: .viewCaseQueue, .page, scope: .none, summary: "The clearinghouse's case queue",
                handler: queue),
            Endpoint(
                .post, Routes.assignCase, allowing: .assignCase, .page, scope: .episode, summary: "Take a case",
                handler: assign),
            Endpoint(
                .post, Routes.caseEvents, allowing: .workCase, .page, scope: .episode,
                summary: "Add to a case's timeline", handler: addEvent),
            Endpoint(
                .post, Routes.completeTask, allowing: .workCase, .page, scope: .episode,
                summary: "Complete a recovery task",
                handler: completeTask),
        ]
    }

    /// By the nearest deadline still owed (the most overdue first), then unassigned, then newest:
    /// the order in which cases need a person, as the database keeps it. `?show=mine|unassigned`
    /// narrows it; `?after=` goes on from where a page ended.
    @Sendable static func queue(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let now = services.clock.now()
        let zone = context.local
        let parameters = request.uri.queryParameters
        let show = parameters.get("show").flatMap { ["mine", "unassigned"].contains($0) ? $0 : nil }
        let assignment: CaseQueueFilter.Assignment =
            switch show {
            case "mine": .assigned(context.user.id)
            case "unassigned": .unassigned
            default: .anyone
            }
        let cursor = parameters.get("after").flatMap(QueueCursor.init)
        let records = try await services.store.caseQueue(CaseQueueFilter(assignment: assignment), after: cursor, limit: ListChoice.pageSize)
        let names = try await EpisodeView.names(records.compactMap(\.episode.caseManagerID), services: services)
        let agencies = Dictionary(
            try await services.store.organizations(records.map(\.episode.organizationID)).map { ($0.id, $0.name) },
            uniquingKeysWith: { first, _ in first })
        try await services.store.appendAudit(services.auditEntry(context, action: .casesQueue, recordType: .caseQueue))
        let rows = records.map { record -> QueueRow in
            let readings = record.clocks(at: now)
            return QueueRow(
                href: Routes.episode(record.episode.id), caseNumber: record.episode.caseNumber ?? "—", childName: record.child.fullName,
                agency: agencies[record.episode.organizationID] ?? "—", received: zone.format(record.episode.receivedAt),
                caseManager: record.episode.caseManagerID.flatMap { names[$0] } ?? StaffText.text("staff.case.unassigned"),
                unassigned: record.episode.caseManagerID == nil,
                breached: CaseAttention(readings) == .breached, clocks: readings.map { ClockView($0, zone: zone, names: [:]) },
                assignAction: Routes.assignCase(record.episode.id))
        }
        var next: String?
        if records.count == ListChoice.pageSize, let last = records.last, let after = try await services.store.queueCursor(after: last) {
            next = Routes.query(Routes.cases.path, ["show": show, "after": after.text])
        }
        let views = [
            (StaffText.text("staff.case.allOpenCases"), nil), (StaffText.text("staff.case.mine"), "mine"),
            (StaffText.text("staff.case.unassigned"), "unassigned"),
        ].map { label, value in
            ListChoice(label: label, href: Routes.query(Routes.cases.path, ["show": value]), current: value == show)
        }
        return try services.views.page(
            "cases",
            QueueModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.caseQueue"), current: Routes.cases.path),
                rows: rows,
                canAssign: AccessPolicy.decide(context.principal, .assignCase).isAllowed, views: views, nextHref: next,
                firstHref: cursor == nil ? nil : Routes.query(Routes.cases.path, ["show": show])))
    }

    @Sendable static func assign(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        var episode = record.episode
        episode.caseManagerID = context.user.id
        let now = services.clock.now()
        let event = EpisodeEvent(
            id: EpisodeEventID(services.ids.next()), episodeID: episode.id, kind: .assigned, occurredAt: now, recordedAt: now,
            recordedBy: context.user.id, recordedByOrganization: context.organization.id, method: "case queue",
            reference: context.user.name)
        try await services.store.appendEvent(
            event, updating: episode,
            audit: services.auditEntry(
                context, action: .episodesAssign, recordType: .episode, recordID: episode.id.rawValue,
                organization: episode.organizationID))
        return CaseOutcome.assigned.redirect(to: Routes.episode(episode.id))
    }

    /// Adds a note, contact, sighting, located or recovered event. Recovery also withdraws the
    /// case from the open list and opens the return interview and the trafficking screening.
    @Sendable static func addEvent(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let entry = CaseEntry(
            kind: form["kind"], occurredAt: form["occurredAt"], occurrence: form.value("occurredAtOccurrence"), note: form["note"],
            place: form["place"], by: form["by"], confirmRecovery: form["confirmRecovery"] == "yes")
        let poster = try await services.store.poster(ofEpisode: record.episode.id)
        let recorded: RecordedCaseEntry
        do {
            recorded = try record.recording(
                entry, poster: poster, by: Recorder(user: context.user.id, organization: context.organization, at: services.clock.now()),
                newID: services.ids.next)
        } catch HomewardError.invalid(let errors) {
            let typed = EpisodeView.RecoveryTyped(place: entry.place.trimmed, by: entry.by.trimmed, note: entry.note.trimmed)
            let model =
                entry.kind == EpisodeEventKind.recovered.rawValue && !record.isFound
                ? try await EpisodeView.detailModel(
                    record, context: context, services: services, workTyped: entry.occurredAt, recoveryErrors: errors, recoveryTyped: typed)
                : try await EpisodeView.detailModel(
                    record, context: context, services: services, workErrors: errors, workTyped: entry.occurredAt)
            return try services.views.page("episode", model, status: .unprocessableContent)
        }
        let kind = recorded.event.kind
        try await services.store.appendEvent(
            recorded.event, updating: recorded.episode, opening: recorded.tasks, saving: recorded.withdrawnPoster,
            audit: services.auditEntry(
                context, action: .episodeEvent(kind), recordType: .episode, recordID: record.episode.id.rawValue,
                organization: record.episode.organizationID))
        if let poster { services.posterCache.invalidate(poster.slug) }
        let done: CaseOutcome = recorded.withdrawnPoster != nil ? .recoveredWithdrawn : kind == .recovered ? .recovered : .recorded
        return done.redirect(to: Routes.episode(record.episode.id))
    }

    @Sendable static func completeTask(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let record = try await EpisodeLoads.record(context, services)
        _ = try await EpisodeCommands.completing(
            context.parameters.get(.task) ?? "", of: record, note: form["note"], context: context, services: services)
        return CaseOutcome.recorded.redirect(to: Routes.episode(record.episode.id))
    }

}
