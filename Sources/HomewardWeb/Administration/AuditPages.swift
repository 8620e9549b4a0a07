import Foundation
import HomewardCore
import Hummingbird

/// The audit browser: administrators filter the trail; agency administrators see only events by
/// their people or about their organization's data.
enum AuditPages {
    struct Row: Sendable {
        var sequence: Int64
        var time: String
        var actor: String
        var organization: String
        var action: String
        var outcome: String
        var denied: Bool
        var record: String
        var address: String
        var detail: String
    }

    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var rows: [Row]
        var canChooseOrganization: Bool
        var organizations: [Option]
        var outcomes: [Option]
        var action: String
        var record: String
        var from: String
        var until: String
        var nextHref: String?
        var errors: [String]
        var timeZone: String
    }

    static let pageSize = 50

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.audit, allowing: .viewAudit, .page, scope: .none, summary: "Browse the audit trail",
                auditedRead: .init(action: "audit.view", recordType: "audit_trail"), handler: show)
        ]
    }

    /// The instants a page's day range covers in the viewer's zone: from the start of `from` to the
    /// end of `until`, each optional; a date that does not read adds a message.
    static func days(from: String, until: String, zone: LocalTime, errors: inout [String]) -> (Date?, Date?) {
        var range: (Date?, Date?) = (nil, nil)
        if !from.isEmpty {
            range.0 = zone.startOfDay(from)
            if range.0 == nil { errors.append("“From” must be a date such as 2026-11-01.") }
        }
        if !until.isEmpty {
            range.1 = zone.startOfDay(until).map { $0 + 86_400 }
            if range.1 == nil { errors.append("“Until” must be a date such as 2026-11-30.") }
        }
        return range
    }

    /// The address of the next (older) page with the same filter.
    static func nextPage(_ filter: [(String, String)], before sequence: Int64) -> String? {
        var components = URLComponents()
        components.path = Routes.audit.path
        components.queryItems = (filter + [("before", String(sequence))]).map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let query = request.uri.queryParameters
        let zone = context.local
        let seesAll = context.user.roles.contains(.clearinghouseAdmin)
        var errors: [String] = []

        var filter = AuditFilter()
        let organizations = seesAll ? try await services.store.organizations() : [context.organization]
        let chosen = query.get("organization").flatMap { $0.isEmpty ? nil : OrganizationID(String($0)) }
        filter.organizationID = AccessPolicy.auditScope(context.principal, requested: chosen)
        let actionPrefix = (query.get("action") ?? "").trimmed
        filter.actionPrefix = actionPrefix.isEmpty ? nil : actionPrefix
        let outcome = query.get("outcome").flatMap(AuditOutcome.init(rawValue:))
        filter.outcome = outcome
        let record = (query.get("record") ?? "").trimmed
        filter.recordID = record.isEmpty ? nil : record
        let fromText = (query.get("from") ?? "").trimmed
        let untilText = (query.get("until") ?? "").trimmed
        (filter.from, filter.until) = days(from: fromText, until: untilText, zone: zone, errors: &errors)
        let before = query.get("before").flatMap(Int64.init)
        let events = try await services.store.auditEvents(matching: filter, beforeSequence: before, limit: pageSize)

        let rows = try await rows(events, organizations: organizations, zone: zone, services: services)
        let nextHref =
            events.count == pageSize
            ? events.last.flatMap { last in
                nextPage(
                    [
                        ("organization", seesAll ? filter.organizationID?.rawValue ?? "" : ""), ("action", actionPrefix),
                        ("outcome", outcome?.rawValue ?? ""), ("record", record), ("from", fromText), ("until", untilText),
                    ], before: last.sequence)
            } : nil
        let model = Model(
            layout: .init(context: context, services: services, title: "Audit trail", current: Routes.audit.path),
            rows: rows, canChooseOrganization: seesAll,
            organizations: [Option(value: "", label: "All organizations", selected: filter.organizationID == nil)]
                + organizations.map { Option(value: $0.id.rawValue, label: $0.name, selected: $0.id == filter.organizationID) },
            outcomes: [Option(value: "", label: "Any outcome", selected: outcome == nil)]
                + AuditOutcome.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == outcome) },
            action: actionPrefix, record: record, from: fromText, until: untilText, nextHref: nextHref, errors: errors,
            timeZone: context.organization.timeZone)
        return try services.views.page("audit", model)
    }

    /// The page's rows, with the names of the people and organizations on it, looked up once each.
    static func rows(_ events: [AuditEvent], organizations: [Organization], zone: LocalTime, services: AppServices) async throws
        -> [Row]
    {
        var organizationNames = Dictionary(uniqueKeysWithValues: organizations.map { ($0.id, $0.name) })
        var userNames: [UserID: String] = [:]
        for event in events {
            if let actor = event.entry.actorUserID, userNames[actor] == nil {
                userNames[actor] = try await services.store.user(actor)?.name ?? actor.rawValue
            }
            for id in [event.entry.actorOrganizationID, event.entry.targetOrganizationID].compactMap({ $0 })
            where organizationNames[id] == nil {
                organizationNames[id] = try await services.store.organization(id)?.name ?? id.rawValue
            }
        }
        return events.map { event in
            let e = event.entry
            return Row(
                sequence: event.sequence, time: zone.format(e.occurredAt),
                actor: e.actorUserID.map { userNames[$0] ?? $0.rawValue } ?? "—",
                organization: (e.targetOrganizationID ?? e.actorOrganizationID).map { organizationNames[$0] ?? $0.rawValue } ?? "—",
                action: e.action, outcome: e.outcome.rawValue, denied: e.outcome != .allowed,
                record: [e.recordType, e.recordID].compactMap { $0 }.joined(separator: " "), address: e.address ?? "—",
                detail: e.detail ?? "")
        }
    }
}
