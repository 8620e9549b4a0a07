import Foundation
import HomewardCore
import Hummingbird

/// What the case pages and the API do to a case alike: file a report, record a duty's proof,
/// complete a task; each one store call, audited as the signed-in person's act.
enum EpisodeCommands {
    /// Records a duty's proof (``MissingEpisode/recordingProof(_:_:childBornOn:timeline:by:eventID:)``) and
    /// stores the event with the episode fields it carries in one call. The API records here too.
    static func recordProof(
        _ kind: EpisodeEventKind, _ proof: DutyProof, on record: EpisodeRecord, context: SignedInContext, services: AppServices
    ) async throws {
        let (event, updated) = try record.episode.recordingProof(
            kind, proof, childBornOn: record.child.dateOfBirth, timeline: record.events,
            by: Recorder(user: context.user.id, organization: context.organization, at: services.clock.now()),
            eventID: EpisodeEventID(services.ids.next()))
        try await services.store.appendEvent(
            event, updating: updated,
            audit: services.auditEntry(
                context, action: .episodeEvent(kind), recordType: .episode, recordID: record.episode.id.rawValue,
                organization: record.episode.organizationID))
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
            throw HomewardError.forbidden(StaffText.text("staff.case.thisTaskIsAnother"))
        }
        guard task.completedAt == nil else { throw HomewardError.conflict(StaffText.text("staff.case.thisTaskIsDone")) }
        try await services.store.completeTask(
            taskID, by: context.user.id, at: services.clock.now(), note: note.trimmed.nilIfEmpty,
            audit: services.auditEntry(
                context, action: .episodesTaskCompleted, recordType: .caseTask, recordID: taskID,
                organization: record.episode.organizationID))
        guard let done = try await services.store.tasks(of: record.episode.id).first(where: { $0.id == taskID }) else {
            throw HomewardError.notFound("task")
        }
        return done
    }

    /// Files `form` for the signed-in person's agency with its photo: loads the earlier record the
    /// form links to, runs ``ReportFiling/file(_:by:recorderRoles:policeAgencies:linked:photo:requireOffsets:rules:newID:)``
    /// and stores the report and photo in one transaction. The API files through here too.
    static func file(
        _ form: ReportForm, photo: ReencodedPhoto?, draftID: String?, idempotencyKey: IdempotencyKey? = nil, requireOffsets: Bool = false,
        context: SignedInContext, services: AppServices
    ) async throws -> MissingEpisode {
        var linked: LinkedChild?
        if let id = form.linkedChildID, let child = try await services.store.child(id) {
            linked = LinkedChild(child: child, episodes: try await services.store.episodes(ofChild: id))
        }
        let report = try ReportFiling.file(
            form, by: Recorder(user: context.user.id, organization: context.organization, at: services.clock.now()),
            recorderRoles: context.user.roles,
            policeAgencies: try await services.store.policeAgencies(chosen: form.policeOrganizationID, ori: form.policeOri),
            linked: linked, photo: photo,
            requireOffsets: requireOffsets, rules: try await services.store.jurisdictionRules(of: context.organization.state),
            newID: services.ids.next)
        let photoAudit = report.photo.map { stored in
            services.auditEntry(
                context, action: .photosAdd, recordType: .photo, recordID: stored.id, organization: report.episode.organizationID,
                detail: "\(stored.bytes.count) bytes, encoded anew from \(photo!.width) × \(photo!.height) pixels")
        }
        // Filed in a group commit with whatever other reports arrive meanwhile; answered once committed.
        return try await services.reportIntake.submit(
            FilingRequest(
                report, deletingDraft: draftID, idempotencyKey: idempotencyKey,
                audit: services.auditEntry(
                    context, action: .episodesCreate, recordType: .episode, recordID: report.episode.id.rawValue,
                    organization: context.organization.id),
                photoAudit: photoAudit))
    }
}
