import Foundation
import HomewardCore
import Hummingbird

/// Episodes: the list with clocks at a glance, one episode's page, recording proofs, the NCIC sheet.
enum EpisodePages {
    struct Row: Sendable {
        var href: String
        var caseNumber: String
        var childName: String
        var received: String
        var status: String
        var clocks: [ClockView]
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var heading: String
        var rows: [Row]
        var filterNote: String?
        var allHref: String
        var canFile: Bool
        var newHref: String
        var views: [ListChoice]
        var nextHref: String?
        var firstHref: String?
    }

    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: .episodeView, recordType: .episode)
        return [
            Endpoint(
                .get, Routes.episodes, allowing: .listEpisodes, .page, scope: .none,
                summary: "Missing-from-care episodes with their clocks",
                handler: list),
            Endpoint(
                .get, Routes.episode, allowing: .viewEpisode, .page, scope: .episode, summary: "One episode",
                auditedRead: read, handler: detail),
            Endpoint(
                .get, Routes.episodeNCIC, allowing: .viewNCICSheet, .page, scope: .episode,
                summary: "NCIC entry sheet", auditedRead: read,
                handler: ncic),
            Endpoint(
                .post, Routes.recordPoliceReport, allowing: .recordAgencyReport, .page, scope: .episode,
                summary: "Record the report to police",
                handler: { try await record(.reportedToPolice, $0, $1, $2) }),
            Endpoint(
                .post, Routes.recordClearinghouseReport, allowing: .recordAgencyReport, .page,
                scope: .episode, summary: "Record an earlier report to the clearinghouse",
                handler: { try await record(.reportedToClearinghouse, $0, $1, $2) }),
            Endpoint(
                .post, Routes.recordNCICEntry, allowing: .recordNCICEntry, .page, scope: .episode,
                summary: "Record the NCIC entry",
                handler: { try await record(.ncicEntered, $0, $1, $2) }),
            Endpoint(
                .post, Routes.episodeSettle, allowing: .workCase, .page, scope: .episode,
                summary: "Settle a difference between the agency's and a linked police case's proofs (case managers)", handler: settle),
        ]
    }

    /// The cases a principal works. Open ones (the default) in the queue's order, nearest deadline
    /// first, or `?view=all`, every case newest first; `?attention=breached|warning` shows the open
    /// cases the home page counted. A page at a time, each going on from where the last ended.
    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let signedIn = context.signedIn
        let now = services.clock.now()
        let zone = context.local
        let parameters = request.uri.queryParameters
        let attention = parameters.get("attention").flatMap { CaseAttention(rawValue: String($0)) }.flatMap { $0 == .none ? nil : $0 }
        let showsAll = attention == nil && parameters.get("view") == "all"
        let after = parameters.get("after")
        let pageSize = ListChoice.pageSize
        let records: [EpisodeRecord]
        var next: String?
        if showsAll {
            var filter = EpisodeLoads.filter(for: signedIn)
            filter.limit = pageSize
            filter.after = after.flatMap(EpisodeFilter.Cursor.init)
            records = try await services.store.episodeRecords(matching: filter)
            if records.count == pageSize, let last = records.last {
                next = Routes.query(Routes.episodes.path, ["view": "all", "after": EpisodeFilter.Cursor(after: last.episode).text])
            }
        } else {
            var filter = CaseQueueFilter(scope: EpisodeLoads.filter(for: signedIn))
            filter.attention = attention.map { ($0, at: now) }
            records = try await services.store.caseQueue(filter, after: after.flatMap(QueueCursor.init), limit: pageSize)
            if records.count == pageSize, let last = records.last, let cursor = try await services.store.queueCursor(after: last) {
                next = Routes.query(Routes.episodes.path, ["attention": attention?.rawValue, "after": cursor.text])
            }
        }
        try await services.store.appendAudit(
            services.auditEntry(
                context, action: .episodesList, recordType: .organization, recordID: context.organization.id.rawValue,
                organization: context.organization.id))
        let rows = records.map { record in
            Row(
                href: Routes.episode(record.episode.id), caseNumber: record.episode.caseNumber ?? "—", childName: record.child.fullName,
                received: zone.format(record.episode.receivedAt), status: record.episode.status.rawValue.capitalized,
                clocks: record.clocks(at: now).map { ClockView($0, zone: zone, names: [:]) })
        }
        let views = [
            (StaffText.text("staff.episode.openCases"), nil as String?), (StaffText.text("staff.episode.allCasesNewestFirst"), "all"),
        ].map { label, value in
            ListChoice(
                label: label, href: Routes.query(Routes.episodes.path, ["view": value]),
                current: attention == nil && (value == "all") == showsAll)
        }
        let first = Routes.query(Routes.episodes.path, ["view": showsAll ? "all" : nil, "attention": attention?.rawValue])
        return try services.views.page(
            "episodes",
            ListModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.missingFromCareCases"),
                    current: Routes.episodes.path),
                heading: context.organization.kind == .clearinghouse
                    ? StaffText.text("staff.episode.allCases")
                    : StaffText.text("staff.episode.casesOf", ["name": "\(context.organization.name)"]), rows: rows,
                filterNote: attention.map {
                    $0 == .breached
                        ? StaffText.text("staff.episode.showingTheCasesWith") : StaffText.text("staff.episode.showingDeadlineComingUp")
                }, allHref: Routes.episodes.path,
                canFile: AccessPolicy.decide(context.principal, .fileReport).isAllowed, newHref: Routes.newReport.path, views: views,
                nextHref: next, firstHref: after == nil ? nil : first))
    }

    @Sendable static func detail(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let notice = CaseOutcome.message(in: request)
        return try services.views.page(
            "episode",
            try await EpisodeView.detailModel(
                try await EpisodeLoads.record(context, services), context: context, services: services, notice: notice))
    }

    /// A case manager settles a difference between the agency's proof of a duty and a linked police
    /// case's: the settlement goes on the timeline and shows on both records.
    @Sendable static func settle(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let current = try await EpisodeLoads.record(context, services)
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let event: EpisodeEvent
        do {
            event = try ProofDifference.settling(
                form["difference"], in: current.events, note: form["note"], roles: context.principal.roles,
                by: Recorder(user: context.user.id, organization: context.organization, at: services.clock.now()),
                eventID: EpisodeEventID(services.ids.next()))
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "episode",
                try await EpisodeView.detailModel(
                    current, context: context, services: services, settleErrors: errors, settleTyped: form["note"]),
                status: .unprocessableContent)
        }
        try await services.store.appendEvent(
            event, updating: nil,
            audit: services.auditEntry(
                context, action: .episodesSettleDifference, recordType: .episode, recordID: current.episode.id.rawValue,
                organization: current.episode.organizationID, detail: event.reference))
        return CaseOutcome.recorded.redirect(to: Routes.episode(current.episode.id))
    }

    static func record(_ kind: EpisodeEventKind, _ request: Request, _ context: SignedInContext, _ services: AppServices) async throws
        -> Response
    {
        let current = try await EpisodeLoads.record(context, services)
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let proof = DutyProof(
            occurredAt: form["occurredAt"], occurrence: form.value("occurredAtOccurrence"), method: form["method"],
            reference: form["reference"], officerName: form["officerName"], badge: form["badge"])
        do {
            try await EpisodeCommands.recordProof(kind, proof, on: current, context: context, services: services)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "episode",
                try await EpisodeView.detailModel(
                    current, context: context, services: services, formErrors: (kind, errors, form["occurredAt"])),
                status: .unprocessableContent)
        }
        return CaseOutcome.recorded.redirect(to: Routes.episode(current.episode.id))
    }

    struct NCICModel: Sendable {
        var layout: LayoutModel
        var caseNumber: String
        var childName: String
        var category: String
        var categoryReason: String
        var text: String
        var problems: [FieldErrors.Entry]
        var ready: Bool
        var backHref: String
    }

    @Sendable static func ncic(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        let agency = try await services.store.organization(record.episode.organizationID)
        let tz = (agency?.zone ?? TimeZone.utc)
        let sheet = NCICEntrySheet.build(NCICSubject(child: record.child, episode: record.episode, timeZone: tz))
        return try services.views.page(
            "ncic",
            NCICModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.ncicEntrySheet"),
                    current: Routes.episodes.path),
                caseNumber: record.episode.caseNumber ?? "—", childName: record.child.fullName, category: sheet.category,
                categoryReason: sheet.categoryReason, text: sheet.text, problems: sheet.problems, ready: sheet.isReady,
                backHref: Routes.episode(record.episode.id)))
    }
}

/// What the case page confirms after a form on it.
enum CaseOutcome: String, Outcome {
    case filed, recorded, recovered, referral, assigned, photo
    case recoveredWithdrawn = "recovered-withdrawn"

    var message: String {
        switch self {
        case .filed: StaffText.text("staff.episode.theReportIsFiled")
        case .recorded: StaffText.text("staff.episode.recorded")
        case .recovered: StaffText.text("staff.episode.theRecoveryIsRecorded")
        case .recoveredWithdrawn:
            StaffText.text("staff.episode.recoveryRecordedPosterWithdrawn")
        case .referral: StaffText.text("staff.episode.referralRecorded")
        case .assigned: StaffText.text("staff.episode.youAreThisCase")
        case .photo: StaffText.text("staff.episode.photoAdded")
        }
    }
}
