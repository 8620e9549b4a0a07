import Foundation
import HomewardCore
import Hummingbird

/// The clearinghouse's reference data for 911 centers: the call checklist's versions (a call is
/// worked and reviewed against the version in force the day it is taken) and the QA score bands.
/// Both are edited as JSON, checked as data before anything is stored.
enum CallReferencePages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.callReference, allowing: .manageCallReference, .page, scope: .none,
                summary: "The call checklist's versions and the QA score bands", handler: show),
            Endpoint(
                .post, Routes.callChecklists, allowing: .manageCallReference, .page, scope: .none, summary: "Add a call checklist version",
                handler: addChecklist),
            Endpoint(
                .post, Routes.scoreBands, allowing: .manageCallReference, .page, scope: .none, summary: "Publish QA score bands",
                handler: publishBands),
        ]
    }

    struct ChecklistRow: Sendable {
        var code: String
        var name: String
        var effectiveFrom: String
        var items: Int
        var inForce: Bool
    }

    struct BandRow: Sendable {
        var title: String
        var minimum: String
        var limits: String
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var checklists: [ChecklistRow]
        var bands: [BandRow]
        var checklistField: FieldView
        var bandsField: FieldView
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func model(
        context: SignedInContext, services: AppServices, flash: String?, checklistText: String? = nil, bandsText: String? = nil,
        errors: FieldErrors = FieldErrors()
    ) async throws -> Model {
        let checklists = try await services.store.callChecklists()
        let bands = try await services.store.scoreBands()
        let today = CivilDate(services.clock.now(), in: context.zone).iso
        let inForce = CallChecklist.inForce(on: today, among: checklists)?.code
        return Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.callChecklist"),
                current: Routes.callReference.path, flash: flash),
            checklists: checklists.map {
                ChecklistRow(
                    code: $0.code, name: $0.name, effectiveFrom: $0.effectiveFrom, items: $0.allItems.count, inForce: $0.code == inForce)
            },
            bands: bands.bands.map { band in
                BandRow(
                    title: band.title, minimum: "\(band.minimumPercent)%",
                    limits: band.maximumDeviations.isEmpty
                        ? "none"
                        : DeviationGrade.allCases.compactMap { grade in
                            band.maximumDeviations[grade].map { "at most \($0) \(grade.rawValue)" }
                        }
                        .joined(separator: ", "))
            },
            checklistField: .textarea(
                "checklist", StaffText.text("staff.callReference.newChecklistVersionJson"),
                checklistText ?? checklists.last.map(json) ?? "", errors: errors,
                hint: StaffText.text("staff.callReference.startFromTheNewest")
            ),
            bandsField: .textarea(
                "bands", StaffText.text("staff.callReference.scoreBandsJson"), bandsText ?? json(bands), errors: errors,
                hint: StaffText.text("staff.callReference.bestLevelFirstA")))
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try services.views.page(
            "call-reference", try await model(context: context, services: services, flash: ReferenceOutcome.message(in: request)))
    }

    @Sendable static func addChecklist(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let text = try await request.form(limit: services.configuration.maxBodyBytes)["checklist"]
        var errors = FieldErrors()
        do {
            let checklist = try JSONDecoder().decode(CallChecklist.self, from: Data(text.utf8))
            if CivilDate(iso: checklist.effectiveFrom) == nil {
                errors.add("checklist", StaffText.text("staff.callReference.giveTheFirstDay"))
            }
            if !checklist.problems.isEmpty { errors.add("checklist", checklist.problems.joined(separator: " ")) }
            try errors.throwIfAny()
            try await services.store.addCallChecklist(
                checklist, by: context.user.id, at: services.clock.now(),
                audit: services.auditEntry(
                    context, action: .callsChecklistAdd, recordType: .callChecklist, recordID: checklist.code,
                    detail: "effective \(checklist.effectiveFrom)"))
            return ReferenceOutcome.checklist.redirect(to: Routes.callReference.path)
        } catch let error as DecodingError {
            errors.add("checklist", StaffText.text("staff.callReference.theJsonDoesNot", ["problem": "\(DecodingProblem.describe(error))"]))
        } catch HomewardError.invalid(let fields) {
            errors = fields
        } catch HomewardError.conflict {
            errors.add("checklist", StaffText.text("staff.callReference.aVersionWithThis"))
        }
        return try services.views.page(
            "call-reference", try await model(context: context, services: services, flash: nil, checklistText: text, errors: errors),
            status: .unprocessableContent)
    }

    @Sendable static func publishBands(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let text = try await request.form(limit: services.configuration.maxBodyBytes)["bands"]
        var errors = FieldErrors()
        do {
            let bands = try JSONDecoder().decode(ScoreBands.self, from: Data(text.utf8))
            if !bands.problems.isEmpty { errors.add("bands", bands.problems.joined(separator: " ")) }
            try errors.throwIfAny()
            try await services.store.publishScoreBands(
                bands, by: context.user.id, at: services.clock.now(),
                audit: services.auditEntry(
                    context, action: .callsScoreBandsPublish, recordType: .qaScoreBands,
                    detail: bands.bands.map(\.level).joined(separator: ",")))
            return ReferenceOutcome.bands.redirect(to: Routes.callReference.path)
        } catch let error as DecodingError {
            errors.add("bands", StaffText.text("staff.callReference.noScoreBands", ["problem": "\(DecodingProblem.describe(error))"]))
        } catch HomewardError.invalid(let fields) {
            errors = fields
        }
        return try services.views.page(
            "call-reference", try await model(context: context, services: services, flash: nil, bandsText: text, errors: errors),
            status: .unprocessableContent)
    }
}

/// What the call reference page confirms.
enum ReferenceOutcome: String, Outcome {
    case checklist, bands

    var message: String {
        switch self {
        case .checklist: StaffText.text("staff.callReference.checklistVersionAdded")
        case .bands: StaffText.text("staff.callReference.scoreBandsPublishedReviews")
        }
    }
}
