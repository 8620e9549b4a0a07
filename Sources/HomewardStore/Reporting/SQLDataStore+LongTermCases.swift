import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func openLongTermTasks(_ tasks: [CaseTask], audit: AuditEntry) async throws -> Bool {
        try await audited(audit) { db in
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
            return opened > 0
        }
    }
}
