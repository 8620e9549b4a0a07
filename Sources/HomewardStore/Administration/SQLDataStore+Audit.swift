import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> AuditEvent {
        let kind = engine.kind
        return try await engine.write { db in try await Self.appendAudit(entry, in: db, kind: kind) }
    }

    public func auditEvents(matching filter: AuditFilter, beforeSequence: Int64?, limit: Int) async throws -> [AuditEvent] {
        var conditions: [SQLQueryString] = []
        if let organization = filter.organizationID?.rawValue {
            conditions.append("(target_organization_id = \(bind: organization) OR actor_organization_id = \(bind: organization))")
        }
        if let actor = filter.actorUserID?.rawValue { conditions.append("actor_user_id = \(bind: actor)") }
        if let prefix = filter.actionPrefix, !prefix.isEmpty {
            // A range rather than LIKE: no wildcard escaping, and an index on action could serve it.
            conditions.append("action >= \(bind: prefix) AND action < \(bind: prefix + "\u{FFFF}")")
        }
        if let outcome = filter.outcome { conditions.append("outcome = \(bind: outcome.rawValue)") }
        if let record = filter.recordID, !record.isEmpty { conditions.append("record_id = \(bind: record)") }
        if let from = filter.from { conditions.append("occurred_at >= \(bind: stored(from))") }
        if let until = filter.until { conditions.append("occurred_at < \(bind: stored(until))") }
        if let beforeSequence { conditions.append("sequence < \(bind: beforeSequence)") }
        var query: SQLQueryString = "SELECT * FROM audit_events"
        if !conditions.isEmpty {
            query = "\(query) WHERE \(SQLList(conditions, separator: SQLRaw(" AND ")))"
        }
        let final: SQLQueryString = "\(query) ORDER BY sequence DESC LIMIT \(literal: max(1, min(limit, 1000)))"
        return try await engine.readLagged { db in try await db.raw(final).all().map(Self.auditEvent(from:)) }
    }

    public func auditEvents(afterSequence sequence: Int64, limit: Int) async throws -> [AuditEvent] {
        try await engine.read { db in
            try await db.raw(
                "SELECT * FROM audit_events WHERE sequence > \(bind: sequence) ORDER BY sequence LIMIT \(literal: max(1, limit))"
            ).all().map(Self.auditEvent(from:))
        }
    }

    static func auditEvent(from row: any SQLRow) throws -> AuditEvent {
        guard let outcome = AuditOutcome(rawValue: try row.string("outcome")) else { throw StoreError.corruptRow("audit_events.outcome") }
        // The stored text is hashed as read, so a hand-edited time is caught rather than repaired.
        let occurredText = try row.string("occurred_at")
        let entry = AuditEntry(
            occurredAt: Timestamp.parse(occurredText) ?? .distantPast,
            actorUserID: try row.optionalString("actor_user_id").map(UserID.init(rawValue:)),
            actorOrganizationID: try row.optionalString("actor_organization_id").map(OrganizationID.init(rawValue:)),
            action: try row.string("action"), outcome: outcome, recordType: try row.string("record_type"),
            recordID: try row.optionalString("record_id"),
            targetOrganizationID: try row.optionalString("target_organization_id").map(OrganizationID.init(rawValue:)),
            address: try row.optionalString("address"), requestID: try row.optionalString("request_id"),
            detail: try row.optionalString("detail")
        )
        return AuditEvent(
            sequence: try row.decode(column: "sequence", as: Int64.self), entry: entry,
            previousHash: try row.string("previous_hash"), hash: try row.string("hash")
        )
    }
}
