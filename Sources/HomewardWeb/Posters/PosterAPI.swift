import Foundation
import HomewardCore
import Hummingbird

/// The staff side of posters over the API: read the draft with what still stops publication,
/// save the narrative and photos, record the guardian's and the police agency's consent, publish
/// with the attestation, withdraw. The same commands as the poster page, so the same screen of
/// confidential words and the same rules.
enum PosterAPI {
    struct ConsentJSON: Codable, Sendable {
        var givenBy: String
        var recordedBy: String
        var recordedAt: String
        var showsTribalAffiliation: Bool
    }

    struct PosterJSON: Codable, Sendable, APISchema {
        static let schemaName = "Poster"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "status": .values(["draft", "published", "withdrawn"]), "publishedAt": .dateTime, "withdrawnAt": .dateTime,
                    "problems": .described("What still stops publication, in words; empty when it can be published."),
                    "publicUrl": .described("The public page, while published."),
                ])
        }

        var id: String
        var slug: String
        var status: String
        var narrative: String
        var translations: [String: String]
        var photoIds: [String]
        var guardianConsent: ConsentJSON?
        var policeConsent: ConsentJSON?
        var publishedAt: String?
        var withdrawnAt: String?
        var withdrawnReason: String?
        var publicUrl: String?
        var problems: [String]
    }

    struct PosterDraftJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterDraft"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "photoIds": .described("Ids of the child's photos to show, in order."),
                    "translations": .described(
                        "The narrative in other languages, by language tag (es), each screened like the English one. Left out: the "
                            + "translations stay as they are; an empty object removes them."),
                ])
        }
        var narrative: String
        var translations: [String: String]?
        var photoIds: [String]?
    }

    struct PosterConsentJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterConsent"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "kind": .values(PosterConsentKind.allCases.map(\.rawValue)),
                    "showsTribalAffiliation": .described(
                        "The guardian agrees that the child's tribal affiliation may be shown on the poster (guardian only; false when left out)."
                    ),
                ])
        }
        var kind: String
        var givenBy: String
        var showsTribalAffiliation: Bool?
    }

    struct PosterPublishJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterPublication"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["attestations": .values(PublicationAttestation.Item.allCases.map(\.rawValue))])
        }
        var attestations: [String]
    }

    struct PosterWithdrawalJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterWithdrawal"
        var reason: String
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.apiPoster, allowing: .managePoster, .api, scope: .episode("episode"),
                summary: "A case's poster (a new draft when it has none) and what stops its publication",
                auditedRead: .init(action: "poster.view", recordType: "episode"), handler: get),
            Endpoint(
                .post, Routes.apiPoster, allowing: .managePoster, .api, scope: .episode("episode"),
                summary: "Save a poster's narrative and photos", handler: save),
            Endpoint(
                .post, Routes.apiPosterConsents, allowing: .managePoster, .api, scope: .episode("episode"),
                summary: "Record the guardian's or the police agency's consent to publish", handler: consent),
            Endpoint(
                .post, Routes.apiPosterPublish, allowing: .managePoster, .api, scope: .episode("episode"),
                summary: "Publish a poster with the attestation", handler: publish),
            Endpoint(
                .post, Routes.apiPosterWithdraw, allowing: .managePoster, .api, scope: .episode("episode"),
                summary: "Withdraw a published poster", handler: withdraw),
        ]
    }

    static func json(_ poster: Poster, record: EpisodeRecord, context: SignedInContext, services: AppServices) async throws -> PosterJSON {
        let posterCase = try await PosterPages.posterCase(record, context: context, services: services)
        let problems =
            poster.status == .draft
            ? posterCase.publicationProblems(of: poster, attestation: nil, at: services.clock.now()).entries.map(\.message) : []
        func consent(_ c: PosterConsent?) -> ConsentJSON? {
            c.map {
                ConsentJSON(
                    givenBy: $0.givenBy, recordedBy: $0.recordedBy.rawValue, recordedAt: Timestamp.format($0.recordedAt),
                    showsTribalAffiliation: $0.showsTribalAffiliation == true)
            }
        }
        return PosterJSON(
            id: poster.id, slug: poster.slug, status: poster.status.rawValue, narrative: poster.narrative,
            translations: poster.translations, photoIds: poster.photoIDs,
            guardianConsent: consent(poster.guardianConsent), policeConsent: consent(poster.policeConsent),
            publishedAt: poster.publishedAt.map(Timestamp.format), withdrawnAt: poster.withdrawnAt.map(Timestamp.format),
            withdrawnReason: poster.withdrawnReason,
            publicUrl: poster.status == .published ? services.configuration.publicBaseURL + Routes.publicPoster(poster.slug) : nil,
            problems: problems)
    }

    /// Stores what a command returned and answers with the poster.
    static func answer(
        _ poster: Poster, _ action: String, _ record: EpisodeRecord, context: SignedInContext, services: AppServices
    ) async throws -> Response {
        try await PosterPages.persist(poster, action, record, context: context, services: services)
        return try APIResponse.json(try await json(poster, record: record, context: context, services: services))
    }

    @Sendable static func get(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (record, poster) = try await PosterPages.load(context, services)
        return try APIResponse.json(try await json(poster, record: record, context: context, services: services))
    }

    @Sendable static func save(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterDraftJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterPages.load(context, services)
        let languages = services.views.catalogs.languages.filter { $0 != Catalogs.fallback }
        var errors = FieldErrors()
        for language in (body.translations ?? [:]).keys.sorted() where !languages.contains(language) {
            errors.add(
                "translations.\(language.prefix(20))",
                "Homeward has no catalog for this language; a narrative may be written in \(languages.joined(separator: ", ")).")
        }
        try errors.throwIfAny()
        let saved: Poster
        do {
            saved = try poster.saving(
                narrative: body.narrative, translations: body.translations ?? poster.translations, photos: body.photoIds ?? [],
                childPhotos: try await services.store.photos(of: record.child.id).map(\.id),
                case: try await PosterPages.posterCase(record, context: context, services: services), at: services.clock.now())
        } catch HomewardError.invalid(let errors) {
            // A translation's problem is named as the API names the field.
            var named = FieldErrors()
            for entry in errors.entries {
                let language = languages.first { PosterRules.narrativeField($0) == entry.field }
                named.add(language.map { "translations.\($0)" } ?? entry.field, entry.message, code: entry.code)
            }
            throw HomewardError.invalid(named)
        }
        return try await answer(saved, "poster.save", record, context: context, services: services)
    }

    @Sendable static func consent(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterConsentJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterPages.load(context, services)
        guard let kind = PosterConsentKind(rawValue: body.kind) else { throw HomewardError.invalid("kind", "Use guardian or police.") }
        let saved = try poster.recordingConsent(
            kind, givenBy: body.givenBy, showsTribalAffiliation: body.showsTribalAffiliation ?? false, by: context.user.id,
            at: services.clock.now())
        return try await answer(saved, "poster.consent_\(kind.rawValue)", record, context: context, services: services)
    }

    @Sendable static func publish(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterPublishJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterPages.load(context, services)
        let attestation = PublicationAttestation(
            items: body.attestations.compactMap(PublicationAttestation.Item.init(rawValue:)), attestedBy: context.user.id,
            attestedAt: services.clock.now())
        let published = try poster.publishing(
            case: try await PosterPages.posterCase(record, context: context, services: services), attestation: attestation,
            at: services.clock.now())
        return try await answer(published, "poster.publish", record, context: context, services: services)
    }

    @Sendable static func withdraw(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterWithdrawalJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterPages.load(context, services)
        let withdrawn = try poster.withdrawing(reason: body.reason, at: services.clock.now())
        return try await answer(withdrawn, "poster.withdraw", record, context: context, services: services)
    }
}
