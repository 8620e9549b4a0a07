import Foundation
import HomewardCore
import HomewardPDF
import Hummingbird

/// The police agency's cases from 911 calls: what the caller said, the 2-hour NCIC clock from the
/// moment the 911 center took the report, the NCIC worksheet prefilled from the call, the report
/// number and NCIC entry police record, and the child-welfare agency's missing-from-care report
/// linked once an investigator confirmed the match.
enum PoliceCasePages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.policeCases, allowing: .viewPoliceCases, .page, scope: .none,
                summary: "The police agency's cases from 911 calls", handler: list),
            Endpoint(
                .get, Routes.policeCase, allowing: .viewPoliceCases, .page, scope: .policeCase,
                summary: "A case from a 911 call, with its NCIC worksheet",
                auditedRead: .init(action: .policeCasesView, recordType: .policeCase), handler: show),
            Endpoint(
                .post, Routes.policeCaseDetails, allowing: .workPoliceCase, .page, scope: .policeCase,
                summary: "Record the police report number and case type", handler: details),
            Endpoint(
                .post, Routes.policeCaseNCIC, allowing: .workPoliceCase, .page, scope: .policeCase,
                summary: "Record the NCIC entry of a case from a 911 call", handler: ncicEntry),
            Endpoint(
                .post, Routes.policeCaseLink, allowing: .workPoliceCase, .page, scope: .policeCase,
                summary: "Link the child's missing-from-care report", handler: link),
            Endpoint(
                .post, Routes.policeCaseClose, allowing: .workPoliceCase, .page, scope: .policeCase,
                summary: "Close a case from a 911 call", handler: close),
            Endpoint(
                .post, Routes.policeCaseSettle, allowing: .workPoliceCase, .page, scope: .policeCase,
                summary: "Settle a difference between the police case and the linked report (supervisors)", handler: settle),
            Endpoint(
                .get, Routes.policeCaseSheet, allowing: .viewPoliceCases, .page, scope: .policeCase,
                summary: "The one-page sheet for the responding officer (PDF)",
                auditedRead: .init(action: .policeCasesSheet, recordType: .policeCase), handler: sheet),
        ]
    }

    // MARK: The list

    struct Row: Sendable {
        var href: String
        var child: String
        var reported: String
        var psap: String
        var ncic: String
        var ncicCSS: String
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var rows: [Row]
        var views: [ListChoice]
        var showsOpen: Bool
        var nextHref: String?
        var firstHref: String?
    }

    /// The agency's cases from 911 calls, newest report first: open ones by default,
    /// `?show=closed` for the others, a page at a time (`?after=`).
    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let police = context.organization.id
        let show = Paging.choice(request, "show", among: ["closed"])
        let status: PoliceCaseStatus = show == "closed" ? .closed : .open
        let after = Paging.after(request)
        let size = ListChoice.pageSize
        let now = services.clock.now()
        let page = PageOf(
            try await services.store.policeCases(of: police, status: status, after: after, limit: size + 1), size: size,
            cursor: { PageCursor(at: $0.reportedAt, id: $0.id.rawValue) })
        let counts = try await services.store.openPoliceCaseCounts(of: police, at: now)
        let psapNames = Dictionary(
            try await services.store.organizations(page.rows.map(\.psapID)).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows: [Row] = []
        for policeCase in page.rows {
            let child = try await services.store.call(policeCase.callID)?.value(CallItem.childName) ?? ""
            let linked = try await PoliceCaseLoads.linkedTimeline(policeCase, services: services)
            let clock = policeCase.ncicClock(at: now, linked: linked)
            rows.append(
                Row(
                    href: Routes.policeCase(policeCase.id), child: child.isEmpty ? StaffText.text("staff.policeCase.nameNotGiven") : child,
                    reported: context.local.format(policeCase.reportedAt), psap: psapNames[policeCase.psapID] ?? "",
                    ncic: PoliceCaseLoads.ncicText(policeCase, linked: linked, clock: clock, at: now, local: context.local),
                    ncicCSS: clock.code))
        }
        let views = Paging.views(
            Routes.policeCases.path, "show",
            [
                (StaffText.text("staff.policeCase.open", ["count": "\(CappedCount.text(counts.open))"]), nil),
                (StaffText.text("staff.policeCase.closed"), "closed"),
            ], current: show)
        let links = Paging.links(Routes.policeCases.path, ["show": show], next: page.next, onFirstPage: after == nil)
        return try services.views.page(
            "police-cases",
            ListModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.casesFrom911Calls"),
                    current: Routes.policeCases.path),
                rows: rows, views: views, showsOpen: status == .open, nextHref: links.next, firstHref: links.first))
    }

    // MARK: One case

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let loaded = try await PoliceCaseLoads.load(context, services)
        let notice = PoliceCaseOutcome.message(in: request)
        return try await page(loaded, notice: notice, errors: FieldErrors(), typed: [:], context: context, services: services)
    }

    static func page(
        _ loaded: PoliceCaseLoads.Loaded, notice: String?, errors: FieldErrors, typed: [String: String], context: SignedInContext,
        services: AppServices
    ) async throws -> Response {
        let report = try await linkedReport(loaded, context: context, services: services)
        let candidates = report == nil ? try await possibleReports(loaded, context: context, services: services) : []
        let mayWork =
            loaded.policeCase.status == .open
            && AccessPolicy.decide(context.principal, .workPoliceCase, organization: loaded.police.id).isAllowed
        let linkedProofs =
            loaded.policeCase.episodeID == nil
            ? nil
            : try await LinkedProofsView.build(
                loaded.linked, showing: { $0.policeCaseID == nil },
                settleAction: mayWork && context.principal.roles.contains(.supervisor)
                    ? Routes.policeCaseSettle(loaded.policeCase.id) : nil,
                errors: errors, typedNote: typed["note"], local: context.local, services: services)
        let model = PoliceCaseView(
            loaded, notice: notice, errors: errors, typed: typed, report: report, candidates: candidates, linkedProofs: linkedProofs,
            context: context, services: services)
        return try services.views.page("police-case", model, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    /// The linked missing-from-care report, with a link when the reader may open it.
    static func linkedReport(_ loaded: PoliceCaseLoads.Loaded, context: SignedInContext, services: AppServices) async throws
        -> PoliceCaseView.Report?
    {
        guard let id = loaded.policeCase.episodeID, let episode = try await services.store.episode(id) else { return nil }
        return try await report(episode, context: context, services: services)
    }

    static func report(_ episode: MissingEpisode, context: SignedInContext, services: AppServices) async throws -> PoliceCaseView.Report {
        let agency = try await services.store.organization(episode.organizationID)
        let child = try await services.store.child(episode.childID)
        let scope = EpisodeScope(reportingOrganization: episode.organizationID, investigatingOrganization: episode.police.organizationID)
        let readable = AccessPolicy.decide(context.principal, .viewEpisode, organization: episode.organizationID, episode: scope).isAllowed
        return PoliceCaseView.Report(
            episodeID: episode.id.rawValue, caseNumber: episode.caseNumber ?? "not yet numbered", agency: agency?.name ?? "",
            agencyPhone: agency?.phone ?? "", child: child.map { "\($0.fullName), born \($0.dateOfBirth.iso)" } ?? "",
            received: context.local.format(episode.receivedAt), href: readable ? Routes.episode(episode.id) : nil)
    }

    /// Open missing-from-care reports that may be this child: the same date of birth when the call
    /// has one, and a name close to the one given. Offered to confirm; never linked on their own.
    static func possibleReports(_ loaded: PoliceCaseLoads.Loaded, context: SignedInContext, services: AppServices) async throws
        -> [PoliceCaseView.Report]
    {
        guard loaded.policeCase.status == .open,
            AccessPolicy.decide(context.principal, .workPoliceCase, organization: loaded.police.id).isAllowed,
            let query = PoliceCase.childQuery(loaded.call)
        else { return [] }
        var reports: [PoliceCaseView.Report] = []
        for hit in try await services.store.searchChildren(query, visibility: .all, limit: 10)
        where PoliceCase.isPossibleReport(hit, of: loaded.call) {
            if let episode = hit.latestEpisode { reports.append(try await report(episode, context: context, services: services)) }
        }
        return reports
    }

    // MARK: What police record

    /// Runs `change` on the case of the path and stores it; a refused value comes back beside its field.
    static func change(
        _ request: Request, _ context: SignedInContext, _ services: AppServices, action: AuditAction,
        outcome: @escaping @Sendable (PoliceCase, PoliceCaseLoads.Loaded) async throws -> PoliceCaseOutcome = { _, _ in .recorded },
        _ change: (PoliceCase, [String: String], PoliceCaseLoads.Loaded) async throws -> (PoliceCase, detail: String)
    ) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let loaded = try await PoliceCaseLoads.load(context, services)
        let typed = Dictionary(form.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let changed: (PoliceCase, detail: String)
        do {
            changed = try await change(loaded.policeCase, typed, loaded)
        } catch HomewardError.invalid(let errors) {
            return try await page(loaded, notice: nil, errors: errors, typed: typed, context: context, services: services)
        }
        try await services.store.updatePoliceCase(
            changed.0,
            audit: services.auditEntry(
                context, action: action, recordType: .policeCase, recordID: loaded.policeCase.id.rawValue,
                organization: loaded.police.id, detail: changed.detail))
        return try await outcome(changed.0, loaded).redirect(to: Routes.policeCase(loaded.policeCase.id))
    }

    @Sendable static func details(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try await change(request, context, services, action: .policeCasesDetails) { policeCase, form, _ in
            let changed = try policeCase.recordingDetails(
                reportNumber: form["reportNumber"] ?? "", caseType: form["caseType"] ?? "", at: services.clock.now(), by: context.user.id)
            return (changed, "case type \(changed.caseType.rawValue)")
        }
    }

    @Sendable static func ncicEntry(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try await change(request, context, services, action: .policeCasesNcicEntry) { policeCase, form, _ in
            let recorder = Recorder(user: context.user.id, organization: context.organization, at: services.clock.now())
            let changed = try policeCase.recordingNCICEntry(
                nic: form["nic"] ?? "", enteredAt: form["enteredAt"] ?? "", occurrence: form["enteredAtOccurrence"], by: recorder)
            return (changed, "NIC \(changed.ncicNumber ?? "")")
        }
    }

    /// Links the report and says what the link brought together: each record's proofs now show on
    /// the other, and any difference between them is flagged on both.
    @Sendable static func link(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let reconcile: @Sendable (PoliceCase, PoliceCaseLoads.Loaded) async throws -> PoliceCaseOutcome = { linked, _ in
            let events = try await PoliceCaseLoads.linkedTimeline(linked, services: services).filter { $0.policeCaseID == nil }
            let reconciliation = LinkReconciliation(linked: linked, reportEvents: events)
            return reconciliation.differences.isEmpty ? .linked : .linkedWithDifferences
        }
        return try await change(request, context, services, action: .policeCasesLink, outcome: reconcile) { policeCase, form, loaded in
            // Only a report the search offered for this call can be linked.
            let offered = try await possibleReports(loaded, context: context, services: services).map(\.episodeID)
            guard let id = form["episode"], offered.contains(id), let episode = try await services.store.episode(EpisodeID(id)) else {
                throw HomewardError.invalid("episode", StaffText.text("staff.policeCase.chooseOneOfThe"))
            }
            return (try policeCase.linking(episode, at: services.clock.now(), by: context.user.id), "episode \(id)")
        }
    }

    /// A supervisor settles a difference between this case's proofs and the linked report's: the
    /// settlement goes on the report's timeline and shows on both records.
    @Sendable static func settle(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let loaded = try await PoliceCaseLoads.load(context, services)
        guard let episodeID = loaded.policeCase.episodeID else { throw HomewardError.notFound("difference") }
        let typed = Dictionary(form.fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let event: EpisodeEvent
        do {
            event = try ProofDifference.settling(
                typed["difference"] ?? "", in: loaded.linked, note: typed["note"] ?? "", roles: context.principal.roles,
                by: Recorder(user: context.user.id, organization: context.organization, at: services.clock.now()),
                eventID: EpisodeEventID(services.ids.next()))
        } catch HomewardError.invalid(let errors) {
            return try await page(loaded, notice: nil, errors: errors, typed: typed, context: context, services: services)
        }
        try await services.store.appendEvent(
            event, updating: nil,
            audit: services.auditEntry(
                context, action: .policeCasesSettleDifference, recordType: .episode, recordID: episodeID.rawValue,
                organization: loaded.police.id, detail: event.reference))
        return PoliceCaseOutcome.settled.redirect(to: Routes.policeCase(loaded.policeCase.id))
    }

    @Sendable static func close(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try await change(request, context, services, action: .policeCasesClose) { policeCase, form, _ in
            (try policeCase.closing(reason: form["reason"] ?? "", at: services.clock.now(), by: context.user.id), "closed")
        }
    }

    /// The same one-page sheet the 911 center prints, for the officer working the case.
    @Sendable static func sheet(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let loaded = try await PoliceCaseLoads.load(context, services)
        let content = CallSheet.sheetContent(
            loaded.call, checklist: loaded.checklist, psapName: loaded.psap.name, context: context, services: services)
        return FileResponse.file(
            try CallSheetPDF.render(content), contentType: "application/pdf", fileName: "case-\(loaded.policeCase.id).pdf",
            inline: true)
    }
}

/// What the police case page confirms after a form on it.
enum PoliceCaseOutcome: String, Outcome {
    case recorded
    case linked
    case linkedWithDifferences = "linked-with-differences"
    case settled

    var message: String {
        switch self {
        case .recorded: StaffText.text("staff.policeCase.recorded")
        case .linked: StaffText.text("staff.policeCase.linked")
        case .linkedWithDifferences: StaffText.text("staff.policeCase.linkedWithDifferences")
        case .settled: StaffText.text("staff.policeCase.settled")
        }
    }
}
