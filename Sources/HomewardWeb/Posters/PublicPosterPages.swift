import Foundation
import HTTPTypes
import HomewardCore
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
                .post, Routes.posterTips, anyone: .page, summary: "Send a tip about a published poster (public)",
                takesAnonymousForms: true, handler: TipPages.submit),
            Endpoint(
                .get, Routes.apiPublicPosters, anyone: .api, summary: "Published posters as JSON (public)", handler: json),
        ]
    }

    struct Fact: Sendable {
        var label: String
        var value: String
    }

    /// A poster as the page draws it; the staff preview uses the same partial.
    struct PosterView: Sendable {
        var name: String
        var banner: String
        var photos: [String]
        var mainPhoto: String?
        var facts: [Fact]
        var narrative: String
        var hotline: String
        var hotlineHref: String?
        var agency: String
        var agencyPhone: String
        var agencyPhoneHref: String?
        var caseNumber: String?
    }

    static func view(_ p: PublicPoster, slug: String, today: CivilDate, photoHref: (Int) -> String) -> PosterView {
        let photos = p.photoIDs.indices.map(photoHref)
        return PosterView(
            name: p.name, banner: p.banner, photos: Array(photos.dropFirst()), mainPhoto: photos.first,
            facts: p.facts(on: today).map { Fact(label: $0.label, value: $0.value) },
            narrative: p.narrative, hotline: p.hotline, hotlineHref: PublicPoster.telephoneLink(p.hotline), agency: p.agencyName,
            agencyPhone: p.agencyPhone, agencyPhoneHref: PublicPoster.telephoneLink(p.agencyPhone), caseNumber: p.caseNumber)
    }

    static func today(_ services: AppServices) -> CivilDate { CivilDate(services.clock.now(), in: TimeZone(identifier: "UTC")!) }

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

    static func gone(_ services: AppServices) throws -> PosterCache.Rendition {
        let html = try services.views.render(
            "poster-gone", GoneModel(layout: LayoutModel.anonymous(services: services, title: "Poster withdrawn")))
        return .init(status: 410, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }

    struct GoneModel: Sendable {
        var layout: LayoutModel
    }

    // MARK: Page and PDF

    struct PageModel: Sendable {
        var layout: LayoutModel
        var poster: PosterView
        var slug: String
        var pdfHref: String
        var tipAction: String
        var ogTitle: String
        var ogDescription: String
        var ogImage: String?
        var ogURL: String
        var tipFields: [FieldView]
        var tipErrors: Bool
        var tipThanks: Bool
    }

    static func pageModel(
        _ p: PublicPoster, services: AppServices, base: String, form: TipSubmission? = nil, errors: FieldErrors = FieldErrors(),
        thanks: Bool = false
    ) -> PageModel {
        let poster = view(p, slug: p.slug, today: today(services)) { Routes.publicPosterPhoto(p.slug, $0) }
        let f = form ?? TipSubmission(seen: "", place: "", when: "")
        return PageModel(
            layout: LayoutModel.anonymous(services: services, title: "Missing: \(p.name)"), poster: poster, slug: p.slug,
            pdfHref: Routes.publicPosterPDF(p.slug), tipAction: Routes.posterTips(p.slug), ogTitle: "Missing: \(p.name)",
            ogDescription: "Missing since \(p.missingSince.iso) from \(p.missingFromCity), \(p.missingFromState). Call \(p.hotline).",
            ogImage: p.photoIDs.isEmpty ? nil : "\(base)/posters/\(p.slug)/photos/0", ogURL: "\(base)/posters/\(p.slug)",
            tipFields: [
                .textarea("seen", "What did you see?", f.seen, errors: errors, required: true),
                .text("place", "Where?", f.place, errors: errors, hint: "An address, a cross street or a landmark.", required: true),
                .text("when", "When?", f.when, errors: errors, hint: "The date and time, as well as you remember.", required: true),
                .text(
                    "contactName", "Your name", f.contactName, errors: errors, hint: "Optional. Shown only to police and the clearinghouse."
                ),
                .text("contactPhone", "Your phone", f.contactPhone, errors: errors, type: "tel"),
                .text("contactEmail", "Your e-mail", f.contactEmail, errors: errors, type: "email"),
            ], tipErrors: !errors.isEmpty, tipThanks: thanks)
    }

    @Sendable static func show(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let raw = context.parameters.get("slug") ?? ""
        if raw.hasSuffix(".pdf") { return try await pdf(String(raw.dropLast(4)), request, services) }
        let base = services.configuration.publicBaseURL
        return try await cached(raw, "page", request, services) { poster in
            guard let poster, poster.status != .draft, let published = poster.published else { throw HomewardError.notFound("poster") }
            guard poster.status == .published else { return try gone(services) }
            let html = try services.views.render("public-poster", pageModel(published, services: services, base: base))
            return .init(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
        }
    }

    static func pdf(_ slug: String, _ request: Request, _ services: AppServices) async throws -> Response {
        try await cached(slug, "pdf", request, services) { poster in
            guard let poster, poster.status != .draft, let published = poster.published else { throw HomewardError.notFound("poster") }
            guard poster.status == .published else { return try gone(services) }
            var photos: [Data] = []
            for id in published.photoIDs.prefix(2) {
                if let photo = try await services.store.photo(id) { photos.append(photo.bytes) }
            }
            let bytes = try PosterPDF.render(published, photos: photos, today: today(services))
            return .init(status: 200, contentType: "application/pdf", body: Array(bytes))
        }
    }

    @Sendable static func photo(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let slug = context.parameters.get("slug") ?? ""
        let index = Int(context.parameters.get("index") ?? "") ?? -1
        return try await cached(slug, "photo\(index)", request, services) { poster in
            guard let poster, let published = poster.published, poster.status != .draft, published.photoIDs.indices.contains(index) else {
                throw HomewardError.notFound("photo")
            }
            guard poster.status == .published else { return try gone(services) }
            guard let photo = try await services.store.photo(published.photoIDs[index]) else { throw HomewardError.notFound("photo") }
            return .init(status: 200, contentType: photo.contentType, body: Array(photo.bytes))
        }
    }

    // MARK: List and JSON

    struct ListItem: Sendable {
        var href: String
        var name: String
        var banner: String
        var photo: String?
        var missingSince: String
        var missingFrom: String
        var ageNow: String
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var items: [ListItem]
        var stateFilter: FieldView
        var filtered: Bool
        var nextHref: String?
        var firstHref: String?
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
        let page = try await published(state: state, after: after, size: CasePages.pageSize, services: services)
        let today = today(services)
        let links = Paging.links(Routes.publicPosters.path, ["state": state], next: page.next, onFirstPage: after == nil)
        var response = try services.views.page(
            "posters",
            ListModel(
                layout: LayoutModel.anonymous(services: services, title: "Missing children"),
                items: page.rows.map {
                    ListItem(
                        href: Routes.publicPoster($0.slug), name: $0.name, banner: $0.banner,
                        photo: $0.photoIDs.isEmpty ? nil : Routes.publicPosterPhoto($0.slug, 0), missingSince: $0.missingSince.iso,
                        missingFrom: "\($0.missingFromCity), \($0.missingFromState)", ageNow: $0.ageNow(on: today))
                },
                stateFilter: .stateFilter(state ?? ""),
                filtered: state != nil, nextHref: links.next, firstHref: links.first))
        response.headers[.cacheControl] = "public, max-age=60"
        return response
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
        let today = today(services)
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
                agency: p.agencyName, agencyPhone: p.agencyPhone)
        }
        var response = try APIResponse.json(ListJSON(count: items.count, posters: items, nextCursor: page.next?.text))
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }
}
