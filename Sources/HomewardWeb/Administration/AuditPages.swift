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
        /// The organization filter as typed: an id or a short code.
        var organization: String
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
                auditedRead: .init(action: .auditView, recordType: .auditTrail), handler: show)
        ]
    }

    /// The filter as the page's form sends it: the texts as typed (to show them back and to carry
    /// them to the next page) and the filter they make, in the viewer's time zone.
    struct PageQuery {
        var filter = AuditFilter()
        var action: String
        var outcome: AuditOutcome?
        var record: String
        var from: String
        var until: String
        var before: Int64?
        /// What did not read, in words.
        var errors: [String] = []

        init(_ query: Parameters, context: SignedInContext) {
            let chosen = query.get("organization").flatMap { $0.isEmpty ? nil : OrganizationID(String($0)) }
            filter.organizationID = AccessPolicy.auditScope(context.principal, requested: chosen)
            action = (query.get("action") ?? "").trimmed
            filter.actionPrefix = action.nilIfEmpty
            outcome = query.get("outcome").flatMap(AuditOutcome.init(rawValue:))
            filter.outcome = outcome
            record = (query.get("record") ?? "").trimmed
            filter.recordID = record.nilIfEmpty
            from = (query.get("from") ?? "").trimmed
            until = (query.get("until") ?? "").trimmed
            before = query.get("before").flatMap(Int64.init)
            if !from.isEmpty {
                filter.from = context.local.startOfDay(from)
                if filter.from == nil { errors.append("“From” must be a date such as 2026-11-01.") }
            }
            if !until.isEmpty {
                filter.until = context.local.startOfDay(until).map { $0 + 86_400 }
                if filter.until == nil { errors.append("“Until” must be a date such as 2026-11-30.") }
            }
        }

        /// The address of the next (older) page with the same filter.
        func nextPage(before sequence: Int64, choosesOrganization: Bool) -> String? {
            let fields = [
                ("organization", choosesOrganization ? filter.organizationID?.rawValue ?? "" : ""), ("action", action),
                ("outcome", outcome?.rawValue ?? ""), ("record", record), ("from", from), ("until", until),
                ("before", String(sequence)),
            ]
            var components = URLComponents()
            components.path = Routes.audit.path
            components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
            return components.string
        }
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var query = PageQuery(request.uri.queryParameters, context: context)
        let seesAll = context.user.roles.contains(.clearinghouseAdmin)
        // A clearinghouse administrator names any organization by its code (or id); there are too
        // many to offer in a list.
        var typed = ""
        if seesAll, let text = request.uri.queryParameters.get("organization").map({ String($0).trimmed }), !text.isEmpty {
            typed = String(text.prefix(100))
            if let organization = try? await services.store.organization(idOrCode: typed) {
                query.filter.organizationID = organization.id
                typed = organization.code
            } else {
                query.errors.append(StaffText.text("staff.audit.noOrganizationHasThe", ["typed": "\(typed)"]))
            }
        }
        let events = try await services.store.auditEvents(matching: query.filter, beforeSequence: query.before, limit: pageSize)
        let rows = try await rows(events, zone: context.local, services: services)
        let model = Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.auditTrail"), current: Routes.audit.path),
            rows: rows, canChooseOrganization: seesAll, organization: typed,
            outcomes: [Option(value: "", label: StaffText.text("staff.audit.anyOutcome"), selected: query.outcome == nil)]
                + AuditOutcome.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == query.outcome) },
            action: query.action, record: query.record, from: query.from, until: query.until,
            nextHref: events.count == pageSize
                ? events.last.flatMap { query.nextPage(before: $0.sequence, choosesOrganization: seesAll) } : nil,
            errors: query.errors, timeZone: context.organization.timeZone)
        return try services.views.page("audit", model)
    }

    /// The page's rows, with the names of the people and organizations on it, read in one query each.
    static func rows(_ events: [AuditEvent], zone: LocalTime, services: AppServices) async throws -> [Row] {
        let organizationIDs = events.flatMap { [$0.entry.actorOrganizationID, $0.entry.targetOrganizationID].compactMap { $0 } }
        let organizationNames = Dictionary(
            try await services.store.organizations(organizationIDs).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let userNames = Dictionary(
            try await services.store.users(events.compactMap(\.entry.actorUserID)).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }
        )
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
