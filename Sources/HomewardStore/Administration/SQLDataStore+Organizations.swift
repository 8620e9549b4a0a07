import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func createOrganization(_ organization: Organization, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await Self.requireUniqueOrganization(organization, in: db)
            let o = organization
            try await db.raw(
                """
                INSERT INTO organizations (id, code, name, kind, state, time_zone, ori, psap_identifier, phone, tribe, active, created_at)
                VALUES (\(bind: o.id.rawValue), \(bind: o.code), \(bind: o.name), \(bind: o.kind.rawValue), \(bind: o.state),
                    \(bind: o.timeZone), \(bind: o.ori), \(bind: o.psapIdentifier), \(bind: o.phone), \(bind: o.tribe), \(bind: o.active),
                    \(bind: stored(o.createdAt)))
                """
            ).run()
        }
    }

    public func updateOrganization(_ organization: Organization, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await Self.requireUniqueOrganization(organization, in: db)
            let o = organization
            try await db.raw(
                """
                UPDATE organizations SET code = \(bind: o.code), name = \(bind: o.name), state = \(bind: o.state),
                    time_zone = \(bind: o.timeZone), ori = \(bind: o.ori), psap_identifier = \(bind: o.psapIdentifier),
                    phone = \(bind: o.phone), tribe = \(bind: o.tribe), active = \(bind: o.active)
                WHERE id = \(bind: o.id.rawValue)
                """
            ).run()
        }
    }

    public func organization(_ id: OrganizationID) async throws -> Organization? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM organizations WHERE id = \(bind: id.rawValue)").first().map(Self.organization(from:))
        }
    }

    public func organization(code: String) async throws -> Organization? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM organizations WHERE code = \(bind: code.lowercased())").first().map(Self.organization(from:))
        }
    }

    public func policeAgency(ori: String) async throws -> Organization? {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM organizations WHERE ori = \(bind: ori.uppercased()) AND kind = 'law_enforcement' AND active ORDER BY id LIMIT 1
                """
            ).first().map(Self.organization(from:))
        }
    }

    public func organizations() async throws -> [Organization] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM organizations ORDER BY name, id").all().map(Self.organization(from:))
        }
    }

    public func organizations(_ ids: [OrganizationID]) async throws -> [Organization] {
        let unique = Array(Set(ids.map(\.rawValue)))
        guard !unique.isEmpty else { return [] }
        return try await engine.read { db in
            var found: [Organization] = []
            for chunk in stride(from: 0, to: unique.count, by: 500).map({ Array(unique[$0..<min($0 + 500, unique.count)]) }) {
                found += try await db.raw("SELECT * FROM organizations WHERE id IN (\(binds: chunk))").all().map(Self.organization(from:))
            }
            return found
        }
    }

    public func organizations(matching filter: OrganizationFilter) async throws -> [Organization] {
        let query = SweepQuery.organizations(filter)
        return try await engine.readLagged { db in try await db.raw(query).all().map(Self.organization(from:)) }
    }

    public func organizationCounts(matching filter: OrganizationFilter) async throws -> (all: Int, inactive: Int) {
        let query = SweepQuery.organizationCounts(filter)
        return try await engine.readLagged { db in
            let row = try await db.raw(query).first()
            return (try row?.int("n") ?? 0, try row?.int("inactive") ?? 0)
        }
    }

    /// Names the field that clashes, so the form can show it beside that field.
    private static func requireUniqueOrganization(_ o: Organization, in db: any SQLDatabase) async throws {
        var errors = FieldErrors()
        if try await db.raw("SELECT id FROM organizations WHERE code = \(bind: o.code) AND id <> \(bind: o.id.rawValue)").first() != nil {
            errors.add("code", "Another organization already uses this code.")
        }
        if let ori = o.ori,
            try await db.raw("SELECT id FROM organizations WHERE ori = \(bind: ori) AND id <> \(bind: o.id.rawValue)").first() != nil
        {
            errors.add("ori", "Another agency already has this ORI.")
        }
        try errors.throwIfAny()
    }

    static func organization(from row: any SQLRow) throws -> Organization {
        guard let kind = OrganizationKind(rawValue: try row.string("kind")) else {
            throw StoreError.corruptRow("organizations.kind")
        }
        return Organization(
            id: OrganizationID(try row.string("id")), code: try row.string("code"), name: try row.string("name"),
            kind: kind, state: try row.string("state"), timeZone: try row.string("time_zone"),
            ori: try row.optionalString("ori"), psapIdentifier: try row.optionalString("psap_identifier"),
            phone: try row.optionalString("phone"), tribe: row.contains(column: "tribe") ? try row.optionalString("tribe") : nil,
            active: try row.bool("active"), createdAt: try row.date("created_at")
        )
    }
}
