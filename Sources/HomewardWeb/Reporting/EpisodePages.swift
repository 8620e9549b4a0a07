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

    struct TimelineItem: Sendable {
        var title: String
        var when: String
        var by: String
        var detail: String?
    }

    struct OccurrenceChoice: Sendable {
        var name: String
    }

    struct ProofForm: Sendable {
        var action: String
        var title: String
        var referenceLabel: String
        var methods: [FieldView.Option]
        var occurredAt: String
        var showsOfficer: Bool
        var errors: [FieldErrors.Entry]
        var name = "occurredAt"
        /// Set when the time typed happened twice: the form asks which (templates see stored values only).
        var asksOccurrence = false

        init(
            action: String, title: String, referenceLabel: String, methods: [FieldView.Option], occurredAt: String, showsOfficer: Bool,
            errors: [FieldErrors.Entry]
        ) {
            self.action = action
            self.title = title
            self.referenceLabel = referenceLabel
            self.methods = methods
            self.occurredAt = occurredAt
            self.showsOfficer = showsOfficer
            self.errors = errors
            self.asksOccurrence = errors.contains { $0.message.contains(LocalDateTime.happenedTwice) }
        }
    }

    struct DetailModel: Sendable {
        var layout: LayoutModel
        var caseNumber: String
        var childName: String
        var facts: [Fact]
        var risks: [String]
        var clocks: [ClockView]
        var timeline: [TimelineItem]
        /// Differences between the agency's proofs and its linked police cases', with their settlements.
        var linkedProofs: LinkedProofsView?
        var forms: [ProofForm]
        var ncicHref: String
        var evidenceHref: String
        var notice: String?
        /// Set when the retention policy replaced the personal details with a tombstone.
        var removedNotice: String?
        var caseManager: String
        var canAssign: Bool
        var assignAction: String
        var canWork: Bool
        /// Set while the child is missing and the reader works the case.
        var recovery: RecoveryForm?
        /// Set while the child is missing: "Child located" is offered in the timeline form.
        var offersLocated: Bool
        var workAction: String
        var workErrors: [FieldErrors.Entry]
        /// Set when the time typed in the timeline form happened twice: the form asks which.
        var workOccurrence: OccurrenceChoice?
        var nowLocal: String
        var tasks: [TaskRow]
        var services: [SuggestedService]
        var photos: [PhotoRow]
        var photoAction: String
        var posterHref: String?
        var posterStatus: String
        var tipsHref: String?
        var tipCount: Int
        var newTipCount: Int
        var referrals: [ReferralPages.ReferralRow]
        /// 911 calls about this child whose police cases an investigator linked to this report.
        var callCases: [CallCaseRow]
        var suggestedReferrals: [ReferralPages.Suggestion]
        var referralAction: String
        var longTerm: Bool
    }

    struct CallCaseRow: Sendable {
        var text: String
        var href: String?
    }

    /// The linked police cases from 911 calls, each in one sentence, with a link for those who may open it.
    static func callCaseRows(_ episode: EpisodeID, context: SignedInContext, services: AppServices, zone: LocalTime) async throws
        -> [CallCaseRow]
    {
        var rows: [CallCaseRow] = []
        for policeCase in try await services.store.policeCases(linkedTo: episode) {
            let psap = try await services.store.organization(policeCase.psapID)?.name ?? "a 911 center"
            let police = try await services.store.organization(policeCase.policeID)?.name ?? "a police agency"
            let entry = policeCase.ncicNumber.map { "; NIC \($0)" } ?? "; not yet entered in NCIC"
            let readable = AccessPolicy.decide(context.principal, .viewPoliceCases, organization: policeCase.policeID).isAllowed
            rows.append(
                CallCaseRow(
                    text: "911 call to \(psap) \(zone.format(policeCase.reportedAt)), handed to \(police)"
                        + (policeCase.reportNumber.map { " (report \($0))" } ?? "") + entry,
                    href: readable ? Routes.policeCase(policeCase.id) : nil))
        }
        return rows
    }

    struct PhotoRow: Sendable {
        var src: String
        var caption: String
    }

    struct TaskRow: Sendable {
        var title: String
        var due: String
        var overdue: Bool
        var done: String?
        var completeAction: String
        /// Whether the reader does this task (and so may mark it done).
        var canComplete: Bool
    }

    /// The recovery, recorded on its own with a confirmation, since it cannot be undone and takes
    /// the public poster down.
    struct RecoveryForm: Sendable {
        var action: String
        var nowLocal: String
        var posterPublished: Bool
        /// The problems of a refused recovery, shown in this form, not the timeline's.
        var errors: [FieldErrors.Entry]
        var confirmError: String?
        var typed: RecoveryTyped
    }

    /// What was typed in a refused recovery form.
    struct RecoveryTyped: Sendable {
        var place = ""
        var by = ""
        var note = ""
    }

    struct Fact: Sendable {
        var label: String
        var value: String
    }

    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: "episode.view", recordType: "episode")
        return [
            Endpoint(
                .get, Routes.episodes, allowing: .listEpisodes, .page, scope: .none,
                summary: "Missing-from-care episodes with their clocks",
                handler: list),
            Endpoint(
                .get, Routes.episode, allowing: .viewEpisode, .page, scope: .episode("episode"), summary: "One episode",
                auditedRead: read, handler: detail),
            Endpoint(
                .get, Routes.episodeNCIC, allowing: .viewNCICSheet, .page, scope: .episode("episode"),
                summary: "NCIC entry sheet", auditedRead: read,
                handler: ncic),
            Endpoint(
                .post, Routes.recordPoliceReport, allowing: .recordAgencyReport, .page, scope: .episode("episode"),
                summary: "Record the report to police",
                handler: { try await record(.reportedToPolice, $0, $1, $2) }),
            Endpoint(
                .post, Routes.recordClearinghouseReport, allowing: .recordAgencyReport, .page,
                scope: .episode("episode"), summary: "Record an earlier report to the clearinghouse",
                handler: { try await record(.reportedToClearinghouse, $0, $1, $2) }),
            Endpoint(
                .post, Routes.recordNCICEntry, allowing: .recordNCICEntry, .page, scope: .episode("episode"),
                summary: "Record the NCIC entry",
                handler: { try await record(.ncicEntered, $0, $1, $2) }),
            Endpoint(
                .post, Routes.episodeSettle, allowing: .workCase, .page, scope: .episode("episode"),
                summary: "Settle a difference between the agency's and a linked police case's proofs (case managers)", handler: settle),
        ]
    }

    /// Every agency on a case, across jurisdictions: the reporting agency, the investigating police
    /// agency, and the 911 centers whose calls became police cases linked to it; a tribal agency
    /// with its nation.
    static func agenciesInvolved(_ record: EpisodeRecord, services: AppServices) async throws -> String {
        let e = record.episode
        let psaps = try await services.store.policeCases(linkedTo: e.id).map(\.psapID)
        let ids = [e.organizationID] + (e.police.organizationID.map { [$0] } ?? []) + psaps
        let found = Dictionary(try await services.store.organizations(ids).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<OrganizationID>()
        var parts: [String] = []
        for id in ids where seen.insert(id).inserted {
            guard let organization = found[id] else { continue }
            let role =
                id == e.organizationID ? "reporting" : id == e.police.organizationID ? "investigating" : "911 center"
            parts.append("\(organization.name) (\(role)\(organization.tribe.map { ", \($0)" } ?? ""))")
        }
        if e.police.organizationID == nil { parts.append("\(e.police.name) (investigating, not a member)") }
        return parts.joined(separator: "; ")
    }

    /// The episodes a principal works: their agency's, their police agency's, or (clearinghouse) all.
    static func filter(for signedIn: SignedIn) -> EpisodeFilter {
        switch signedIn.organization.kind {
        case .childWelfare: EpisodeFilter(reportingOrganization: signedIn.organization.id)
        case .lawEnforcement: EpisodeFilter(investigatingOrganization: signedIn.organization.id)
        case .clearinghouse, .psap: EpisodeFilter()
        }
    }

    /// The names of these accounts, read at once.
    static func names(_ ids: some Sequence<UserID>, services: AppServices) async throws -> [UserID: String] {
        Dictionary(try await services.store.users(Array(ids)).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
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
            var filter = filter(for: signedIn)
            filter.limit = pageSize
            filter.after = after.flatMap(EpisodeFilter.Cursor.init)
            records = try await services.store.episodeRecords(matching: filter)
            if records.count == pageSize, let last = records.last {
                next = Routes.query(Routes.episodes.path, ["view": "all", "after": EpisodeFilter.Cursor(after: last.episode).text])
            }
        } else {
            var filter = CaseQueueFilter(scope: filter(for: signedIn))
            filter.attention = attention.map { ($0, at: now) }
            records = try await services.store.caseQueue(filter, after: after.flatMap(QueueCursor.init), limit: pageSize)
            if records.count == pageSize, let last = records.last, let cursor = try await services.store.queueCursor(after: last) {
                next = Routes.query(Routes.episodes.path, ["attention": attention?.rawValue, "after": cursor.text])
            }
        }
        try await services.store.appendAudit(
            services.auditEntry(
                context, action: "episodes.list", recordType: "organization", recordID: context.organization.id.rawValue,
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
                        ? StaffText.text("staff.episode.showingTheCasesWith") : StaffText.text("staff.episode.showingTheCasesWith2")
                }, allHref: Routes.episodes.path,
                canFile: AccessPolicy.decide(context.principal, .fileReport).isAllowed, newHref: Routes.newReport.path, views: views,
                nextHref: next, firstHref: after == nil ? nil : first))
    }

    static func detailModel(
        _ record: EpisodeRecord, context: SignedInContext, services: AppServices,
        formErrors: (kind: EpisodeEventKind, errors: FieldErrors, typed: String)? = nil,
        workErrors: FieldErrors = FieldErrors(), workTyped: String? = nil, recoveryErrors: FieldErrors = FieldErrors(),
        recoveryTyped: RecoveryTyped = RecoveryTyped(), notice: String? = nil, settleErrors: FieldErrors = FieldErrors(),
        settleTyped: String? = nil
    ) async throws -> DetailModel {
        let now = services.clock.now()
        let zone = context.local
        let tz = context.organization.zone
        let e = record.episode
        let c = record.child
        let names = try await names(record.events.map(\.recordedBy), services: services)
        let readings = record.clocks(at: now)
        let clocks = readings.map {
            ClockView($0, zone: zone, names: names)
        }
        var facts: [Fact] = [
            Fact(
                label: StaffText.text("staff.episode.dateOfBirth"),
                value: "\(c.dateOfBirth.iso) (age \(c.dateOfBirth.age(on: CivilDate(now, in: tz))))"),
            Fact(label: StaffText.text("staff.episode.sex"), value: c.sex.title),
            Fact(label: StaffText.text("staff.episode.height"), value: "\(c.heightInches / 12)′\(c.heightInches % 12)″"),
            Fact(label: StaffText.text("staff.episode.weight"), value: "\(c.weightPounds) lb"),
            Fact(label: StaffText.text("staff.episode.agencyLearnedOfIt"), value: zone.format(e.receivedAt)),
            Fact(label: StaffText.text("staff.episode.missingFrom"), value: "\(e.lastSeenCity), \(e.lastSeenState)"),
            Fact(label: StaffText.text("staff.episode.kindOfCase"), value: e.caseType.title),
            Fact(label: StaffText.text("staff.episode.status"), value: e.status.rawValue.capitalized),
            Fact(label: StaffText.text("staff.episode.investigatingAgency"), value: "\(e.police.name) · \(e.police.phone)"),
            Fact(label: StaffText.text("staff.episode.clocksRunUnder"), value: record.rules.summary),
        ]
        if let seen = e.lastSeenAt { facts.insert(Fact(label: StaffText.text("staff.episode.lastSeen"), value: zone.format(seen)), at: 5) }
        if let tribe = c.tribalAffiliation {
            facts.append(Fact(label: StaffText.text("staff.episode.tribalAffiliationPrivate"), value: tribe))
        }
        facts.append(
            Fact(label: StaffText.text("staff.episode.agenciesInvolved"), value: try await agenciesInvolved(record, services: services)))
        // The numbers that prove the duties, whichever agency recorded them (a linked police case's included).
        let proved = { (kind: ClockKind) in readings.first { $0.definition.kind == kind }?.proof?.reference }
        if let number = e.police.reportNumber ?? proved(.policeReport) {
            facts.append(Fact(label: StaffText.text("staff.episode.policeReportNumber"), value: number))
        }
        if let nic = e.ncicNumber ?? proved(.ncicEntry) { facts.append(Fact(label: "NIC", value: nic)) }
        facts.append(Fact(label: StaffText.text("staff.episode.circumstances"), value: e.circumstances))
        var risks = e.endangerments.sorted { $0.rawValue < $1.rawValue }.map(\.title)
        if e.isThirteenOrYounger(child: c, timeZone: tz) { risks.insert("13 or younger", at: 0) }

        let scope = EpisodeScope(reportingOrganization: e.organizationID, investigatingOrganization: e.police.organizationID)
        let nowLocal = LocalDateTime.format(now, in: tz)
        var forms: [ProofForm] = []
        func methods(_ list: [String]) -> [FieldView.Option] {
            // Sentence case: "NCIC terminal", not "Ncic Terminal".
            list.map { FieldView.Option(value: $0, label: $0.prefix(1).uppercased() + $0.dropFirst(), selected: false) }
        }
        func errors(_ kind: EpisodeEventKind) -> [FieldErrors.Entry] { formErrors?.kind == kind ? formErrors!.errors.entries : [] }
        // What the person typed stays in the form that was refused.
        func typed(_ kind: EpisodeEventKind) -> String { formErrors?.kind == kind ? formErrors!.typed : nowLocal }
        // A duty already met offers no form: its proof stands, and a second would only confuse.
        let met = Set(record.events.filter { $0.missingProof.isEmpty }.map(\.kind))
        if AccessPolicy.decide(context.principal, .recordAgencyReport, episode: scope).isAllowed {
            forms.append(
                ProofForm(
                    action: Routes.recordPoliceReport(e.id), title: StaffText.text("staff.episode.recordTheReportTo"),
                    referenceLabel: StaffText.text("staff.episode.policeReportNumber"),
                    methods: methods(["phone", "in person", "online portal", "fax"]), occurredAt: typed(.reportedToPolice),
                    showsOfficer: true,
                    errors: errors(.reportedToPolice)))
            forms.append(
                ProofForm(
                    action: Routes.recordClearinghouseReport(e.id), title: StaffText.text("staff.episode.recordAnEarlierReport"),
                    referenceLabel: StaffText.text("staff.episode.clearinghouseCaseOrCall"),
                    methods: methods(["phone", "e-mail", "online portal"]),
                    occurredAt: typed(.reportedToClearinghouse), showsOfficer: false, errors: errors(.reportedToClearinghouse)))
        }
        if AccessPolicy.decide(context.principal, .recordNCICEntry, episode: scope).isAllowed {
            forms.append(
                ProofForm(
                    action: Routes.recordNCICEntry(e.id), title: StaffText.text("staff.episode.recordTheNcicEntry"),
                    referenceLabel: StaffText.text("staff.episode.nicNumber"),
                    methods: methods(["NCIC terminal", "state switch"]), occurredAt: typed(.ncicEntered), showsOfficer: false,
                    errors: errors(.ncicEntered)))
        }
        // A proof police recorded on their linked case says so, with their agency's name.
        let policeAgencies = Dictionary(
            try await services.store.organizations(
                Array(Set(record.events.filter { $0.policeCaseID != nil }.map(\.recordedByOrganization)))
            )
            .map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let timeline = record.events.reversed().map { event in
            let source = event.policeCaseID.map { _ in
                StaffText.text("staff.proofs.onPoliceCase", ["agency": policeAgencies[event.recordedByOrganization] ?? "—"])
            }
            return TimelineItem(
                title: event.kind.title, when: zone.format(event.occurredAt),
                by: [names[event.recordedBy] ?? "—", source].compactMap { $0 }.joined(separator: " "),
                detail: [event.method, event.reference, event.note].compactMap { $0 }.joined(separator: " · ").nilIfEmpty)
        }
        let settles =
            context.principal.isClearinghouseStaff && !context.principal.roles.isDisjoint(with: [.caseManager, .clearinghouseAdmin])
        let linkedProofs =
            record.events.contains { $0.policeCaseID != nil }
            ? try await LinkedProofsView.build(
                record.events, showing: { _ in false }, settleAction: settles ? Routes.episodeSettle(e.id) : nil, errors: settleErrors,
                typedNote: settleTyped, local: zone, services: services)
            : nil
        let managerNames = try await Self.names([e.caseManagerID].compactMap { $0 }, services: services)
        let (referralRows, suggestions) = try await ReferralPages.rows(
            record, principal: context.principal, services: services, zone: zone)
        // Tips are counted only for those who may read them: the investigating agency and case staff.
        let tipsVisible = AccessPolicy.readsTips(of: e.police.organizationID, context.principal)
        let tips = tipsVisible ? try await services.store.tips(ofEpisode: e.id) : []
        let tasks = try await services.store.tasks(of: e.id)
        let completers = try await Self.names(tasks.compactMap(\.completedBy), services: services)
        // Each agency sees the tasks it does; the clearinghouse's case staff see them all.
        let taskRows = tasks.filter { AccessPolicy.doesTask($0.kind.owner, context.principal, episode: scope) }.map { task in
            TaskRow(
                title: task.kind == .ncicCancel ? "\(task.kind.title) (NIC \(e.ncicNumber ?? "—"))" : task.kind.title,
                due: zone.format(task.dueAt), overdue: task.isOverdue(at: now),
                done: task.completedAt.map {
                    StaffText.text(
                        "staff.episode.doneBy",
                        ["time": zone.format($0), "person": "\(task.completedBy.flatMap { completers[$0] } ?? "—")"])
                },
                completeAction: Routes.completeTask(e.id, task.id), canComplete: true)
        }
        let stillMissing = ![.recovered, .closed].contains(e.status)
        let canWork = AccessPolicy.decide(context.principal, .workCase, episode: scope).isAllowed
        let poster = try await services.store.poster(ofEpisode: e.id)
        return DetailModel(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.case", ["number": e.caseNumber ?? ""]),
                current: Routes.episodes.path),
            caseNumber: e.caseNumber ?? "—",
            childName: e.personalDataRemovedAt == nil ? c.fullName : StaffText.text("staff.episode.detailsRemoved"), facts: facts,
            risks: risks, clocks: clocks, timeline: timeline, linkedProofs: linkedProofs?.differences.isEmpty == false ? linkedProofs : nil,
            forms: forms.filter { form in !met.contains { Routes.proof(e.id, $0) == form.action } },
            ncicHref: Routes.episodeNCIC(e.id), evidenceHref: Routes.evidence(e.id), notice: notice,
            removedNotice: e.personalDataRemovedAt.map {
                StaffText.text("staff.episode.thePersonalDetailsOf", ["time": zone.format($0)])
            },
            caseManager: e.caseManagerID.flatMap { managerNames[$0] } ?? StaffText.text("staff.episode.notYetAssigned"),
            canAssign: e.caseManagerID != context.user.id
                && AccessPolicy.decide(context.principal, .assignCase, episode: scope).isAllowed,
            assignAction: Routes.assignCase(e.id), canWork: canWork,
            recovery: stillMissing && canWork
                ? RecoveryForm(
                    action: Routes.caseEvents(e.id), nowLocal: recoveryErrors.isEmpty ? nowLocal : workTyped ?? nowLocal,
                    posterPublished: poster?.status == .published, errors: recoveryErrors.entries,
                    confirmError: recoveryErrors["confirmRecovery"], typed: recoveryTyped)
                : nil,
            offersLocated: stillMissing,
            workAction: Routes.caseEvents(e.id), workErrors: workErrors.entries,
            workOccurrence: workErrors.entries.contains { $0.message.contains(LocalDateTime.happenedTwice) }
                ? OccurrenceChoice(name: "occurredAt") : nil,
            nowLocal: workTyped ?? nowLocal, tasks: taskRows,
            services: ServiceSuggestions.suggestions(for: e),
            photos: try await services.store.photos(of: c.id).map {
                PhotoRow(
                    src: Routes.episodePhoto(e.id, $0.id),
                    caption: StaffText.text("staff.episode.uploaded", ["time": zone.format($0.uploadedAt)]))
            }, photoAction: Routes.episodePhotos(e.id),
            posterHref: AccessPolicy.decide(context.principal, .managePoster).isAllowed ? Routes.poster(e.id) : nil,
            posterStatus: try await services.store.poster(ofEpisode: e.id)?.status.title ?? StaffText.text("staff.episode.noPosterYet"),
            tipsHref: tipsVisible ? Routes.tips.path : nil, tipCount: tips.count, newTipCount: tips.filter { $0.receivedAt == nil }.count,
            referrals: referralRows,
            callCases: try await Self.callCaseRows(e.id, context: context, services: services, zone: zone),
            suggestedReferrals: suggestions, referralAction: Routes.referrals(e.id),
            longTerm: LongTermPolicy(days: services.configuration.longTermDays).isLongTerm(e, at: now))
    }

    @Sendable static func detail(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let notice = CaseOutcome.message(in: request)
        return try services.views.page(
            "episode",
            try await detailModel(try await EpisodeLoads.record(context, services), context: context, services: services, notice: notice))
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
                try await detailModel(current, context: context, services: services, settleErrors: errors, settleTyped: form["note"]),
                status: .unprocessableContent)
        }
        try await services.store.appendEvent(
            event, updating: nil,
            audit: services.auditEntry(
                context, action: "episodes.settle_difference", recordType: "episode", recordID: current.episode.id.rawValue,
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
            try await recordProof(kind, proof, on: current, context: context, services: services)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "episode",
                try await detailModel(current, context: context, services: services, formErrors: (kind, errors, form["occurredAt"])),
                status: .unprocessableContent)
        }
        return CaseOutcome.recorded.redirect(to: Routes.episode(current.episode.id))
    }

    /// Records a duty's proof (``MissingEpisode/recordingProof(_:_:childBornOn:timeline:by:eventID:)``) and
    /// stores the event with the episode fields it carries in one call. The API records here too.
    static func recordProof(
        _ kind: EpisodeEventKind, _ proof: DutyProof, on record: EpisodeRecord, context: SignedInContext, services: AppServices
    ) async throws {
        let (event, updated) = try record.episode.recordingProof(
            kind, proof, childBornOn: record.child.dateOfBirth, timeline: record.events,
            by: Recorder(user: context.user.id, organization: context.organization, at: services.clock.now()),
            eventID: EpisodeEventID(services.ids.next()))
        try await services.store.appendEvent(
            event, updating: updated,
            audit: services.auditEntry(
                context, action: "episodes.\(kind.rawValue)", recordType: "episode", recordID: record.episode.id.rawValue,
                organization: record.episode.organizationID))
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
        let tz = (agency?.zone ?? TimeZone(identifier: "UTC")!)
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
            StaffText.text("staff.episode.theRecoveryIsRecorded2")
        case .referral: StaffText.text("staff.episode.referralRecorded")
        case .assigned: StaffText.text("staff.episode.youAreThisCase")
        case .photo: StaffText.text("staff.episode.photoAdded")
        }
    }
}
