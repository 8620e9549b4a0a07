import Foundation
import HomewardCore
import Hummingbird

/// Staff search for children by name (typo-tolerant and phonetic), date of birth, case number or
/// NIC, limited to the children the searcher may see.
enum ChildSearchPages {
    struct Hit: Sendable {
        var name: String
        var dateOfBirth: String
        var caseNumber: String
        var status: String
        var href: String?
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var query: String
        var searched: Bool
        var hits: [Hit]
    }

    struct HitJSON: Codable, Sendable, APISchema {
        static let schemaName = "ChildSearchHit"

        var childId: String
        var firstName: String
        var lastName: String
        var dateOfBirth: String
        var latestEpisodeId: String?
        var caseNumber: String?
        var status: String?
        var nameDistance: Int
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.children, allowing: .listEpisodes, .page, scope: .none, summary: "Search children", handler: page),
            Endpoint(
                .get, Routes.apiChildren, allowing: .listEpisodes, .api, scope: .none, summary: "Search children", handler: api),
        ]
    }

    static func search(_ text: String, _ context: SignedInContext, _ services: AppServices) async throws -> [ChildSearchHit] {
        guard text.count <= 200 else { throw HomewardError.invalid("q", StaffText.text("staff.childSearch.searchForAtMost")) }
        let query = ChildQuery(parsing: text)
        guard !query.isEmpty else { return [] }
        let hits = try await services.store.searchChildren(query, visibility: .of(context.principal), limit: 50)
        // Searching is reading children's records: it is audited, by the ids it returned.
        try await services.store.appendAudit(
            services.auditEntry(
                context, action: .childrenSearch, recordType: .child,
                recordID: hits.prefix(20).map(\.child.id.rawValue).joined(separator: ","),
                organization: context.organization.id, detail: "\(hits.count) found"))
        return hits
    }

    @Sendable static func page(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let text = (request.uri.queryParameters.get("q") ?? "").trimmed
        let hits = try await search(text, context, services)
        return try services.views.page(
            "children",
            Model(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.searchChildren"),
                    current: Routes.children.path), query: text,
                searched: !text.isEmpty,
                hits: hits.map {
                    Hit(
                        name: $0.child.fullName, dateOfBirth: $0.child.dateOfBirth.iso, caseNumber: $0.latestEpisode?.caseNumber ?? "—",
                        status: $0.latestEpisode?.status.rawValue.capitalized ?? "—", href: $0.latestEpisode.map { Routes.episode($0.id) })
                }))
    }

    @Sendable static func api(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let text = (request.uri.queryParameters.get("q") ?? "").trimmed
        if text.isEmpty { throw HomewardError.invalid("q", StaffText.text("staff.childSearch.giveANameA")) }
        let hits = try await search(text, context, services)
        return try APIResponse.json(
            APIResponse.List(
                items: hits.map {
                    HitJSON(
                        childId: $0.child.id.rawValue, firstName: $0.child.firstName, lastName: $0.child.lastName,
                        dateOfBirth: $0.child.dateOfBirth.iso,
                        latestEpisodeId: $0.latestEpisode?.id.rawValue, caseNumber: $0.latestEpisode?.caseNumber,
                        status: $0.latestEpisode?.status.rawValue, nameDistance: $0.nameDistance)
                }))
    }
}
