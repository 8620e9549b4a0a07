import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// Tips: taken from the public on a poster, stored before the answer, routed to the investigating
/// police agency's investigators and the case manager; read and marked in the tip inbox.
enum TipPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, Routes.posterTips, anyone: .page, summary: "Send a tip about a published poster (public)",
                takesAnonymousForms: true, handler: submit),
            Endpoint(
                .get, Routes.tips, allowing: .viewTips, .page, scope: .none, summary: "Tip inbox",
                auditedRead: .init(action: .tipsList, recordType: .tip),
                handler: inbox),
            Endpoint(
                .post, Routes.markTip, allowing: .handleTip, .page, scope: .none, summary: "Mark a tip received or actionable",
                handler: mark),
            Endpoint(
                .get, Routes.apiTips, allowing: .viewTips, .api, scope: .none, summary: "Tips routed to the caller's agency",
                auditedRead: .init(action: .tipsList, recordType: .tip), handler: api),
            Endpoint(
                .get, Routes.tipsCSV, allowing: .viewTips, .page, scope: .none, summary: "The tip log (CSV)",
                auditedRead: .init(action: .tipsExport, recordType: .tip), handler: csv),
        ]
    }

    // MARK: Intake

    /// The client's `Idempotency-Key` (``TipRetry/clientKey(_:)``): a key over the limit is refused.
    static func clientKey(_ request: Request) throws -> String? {
        try TipRetry.clientKey(request.headers[.init("Idempotency-Key")!])
    }

    struct ThanksModel: Sendable {
        var layout: LayoutModel
        var posterHref: String
        var more: String
    }

    /// The tip as sent: JSON from a system, or the poster page's form.
    static func readSubmission(_ request: inout Request, isJSON: Bool, services: AppServices) async throws -> TipSubmission {
        if isJSON { return try await request.json(TipSubmission.self, limit: services.configuration.maxBodyBytes) }
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        return TipSubmission(
            seen: form["seen"], place: form["place"], when: form["when"], contactName: form["contactName"],
            contactPhone: form["contactPhone"], contactEmail: form["contactEmail"])
    }

    /// The JSON answer to a stored tip in `language`, written by hand: it is sent for every tip of a
    /// flood. The id is a UUID and the message is escaped once per language.
    static func thanksJSON(_ tip: Tip, created: Bool, language: String, services: AppServices) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        headers[.contentLanguage] = language
        let message = services.views.jsonText("tip.received", language: language)
        let body = #"{"id":"\#(tip.id)","message":"\#(message)","received":true}"#
        return Response(status: created ? .created : .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `POST /posters/{slug}/tips`: a form from the poster page, or JSON.
    @Sendable static func submit(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let slug = context.parameters.get(.slug) ?? ""
        guard let routed = try await TipService.poster(slug, services: services), let published = routed.published else {
            throw HomewardError.notFound("poster")
        }
        guard routed.route.status == .published else { throw HomewardError.notFound("poster (it has been withdrawn)") }
        let isJSON = request.headers[.contentType]?.hasPrefix("application/json") == true
        let language = PublicPosterView.language(request, services)
        let catalogs = services.views.catalogs
        let submission: TipSubmission
        do {
            submission = try await readSubmission(&request, isJSON: isJSON, services: services)
        } catch HomewardError.invalid(let errors) where language != Catalogs.fallback {
            throw HomewardError.invalid(PublicPosterView.localized(errors, language: language, catalogs: catalogs))
        }
        let clientKey = try clientKey(request)
        let stored: Tip
        let created: Bool
        do {
            (stored, created) = try await TipService.accept(
                submission, to: routed, slug: slug, from: context.remoteAddress ?? "unknown", clientKey: clientKey,
                requestID: context.requestID, services: services)
        } catch HomewardError.invalid(let errors) {
            if isJSON {
                throw HomewardError.invalid(
                    language == Catalogs.fallback ? errors : PublicPosterView.localized(errors, language: language, catalogs: catalogs))
            }
            let model = PublicPosterView.pageModel(
                published, services: services, base: services.configuration.publicBaseURL, language: language, form: submission,
                errors: errors)
            var response = try services.views.page("public-poster", model, status: .unprocessableContent)
            response.headers[.contentLanguage] = language
            return response
        }
        if isJSON { return thanksJSON(stored, created: created, language: language, services: services) }
        var response = try services.views.page(
            "tip-thanks",
            ThanksModel(
                layout: LayoutModel.anonymous(services: services, title: catalogs.text("tip.thanks.title", language), language: language),
                posterHref: Routes.query(Routes.publicPoster(slug), ["lang": language == Catalogs.fallback ? nil : language]),
                more: catalogs.text("tip.thanks.more", language, ["hotline": published.hotline])),
            status: created ? .created : .ok)
        response.headers[.contentLanguage] = language
        return response
    }

    // MARK: Inbox

    struct TipRow: Sendable {
        var id: String
        var child: String
        var episodeHref: String
        var submitted: String
        var seen: String
        var place: String
        var when: String
        var contact: String
        var status: String
        var overdue: Bool
        var isNew: Bool
        var actionable: String
        var markAction: String
        var canHandle: Bool
    }

    struct InboxModel: Sendable {
        var layout: LayoutModel
        var tips: [TipRow]
        var newCount: String
        /// Nil when none is overdue: a template section shows for any number, zero included.
        var overdueCount: String?
        var csvHref: String
        var views: [ListChoice]
        var showsWaiting: Bool
        var nextHref: String?
        var firstHref: String?
    }

    /// A page of the tips a principal may read (their agency's, or all for clearinghouse case staff).
    static func tips(_ signedIn: SignedIn, status: TipFilter.Status, after: PageCursor?, limit: Int, services: AppServices)
        async throws -> [Tip]
    {
        try await services.store.tips(
            matching: TipFilter(organization: AccessPolicy.tipScope(signedIn.principal), status: status, after: after, limit: limit))
    }

    /// Tips waiting to be marked received (oldest first, the default) or received (newest first),
    /// a page at a time; the counts come from the database.
    @Sendable static func inbox(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let signedIn = context.signedIn
        let parameters = request.uri.queryParameters
        let status: TipFilter.Status = parameters.get("show") == "received" ? .received : .waiting
        let after = parameters.get("after").flatMap(PageCursor.init)
        let pageSize = ListChoice.pageSize
        let tips = try await tips(signedIn, status: status, after: after, limit: pageSize, services: services)
        let now = services.clock.now()
        let counts = try await services.store.tipCounts(routedTo: AccessPolicy.tipScope(signedIn.principal), at: now)
        let local = context.local
        var names: [EpisodeID: String] = [:]
        for tip in tips where names[tip.episodeID] == nil {
            if let episode = try await services.store.episode(tip.episodeID), let child = try await services.store.child(episode.childID) {
                names[tip.episodeID] = child.fullName
            }
        }
        let rows = tips.map { t in
            let s = t.submission
            let contact = [s.contactName, s.contactPhone, s.contactEmail].filter { !$0.trimmed.isEmpty }.joined(separator: " · ")
            return TipRow(
                id: t.id, child: names[t.episodeID] ?? "", episodeHref: Routes.episode(t.episodeID), submitted: local.format(t.submittedAt),
                seen: s.seen, place: s.place, when: s.when,
                contact: contact.isEmpty ? StaffText.text("staff.tip.noContactDetailsGiven") : contact,
                status: t.receivedAt.map { StaffText.text("staff.tip.received", ["time": local.format($0)]) }
                    ?? StaffText.text("staff.tip.newAcknowledgeBy", ["time": local.format(t.acknowledgeBy)]),
                overdue: t.isOverdue(at: now), isNew: t.receivedAt == nil,
                actionable: t.actionable.map { $0 ? StaffText.text("staff.tip.actionable") : StaffText.text("staff.tip.notActionable") }
                    ?? "", markAction: Routes.markTip(t.id),
                canHandle: AccessPolicy.readsTips(of: t.investigatingOrganizationID, context.principal))
        }
        let show = status == .received ? "received" : nil
        let next =
            tips.count == pageSize
            ? tips.last.map { Routes.query(Routes.tips.path, ["show": show, "after": PageCursor(at: $0.submittedAt, id: $0.id).text]) }
            : nil
        let views = [
            (StaffText.text("staff.tip.waiting", ["count": "\(TipCounts.text(counts.waiting))"]), nil as String?),
            (StaffText.text("staff.tip.receivedView"), "received"),
        ].map { label, value in
            ListChoice(label: label, href: Routes.query(Routes.tips.path, ["show": value]), current: value == show)
        }
        return try services.views.page(
            "tips",
            InboxModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.tips"), current: Routes.tips.path,
                    flash: TipOutcome.message(in: request)),
                tips: rows, newCount: TipCounts.text(counts.waiting),
                overdueCount: counts.overdue > 0 ? TipCounts.text(counts.overdue) : nil, csvHref: Routes.tipsCSV.path,
                views: views, showsWaiting: status == .waiting, nextHref: next,
                firstHref: after == nil ? nil : Routes.query(Routes.tips.path, ["show": show])))
    }

    @Sendable static func mark(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        guard let tip = try await services.store.tip(context.parameters.get(.tip) ?? ""),
            AccessPolicy.readsTips(of: tip.investigatingOrganizationID, context.principal)
        else { throw HomewardError.notFound("tip") }
        guard let mark = TipMark(rawValue: form["action"]) else {
            throw HomewardError.invalid("action", StaffText.text("staff.tip.chooseReceivedActionableOr"))
        }
        try await services.store.markTip(
            tip.id, received: true, actionable: mark.actionable, by: context.user.id, at: services.clock.now(),
            audit: services.auditEntry(
                context, action: .tipsMark, recordType: .tip, recordID: tip.id, organization: tip.investigatingOrganizationID,
                detail: form["action"]))
        return TipOutcome.marked.redirect(to: Routes.tips.path)
    }

    /// `?status=waiting|received|all` (default all, newest first; waiting tips oldest first) and
    /// `?cursor=` for the next page, 100 at a time.
    @Sendable static func api(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let query = request.uri.queryParameters
        var errors = FieldErrors()
        var status = TipFilter.Status.all
        if let text = query.get("status").map({ String($0) }), !text.isEmpty {
            if let chosen = TipFilter.Status(rawValue: text) {
                status = chosen
            } else {
                errors.add("status", StaffText.text("staff.tip.useWaitingReceivedOr"))
            }
        }
        var after: PageCursor?
        if let text = query.get("cursor").map({ String($0) }), !text.isEmpty {
            after = PageCursor(text)
            if after == nil { errors.add("cursor", StaffText.text("staff.tip.thisCursorIsNot")) }
        }
        guard errors.isEmpty else { throw HomewardError.invalid(errors) }
        let tips = try await tips(context.signedIn, status: status, after: after, limit: 101, services: services)
        let page = Array(tips.prefix(100))
        let next = tips.count > page.count ? page.last.map { PageCursor(at: $0.submittedAt, id: $0.id).text } : nil
        return try APIResponse.json(TipRepresentation.TipPageJSON(items: page.map(TipRepresentation.json), nextCursor: next))
    }

}

