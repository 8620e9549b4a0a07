import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The case manager's side of a poster: the draft, the public preview beside the full record, the
/// two consents, publication and withdrawal.
enum PosterPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, "/episodes/{episode}/poster", .principal(.managePoster), .page, summary: "The case's poster and its public preview",
                auditedRead: .init(action: "poster.view", recordType: "episode"), handler: page),
            Endpoint(
                .post, "/episodes/{episode}/poster", .principal(.managePoster), .page, summary: "Save the poster's narrative and photos",
                handler: save),
            Endpoint(
                .post, "/episodes/{episode}/poster/consent", .principal(.managePoster), .page,
                summary: "Record the guardian's or the police agency's consent", handler: consent),
            Endpoint(
                .post, "/episodes/{episode}/poster/publish", .principal(.managePoster), .page, summary: "Publish the poster",
                handler: publish),
            Endpoint(
                .post, "/episodes/{episode}/poster/withdraw", .principal(.managePoster), .page, summary: "Withdraw the poster",
                handler: withdraw),
        ]
    }

    struct PhotoChoice: Sendable {
        var id: String
        var href: String
        var checked: Bool
        var position: Int
    }

    struct ConsentView: Sendable {
        var kind: String
        var title: String
        var recorded: String?
        var error: String?
    }

    struct AttestationChoice: Sendable {
        var value: String
        var statement: String
        var checked: Bool
    }

    struct PrivateFact: Sendable {
        var label: String
        var value: String
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var episodeHref: String
        var childName: String
        var status: String
        var isPublished: Bool
        var publicHref: String?
        var problems: [String]
        var canPublish: Bool
        var action: String
        var narrative: FieldView
        var lexiconHref = Paths.lexicon
        var photos: [PhotoChoice]
        var photoError: String?
        var consents: [ConsentView]
        var consentAction: String
        var publishAction: String
        var publishErrors: [String]
        var attestations: [AttestationChoice]
        var attestError: String?
        var withdrawAction: String
        var preview: PublicPosterPages.PosterView
        var privateFacts: [PrivateFact]
        var withdrawn: String?
    }

    /// The episode's poster, or a new draft for it.
    static func load(_ context: HomewardContext, _ services: AppServices) async throws -> (EpisodeRecord, Poster) {
        let record = try await EpisodePages.record(context, services)
        if let poster = try await services.store.poster(ofEpisode: record.episode.id) { return (record, poster) }
        return (
            record,
            Poster(
                id: services.ids.next(), episodeID: record.episode.id, slug: Poster.newSlug(), createdBy: context.signedIn!.user.id,
                createdAt: services.clock.now())
        )
    }

    /// The lexicon in force and the case's private facts, for screening `poster`'s public text.
    static func screening(
        _ record: EpisodeRecord, _ poster: Poster, preview: PublicPoster? = nil, context: HomewardContext, services: AppServices
    ) async throws -> (ConfidentialLexicon, PrivateFacts) {
        var people: [String] = []
        if let caseworker = try await services.store.user(record.episode.createdBy) { people.append(caseworker.name) }
        if let manager = record.episode.caseManagerID, let user = try await services.store.user(manager) { people.append(user.name) }
        let preview =
            preview
            ?? PublicPoster.build(
                poster, record: record, hotline: services.configuration.hotline, tables: .standard, zone: zone(context),
                at: services.clock.now())
        let lexicon = try await services.store.currentLexicon().lexicon
        return (lexicon, PrivateFacts.of(record, people: people, publicPoster: preview))
    }

    /// The attestation ticked on the publish form.
    static func attestation(_ form: FormInput, context: HomewardContext, services: AppServices) -> PublicationAttestation {
        PublicationAttestation(
            items: form.values("attest").compactMap(PublicationAttestation.Item.init(rawValue:)), attestedBy: context.signedIn!.user.id,
            attestedAt: services.clock.now())
    }

    static func zone(_ context: HomewardContext) -> TimeZone {
        TimeZone(identifier: context.signedIn?.organization.timeZone ?? "UTC") ?? .gmt
    }

    static func model(
        _ record: EpisodeRecord, _ poster: Poster, context: HomewardContext, services: AppServices, flash: String? = nil,
        form: FormInput? = nil, errors: FieldErrors = FieldErrors()
    ) async throws -> Model {
        let photos = try await services.store.photos(of: record.child.id)
        let now = services.clock.now()
        let zone = zone(context)
        let chosen = form.map { Set($0.values("photo")) } ?? Set(poster.photoIDs)
        var draft = poster
        if let form {
            draft.narrative = form["narrative"]
            draft.photoIDs = photos.map(\.id).filter(chosen.contains)
        }
        let preview = PublicPoster.build(
            draft, record: record, hotline: services.configuration.hotline, tables: .standard, zone: zone, at: now)
        let local = LocalTime(timeZone: zone.identifier)
        func consentText(_ c: PosterConsent?) -> String? { c.map { "Given by \($0.givenBy), recorded \(local.format($0.recordedAt))" } }
        let episode = record.episode
        let base = Paths.episode(episode.id) + "/poster"
        let (lexicon, facts) = try await screening(record, draft, preview: preview, context: context, services: services)
        let problems =
            poster.status == .published
            ? FieldErrors()
            : PosterRules.publicationProblems(draft, record: record, lexicon: lexicon, facts: facts, attestation: nil)
        var narrativeErrors = errors
        if let found = problems["narrative"], errors["narrative"] == nil, !draft.narrative.trimmed.isEmpty {
            narrativeErrors.add("narrative", found)
        }
        let attested = Set(form?.values("attest") ?? [])
        return Model(
            layout: .init(context: context, services: services, title: "Poster — \(record.child.fullName)", flash: flash),
            episodeHref: Paths.episode(episode.id), childName: record.child.fullName, status: poster.status.title,
            isPublished: poster.status == .published, publicHref: poster.status == .published ? "/posters/\(poster.slug)" : nil,
            problems: problems.entries.map(\.message), canPublish: poster.status != .published && problems.isEmpty, action: base,
            narrative: .textarea(
                "narrative", "Narrative for the public", draft.narrative, errors: narrativeErrors,
                hint:
                    "A few sentences a stranger can act on: where the child was last seen and may go, what they may be wearing. Never mention care status, custody, trafficking, health or the people working the case."
            ),
            photos: photos.enumerated().map { index, photo in
                PhotoChoice(
                    id: photo.id, href: Paths.episode(episode.id) + "/photos/\(photo.id)", checked: chosen.contains(photo.id),
                    position: index + 1)
            },
            photoError: errors["photo"],
            consents: [
                ConsentView(
                    kind: "guardian", title: "Guardian", recorded: consentText(poster.guardianConsent), error: errors["givenBy.guardian"]),
                ConsentView(
                    kind: "police", title: "Investigating police agency (\(episode.police.name))",
                    recorded: consentText(poster.policeConsent), error: errors["givenBy.police"]),
            ],
            consentAction: base + "/consent", publishAction: base + "/publish",
            publishErrors: errors["publish"] == nil ? [] : problems.entries.map(\.message) + (errors["attest"].map { [$0] } ?? []),
            attestations: PublicationAttestation.Item.allCases.map {
                AttestationChoice(value: $0.rawValue, statement: $0.statement, checked: attested.contains($0.rawValue))
            },
            attestError: errors["attest"],
            withdrawAction: base + "/withdraw",
            preview: PublicPosterPages.view(
                preview, slug: poster.slug, today: CivilDate(now, in: zone),
                photoHref: { index in
                    draft.photoIDs.indices.contains(index) ? Paths.episode(episode.id) + "/photos/\(draft.photoIDs[index])" : ""
                }),
            privateFacts: [
                PrivateFact(label: "Reported by", value: "\(episode.guardian.agency ?? episode.guardian.name)"),
                PrivateFact(label: "Guardian", value: "\(episode.guardian.name), \(episode.guardian.phone)"),
                PrivateFact(label: "Last seen at", value: episode.lastSeenPlace ?? "—"),
                PrivateFact(label: "Circumstances", value: episode.circumstances),
                PrivateFact(label: "Endangerments", value: episode.endangerments.map(\.title).sorted().joined(separator: "; ")),
                PrivateFact(label: "NIC", value: episode.ncicNumber ?? "not entered"),
            ],
            withdrawn: poster.status == .withdrawn
                ? "Withdrawn \(poster.withdrawnAt.map(local.format) ?? "")\(poster.withdrawnReason.map { ": \($0)" } ?? "")" : nil)
    }

    @Sendable static func page(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let (record, poster) = try await load(context, services)
        let flash: String? =
            switch request.uri.queryParameters.get("done") {
            case "saved": "Poster saved."
            case "consent": "Consent recorded."
            case "published": "Published. The public page and PDF are live at the address below."
            case "withdrawn": "Withdrawn. The public page now answers that the poster is gone."
            default: nil
            }
        return try services.views.page("poster", try await model(record, poster, context: context, services: services, flash: flash))
    }

    static func audit(_ context: HomewardContext, _ services: AppServices, _ action: String, _ poster: Poster, _ record: EpisodeRecord)
        -> AuditEntry
    {
        services.auditEntry(
            context, action: action, recordType: "poster", recordID: poster.id, organization: record.episode.organizationID,
            detail: "episode \(record.episode.id)")
    }

    @Sendable static func save(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        var (record, poster) = try await load(context, services)
        guard poster.status != .published else {
            throw HomewardError.conflict("Withdraw the poster before changing it; publishing again freezes the new version.")
        }
        let photos = try await services.store.photos(of: record.child.id).map(\.id)
        let chosen = form.values("photo")
        var errors = FieldErrors()
        if chosen.contains(where: { !photos.contains($0) }) { errors.add("photo", "Choose among this child's photos.") }
        let narrative = form["narrative"].trimmed
        if narrative.count > PosterRules.narrativeLimit { errors.add("narrative", "Keep the narrative under 1,200 characters.") }
        var draft = poster
        draft.narrative = narrative
        let (lexicon, facts) = try await screening(record, draft, context: context, services: services)
        let findings = PosterRules.screen(draft, lexicon: lexicon, facts: facts)
        if !findings.isEmpty { errors.add("narrative", PosterRules.message(for: findings)) }
        guard errors.isEmpty else {
            return try services.views.page(
                "poster", try await model(record, poster, context: context, services: services, form: form, errors: errors),
                status: .unprocessableContent)
        }
        poster.narrative = narrative
        poster.photoIDs = photos.filter(chosen.contains)
        if poster.status == .withdrawn { (poster.status, poster.withdrawnAt, poster.withdrawnReason) = (.draft, nil, nil) }
        try await services.store.savePoster(poster, audit: audit(context, services, "poster.save", poster, record))
        services.posterCache.invalidate(poster.slug)
        return .redirect(to: Paths.episode(record.episode.id) + "/poster?done=saved", type: .normal)
    }

    @Sendable static func consent(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        var (record, poster) = try await load(context, services)
        let givenBy = form["givenBy"].trimmed
        var errors = FieldErrors()
        let kind = form["kind"]
        if kind != "guardian" && kind != "police" { throw HomewardError.invalid("kind", "Choose whose consent this is.") }
        if givenBy.isEmpty || givenBy.count > 200 {
            errors.add(
                "givenBy.\(kind)", "Say who gave consent: their name and capacity (for example “Jane Roe, agency director, by phone”).")
        }
        guard errors.isEmpty else {
            return try services.views.page(
                "poster", try await model(record, poster, context: context, services: services, errors: errors),
                status: .unprocessableContent)
        }
        let consent = PosterConsent(givenBy: givenBy, recordedBy: context.signedIn!.user.id, recordedAt: services.clock.now())
        if kind == "guardian" { poster.guardianConsent = consent } else { poster.policeConsent = consent }
        try await services.store.savePoster(poster, audit: audit(context, services, "poster.consent_\(kind)", poster, record))
        return .redirect(to: Paths.episode(record.episode.id) + "/poster?done=consent", type: .normal)
    }

    @Sendable static func publish(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        var (record, poster) = try await load(context, services)
        guard poster.status != .published else { throw HomewardError.conflict("The poster is published already.") }
        let attestation = attestation(form, context: context, services: services)
        let (lexicon, facts) = try await screening(record, poster, context: context, services: services)
        let problems = PosterRules.publicationProblems(poster, record: record, lexicon: lexicon, facts: facts, attestation: attestation)
        guard problems.isEmpty else {
            var errors = FieldErrors()
            errors.add("publish", "The poster was not published.")
            if let attest = problems["attest"] { errors.add("attest", attest) }
            return try services.views.page(
                "poster",
                try await model(
                    record, poster, context: context, services: services,
                    form: FormInput(
                        fields: form.fields.filter { $0.0 == "attest" } + poster.photoIDs.map { ("photo", $0) } + [
                            ("narrative", poster.narrative)
                        ]),
                    errors: errors),
                status: .unprocessableContent)
        }
        let now = services.clock.now()
        poster.status = .published
        poster.publishedAt = now
        poster.withdrawnAt = nil
        poster.withdrawnReason = nil
        poster.published = PublicPoster.build(
            poster, record: record, hotline: services.configuration.hotline, tables: .standard, zone: zone(context), at: now)
        poster.attestation = attestation
        try await services.store.savePoster(poster, audit: audit(context, services, "poster.publish", poster, record))
        services.posterCache.invalidate(poster.slug)
        return .redirect(to: Paths.episode(record.episode.id) + "/poster?done=published", type: .normal)
    }

    @Sendable static func withdraw(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        var (record, poster) = try await load(context, services)
        guard poster.status == .published else { throw HomewardError.conflict("Only a published poster can be withdrawn.") }
        let reason = form["reason"].trimmed
        poster.status = .withdrawn
        poster.withdrawnAt = services.clock.now()
        poster.withdrawnReason = reason.isEmpty ? "withdrawn by the case manager" : String(reason.prefix(300))
        try await services.store.savePoster(poster, audit: audit(context, services, "poster.withdraw", poster, record))
        services.posterCache.invalidate(poster.slug)
        return .redirect(to: Paths.episode(record.episode.id) + "/poster?done=withdrawn", type: .normal)
    }
}
