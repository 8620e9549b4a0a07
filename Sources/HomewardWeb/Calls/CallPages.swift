import Foundation
import HomewardCore
import HomewardPDF
import Hummingbird

/// The telecommunicator's pages: the 911 center's missing-child calls, and one call worked through
/// its checklist. Made for a person under stress on the line: every answer is its own small form
/// saved the moment it is given (Enter saves, and the next question takes the focus), so a reload
/// or a dropped connection loses nothing and no script is needed.
enum CallPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.calls, allowing: .viewCalls, .page, scope: .none, summary: "The 911 center's missing-child calls",
                handler: list),
            Endpoint(.post, Routes.calls, allowing: .takeCall, .page, scope: .none, summary: "Take a missing-child call", handler: open),
            Endpoint(
                .get, Routes.call, allowing: .viewCalls, .page, scope: .call, summary: "A call and its checklist",
                auditedRead: .init(action: .callsView, recordType: .call), handler: show),
            Endpoint(
                .post, Routes.callAnswers, allowing: .takeCall, .page, scope: .call, summary: "Save an answer on a call",
                handler: answer),
            Endpoint(
                .get, Routes.callSheet, allowing: .viewCalls, .page, scope: .call,
                summary: "The one-page sheet for the responding officer (PDF)",
                auditedRead: .init(action: .callsSheet, recordType: .call), handler: sheet),
            Endpoint(
                .post, Routes.closeCall, allowing: .takeCall, .page, scope: .call, summary: "End a call without a hand-off",
                handler: close),
            Endpoint(
                .post, Routes.handOffCall, allowing: .takeCall, .page, scope: .call,
                summary: "Hand a call to the responding police agency, whose case it becomes", handler: handOff),
        ]
    }

    // MARK: The list

    struct CallRow: Sendable {
        var href: String
        var opened: String
        var cad: String
        var child: String
        var status: String
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var canTake: Bool
        var openAction: String
        var calls: [CallRow]
        var views: [ListChoice]
        var heading: String
        var empty: String
        var nextHref: String?
        var firstHref: String?
    }

    /// The 911 center's calls, newest first: open ones by default, `?show=handed_off|closed|all`
    /// for the others, a page at a time (`?after=`).
    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let psap = context.organization.id
        let show = Paging.choice(request, "show", among: ["handed_off", "closed", "all"])
        let status: CallStatus? = show == "all" ? nil : show.flatMap(CallStatus.init(rawValue:)) ?? .open
        let after = Paging.after(request)
        let size = ListChoice.pageSize
        let page = PageOf(
            try await services.store.calls(in: psap, status: status, after: after, limit: size + 1), size: size,
            cursor: { PageCursor(at: $0.openedAt, id: $0.id.rawValue) })
        let open = try await services.store.openCallCount(in: psap)
        func row(_ call: MissingChildCall) -> CallRow {
            CallRow(
                href: Routes.call(call.id), opened: context.local.format(call.openedAt), cad: call.cadIncident ?? "",
                child: call.value("child-name").isEmpty ? StaffText.text("staff.call.notYetKnown") : call.value("child-name"),
                status: CallSheet.title(call.status))
        }
        let views = Paging.views(
            Routes.calls.path, "show",
            [
                (StaffText.text("staff.call.open", ["count": "\(CappedCount.text(open))"]), nil),
                (StaffText.text("staff.call.handedToPolice"), "handed_off"), (StaffText.text("staff.call.closed"), "closed"),
                (StaffText.text("staff.call.allCalls"), "all"),
            ],
            current: show)
        let links = Paging.links(Routes.calls.path, ["show": show], next: page.next, onFirstPage: after == nil)
        return try services.views.page(
            "calls",
            ListModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.missingChildCalls"),
                    current: Routes.calls.path),
                canTake: AccessPolicy.decide(context.principal, .takeCall, organization: psap).isAllowed,
                openAction: Routes.calls.path, calls: page.rows.map(row), views: views,
                heading: heading(status),
                empty: status == .open ? StaffText.text("staff.call.noCallIsOpen") : StaffText.text("staff.call.noCallHereYet"),
                nextHref: links.next, firstHref: links.first))
    }

    /// The heading over the calls of one status, or of all.
    static func heading(_ status: CallStatus?) -> String {
        switch status {
        case .open: StaffText.text("staff.call.openCalls")
        case .handedOff: StaffText.text("staff.call.callsHandedToPolice")
        case .closed: StaffText.text("staff.call.closedCalls")
        case nil: StaffText.text("staff.call.everyCall")
        }
    }

    /// Opens a call against the checklist in force today and goes straight to it.
    @Sendable static func open(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let now = services.clock.now()
        let checklist = try await CallCommands.checklistInForce(at: now, context: context, services: services)
        let call = try MissingChildCall.open(
            id: CallID(services.ids.next()), psap: context.organization, checklist: checklist, cadIncident: form["cadIncident"], at: now,
            by: context.user.id)
        let stored = try await services.store.openCall(
            call, idempotencyKey: nil,
            audit: services.auditEntry(
                context, action: .callsOpen, recordType: .call, recordID: call.id.rawValue, organization: call.psapID))
        // No fragment: browsers skip `autofocus` on a page whose address has one.
        return .redirect(to: Routes.call(stored.id), type: .normal)
    }

    // MARK: One call

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (call, checklist) = try await CallCommands.load(context, services)
        let saved = request.uri.queryParameters.get("saved").map { String($0) }
        let handOff = try await handOffChoices(call, context: context, services: services)
        return try services.views.page(
            "call",
            CallView(call, checklist: checklist, context: context, services: services, after: saved, problem: nil, handOff: handOff))
    }

    /// The police agencies an open call can be handed to (the active ones in the 911 center's
    /// state), or the agency it was handed to.
    static func handOffChoices(_ call: MissingChildCall, chosen: String? = nil, context: SignedInContext, services: AppServices)
        async throws -> CallView.HandOff
    {
        if let agency = call.handedOffTo {
            return CallView.HandOff(handedOffTo: try await services.store.organization(agency))
        }
        guard call.status == .open else { return CallView.HandOff() }
        let agencies = try await services.store.policeAgencies(in: context.organization.state, chosen: "")
        return CallView.HandOff(agencies: agencies, chosen: chosen)
    }

    /// The call page again (422) with the refused value beside its field, as typed.
    static func refused(
        _ call: MissingChildCall, checklist: CallChecklist, problem: CallView.Problem, chosenAgency: String? = nil,
        context: SignedInContext, services: AppServices
    ) async throws -> Response {
        let handOff = try await handOffChoices(call, chosen: chosenAgency, context: context, services: services)
        return try services.views.page(
            "call",
            CallView(call, checklist: checklist, context: context, services: services, after: nil, problem: problem, handOff: handOff),
            status: .unprocessableContent)
    }

    /// Saves one answer and returns to the call with the next question in focus; a value the item
    /// does not take comes back beside it, as typed.
    @Sendable static func answer(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (call, checklist) = try await CallCommands.load(context, services)
        let item = form["item"]
        do {
            let (_, answer) = try call.answering(item, form["value"], checklist: checklist, at: services.clock.now(), by: context.user.id)
            try await services.store.recordAnswer(
                answer, on: call.id,
                audit: services.auditEntry(
                    context, action: .callsAnswer, recordType: .call, recordID: call.id.rawValue, organization: call.psapID,
                    detail: item))
            // The page puts the focus on the next unanswered question after this one.
            return .redirect(to: Routes.call(call.id) + "?saved=\(item)", type: .normal)
        } catch HomewardError.invalid(let errors) where errors[item] != nil {
            let problem = CallView.Problem(item: item, message: errors[item] ?? "", typed: form["value"])
            return try await refused(call, checklist: checklist, problem: problem, context: context, services: services)
        }
    }

    /// The one-page sheet for the responding officer: what the call has found out, the warnings first.
    @Sendable static func sheet(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (call, checklist) = try await CallCommands.load(context, services)
        return FileResponse.file(
            try CallSheetPDF.render(
                CallSheet.sheetContent(
                    call, checklist: checklist, psapName: context.organization.name, context: context, services: services)),
            contentType: "application/pdf", fileName: "call-\(call.id).pdf", inline: true)
    }

    /// Ends the call without a hand-off and opens its QA review, due as the 911 center's QA section says.
    @Sendable static func close(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (call, checklist) = try await CallCommands.load(context, services)
        do {
            _ = try await CallCommands.end(
                call, checklist: checklist, .closing(reason: form["reason"]), context: context, psap: context.organization,
                by: context.user.id, services: services)
        } catch HomewardError.invalid(let errors) {
            let problem = CallView.Problem(item: "reason", message: errors["reason"] ?? "", typed: form["reason"])
            return try await refused(call, checklist: checklist, problem: problem, context: context, services: services)
        }
        return .redirect(to: Routes.call(call.id), type: .normal)
    }

    /// Hands the call to the police agency chosen: the call ends, the agency's case opens from it
    /// and the call's QA review opens, together. A missing answer police need comes back beside
    /// its question.
    @Sendable static func handOff(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let (call, checklist) = try await CallCommands.load(context, services)
        do {
            _ = try await CallCommands.end(
                call, checklist: checklist,
                .handingOff(
                    to: try await CallCommands.agency(form["agency"], services: services), caseID: PoliceCaseID(services.ids.next())),
                context: context, psap: context.organization, by: context.user.id, services: services)
        } catch HomewardError.invalid(let errors) {
            let first = errors.entries.first
            let problem = CallView.Problem(item: first?.field ?? "agency", message: first?.message ?? "", typed: "")
            return try await refused(
                call, checklist: checklist, problem: problem, chosenAgency: form["agency"], context: context, services: services)
        }
        return .redirect(to: Routes.call(call.id), type: .normal)
    }
}