extension TipPages {
    /// The tip log as CSV: every tip the reader may see, with when it came, when it had to be
    /// acknowledged, when and by whom it was, and whether it was actionable. Cells a spreadsheet
    /// would run as formulas are defused.
    @Sendable static func csv(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        // Every tip, read a page at a time.
        var tips: [Tip] = []
        var after: PageCursor?
        while true {
            let page = try await Self.tips(context.signedIn, status: .all, after: after, limit: 500, services: services)
            tips += page
            guard page.count == 500, let last = page.last else { break }
            after = PageCursor(at: last.submittedAt, id: last.id)
        }
        var caseNumbers: [EpisodeID: String] = [:]
        for tip in tips where caseNumbers[tip.episodeID] == nil {
            caseNumbers[tip.episodeID] = try await services.store.episode(tip.episodeID)?.caseNumber ?? ""
        }
        let now = services.clock.now()
        let rows = tips.map { t in
            [
                t.id, caseNumbers[t.episodeID] ?? "", Timestamp.format(t.submittedAt), Timestamp.format(t.acknowledgeBy),
                t.receivedAt.map(Timestamp.format) ?? "", t.receivedBy?.rawValue ?? "",
                t.receivedAt == nil ? (t.isOverdue(at: now) ? "overdue" : "new") : "received",
                t.actionable.map { $0 ? "yes" : "no" } ?? "", t.submission.seen, t.submission.place, t.submission.when,
                t.submission.contactName, t.submission.contactPhone, t.submission.contactEmail,
            ]
        }
        let text = CSV.file(
            header: [
                "tip_id", "case_number", "submitted_at", "acknowledge_by", "received_at", "received_by", "status", "actionable", "seen",
                "place", "when", "contact_name", "contact_phone", "contact_email",
            ], rows: rows)
        return FileResponse.csv(text, fileName: "tips.csv")
    }
}

/// What the tip inbox confirms.
enum TipOutcome: String, Outcome {
    case marked

    var message: String { StaffText.text("staff.tip.tipUpdated") }
}
