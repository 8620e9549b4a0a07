import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    /// Finds candidates through indexes only (case number, NIC, date of birth, phonetic keys of
    /// first and last name), then ranks them by edit distance in memory. Every path is an index
    /// lookup with a limit, so the cost does not grow with the number of children.
    public func searchChildren(_ query: ChildQuery, visibility: ChildVisibility, limit: Int) async throws -> [ChildSearchHit] {
        guard !query.isEmpty, visibility != .none else { return [] }
        let candidateLimit = 200
        var visible: SQLQueryString = "1 = 1"
        switch visibility {
        case .all, .none: break
        case .reportedBy(let organization): visible = "c.organization_id = \(bind: organization.rawValue)"
        case .investigatedBy(let organization):
            visible =
                "EXISTS (SELECT 1 FROM episodes v WHERE v.child_id = c.id AND v.police_organization_id = \(bind: organization.rawValue))"
        }
        var selects: [SQLQueryString] = []
        if let caseNumber = query.caseNumber {
            selects.append(
                "SELECT c.id, c.first_name, c.middle_name, c.last_name FROM children c JOIN episodes e ON e.child_id = c.id WHERE e.case_number = \(bind: caseNumber) AND \(visible)"
            )
        }
        if let nic = query.ncicNumber {
            selects.append(
                "SELECT c.id, c.first_name, c.middle_name, c.last_name FROM children c JOIN episodes e ON e.child_id = c.id WHERE e.ncic_number = \(bind: nic) AND \(visible)"
            )
        }
        let keys = query.names.map(NameMatching.soundex).filter { !$0.isEmpty }
        if let dob = query.dateOfBirth {
            if keys.isEmpty {
                selects.append(
                    "SELECT c.id, c.first_name, c.middle_name, c.last_name FROM children c WHERE c.date_of_birth = \(bind: dob.iso) AND \(visible)"
                )
            } else {
                selects.append(
                    """
                    SELECT c.id, c.first_name, c.middle_name, c.last_name FROM children c WHERE c.date_of_birth = \(bind: dob.iso)
                    AND (c.last_phonetic IN (\(binds: keys)) OR c.first_phonetic IN (\(binds: keys))) AND \(visible)
                    """)
            }
        } else if keys.count >= 2 {
            // Any two words as first and last name, in either order.
            selects.append(
                "SELECT c.id, c.first_name, c.middle_name, c.last_name FROM children c WHERE c.last_phonetic IN (\(binds: keys)) AND c.first_phonetic IN (\(binds: keys)) AND \(visible)"
            )
        } else if let key = keys.first {
            selects.append(
                "SELECT c.id, c.first_name, c.middle_name, c.last_name FROM children c WHERE c.last_phonetic = \(bind: key) AND \(visible)")
            selects.append(
                "SELECT c.id, c.first_name, c.middle_name, c.last_name FROM children c WHERE c.first_phonetic = \(bind: key) AND \(visible)"
            )
        }
        guard !selects.isEmpty else { return [] }
        // Candidates carry only their names: ranking needs nothing else, and only the best
        // few are then read in full.
        let unioned = SQLList(
            selects.map { "SELECT * FROM (\($0) LIMIT \(literal: candidateLimit)) AS part" as SQLQueryString }, separator: SQLRaw(" UNION ")
        )
        let final: SQLQueryString = "SELECT id, first_name, middle_name, last_name FROM (\(unioned)) AS candidates"
        return try await engine.readLagged { db in
            let ranked = try await db.raw(final).all().map { row in
                (
                    id: try row.string("id"),
                    distance: query.distance(toNames: [
                        try row.string("first_name"), try row.optionalString("middle_name") ?? "", try row.string("last_name"),
                    ])
                )
            }
            .sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }
            .prefix(max(1, limit))
            let ids = ranked.map(\.id)
            // No candidate: `IN ()` is valid on SQLite but a syntax error on PostgreSQL.
            guard !ids.isEmpty else { return [] }
            var children: [String: Child] = [:]
            for row in try await db.raw("SELECT * FROM children WHERE id IN (\(binds: ids))").all() {
                let child = try self.child(from: row)
                children[child.id.rawValue] = child
            }
            var latest: [ChildID: MissingEpisode] = [:]
            for row in try await db.raw("SELECT * FROM episodes WHERE child_id IN (\(binds: ids)) ORDER BY received_at").all() {
                let episode = try self.episode(from: row)
                latest[episode.childID] = episode
            }
            return ranked.compactMap { hit in
                children[hit.id].map { ChildSearchHit(child: $0, latestEpisode: latest[$0.id], nameDistance: hit.distance) }
            }
            .sorted { ($0.nameDistance, $0.child.lastName, $0.child.firstName) < ($1.nameDistance, $1.child.lastName, $1.child.firstName) }
        }
    }
}
