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

    struct PublicFieldsJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterPublicFields"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "city": .described("The town the child went missing from, as on the list of US places (or an unlisted place)."),
                    "state": .described("Two-letter state code."),
                    "cityUnlisted": .described("The city is a real town the list lacks; the approver confirms it."),
                    "agencyPhone": .described("Ten digits, written 555-010-3000."),
                ])
        }
        var city: String
        var state: String
        var cityUnlisted: Bool?
        var agencyName: String
        var agencyPhone: String

        init(_ fields: PosterPublicFields) {
            (city, state, cityUnlisted, agencyName, agencyPhone) = (
                fields.city, fields.state, fields.cityUnlisted, fields.agencyName, fields.agencyPhone
            )
        }

        var fields: PosterPublicFields {
            PosterPublicFields(
                city: city, state: state, cityUnlisted: cityUnlisted ?? false, agencyName: agencyName, agencyPhone: agencyPhone)
        }
    }

    struct PendingApprovalJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterPendingApproval"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "digest": .described("The digest of the version waiting; approval sends it back, and any change voids it."),
                    "requestedAt": .dateTime, "highlights": .described("What the screen marked for the approver to judge."),
                ])
        }
        var digest: String
        var requestedBy: String
        var requestedAt: String
        var authors: [String]
        var highlights: [String]
    }

    struct PosterApprovalJSON: Codable, Sendable, APISchema {
        static let schemaName = "PosterApproval"
        var digest: String
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
        var publicFields: PublicFieldsJSON?
        var pendingApproval: PendingApprovalJSON?
        var approvedBy: String?
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
        var publicFields: PublicFieldsJSON?
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
                .get, Routes.apiPoster, allowing: .managePoster, .api, scope: .episode,
                summary: "A case's poster (a new draft when it has none) and what stops its publication",
                auditedRead: .init(action: .posterView, recordType: .episode), handler: get),
            Endpoint(
                .post, Routes.apiPoster, allowing: .managePoster, .api, scope: .episode,
                summary: "Save a poster's narrative and photos", handler: save),
            Endpoint(
                .post, Routes.apiPosterConsents, allowing: .managePoster, .api, scope: .episode,
                summary: "Record the guardian's or the police agency's consent to publish", handler: consent),
            Endpoint(
                .post, Routes.apiPosterPublish, allowing: .managePoster, .api, scope: .episode,
                summary: "Ask a second case manager to approve the poster for publication, with the attestation", handler: publish),
            Endpoint(
                .post, Routes.apiPosterApprove, allowing: .managePoster, .api, scope: .episode,
                summary: "Approve the version waiting for approval (by its digest) and publish it", handler: approve),
            Endpoint(
                .post, Routes.apiPosterWithdraw, allowing: .managePoster, .api, scope: .episode,
                summary: "Withdraw a published poster", handler: withdraw),
        ]
    }

    static func json(_ poster: Poster, record: EpisodeRecord, context: SignedInContext, services: AppServices) async throws -> PosterJSON {
        let posterCase = try await PosterLoads.posterCase(record, context: context, services: services)
        let problems = posterCase.publicationProblems(of: poster, attestation: nil, at: services.clock.now()).entries.map(\.message)
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
            problems: problems, publicFields: poster.publicFields.map(PublicFieldsJSON.init),
            pendingApproval: poster.pendingApproval.map {
                PendingApprovalJSON(
                    digest: $0.digest, requestedBy: $0.requestedBy.rawValue, requestedAt: Timestamp.format($0.requestedAt),
                    authors: $0.authors.map(\.rawValue), highlights: $0.highlights.map(\.sentence))
            }, approvedBy: poster.approval?.approvedBy.rawValue)
    }

    /// Stores what a command returned and answers with the poster.
    static func answer(
        _ poster: Poster, _ action: AuditAction, _ record: EpisodeRecord, context: SignedInContext, services: AppServices,
        detail: String = ""
    ) async throws -> Response {
        try await PosterLoads.persist(poster, action, record, context: context, services: services, detail: detail)
        return try APIResponse.json(try await json(poster, record: record, context: context, services: services))
    }

    @Sendable static func get(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (record, poster) = try await PosterLoads.load(context, services)
        return try APIResponse.json(try await json(poster, record: record, context: context, services: services))
    }

    @Sendable static func save(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterDraftJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
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
                narrative: body.narrative, translations: body.translations ?? poster.translations,
                publicFields: body.publicFields?.fields ?? poster.publicFields, photos: body.photoIds ?? [],
                childPhotos: try await services.store.photos(of: record.child.id).map(\.id),
                case: try await PosterLoads.posterCase(record, context: context, services: services), by: context.user.id,
                at: services.clock.now())
        } catch HomewardError.invalid(let errors) {
            // A translation's problem is named as the API names the field.
            var named = FieldErrors()
            for entry in errors.entries {
                let language = languages.first { PosterRules.narrativeField($0) == entry.field }
                named.add(language.map { "translations.\($0)" } ?? entry.field, entry.message, code: entry.code)
            }
            throw HomewardError.invalid(named)
        }
        return try await answer(saved, .posterSave, record, context: context, services: services)
    }

    @Sendable static func consent(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterConsentJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        guard let kind = PosterConsentKind(rawValue: body.kind) else { throw HomewardError.invalid("kind", "Use guardian or police.") }
        let saved = try poster.recordingConsent(
            kind, givenBy: body.givenBy, showsTribalAffiliation: body.showsTribalAffiliation ?? false, by: context.user.id,
            at: services.clock.now())
        return try await answer(
            saved, kind == .guardian ? .posterConsentGuardian : .posterConsentPolice, record, context: context, services: services)
    }

    @Sendable static func publish(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterPublishJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        let attestation = try PublicationAttestation.reading(body.attestations, attestedBy: context.user.id, at: services.clock.now())
        let requested = try poster.requestingApproval(
            case: try await PosterLoads.posterCase(record, context: context, services: services), attestation: attestation,
            by: context.user.id, at: services.clock.now())
        return try await answer(
            requested, .posterRequestApproval, record, context: context, services: services,
            detail: "digest \(requested.pendingApproval?.digest ?? "")")
    }

    @Sendable static func approve(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterApprovalJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        let approved = try poster.approving(
            digest: body.digest, by: context.user.id, case: try await PosterLoads.posterCase(record, context: context, services: services),
            at: services.clock.now())
        let approval = approved.approval
        return try await answer(
            approved, .posterApprove, record, context: context, services: services,
            detail:
                "digest \(approval?.digest ?? ""); authors \(approval?.authors.map(\.rawValue).joined(separator: ",") ?? ""); approver \(context.user.id)"
        )
    }

    @Sendable static func withdraw(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(PosterWithdrawalJSON.self, limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        let withdrawn = try poster.withdrawing(reason: body.reason, at: services.clock.now())
        return try await answer(withdrawn, .posterWithdraw, record, context: context, services: services)
    }
}
