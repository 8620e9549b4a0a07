import Foundation
import HomewardCore
import Hummingbird

/// The confidential lexicon that screens every public text: case managers read it, clearinghouse
/// administrators publish new versions (each kept, with who published it, when and why).
enum LexiconPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.lexicon, allowing: .managePoster, .page, scope: .none, summary: "The confidential lexicon", handler: page),
            Endpoint(
                .post, Routes.lexicon, allowing: .manageConfidentialLexicon, .page, scope: .none,
                summary: "Publish a new version of the lexicon",
                handler: publish),
        ]
    }

    struct CategoryView: Sendable {
        var title: String
        var count: Int
        var terms: String
    }

    struct VersionRow: Sendable {
        var version: Int
        var publishedAt: String
        var publishedBy: String
        var note: String
        var termCount: Int
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var version: Int
        var termCount: Int
        var categories: [CategoryView]
        var versions: [VersionRow]
        var canPublish: Bool
        var action: String
        var lexicon: FieldView
        var note: FieldView
    }

    static func model(
        context: SignedInContext, services: AppServices, flash: String? = nil, text: String? = nil, note: String = "",
        errors: FieldErrors = FieldErrors()
    ) async throws -> Model {
        let current = try await services.store.currentLexicon()
        let versions = try await services.store.lexiconVersions()
        let local = context.local
        var names: [UserID: String] = [:]
        for id in Set(versions.compactMap(\.publishedBy)) { names[id] = try await services.store.user(id)?.name }
        return Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.confidentialLexicon"), flash: flash),
            version: current.version, termCount: current.lexicon.terms.count,
            categories: ConfidentialLexicon.Category.allCases.map { category in
                let terms = current.lexicon.terms(in: category).map(\.term)
                return CategoryView(title: category.title, count: terms.count, terms: terms.joined(separator: " · "))
            },
            versions: versions.map {
                VersionRow(
                    version: $0.version, publishedAt: local.format($0.publishedAt),
                    publishedBy: $0.publishedBy.map { names[$0] ?? $0.rawValue } ?? "Homeward (shipped)", note: $0.note,
                    termCount: $0.lexicon.terms.count)
            },
            canPublish: AccessPolicy.decide(context.principal, .manageConfidentialLexicon).isAllowed, action: Routes.lexicon.path,
            lexicon: .textarea(
                "lexicon", StaffText.text("staff.lexicon.newVersionJson"), text ?? current.lexicon.json, errors: errors,
                hint: StaffText.text("staff.lexicon.eachTermHasA")
            ),
            note: .text(
                "note", StaffText.text("staff.lexicon.whyThisVersion"), note, errors: errors,
                hint: StaffText.text("staff.lexicon.keptWithTheVersion"), required: true))
    }

    @Sendable static func page(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let flash = LexiconOutcome.message(in: request)
        return try services.views.page("lexicon", try await model(context: context, services: services, flash: flash))
    }

    @Sendable static func publish(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: max(services.configuration.maxBodyBytes, 1_048_576))
        let text = form["lexicon"]
        let note = form["note"].trimmed
        var errors = FieldErrors()
        if note.isEmpty || note.count > 500 { errors.add("note", StaffText.text("staff.lexicon.sayInASentence")) }
        var lexicon: ConfidentialLexicon?
        do {
            lexicon = try ConfidentialLexicon.parse(text)
        } catch HomewardError.invalid(let fields) {
            errors.add("lexicon", fields.entries.map(\.message).joined(separator: " "))
        }
        guard let lexicon, errors.isEmpty else {
            return try services.views.page(
                "lexicon", try await model(context: context, services: services, text: text, note: note, errors: errors),
                status: .unprocessableContent)
        }
        let now = services.clock.now()
        _ = try await services.store.publishLexicon(
            lexicon, by: context.user.id, at: now, note: note,
            audit: services.auditEntry(
                context, action: .lexiconPublish, recordType: .confidentialLexicon, recordID: nil,
                detail: "\(lexicon.terms.count) terms: \(note)"))
        return LexiconOutcome.published.redirect(to: Routes.lexicon.path)
    }
}

/// What the lexicon page confirms.
enum LexiconOutcome: String, Outcome {
    case published

    var message: String { StaffText.text("staff.lexicon.theNewVersionIs") }
}
