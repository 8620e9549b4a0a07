import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func reserveRequest(scope: String, key: String, digest: String, at instant: Date, staleAfter: TimeInterval) async throws
        -> RequestReservation
    {
        try await engine.write { db in
            let inserted = try await db.raw(
                """
                INSERT INTO api_requests (scope, key, digest, state, created_at)
                VALUES (\(bind: scope), \(bind: key), \(bind: digest), 'pending', \(bind: stored(instant)))
                ON CONFLICT (scope, key) DO NOTHING
                RETURNING key
                """
            ).first()
            if inserted != nil { return .reserved }
            guard let row = try await db.raw("SELECT * FROM api_requests WHERE scope = \(bind: scope) AND key = \(bind: key)").first()
            else { return .inProgress }
            if try row.string("digest") != digest { return .otherContent }
            if try row.string("state") == "done" {
                return .answered(
                    StoredAnswer(
                        status: try row.int("status"), contentType: try row.optionalString("content_type"),
                        location: try row.optionalString("location"),
                        body: Data(base64Encoded: try row.optionalString("body") ?? "") ?? Data()))
            }
            // An answer that never came (the process stopped mid-request): this request takes over.
            if try row.date("created_at") < instant - staleAfter {
                try await db.raw(
                    """
                    UPDATE api_requests SET created_at = \(bind: stored(instant)) WHERE scope = \(bind: scope) AND key = \(bind: key)
                    """
                ).run()
                return .reserved
            }
            return .inProgress
        }
    }

    public func completeRequest(scope: String, key: String, answer: StoredAnswer) async throws {
        try await engine.write { db in
            try await db.raw(
                """
                UPDATE api_requests SET state = 'done', status = \(bind: answer.status), content_type = \(bind: answer.contentType),
                    location = \(bind: answer.location), body = \(bind: answer.body.base64EncodedString())
                WHERE scope = \(bind: scope) AND key = \(bind: key)
                """
            ).run()
        }
    }

    public func releaseRequest(scope: String, key: String) async throws {
        try await engine.write { db in
            try await db.raw("DELETE FROM api_requests WHERE scope = \(bind: scope) AND key = \(bind: key) AND state = 'pending'").run()
        }
    }
}
