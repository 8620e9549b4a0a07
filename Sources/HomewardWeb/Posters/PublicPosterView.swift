import Foundation
import HTTPTypes
import HomewardCore
import HomewardImaging
import HomewardPDF
import Hummingbird

/// How a published poster is drawn for the public, in each language: the page's and the staff
/// preview's view model, the printed poster's words and the tip form. Built from ``PublicPoster``
/// alone.
enum PublicPosterView {
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

    static func today(_ services: AppServices) -> CivilDate { CivilDate(services.clock.now(), in: TimeZone.utc) }

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
        let errors = language == Catalogs.fallback ? errors : localized(errors, language: language, catalogs: catalogs)
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

    /// The printed poster of `p` in `language`: the public PDF, and the approver's preview of a
    /// version waiting for approval, drawn alike.
    static func renderPDF(_ p: PublicPoster, language: String, services: AppServices) async throws -> Data {
        var photos: [Data] = []
        for id in p.photoIDs.prefix(2) {
            if let photo = try await services.store.photo(id) { photos.append(try PhotoReencoder.publicVersion(of: photo.bytes)) }
        }
        return try PosterPDF.render(p, photos: photos, today: today(services), wording: wording(p, language: language, services: services))
    }

    /// The tip form's field errors in `language`, by each error's code: a missing answer has its
    /// field's own sentence, other codes one sentence each, and an error without a code the general
    /// "check this field".
    static func localized(_ errors: FieldErrors, language: String, catalogs: Catalogs) -> FieldErrors {
        var localized = FieldErrors()
        for entry in errors.entries {
            let key =
                switch entry.code {
                case "required": "tip.error.\(entry.field)"
                case let code?: "tip.error.\(code)"
                case nil: "tip.error.check"
                }
            let text = catalogs.translation(key, language) ?? catalogs.text("tip.error.check", language)
            localized.add(entry.field, text, code: entry.code)
        }
        return localized
    }
}
