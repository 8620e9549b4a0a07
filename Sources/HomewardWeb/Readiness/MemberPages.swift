import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The public member list: recognized agencies by state and kind, with a state tile map, and the
/// same list as JSON for partners. Derived from recognition terms on every request, so a lapsed
/// or revoked recognition is gone without anyone acting.
enum MemberPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.members, anyone: .page, summary: "Recognized agencies (public)", handler: page),
            Endpoint(
                .get, Routes.apiPublicMembers, anyone: .api, summary: "Recognized agencies as JSON (public)", handler: json),
        ]
    }

    struct Filter: Sendable {
        var state: String?
        var kind: OrganizationKind?

        init(_ request: Request) {
            let state = (request.uri.queryParameters.get("state") ?? "").uppercased()
            self.state = USState.isValid(state) ? state : nil
            kind = OrganizationKind(rawValue: request.uri.queryParameters.get("kind") ?? "").flatMap {
                $0 == .lawEnforcement || $0 == .psap ? $0 : nil
            }
        }

        /// The store's filter for a page after `after`.
        func page(after: MemberFilter.Cursor?, size: Int) -> MemberFilter {
            MemberFilter(state: state, kind: kind, after: after, limit: size + 1)
        }

        var query: [String: String?] { ["state": state, "kind": kind?.rawValue] }
    }

    /// A page of members and the cursor of the next.
    static func members(_ filter: Filter, after: MemberFilter.Cursor?, size: Int, on day: MemberDay, services: AppServices)
        async throws -> (rows: [MemberListing], next: MemberFilter.Cursor?)
    {
        let fetched = try await services.store.members(on: day, matching: filter.page(after: after, size: size))
        let rows = Array(fetched.prefix(size))
        return (rows, fetched.count > size ? rows.last.map(MemberFilter.Cursor.init(after:)) : nil)
    }

    struct MemberView: Sendable {
        var name: String
        var kind: String
        var recognizedOn: String
    }

    struct StateGroup: Sendable {
        var code: String
        var name: String
        var members: [MemberView]
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var map: String
        var total: Int
        var shown: Int
        var groups: [StateGroup]
        var stateFilter: FieldView
        var kindFilter: FieldView
        var filtered: Bool
        var jsonHref: String
        var asOf: String
        var nextHref: String?
        var firstHref: String?
        var lede: String
        var shownText: String
        var language: String?
    }

    /// The agencies recognized today by state and name, 200 to a page (`?after=`), with the tile
    /// map and the totals counted in SQL.
    @Sendable static func page(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let now = services.clock.now()
        let today = CivilDate(now, in: TimeZone.utc)
        let filter = Filter(request)
        let after = request.uri.queryParameters.get("after").flatMap { MemberFilter.Cursor(String($0)) }
        let page = try await members(filter, after: after, size: 200, on: .instant(now), services: services)
        let language = PublicPosterView.language(request, services)
        let catalogs = services.views.catalogs
        func t(_ key: String, _ values: [String: String] = [:]) -> String { catalogs.text(key, language, values) }
        let format = LocalFormat(language: language)
        let byState = Dictionary(grouping: page.rows, by: \.state)
        let groups = byState.keys.sorted().map { code in
            StateGroup(
                code: code, name: USState.names[code] ?? code,
                members: byState[code]!.map {
                    MemberView(
                        name: $0.name, kind: t("kind.\($0.kind.rawValue)"),
                        recognizedOn: t(
                            "members.recognized",
                            ["date": language == Catalogs.fallback ? $0.recognizedOn.iso : format.date($0.recognizedOn)]))
                })
        }
        let counts = try await services.store.memberCounts(on: .instant(now), kind: filter.kind)
        let total =
            filter.kind == nil
            ? counts.values.reduce(0, +)
            : try await services.store.memberCounts(on: .instant(now), kind: nil).values.reduce(0, +)
        let shown = filter.state.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        let chosen = language == Catalogs.fallback ? nil : language
        var nextQuery = filter.query
        nextQuery["after"] = page.next?.text
        nextQuery["lang"] = chosen
        var response = try services.views.page(
            "members",
            Model(
                layout: LayoutModel.anonymous(
                    services: services, title: t("site.recognizedAgencies"), language: language, path: Routes.members.path),
                map: TileMap.svg(counts: counts, selected: filter.state, language: language, catalogs: catalogs),
                total: total, shown: shown, groups: groups,
                stateFilter: .stateFilter(filter.state ?? "", label: t("filter.state"), all: t("filter.allStates")),
                kindFilter: .select(
                    "kind", t("members.kind"), filter.kind?.rawValue ?? "",
                    options: [("", t("members.allKinds")), ("law_enforcement", t("members.police")), ("psap", t("members.psaps"))],
                    errors: FieldErrors()),
                filtered: filter.state != nil || filter.kind != nil, jsonHref: Routes.apiPublicMembers.path, asOf: today.iso,
                nextHref: page.next.map { _ in Routes.query(Routes.members.path, nextQuery) },
                firstHref: after == nil ? nil : Routes.query(Routes.members.path, filter.query.merging(["lang": chosen]) { a, _ in a }),
                lede: t(
                    "members.lede",
                    ["count": format.number(total), "date": language == Catalogs.fallback ? today.iso : format.date(today)]),
                shownText: t("members.shown", ["count": format.number(shown)]), language: chosen))
        response.headers[.cacheControl] = "public, max-age=300"
        response.headers[.contentLanguage] = language
        response.headers[.vary] = "Accept-Language"
        return response
    }

    struct MemberJSON: Codable, Sendable {
        var name: String
        var kind: String
        var state: String
        var recognizedOn: String
        var validThrough: String
    }

    struct ListJSON: Codable, Sendable, APISchema {
        static let schemaName = "MemberList"

        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["nextCursor": .described("Pass as `cursor` for the next page; absent on the last page.")])
        }

        var asOf: String
        var count: Int
        var members: [MemberJSON]
        var nextCursor: String?
    }

    @Sendable static func json(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let now = services.clock.now()
        let today = CivilDate(now, in: TimeZone.utc)
        let filter = Filter(request)
        var after: MemberFilter.Cursor?
        if let text = request.uri.queryParameters.get("cursor").map({ String($0) }), !text.isEmpty {
            guard let cursor = MemberFilter.Cursor(text) else {
                throw HomewardError.invalid("cursor", "This cursor is not one Homeward gave.")
            }
            after = cursor
        }
        let page = try await members(filter, after: after, size: 500, on: .instant(now), services: services)
        let members = page.rows.map {
            MemberJSON(
                name: $0.name, kind: $0.kind.rawValue, state: $0.state, recognizedOn: $0.recognizedOn.iso,
                validThrough: $0.termEnd.adding(days: -1).iso)
        }
        var response = try APIResponse.json(
            ListJSON(asOf: today.iso, count: members.count, members: members, nextCursor: page.next?.text))
        response.headers[.cacheControl] = "public, max-age=300"
        return response
    }
}

