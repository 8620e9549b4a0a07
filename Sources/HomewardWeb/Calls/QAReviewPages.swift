import Foundation
import HomewardCore
import Hummingbird

/// The QA reviewer's pages: the 911 center's reviews due, and one review scored item by item.
enum QAReviewPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.qaReviews, allowing: .reviewCalls, .page, scope: .none, summary: "QA reviews of missing-child calls",
                handler: list),
            Endpoint(
                .get, Routes.qaReview, allowing: .reviewCalls, .page, scope: .qaReview, summary: "Score a call",
                auditedRead: .init(action: .qaReviewsView, recordType: .qaReview), handler: show),
            Endpoint(
                .post, Routes.qaReview, allowing: .reviewCalls, .page, scope: .qaReview, summary: "Submit a QA review",
                handler: submit),
            Endpoint(
                .post, Routes.calibrateReview, allowing: .reviewCalls, .page, scope: .qaReview,
                summary: "Score the same call again, blind, for calibration", handler: calibrate),
        ]
    }

    // MARK: The list

    struct Row: Sendable {
        var href: String
        var callHref: String
        var due: String
        var overdue: Bool
        var level: String
        var calibration: Bool
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var pending: [Row]
        var windowText: String
        var stated: Bool
        var counts: String?
        var nextHref: String?
        var firstHref: String?
    }

    /// The reviews waiting, soonest due first, a page at a time (`?after=`).
    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let now = services.clock.now()
        let psap = context.organization.id
        let after = Paging.after(request)
        let size = ListChoice.pageSize
        let page = PageOf(
            try await services.store.pendingQAReviews(in: psap, after: after, limit: size + 1), size: size,
            cursor: { PageCursor(at: $0.dueAt, id: $0.id.rawValue) })
        let pending = page.rows.map {
            Row(
                href: Routes.qaReview($0.id), callHref: Routes.call($0.callID), due: context.local.format($0.dueAt),
                overdue: $0.isOverdue(at: now), level: "", calibration: $0.isCalibration)
        }
        let counts = try await services.store.pendingQAReviewCounts(in: psap, at: now)
        let section = try await CallCommands.qaSection(of: context.organization, services: services)
        let links = Paging.links(Routes.qaReviews.path, [:], next: page.next, onFirstPage: after == nil)
        return try services.views.page(
            "qa-reviews",
            ListModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.qaReviews"),
                    current: Routes.qaReviews.path),
                pending: pending, windowText: "\(section.windowHours) hours", stated: section.stated,
                counts: counts.pending == 0
                    ? nil
                    : CappedCount.text(counts.pending, "review waiting", "reviews waiting")
                        + (counts.overdue > 0 ? ", \(CappedCount.text(counts.overdue)) past the window" : "") + ".",
                nextHref: links.next, firstHref: links.first))
    }

    // MARK: One review

    struct ScoreChoice: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct ItemRow: Sendable {
        var id: String
        var title: String
        var answer: String
        var answeredAt: String
        var scoreName: String
        var gradeName: String
        var noteName: String
        var scores: [ScoreChoice]
        var grades: [ScoreChoice]
        var note: String
        var error: String?
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var callHref: String
        var due: String
        var overdue: Bool
        var submitted: Bool
        var result: String
        var items: [ItemRow]
        var findings: String
        var training: String
        var action: String
        var errorCount: Int
        var calibration: Bool
        /// Offered on a submitted first review to a reviewer other than its own.
        var calibrateAction: String?
    }

    static func load(_ context: SignedInContext, _ services: AppServices) async throws -> (QAReview, MissingChildCall, CallChecklist) {
        guard let id = context.parameters.get(.review), let review = try await services.store.qaReview(QAReviewID(id)) else {
            throw HomewardError.notFound("review")
        }
        guard let call = try await services.store.call(review.callID) else { throw HomewardError.notFound("call") }
        return (review, call, try await services.store.checklist(of: call))
    }

    static func model(
        _ review: QAReview, call: MissingChildCall, checklist: CallChecklist, context: SignedInContext, services: AppServices,
        form: FormInput? = nil, errors: FieldErrors = FieldErrors()
    ) -> Model {
        let answers = call.answers
        let given = Dictionary(review.items.map { ($0.itemID, $0) }, uniquingKeysWith: { a, _ in a })
        let items = checklist.scoredItems(branchShown: call.autismBranchShown(checklist)).map { item in
            let score = form?["score-\(item.id)"] ?? given[item.id]?.score.rawValue ?? ""
            let grade = form?["grade-\(item.id)"] ?? given[item.id]?.grade?.rawValue ?? ""
            return ItemRow(
                id: item.id, title: item.title, answer: answers[item.id]?.value ?? StaffText.text("staff.qaReview.notAnswered"),
                answeredAt: answers[item.id].map { context.local.format($0.at) } ?? "", scoreName: "score-\(item.id)",
                gradeName: "grade-\(item.id)", noteName: "note-\(item.id)",
                scores: [
                    ("done", StaffText.text("staff.qaReview.done")), ("not_done", StaffText.text("staff.qaReview.notDone")),
                    ("not_applicable", StaffText.text("staff.qaReview.notApplicable")),
                ].map {
                    ScoreChoice(value: $0.0, label: $0.1, selected: score == $0.0)
                },
                grades: [ScoreChoice(value: "", label: StaffText.text("staff.qaReview.noDeviation"), selected: grade.isEmpty)]
                    + DeviationGrade.allCases.map {
                        ScoreChoice(value: $0.rawValue, label: $0.rawValue.capitalized, selected: grade == $0.rawValue)
                    },
                note: form?["note-\(item.id)"] ?? given[item.id]?.note ?? "", error: errors[item.id])
        }
        return Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.qaReview"), current: Routes.qaReviews.path),
            callHref: Routes.call(call.id), due: context.local.format(review.dueAt), overdue: review.isOverdue(at: services.clock.now()),
            submitted: review.isSubmitted,
            result: review.percent.map { "\($0)% of applicable items done; level \(review.level ?? "")" } ?? "", items: items,
            findings: form?["findings"] ?? review.findings, training: form?["training"] ?? review.followUpTraining.joined(separator: ", "),
            action: Routes.qaReview(review.id), errorCount: errors.entries.count, calibration: review.isCalibration,
            calibrateAction: review.mayBeCalibrated(by: context.user.id) ? Routes.calibrateReview(review.id) : nil)
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (review, call, checklist) = try await load(context, services)
        // Calibration is blind: whoever is scoring the call again sees the other review once theirs is in.
        let own = try await services.store.qaReviews(ofCall: call.id).first {
            $0.isCalibration && !$0.isSubmitted && $0.assignee == .person(context.user.id)
        }
        if let own, own.id != review.id {
            throw HomewardError.forbidden(StaffText.text("staff.qaReview.youAreScoringThis"))
        }
        return try services.views.page("qa-review", model(review, call: call, checklist: checklist, context: context, services: services))
    }

    /// Opens a calibration review of the call, assigned to the person asking, and goes to it.
    @Sendable static func calibrate(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (review, _, _) = try await load(context, services)
        let section = try await CallCommands.qaSection(of: context.organization, services: services)
        let second = try review.calibrating(
            id: QAReviewID(services.ids.next()), by: context.user.id, windowHours: section.windowHours, at: services.clock.now())
        try await services.store.addQAReview(
            second,
            audit: services.auditEntry(
                context, action: .qaReviewsCalibrate, recordType: .qaReview, recordID: second.id.rawValue, organization: review.psapID,
                detail: "of \(review.id)"))
        return .redirect(to: Routes.qaReview(second.id), type: .normal)
    }

    @Sendable static func submit(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (review, call, checklist) = try await load(context, services)
        let scores = checklist.scoredItems(branchShown: call.autismBranchShown(checklist)).compactMap { item -> ItemReview? in
            guard let score = ItemScore(rawValue: form["score-\(item.id)"]) else { return nil }
            return ItemReview(
                itemID: item.id, score: score, grade: DeviationGrade(rawValue: form["grade-\(item.id)"]),
                note: form["note-\(item.id)"].trimmed)
        }
        do {
            let submitted = try review.submitting(
                scores, findings: form["findings"], followUpTraining: form["training"].split(separator: ",").map(String.init), call: call,
                checklist: checklist, bands: try await services.store.scoreBands(), by: context.user.id, at: services.clock.now())
            try await services.store.submitQAReview(
                submitted,
                audit: services.auditEntry(
                    context, action: .qaReviewsSubmit, recordType: .qaReview, recordID: review.id.rawValue,
                    organization: review.psapID, detail: "level \(submitted.level ?? "")"))
            return .redirect(to: Routes.qaReview(review.id), type: .normal)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "qa-review",
                model(review, call: call, checklist: checklist, context: context, services: services, form: form, errors: errors),
                status: .unprocessableContent)
        }
    }
}
