import Foundation
import HomewardCore
import Logging
import SQLKit
import Synchronization

/// Versions of state rules, read often and never changed once written: each instance keeps the
/// versions it has read, by id, and never needs to ask again.
final class RulesCache: Sendable {
    private let versions = Mutex<[String: JurisdictionRules]>([:])

    subscript(id: String) -> JurisdictionRules? {
        versions.withLock { $0[id] }
    }

    func keep(_ rules: JurisdictionRules) {
        versions.withLock { $0[rules.id] = rules }
    }
}

extension SQLDataStore {
    public func jurisdictionRules(of state: String) async throws -> [JurisdictionRules] {
        try await engine.read { db in
            try await db.raw("SELECT rules FROM jurisdiction_rules WHERE state = \(bind: state) ORDER BY version DESC").all()
                .map(self.jurisdictionRules(from:))
        }
    }

    public func latestJurisdictionRules() async throws -> [JurisdictionRules] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT rules FROM jurisdiction_rules j
                WHERE version = (SELECT MAX(version) FROM jurisdiction_rules k WHERE k.state = j.state) ORDER BY state
                """
            ).all().map(self.jurisdictionRules(from:))
        }
    }

    public func addJurisdictionRules(_ rules: JurisdictionRules, audit: AuditEntry) async throws {
        let body = try Self.json(rules)
        try await audited(audit) { db in
            let latest =
                try await db.raw("SELECT MAX(version) AS v FROM jurisdiction_rules WHERE state = \(bind: rules.state)").first()?
                .optionalInt("v") ?? 0
            guard rules.version == latest + 1 else {
                throw HomewardError.conflict("Someone changed this state's rules meanwhile; look at them again before changing them.")
            }
            try await db.raw(
                """
                INSERT INTO jurisdiction_rules (state, version, effective_from, rules, citation, recorded_by, recorded_at)
                VALUES (\(bind: rules.state), \(bind: rules.version), \(bind: stored(rules.effectiveFrom)), \(bind: body),
                    \(bind: rules.citation), \(bind: rules.recordedBy.rawValue), \(bind: stored(rules.recordedAt)))
                """
            ).run()
        }
        rulesCache.keep(rules)
    }

    public func appliedRules(_ id: String?) async throws -> AppliedRules {
        try await engine.read { db in try await self.appliedRules(id, in: db) }
    }

    /// The rules `id` names, from this instance's cache or `db`; federal when nil or unknown (a
    /// version is never deleted, so unknown means a damaged row, logged by id).
    func appliedRules(_ id: String?, in db: any SQLDatabase) async throws -> AppliedRules {
        guard let id else { return AppliedRules(nil, federal: clockDefinitions) }
        if let rules = rulesCache[id] { return AppliedRules(rules, federal: clockDefinitions) }
        guard let (state, version) = JurisdictionRules.parse(id: id),
            let row = try await db.raw("SELECT rules FROM jurisdiction_rules WHERE state = \(bind: state) AND version = \(bind: version)")
                .first()
        else {
            storeLogger.error("An episode names rules that are not stored", metadata: ["rules": "\(id)"])
            return AppliedRules(nil, federal: clockDefinitions)
        }
        let rules = try jurisdictionRules(from: row)
        rulesCache.keep(rules)
        return AppliedRules(rules, federal: clockDefinitions)
    }

    func jurisdictionRules(from row: any SQLRow) throws -> JurisdictionRules {
        let rules = try JSONDecoder().decode(JurisdictionRules.self, from: Data(try row.string("rules").utf8))
        rulesCache.keep(rules)
        return rules
    }
}
