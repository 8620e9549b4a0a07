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
        /// Set when the narrative is shown in English on another language's page: its language,
        /// and the note that says so.
        var narrativeLanguage: String?
        var narrativeNote: String?
        var photoAlt: String
        var otherPhotoAlt: String
        var orAgency: String
        var caseText: String?
    }

    static func view(
        _ p: PublicPoster, slug: String, today: CivilDate, language: String = Catalogs.fallback, catalogs: Catalogs,
        photoHref: (Int) -> String
    ) -> PosterView {
        let photos = p.photoIDs.indices.map(photoHref)
        var facts = p.facts(on: today).map { Fact(label: $0.label, value: $0.value) }
        let banner = banner(p, language: language, catalogs: catalogs)
        var narrative = p.narrative
        var narrativeLanguage: String?
        if language != Catalogs.fallback {
            if let translation = p.translations?[language] {
                narrative = translation
            } else {
                narrativeLanguage = Catalogs.fallback
            }
        }
        if language != Catalogs.fallback { facts = localizedFacts(p, today: today, language: language, catalogs: catalogs) }
        return PosterView(
            name: p.name, banner: banner, photos: Array(photos.dropFirst()), mainPhoto: photos.first,
            facts: facts,
            narrative: narrative, hotline: p.hotline, hotlineHref: PublicPoster.telephoneLink(p.hotline), agency: p.agencyName,
            agencyPhone: p.agencyPhone, agencyPhoneHref: PublicPoster.telephoneLink(p.agencyPhone), caseNumber: p.caseNumber,
            narrativeLanguage: narrativeLanguage,
            narrativeNote: narrativeLanguage == nil ? nil : catalogs.text("poster.narrativeInEnglish", language),
            photoAlt: catalogs.text("poster.photoOf", language, ["name": p.name]),
            otherPhotoAlt: catalogs.text("poster.anotherPhotoOf", language, ["name": p.name]),
            orAgency: catalogs.text("poster.or", language, ["agency": p.agencyName]),
            caseText: p.caseNumber.map { catalogs.text("poster.case", language, ["number": $0]) })
    }

    /// The poster's facts in `language`: its labels, dates and age as the language writes them,
    /// and the sex, race and colors in its words.
    static func localizedFacts(_ p: PublicPoster, today: CivilDate, language: String, catalogs: Catalogs) -> [Fact] {
        let format = LocalFormat(language: language)
        func label(_ key: String) -> String { catalogs.text("fact.\(key)", language) }
        /// An NCIC meaning in the language (the poster keeps the English meaning).
        func value(_ kind: String, _ meaning: String?) -> String {
            meaning.map { catalogs.translation("\(kind).\($0)", language) ?? $0 } ?? "—"
        }
        return [
            Fact(label: label("missingSince"), value: format.date(p.missingSince)),
            Fact(label: label("missingFrom"), value: "\(p.missingFromCity), \(p.missingFromState)"),
            Fact(label: label("dateOfBirth"), value: format.date(p.dateOfBirth)),
            Fact(label: label("ageNow"), value: ageNow(p, today: today, language: language, catalogs: catalogs)),
            Fact(label: label("sex"), value: catalogs.translation("sex.\(p.sex)", language) ?? p.sex),
            Fact(label: label("race"), value: value("race", p.race)), Fact(label: label("hair"), value: value("hair", p.hair)),
            Fact(label: label("eyes"), value: value("eyes", p.eyes)),
            Fact(label: label("height"), value: p.heightInches.map { format.height(inches: $0) } ?? p.height),
            Fact(label: label("weight"), value: p.weightPounds.map { format.weight(pounds: $0) } ?? p.weight),
        ] + (p.tribalAffiliation.map { [Fact(label: label("tribalAffiliation"), value: $0)] } ?? [])
    }

    /// The printed poster's words in `language` (nil: English as the PDF has it).
    static func wording(_ p: PublicPoster, language: String, services: AppServices) -> PosterPDF.Wording? {
        guard language != Catalogs.fallback else { return nil }
        let catalogs = services.views.catalogs
        let view = view(p, slug: p.slug, today: today(services), language: language, catalogs: catalogs) { _ in "" }
        return PosterPDF.Wording(
            title: catalogs.text("poster.title", language, ["name": p.name]), missing: catalogs.text("poster.missing", language),
            banner: view.banner, facts: view.facts.map { ($0.label, $0.value) },
            narrative: view.narrative + (view.narrativeNote.map { " \($0)" } ?? ""), contact: catalogs.text("poster.contact", language),
            orAgency: view.orAgency, caseText: view.caseText)
    }

    /// "Age Now" in `language`.
    static func ageNow(_ p: PublicPoster, today: CivilDate, language: String, catalogs: Catalogs) -> String {
        guard language != Catalogs.fallback else { return p.ageNow(on: today) }
        return switch p.age(on: today) {
        case .years(let years): catalogs.text("age.years", language, ["count": String(years)])
        case .months(1): catalogs.text("age.month", language)
        case .months(let months): catalogs.text("age.months", language, ["count": String(months)])
        }
    }

    /// The case-type banner in `language`.
    static func banner(_ p: PublicPoster, language: String, catalogs: Catalogs) -> String {
        language == Catalogs.fallback ? p.banner : catalogs.translation("banner.\(p.banner)", language) ?? p.banner
    }

    /// The language of a public page: `?lang=` (the link on the page), else `Accept-Language`, else English.
    /// The page's language: `?lang=`, else `Accept-Language`, else English; the cache's fast paths
    /// read it alike (``PosterCache/key(path:acceptLanguage:catalogs:)``).
    static func language(_ request: Request, _ services: AppServices) -> String {
        services.views.catalogs.negotiate(
            chosen: PosterCache.chosenLanguage(query: Substring(request.uri.query ?? "")), acceptLanguage: request.headers[.acceptLanguage])
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
        var tipHeading: String
        var tipErrors: Bool
        var tipThanks: Bool
        /// Sent back with a tip, so that its answer comes in the same language.
        var language: String
    }

    static func pageModel(
        _ p: PublicPoster, services: AppServices, base: String, language: String = Catalogs.fallback, form: TipSubmission? = nil,
        errors: FieldErrors = FieldErrors(), thanks: Bool = false
    ) -> PageModel {
        let catalogs = services.views.catalogs
        func t(_ key: String, _ values: [String: String] = [:]) -> String { catalogs.text(key, language, values) }
        let poster = view(p, slug: p.slug, today: today(services), language: language, catalogs: catalogs) {
            Routes.publicPosterPhoto(p.slug, $0)
        }
        let f = form ?? TipSubmission(seen: "", place: "", when: "")
        let errors = language == Catalogs.fallback ? errors : TipPages.localized(errors, language: language, catalogs: catalogs)
        let title = t("poster.title", ["name": p.name])
        let missingSince = language == Catalogs.fallback ? p.missingSince.iso : LocalFormat(language: language).date(p.missingSince)
        return PageModel(
            layout: LayoutModel.anonymous(services: services, title: title, language: language, path: Routes.publicPoster(p.slug)),
            poster: poster, slug: p.slug,
            pdfHref: Routes.query(Routes.publicPosterPDF(p.slug), ["lang": language == Catalogs.fallback ? nil : language]),
            tipAction: Routes.query(Routes.posterTips(p.slug), ["lang": language == Catalogs.fallback ? nil : language]), ogTitle: title,
            ogDescription: t(
                "poster.ogDescription",
                ["date": missingSince, "place": "\(p.missingFromCity), \(p.missingFromState)", "hotline": p.hotline]),
            ogImage: p.photoIDs.isEmpty ? nil : "\(base)/posters/\(p.slug)/photos/0", ogURL: "\(base)/posters/\(p.slug)",
            tipFields: [
                .textarea("seen", t("tip.seen"), f.seen, errors: errors, required: true),
                .text("place", t("tip.place"), f.place, errors: errors, hint: t("tip.place.hint"), required: true),
                .text("when", t("tip.when"), f.when, errors: errors, hint: t("tip.when.hint"), required: true),
                .text("contactName", t("tip.contactName"), f.contactName, errors: errors, hint: t("tip.contact.hint")),
                .text("contactPhone", t("tip.contactPhone"), f.contactPhone, errors: errors, type: "tel"),
                .text("contactEmail", t("tip.contactEmail"), f.contactEmail, errors: errors, type: "email"),
            ], tipHeading: t("tip.heading", ["name": p.name]), tipErrors: !errors.isEmpty, tipThanks: thanks, language: language)
    }

    @Sendable static func show(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let raw = context.parameters.get("slug") ?? ""
        if raw.hasSuffix(".pdf") { return try await pdf(String(raw.dropLast(4)), request, services) }
        let base = services.configuration.publicBaseURL
        let language = language(request, services)
        return try await cached(raw, "page:\(language)", request, services) { poster in
            guard let poster, poster.status != .draft, let published = poster.published else { throw HomewardError.notFound("poster") }
            guard poster.status == .published else { return try gone(services, language: language) }
            let html = try services.views.render(
                "public-poster", pageModel(published, services: services, base: base, language: language))
            return .init(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8), language: language)
        }
    }

    static func pdf(_ slug: String, _ request: Request, _ services: AppServices) async throws -> Response {
        let language = language(request, services)
        return try await cached(slug, "pdf:\(language)", request, services) { poster in
            guard let poster, poster.status != .draft, let published = poster.published else { throw HomewardError.notFound("poster") }
            guard poster.status == .published else { return try gone(services, language: language) }
            let bytes = try await renderPDF(published, language: language, services: services)
            return .init(status: 200, contentType: "application/pdf", body: Array(bytes), language: language)
        }
    }

    /// The printed poster of `p` in `language`: the public PDF, and the approver's preview of a
    /// version waiting for approval, drawn alike.
    static func renderPDF(_ p: PublicPoster, language: String, services: AppServices) async throws -> Data {
        var photos: [Data] = []
        for id in p.photoIDs.prefix(2) {
            if let photo = try await services.store.photo(id) { photos.append(try PhotoReencoder.publicVersion(of: photo.bytes)) }
        }
        return try PosterPDF.render(p, photos: photos, today: today(services), wording: wording(p, language: language, services: services))
    }

    @Sendable static func photo(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let slug = context.parameters.get("slug") ?? ""
        let index = NumberKind.photoIndex.value(context.parameters.get("index") ?? "") ?? -1
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
        let today = today(services)
        let language = language(request, services)
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
                    let banner = banner(p, language: language, catalogs: catalogs)
                    let since = language == Catalogs.fallback ? p.missingSince.iso : LocalFormat(language: language).date(p.missingSince)
                    let age = ageNow(p, today: today, language: language, catalogs: catalogs)
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
        return revalidated(Array(html.utf8), contentType: "text/html; charset=utf-8", language: language, request: request)
    }

    /// A public answer that changes when any poster is published or withdrawn: an ETag and
    /// `public, no-cache`, as the poster page has, so a shared cache asks again every time and a
    /// withdrawal reaches every reader at once (304 when nothing changed).
    static func revalidated(_ body: [UInt8], contentType: String, language: String? = nil, request: Request) -> Response {
        PosterCache.Rendition(status: 200, contentType: contentType, body: body, language: language).response(to: request)
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
                agency: p.agencyName, agencyPhone: p.agencyPhone, tribalAffiliation: p.tribalAffiliation)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(ListJSON(count: items.count, posters: items, nextCursor: page.next?.text))
        return revalidated(Array(body), contentType: "application/json", request: request)
    }
}
