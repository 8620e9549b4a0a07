import Foundation
import HomewardCore
import SQLKit

extension Migrations {
    /// Version 26: a QA review's window runs from the moment the call was received, as the
    /// readiness materials ask ("the length of time after receiving the call"), not from its end.
    /// Reviews still waiting are due that much earlier: the same window, counted from the call's
    /// start. Submitted reviews keep the due time they were judged by.
    static let v26 = Migration(
        version: 26, name: "QA review windows from the call's start", statements: [],
        data: { db in
            let rows = try await db.raw(
                """
                SELECT r.id, r.due_at, c.opened_at, c.ended_at FROM qa_reviews r JOIN calls c ON c.id = r.call_id
                WHERE r.submitted_at IS NULL AND NOT r.is_calibration AND c.ended_at IS NOT NULL
                """
            ).all()
            for row in rows {
                guard let due = Timestamp.parse(try row.decode(column: "due_at", as: String.self)),
                    let opened = Timestamp.parse(try row.decode(column: "opened_at", as: String.self)),
                    let ended = Timestamp.parse(try row.decode(column: "ended_at", as: String.self))
                else { continue }
                let window = due.timeIntervalSince(ended)
                try await db.raw(
                    "UPDATE qa_reviews SET due_at = \(bind: Timestamp.format(opened + window)) WHERE id = \(bind: try row.decode(column: "id", as: String.self))"
                ).run()
            }
        })
}
