import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func openLongTermTasks(_ tasks: [CaseTask], of episode: EpisodeID, audit: AuditEntry) async throws -> Bool {
        let kind = engine.kind
        return try await engine.write { db in
            var opened = 0
            for task in tasks {
                let row = try await db.raw(
                    """
                    INSERT INTO case_tasks (id, episode_id, kind, due_at, completed_at, completed_by, note)
                    VALUES (\(bind: task.id), \(bind: task.episodeID.rawValue), \(bind: task.kind.rawValue), \(bind: stored(task.dueAt)),
                        NULL, NULL, NULL)
                    ON CONFLICT (episode_id, kind) WHERE kind IN ('ncic_30_day_update', 'age_progression_request') DO NOTHING
                    RETURNING id
                    """
                ).first()
                if row != nil { opened += 1 }
            }
            // Done with by the pass either way: it never reads this case again.
            try await db.raw(
                """
                UPDATE episodes SET long_term_tasks_at = \(bind: stored(audit.occurredAt))
                WHERE id = \(bind: episode.rawValue) AND long_term_tasks_at IS NULL
                """
            ).run()
            if opened > 0 { _ = try await Self.appendAudit(audit, in: db, kind: kind) }
            return opened > 0
        }
    }
}
