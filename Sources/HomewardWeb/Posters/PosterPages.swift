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
                .get, Routes.poster, allowing: .managePoster, .page, scope: .episode,
                summary: "The case's poster and its public preview",
                auditedRead: .init(action: .posterView, recordType: .episode), handler: page),
            Endpoint(
                .post, Routes.poster, allowing: .managePoster, .page, scope: .episode,
                summary: "Save the poster's narrative and photos",
                handler: save),
            Endpoint(
                .post, Routes.posterConsent, allowing: .managePoster, .page,
                scope: .episode, summary: "Record the guardian's or the police agency's consent", handler: consent),
            Endpoint(
                .post, Routes.posterPublish, allowing: .managePoster, .page, scope: .episode,
                summary: "Ask a second case manager to approve the poster for publication",
                handler: publish),
            Endpoint(
                .post, Routes.posterApprove, allowing: .managePoster, .page, scope: .episode,
                summary: "Approve the version waiting for approval and publish it",
                handler: approve),
            Endpoint(
                .post, Routes.posterReturn, allowing: .managePoster, .page, scope: .episode,
                summary: "Send the version waiting for approval back to its author",
                handler: sendBack),
            Endpoint(
                .get, Routes.posterCandidatePDF, allowing: .managePoster, .page, scope: .episode,
                summary: "The PDF of the version waiting for approval",
                auditedRead: .init(action: .posterView, recordType: .episode), handler: candidatePDF),
            Endpoint(
                .post, Routes.posterWithdraw, allowing: .managePoster, .page, scope: .episode,
                summary: "Withdraw the poster",
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
        /// The child's tribal affiliation, on the guardian's form only: the guardian may agree to show it.
        var tribe: String?
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

    /// The version waiting for approval, as its approver sees it.
    struct PendingView: Sendable {
        var requested: String
        var digest: String
        var canApprove: Bool
        var authorNote: String?
        var highlights: [String]
        var pdfHref: String
        var approveAction: String
        var returnAction: String
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
        /// The poster's own public fields: the place and the police agency.
        var publicFields: [FieldView]
        var cityUnlisted: Bool
        var pending: PendingView?
        var approval: String?
        var highlights: [String]
        /// The narrative in each other language, screened alike.
        var translations: [FieldView]
        var lexiconHref = Routes.lexicon.path
        var photos: [PhotoChoice]
        var photoError: String?
        var consents: [ConsentView]
        var consentAction: String
        var publishAction: String
        var publishErrors: [String]
        var attestations: [AttestationChoice]
        var attestError: String?
        var withdrawAction: String
        var preview: PublicPosterView.PosterView
        var privateFacts: [PrivateFact]
        var withdrawn: String?
    }

    /// The rest of the private record the approver reads beside the public version: the police
    /// report, the child's marks and tribal affiliation, and the case work's own words.
    static func caseWorkFacts(_ posterCase: PosterCase) -> [PrivateFact] {
        let record = posterCase.record
        let police = record.episode.police
        let rows: [(String, String)] = [
            (
                "staff.poster.policeReport",
                [police.reportNumber, police.officerName, police.badge].compactMap { $0 }.joined(separator: ", ")
            ),
            ("staff.poster.marks", record.child.marks ?? ""),
            ("staff.poster.tribalAffiliation", record.child.tribalAffiliation ?? ""),
            ("staff.poster.whereabouts", record.episode.possibleWhereabouts ?? ""),
            ("staff.poster.timelineNotes", record.events.compactMap(\.note).filter { !$0.isEmpty }.joined(separator: " · ")),
            ("staff.poster.taskNotes", posterCase.tasks.compactMap(\.note).filter { !$0.isEmpty }.joined(separator: " · ")),
            ("staff.poster.referralNotes", posterCase.referrals.map(\.note).filter { !$0.isEmpty }.joined(separator: " · ")),
        ]
        return rows.filter { !$0.1.isEmpty }.map { PrivateFact(label: StaffText.text($0.0), value: $0.1) }
    }

    /// The public fields as the form sent them.
    static func publicFields(from form: FormInput) -> PosterPublicFields {
        PosterPublicFields(
            city: form["city"], state: form["state"], cityUnlisted: form["cityUnlisted"] == "yes", agencyName: form["agencyName"],
            agencyPhone: form["agencyPhone"])
    }

    /// The attestation ticked on the publish form.
    static func attestation(_ form: FormInput, context: SignedInContext, services: AppServices) throws -> PublicationAttestation {
        try PublicationAttestation.reading(form.values("attest"), attestedBy: context.user.id, at: services.clock.now())
    }

    static func model(
        _ record: EpisodeRecord, _ poster: Poster, context: SignedInContext, services: AppServices, flash: String? = nil,
        form: FormInput? = nil, errors: FieldErrors = FieldErrors()
    ) async throws -> Model {
        let photos = try await services.store.photos(of: record.child.id)
        let now = services.clock.now()
        let zone = context.zone
        let chosen = form.map { Set($0.values("photo")) } ?? Set(poster.photoIDs)
        var draft = poster
        if let form {
            draft.narrative = form["narrative"]
            draft.translations = translations(from: form, services: services)
            draft.photoIDs = photos.map(\.id).filter(chosen.contains)
            if form.fields.contains(where: { $0.0 == "city" }) { draft.publicFields = publicFields(from: form) }
        }
        let fields = draft.publicFields ?? .suggested(by: record.episode)
        let posterCase = try await PosterLoads.posterCase(record, context: context, services: services)
        let preview = poster.pendingApproval?.candidate ?? posterCase.preview(of: draft, at: now)
        var names: [UserID: String] = [:]
        for id in Set((poster.pendingApproval.map { [$0.requestedBy] } ?? []) + (poster.approval.map { [$0.approvedBy] } ?? [])) {
            names[id] = try await services.store.user(id)?.name ?? id.rawValue
        }
        let local = context.local
        func consentText(_ c: PosterConsent?) -> String? {
            c.map {
                services.views.text(
                    $0.showsTribalAffiliation == true ? "staff.poster.consentGivenShowingTribe" : "staff.poster.consentGiven",
                    ["givenBy": $0.givenBy, "recorded": local.format($0.recordedAt)])
            }
        }
        let episode = record.episode
        let problems = posterCase.publicationProblems(of: draft, attestation: nil, at: now)
        let states = [("", StaffText.text("staff.report.choose"))] + USState.codesByName.map { ($0, USState.names[$0]!) }
        let highlights = posterCase.highlights(of: draft, at: now).map(\.sentence)
        let pending = poster.pendingApproval.map { request in
            PendingView(
                requested: StaffText.text(
                    "staff.poster.requestedBy", ["name": names[request.requestedBy] ?? "", "time": local.format(request.requestedAt)]),
                digest: request.digest, canApprove: !request.authors.contains(context.user.id),
                authorNote: request.authors.contains(context.user.id) ? StaffText.text("staff.poster.youWroteThisVersion") : nil,
                highlights: request.highlights.map(\.sentence), pdfHref: Routes.posterCandidatePDF(episode.id),
                approveAction: Routes.posterApprove(episode.id), returnAction: Routes.posterReturn(episode.id))
        }
        var narrativeErrors = errors
        if let found = problems["narrative"], errors["narrative"] == nil, !draft.narrative.trimmed.isEmpty {
            narrativeErrors.add("narrative", found)
        }
        let attested = Set(form?.values("attest") ?? [])
        return Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.poster", ["fullName": record.child.fullName]),
                flash: flash),
            episodeHref: Routes.episode(episode.id), childName: record.child.fullName, status: poster.status.title,
            isPublished: poster.status == .published, publicHref: poster.status == .published ? Routes.publicPoster(poster.slug) : nil,
            problems: problems.entries.map(\.message), canPublish: problems.isEmpty,
            action: Routes.poster(episode.id),
            narrative: .textarea(
                "narrative", StaffText.text("staff.poster.narrativeForThePublic"), draft.narrative, errors: narrativeErrors,
                hint: StaffText.text("staff.poster.aFewSentencesA")
            ),
            publicFields: [
                .text(
                    "city", StaffText.text("staff.poster.publicCity"), fields.city, errors: errors,
                    hint: StaffText.text("staff.poster.publicCityHint")),
                .select("state", StaffText.text("staff.field.state"), fields.state, options: states, errors: errors),
                .text("agencyName", StaffText.text("staff.poster.publicAgencyName"), fields.agencyName, errors: errors),
                .text("agencyPhone", StaffText.text("staff.poster.publicAgencyPhone"), fields.agencyPhone, errors: errors, type: "tel"),
            ],
            cityUnlisted: fields.cityUnlisted, pending: pending,
            approval: poster.approval.map {
                StaffText.text("staff.poster.approvedBy", ["name": names[$0.approvedBy] ?? "", "time": local.format($0.approvedAt)])
            },
            highlights: highlights,
            translations: services.views.catalogs.languages.filter { $0 != Catalogs.fallback }.map { language in
                let field = PosterRules.narrativeField(language)
                var fieldErrors = errors
                if let found = problems[field], errors[field] == nil { fieldErrors.add(field, found) }
                return .textarea(
                    field,
                    StaffText.text(
                        "staff.poster.narrativeInOptional", ["language": "\(services.views.catalogs.catalogs[language]?.name ?? language)"]),
                    draft.translations[language] ?? "", errors: fieldErrors,
                    hint: StaffText.text("staff.poster.writtenForReadersOf"))
            },
            photos: photos.enumerated().map { index, photo in
                PhotoChoice(
                    id: photo.id, href: Routes.episodePhoto(episode.id, photo.id), checked: chosen.contains(photo.id),
                    position: index + 1)
            },
            photoError: errors["photo"],
            consents: [
                ConsentView(
                    kind: "guardian", title: StaffText.text("staff.poster.guardian"), recorded: consentText(poster.guardianConsent),
                    error: errors["givenBy.guardian"] ?? errors["showsTribalAffiliation"],
                    tribe: record.child.tribalAffiliation.flatMap { $0.trimmed.isEmpty ? nil : $0 }),
                ConsentView(
                    kind: "police", title: StaffText.text("staff.poster.investigatingPoliceAgency", ["name": "\(episode.police.name)"]),
                    recorded: consentText(poster.policeConsent), error: errors["givenBy.police"]),
            ],
            consentAction: Routes.posterConsent(episode.id), publishAction: Routes.posterPublish(episode.id),
            publishErrors: errors["publish"] == nil ? [] : problems.entries.map(\.message) + (errors["attest"].map { [$0] } ?? []),
            attestations: PublicationAttestation.Item.allCases.map {
                AttestationChoice(value: $0.rawValue, statement: $0.statement, checked: attested.contains($0.rawValue))
            },
            attestError: errors["attest"],
            withdrawAction: Routes.posterWithdraw(episode.id),
            preview: PublicPosterView.view(
                preview, slug: poster.slug, today: CivilDate(now, in: zone), catalogs: services.views.catalogs,
                photoHref: { index in
                    preview.photoIDs.indices.contains(index) ? Routes.episodePhoto(episode.id, preview.photoIDs[index]) : ""
                }),
            privateFacts: [
                PrivateFact(label: StaffText.text("staff.poster.reportedBy"), value: "\(episode.guardian.agency ?? episode.guardian.name)"),
                PrivateFact(label: StaffText.text("staff.poster.guardian"), value: "\(episode.guardian.name), \(episode.guardian.phone)"),
                PrivateFact(label: StaffText.text("staff.poster.lastSeenAt"), value: episode.lastSeenPlace ?? "—"),
                PrivateFact(label: StaffText.text("staff.poster.circumstances"), value: episode.circumstances),
                PrivateFact(
                    label: StaffText.text("staff.poster.endangerments"),
                    value: episode.endangerments.map(\.title).sorted().joined(separator: "; ")),
                PrivateFact(label: "NIC", value: episode.ncicNumber ?? "not entered"),
            ] + caseWorkFacts(posterCase),
            withdrawn: poster.status == .withdrawn
                ? StaffText.text(
                    "staff.poster.withdrawn",
                    [
                        "time": "\(poster.withdrawnAt.map(local.format) ?? "")",
                        "reason": "\(poster.withdrawnReason.map { ": \($0)" } ?? "")",
                    ]) : nil)
    }

    @Sendable static func page(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (record, poster) = try await PosterLoads.load(context, services)
        let flash = PosterOutcome.message(in: request)
        return try services.views.page("poster", try await model(record, poster, context: context, services: services, flash: flash))
    }

    /// The narrative in each language other than English, as the form sent it.
    static func translations(from form: FormInput, services: AppServices) -> [String: String] {
        var translations: [String: String] = [:]
        for language in services.views.catalogs.languages where language != Catalogs.fallback {
            translations[language] = form[PosterRules.narrativeField(language)]
        }
        return translations
    }

    @Sendable static func save(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        let saved: Poster
        do {
            saved = try poster.saving(
                narrative: form["narrative"], translations: translations(from: form, services: services),
                publicFields: publicFields(from: form), photos: form.values("photo"),
                childPhotos: try await services.store.photos(of: record.child.id).map(\.id),
                case: try await PosterLoads.posterCase(record, context: context, services: services), by: context.user.id,
                at: services.clock.now())
        } catch HomewardError.invalid(let errors) {
            return try await invalid(record, poster, context: context, services: services, form: form, errors: errors)
        }
        return try await store(saved, .posterSave, record, context: context, services: services, done: .saved)
    }

    @Sendable static func consent(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        guard let kind = PosterConsentKind(rawValue: form["kind"]) else {
            throw HomewardError.invalid("kind", StaffText.text("staff.poster.chooseWhoseConsentThis"))
        }
        let saved: Poster
        do {
            saved = try poster.recordingConsent(
                kind, givenBy: form["givenBy"], showsTribalAffiliation: form["showsTribalAffiliation"] == "yes", by: context.user.id,
                at: services.clock.now())
        } catch HomewardError.invalid(let errors) {
            return try await invalid(record, poster, context: context, services: services, errors: errors)
        }
        return try await store(
            saved, kind == .guardian ? .posterConsentGuardian : .posterConsentPolice, record, context: context, services: services,
            done: .consent)
    }

    @Sendable static func publish(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        let published: Poster
        do {
            published = try poster.requestingApproval(
                case: try await PosterLoads.posterCase(record, context: context, services: services),
                attestation: attestation(form, context: context, services: services), by: context.user.id, at: services.clock.now())
        } catch HomewardError.invalid(let problems) {
            var errors = FieldErrors()
            errors.add("publish", StaffText.text("staff.poster.notPublished"))
            if let attest = problems["attest"] { errors.add("attest", attest) }
            let shown = FormInput(
                fields: form.fields.filter { $0.0 == "attest" } + poster.photoIDs.map { ("photo", $0) } + [("narrative", poster.narrative)])
            return try await invalid(record, poster, context: context, services: services, form: shown, errors: errors)
        }
        return try await store(
            published, .posterRequestApproval, record, context: context, services: services, done: .requested,
            detail: "digest \(published.pendingApproval?.digest ?? "")")
    }

    @Sendable static func approve(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        let approved = try poster.approving(
            digest: form["digest"], by: context.user.id,
            case: try await PosterLoads.posterCase(record, context: context, services: services),
            at: services.clock.now())
        let approval = approved.approval
        return try await store(
            approved, .posterApprove, record, context: context, services: services, done: .published,
            detail:
                "digest \(approval?.digest ?? ""); authors \(approval?.authors.map(\.rawValue).joined(separator: ",") ?? ""); approver \(context.user.id)"
        )
    }

    @Sendable static func sendBack(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (record, poster) = try await PosterLoads.load(context, services)
        let returned = try poster.returningForChanges(by: context.user.id)
        return try await store(
            returned, .posterReturn, record, context: context, services: services, done: .returned,
            detail: "digest \(poster.pendingApproval?.digest ?? "")")
    }

    /// The PDF of the version waiting for approval, drawn exactly as the public one would be.
    @Sendable static func candidatePDF(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (_, poster) = try await PosterLoads.load(context, services)
        guard let candidate = poster.pendingApproval?.candidate else { throw HomewardError.notFound("version waiting for approval") }
        let bytes = try await PublicPosterView.renderPDF(candidate, language: Catalogs.fallback, services: services)
        return FileResponse.file(bytes, contentType: "application/pdf", fileName: "poster-\(poster.slug).pdf", inline: true)
    }

    @Sendable static func withdraw(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (record, poster) = try await PosterLoads.load(context, services)
        let withdrawn = try poster.withdrawing(reason: form["reason"], at: services.clock.now())
        return try await store(withdrawn, .posterWithdraw, record, context: context, services: services, done: .withdrawn)
    }

    /// The poster page again with the form as sent and its field messages.
    static func invalid(
        _ record: EpisodeRecord, _ poster: Poster, context: SignedInContext, services: AppServices, form: FormInput? = nil,
        errors: FieldErrors
    ) async throws -> Response {
        try services.views.page(
            "poster", try await model(record, poster, context: context, services: services, form: form, errors: errors),
            status: .unprocessableContent)
    }

    /// Stores the poster a command returned (one call, audited as `action`), clears its cached
    /// public answers and returns to the poster page with `done`.
    static func store(
        _ poster: Poster, _ action: AuditAction, _ record: EpisodeRecord, context: SignedInContext, services: AppServices,
        done: PosterOutcome,
        detail: String = ""
    ) async throws -> Response {
        try await PosterLoads.persist(poster, action, record, context: context, services: services, detail: detail)
        return done.redirect(to: Routes.poster(record.episode.id))
    }

}

/// What the poster page confirms after a form on it.
enum PosterOutcome: String, Outcome {
    case saved, consent, requested, published, returned, withdrawn

    var message: String {
        switch self {
        case .saved: StaffText.text("staff.poster.posterSaved")
        case .consent: StaffText.text("staff.poster.consentRecorded")
        case .requested: StaffText.text("staff.poster.requestedApproval")
        case .returned: StaffText.text("staff.poster.returnedToAuthor")
        case .published: StaffText.text("staff.poster.publishedThePublicPage")
        case .withdrawn: StaffText.text("staff.poster.withdrawnThePublicPage")
        }
    }
}