/// A map of the states as equal squares (one per state, in roughly their places), shaded by a
/// count. Drawn as inline SVG with every square labelled, so it reads without color and prints.
enum TileMap {
    static let positions: [String: (Int, Int)] = [
        "AK": (0, 0), "ME": (10, 0), "VT": (9, 1), "NH": (10, 1),
        "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2), "WI": (6, 2), "MI": (7, 2), "NY": (8, 2),
        "RI": (9, 2), "MA": (10, 2),
        "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3), "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3),
        "CT": (9, 3),
        "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4), "WV": (6, 4), "VA": (7, 4), "MD": (8, 4),
        "DE": (9, 4),
        "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5), "SC": (7, 5), "DC": (8, 5),
        "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
        "HI": (0, 7), "TX": (3, 7), "FL": (8, 7), "PR": (10, 7),
    ]

    static let shades = ["#eef1f4", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]

    /// The shade step of `count` against the largest count: 0 for none, then four steps.
    static func step(_ count: Int, max: Int) -> Int {
        guard count > 0, max > 0 else { return 0 }
        return min(4, (count * 4 + max - 1) / max)
    }

    /// The tile map: a group of links, one per state (an image role would hide the links from
    /// assistive technology and keyboard users).
    static func svg(counts: [String: Int], selected: String?, language: String = Catalogs.fallback, catalogs: Catalogs? = nil) -> String {
        func t(_ key: String, _ values: [String: String], english: String) -> String {
            catalogs?.text(key, language, values) ?? english
        }
        func stateLabel(_ name: String, _ count: Int) -> String {
            count == 1
                ? t("map.stateOne", ["state": name], english: "\(name): 1 recognized agency")
                : t("map.state", ["state": name, "count": String(count)], english: "\(name): \(count) recognized agencies")
        }
        let size = 44
        let gap = 4
        let largest = counts.values.max() ?? 0
        let width = 11 * (size + gap)
        let height = 8 * (size + gap) + 30
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tile-map\" viewBox=\"0 0 \(width) \(height)\" aria-labelledby=\"tile-map-title\">",
            "<title id=\"tile-map-title\">"
                + t(
                    "map.title", ["count": String(counts.values.reduce(0, +)), "states": String(counts.filter { $0.value > 0 }.count)],
                    english: "Recognized agencies by state: \(counts.values.reduce(0, +)) in \(counts.filter { $0.value > 0 }.count) states"
                )
                + "</title>",
        ]
        for (code, (col, row)) in positions.sorted(by: { $0.key < $1.key }) {
            let count = counts[code] ?? 0
            let shade = step(count, max: largest)
            let x = col * (size + gap)
            let y = row * (size + gap)
            let ink = shade >= 3 ? "#ffffff" : "#1a1a1a"
            let name = USState.names[code] ?? code
            let outline = selected == code ? " stroke=\"#b08d2e\" stroke-width=\"3\"" : ""
            parts.append(
                "<a href=\"\(Routes.query(Routes.members.path, ["state": code, "lang": language == Catalogs.fallback ? nil : language]).replacingOccurrences(of: "&", with: "&amp;"))\" aria-label=\"\(stateLabel(name, count))\"><g class=\"tile\" data-state=\"\(code)\" data-count=\"\(count)\">"
                    + "<title>\(stateLabel(name, count))</title>"
                    + "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size)\" height=\"\(size)\" rx=\"4\" fill=\"\(shades[shade])\"\(outline)/>"
                    + "<text x=\"\(x + size / 2)\" y=\"\(y + 19)\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" fill=\"\(ink)\">\(code)</text>"
                    + (count > 0
                        ? "<text x=\"\(x + size / 2)\" y=\"\(y + 35)\" text-anchor=\"middle\" font-size=\"11\" fill=\"\(ink)\">\(count)</text>"
                        : "")
                    + "</g></a>")
        }
        // The legend: what each shade means.
        let legendY = 8 * (size + gap) + 6
        var x = 0
        for shade in 0..<shades.count {
            // Shade s holds the counts c with (s-1)·max/4 < c ≤ s·max/4; an empty range is left out.
            let low = shade == 0 ? 0 : (shade - 1) * largest / 4 + 1
            let high = shade == 0 ? 0 : shade * largest / 4
            guard low <= high else { continue }
            let label = shade == 0 ? t("map.none", [:], english: "none") : low == high ? "\(low)" : "\(low)–\(high)"
            parts.append("<rect x=\"\(x)\" y=\"\(legendY)\" width=\"16\" height=\"16\" fill=\"\(shades[shade])\" stroke=\"#8a94a0\"/>")
            parts.append("<text x=\"\(x + 22)\" y=\"\(legendY + 13)\" font-size=\"12\">\(label)</text>")
            x += 90
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
