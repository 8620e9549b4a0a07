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
        /// For ordering: the nearest deadline still owed, and when the agency learned of it.
        var deadline: Date?
        var receivedAt: Date
    }

    struct QueueModel: Sendable {
        var layout: LayoutModel
        var rows: [QueueRow]
        var canAssign: Bool
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.cases, allowing: .viewCaseQueue, .page, scope: .none, summary: "The clearinghouse's case queue",
                handler: queue),
            Endpoint(
                .post, Routes.assignCase, allowing: .assignCase, .page, scope: .episode("episode"), summary: "Take a case",
                handler: assign),
            Endpoint(
                .post, Routes.caseEvents, allowing: .workCase, .page, scope: .episode("episode"),
                summary: "Add to a case's timeline", handler: addEvent),
            Endpoint(
                .post, Routes.completeTask, allowing: .workCase, .page, scope: .episode("episode"),
                summary: "Complete a recovery task",
                handler: completeTask),
        ]
    }

    /// By the nearest deadline still owed (the most overdue first), then unassigned, then newest:
    /// the order in which cases need a person.
    @Sendable static func queue(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let now = services.clock.now()
        let zone = context.local
        let records = try await services.store.episodeRecords(matching: EpisodeFilter(statuses: [.open, .located]))
        let names = try await EpisodePages.names(records.compactMap(\.episode.caseManagerID), services: services)
        var agencies: [OrganizationID: String] = [:]
        for id in Set(records.map(\.episode.organizationID)) { agencies[id] = try await services.store.organization(id)?.name }
        try await services.store.appendAudit(services.auditEntry(context, action: "cases.queue", recordType: "case_queue"))
        let rows = records.map { record -> QueueRow in
            let readings = StatutoryClocks.read(
                services.configuration.clockDefinitions, episode: record.episode, events: record.events, at: now)
            let breached = CaseAttention(readings) == .breached
            return QueueRow(
                href: Routes.episode(record.episode.id), caseNumber: record.episode.caseNumber ?? "—", childName: record.child.fullName,
                agency: agencies[record.episode.organizationID] ?? "—", received: zone.format(record.episode.receivedAt),
                caseManager: record.episode.caseManagerID.flatMap { names[$0] } ?? "Unassigned",
                unassigned: record.episode.caseManagerID == nil,
                breached: breached, clocks: readings.map { ClockView($0, zone: zone, names: [:]) },
                assignAction: Routes.assignCase(record.episode.id), deadline: CaseAttention.nearestOpenDeadline(readings),
                receivedAt: record.episode.receivedAt)
        }.sorted { a, b in
            CaseAttention.precedes((a.deadline, a.unassigned, a.receivedAt), (b.deadline, b.unassigned, b.receivedAt))
        }
        return try services.views.page(
            "cases",
            QueueModel(
                layout: .init(context: context, services: services, title: "Case queue", current: Routes.cases.path), rows: rows,
                canAssign: AccessPolicy.decide(context.principal, .assignCase).isAllowed))
    }

    @Sendable static func assign(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodePages.record(context, services)
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
                context, action: "episodes.assign", recordType: "episode", recordID: episode.id.rawValue,
                organization: episode.organizationID))
        return CaseOutcome.assigned.redirect(to: Routes.episode(episode.id))
    }

    /// Adds a note, contact, sighting, located or recovered event. Recovery also withdraws the
    /// case from the open list and opens the return interview and the trafficking screening.
    @Sendable static func addEvent(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodePages.record(context, services)
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
            let typed = EpisodePages.RecoveryTyped(place: entry.place.trimmed, by: entry.by.trimmed, note: entry.note.trimmed)
            let model =
                entry.kind == EpisodeEventKind.recovered.rawValue && !record.isFound
                ? try await EpisodePages.detailModel(
                    record, context: context, services: services, workTyped: entry.occurredAt, recoveryErrors: errors, recoveryTyped: typed)
                : try await EpisodePages.detailModel(
                    record, context: context, services: services, workErrors: errors, workTyped: entry.occurredAt)
            return try services.views.page("episode", model, status: .unprocessableContent)
        }
        let kind = recorded.event.kind
        try await services.store.appendEvent(
            recorded.event, updating: recorded.episode, opening: recorded.tasks, saving: recorded.withdrawnPoster,
            audit: services.auditEntry(
                context, action: "episodes.\(kind.rawValue)", recordType: "episode", recordID: record.episode.id.rawValue,
                organization: record.episode.organizationID))
        if let poster { services.posterCache.invalidate(poster.slug) }
        let done: CaseOutcome = recorded.withdrawnPoster != nil ? .recoveredWithdrawn : kind == .recovered ? .recovered : .recorded
        return done.redirect(to: Routes.episode(record.episode.id))
    }

    @Sendable static func completeTask(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let record = try await EpisodePages.record(context, services)
        _ = try await completing(context.parameters.get("task") ?? "", of: record, note: form["note"], context: context, services: services)
        return CaseOutcome.recorded.redirect(to: Routes.episode(record.episode.id))
    }

    /// Completes the case's task `taskID` with an optional note, when the caller's agency does it;
    /// the task as stored.
    static func completing(_ taskID: String, of record: EpisodeRecord, note: String, context: SignedInContext, services: AppServices)
        async throws -> CaseTask
    {
        guard let task = try await services.store.tasks(of: record.episode.id).first(where: { $0.id == taskID }) else {
            throw HomewardError.notFound("task")
        }
        let scope = EpisodeScope(
            reportingOrganization: record.episode.organizationID, investigatingOrganization: record.episode.police.organizationID)
        guard AccessPolicy.doesTask(task.kind.owner, context.principal, episode: scope) else {
            throw HomewardError.forbidden("This task is another agency's work.")
        }
        guard task.completedAt == nil else { throw HomewardError.conflict("This task is done already.") }
        try await services.store.completeTask(
            taskID, by: context.user.id, at: services.clock.now(), note: note.trimmed.nilIfEmpty,
            audit: services.auditEntry(
                context, action: "episodes.task_completed", recordType: "case_task", recordID: taskID,
                organization: record.episode.organizationID))
        guard let done = try await services.store.tasks(of: record.episode.id).first(where: { $0.id == taskID }) else {
            throw HomewardError.notFound("task")
        }
        return done
    }
}
