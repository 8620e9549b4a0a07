import Foundation
import HTTPTypes
import HomewardCore
import HomewardImaging
import HomewardPDF
import Hummingbird

/// What the public sees: the list of published posters, each poster's page, PDF and photos, the
/// public JSON, and the tip form. Everything here renders from ``PublicPoster`` alone.
enum PublicPosterPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.publicPosters, anyone: .page, summary: "Published posters (public)", handler: list),
            Endpoint(
                .get, Routes.publicPoster, anyone: .page, summary: "A poster's public page, or its PDF with .pdf",
                handler: show),
            Endpoint(
                .get, Routes.publicPosterPhoto, anyone: .page, summary: "A published poster photo (public)",
                handler: photo),
            Endpoint(
                .get, Routes.apiPublicPosters, anyone: .api, summary: "Published posters as JSON (public)", handler: json),
        ]
    }

    // MARK: Cached answers

    /// Answers from the cache when current; otherwise renders with `render` and caches the result.
    static func cached(
        _ slug: String, _ kind: String, _ request: Request, _ services: AppServices, render: (Poster?) async throws -> PosterCache.Rendition
    ) async throws -> Response {
        let now = services.clock.now()
        let cache = services.posterCache
        if let hit = cache.fresh(slug, kind, now: now) { return hit.response(to: request) }
        let current = try await services.store.posterRevision(slug: slug)
        if let current, let hit = cache.confirm(slug, kind, revision: current.revision, now: now) { return hit.response(to: request) }
        let poster = current == nil ? nil : try await services.store.poster(slug: slug)
        let rendition = try await render(poster)
        if let poster { cache.store(slug, kind, rendition, revision: poster.revision, status: poster.status, now: now) }
        return rendition.response(to: request)
    }

    /// The page for a withdrawn poster, in the language of the page asked for.
    static func gone(_ services: AppServices, language: String = Catalogs.fallback) throws -> PosterCache.Rendition {
        let title = services.views.text("posterGone.title", language: language)
        let html = try services.views.render(
            "poster-gone", GoneModel(layout: LayoutModel.anonymous(services: services, title: title, language: language)))
        return .init(status: 410, contentType: "text/html; charset=utf-8", body: Array(html.utf8), language: language)
    }

    struct GoneModel: Sendable {
        var layout: LayoutModel
    }

    // MARK: Page and PDF

    @Sendable static func show(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let raw = context.parameters.get(.slug) ?? ""
        if raw.hasSuffix(".pdf") { return try await pdf(String(raw.dropLast(4)), request, services) }
        let base = services.configuration.publicBaseURL
        let language = PublicPosterView.language(request, services)
        return try await cached(raw, "page:\(language)", request, services) { poster in
            guard let poster, poster.status != .draft, let published = poster.published else { throw HomewardError.notFound("poster") }
            guard poster.status == .published else { return try gone(services, language: language) }
            let html = try services.views.render(
                "public-poster", PublicPosterView.pageModel(published, services: services, base: base, language: language))
            return .init(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8), language: language)
        }
    }

    static func pdf(_ slug: String, _ request: Request, _ services: AppServices) async throws -> Response {
        let language = PublicPosterView.language(request, services)
        return try await cached(slug, "pdf:\(language)", request, services) { poster in
            guard let poster, poster.status != .draft, let published = poster.published else { throw HomewardError.notFound("poster") }
            guard poster.status == .published else { return try gone(services, language: language) }
            let bytes = try await PublicPosterView.renderPDF(published, language: language, services: services)
            return .init(status: 200, contentType: "application/pdf", body: Array(bytes), language: language)
        }
    }

    @Sendable static func photo(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let slug = context.parameters.get(.slug) ?? ""
        let index = NumberKind.photoIndex.value(context.parameters.get(.index) ?? "") ?? -1
        return try await cached(slug, "photo\(index)", request, services) { poster in
            guard let poster, let published = poster.published, poster.status != .draft, published.photoIDs.indices.contains(index) else {
                throw HomewardError.notFound("photo")
            }
            guard poster.status == .published else { return try gone(services) }
            guard let photo = try await services.store.photo(published.photoIDs[index]) else { throw HomewardError.notFound("photo") }
            return .init(
                status: 200, contentType: PhotoFormat.jpeg.rawValue, body: Array(try PhotoReencoder.publicVersion(of: photo.bytes)))
        }
    }

    // MARK: List and JSON

    struct ListItem: Sendable {
        var href: String
        var name: String
        var photo: String?
        /// "Endangered runaway · missing since … from … · age now …" in the page's language.
        var hint: String
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var items: [ListItem]
        var stateFilter: FieldView
        var filtered: Bool
        var nextHref: String?
        var firstHref: String?
        /// The language chosen on the page, kept by the filter form (nil: negotiated).
        var language: String?
    }

    /// The state a list is narrowed to (`?state=`), when it names one.
    static func state(_ request: Request) -> String? {
        let state = (request.uri.queryParameters.get("state") ?? "").uppercased()
        return USState.isValid(state) ? state : nil
    }

    /// A page of published posters, newest first, of the state asked for, after `after`.
    static func published(state: String?, after: PageCursor?, size: Int, services: AppServices) async throws -> PageOf<PublicPoster> {
        let posters = try await services.store.publishedPosters(state: state, after: after, limit: size + 1)
        let page = PageOf(posters, size: size, cursor: { PageCursor(at: $0.publishedAt ?? $0.createdAt, id: $0.slug) })
        return PageOf(rows: page.rows.compactMap(\.published), next: page.next)
    }

    @Sendable static func list(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let state = state(request)
        let after = Paging.after(request)
        let page = try await published(state: state, after: after, size: ListChoice.pageSize, services: services)
        let today = PublicPosterView.today(services)
        let language = PublicPosterView.language(request, services)
        let catalogs = services.views.catalogs
        let chosen = language == Catalogs.fallback ? nil : language
        let links = Paging.links(
            Routes.publicPosters.path, ["state": state, "lang": chosen], next: page.next, onFirstPage: after == nil)
        let html = try services.views.render(
            "posters",
            ListModel(
                layout: LayoutModel.anonymous(
                    services: services, title: catalogs.text("site.missingChildren", language), language: language,
                    path: Routes.publicPosters.path),
                items: page.rows.map { p in
                    let banner = PublicPosterView.banner(p, language: language, catalogs: catalogs)
                    let since = language == Catalogs.fallback ? p.missingSince.iso : LocalFormat(language: language).date(p.missingSince)
                    let age = PublicPosterView.ageNow(p, today: today, language: language, catalogs: catalogs)
                    let place = "\(p.missingFromCity), \(p.missingFromState)"
                    return ListItem(
                        href: Routes.query(Routes.publicPoster(p.slug), ["lang": chosen]), name: p.name,
                        photo: p.photoIDs.isEmpty ? nil : Routes.publicPosterPhoto(p.slug, 0),
                        hint: [
                            banner, catalogs.text("list.missingSince", language, ["date": since, "place": place]),
                            catalogs.text("list.ageNow", language, ["age": age]),
                        ].joined(separator: " · "))
                },
                stateFilter: .stateFilter(
                    state ?? "", label: catalogs.text("filter.state", language), all: catalogs.text("filter.allStates", language)),
                filtered: state != nil, nextHref: links.next, firstHref: links.first, language: chosen))
        return PosterCache.revalidated(Array(html.utf8), contentType: "text/html; charset=utf-8", language: language, request: request)
    }

    struct PosterJSON: Codable, Sendable {
        var url: String
        var pdf: String
        var name: String
        var caseType: String
        var missingSince: String
        var missingFromCity: String
        var missingFromState: String
        var dateOfBirth: String
        var ageNow: String
        var sex: String
        var race: String?
        var hair: String?
        var eyes: String?
        var height: String
        var weight: String
        var narrative: String
        var photos: [String]
        var contact: String
        var agency: String
        var agencyPhone: String
        /// Only where the guardian agreed that it may be shown.
        var tribalAffiliation: String?
    }

    struct ListJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterList"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["nextCursor": .described("Pass as `cursor` for the next page; absent on the last page.")])
        }

        var count: Int
        var posters: [PosterJSON]
        var nextCursor: String?
    }

    @Sendable static func json(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let today = PublicPosterView.today(services)
        var errors = FieldErrors()
        let after = Paging.cursor(request, errors: &errors)
        try errors.throwIfAny()
        let page = try await published(state: state(request), after: after, size: 100, services: services)
        let items = page.rows.map { p in
            PosterJSON(
                url: Routes.publicPoster(p.slug), pdf: Routes.publicPosterPDF(p.slug), name: p.name, caseType: p.banner,
                missingSince: p.missingSince.iso,
                missingFromCity: p.missingFromCity, missingFromState: p.missingFromState, dateOfBirth: p.dateOfBirth.iso,
                ageNow: p.ageNow(on: today), sex: p.sex, race: p.race, hair: p.hair, eyes: p.eyes, height: p.height, weight: p.weight,
                narrative: p.narrative, photos: p.photoIDs.indices.map { Routes.publicPosterPhoto(p.slug, $0) }, contact: p.hotline,
                agency: p.agencyName, agencyPhone: p.agencyPhone, tribalAffiliation: p.tribalAffiliation)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(ListJSON(count: items.count, posters: items, nextCursor: page.next?.text))
        return PosterCache.revalidated(Array(body), contentType: "application/json", request: request)
    }
}
