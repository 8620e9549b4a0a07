import Foundation
import HomewardCore
import Hummingbird

/// The case page's view model, built alike by the case, photo and recovery pages and after a
/// refused form: the timeline, clocks, proofs, tasks, referrals, calls and police cases.
enum EpisodeView {
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
        var referrals: [EpisodeView.ReferralRow]
        /// 911 calls about this child whose police cases an investigator linked to this report.
        var callCases: [CallCaseRow]
        var suggestedReferrals: [EpisodeView.Suggestion]
        var referralAction: String
        var longTerm: Bool
    }

    struct CallCaseRow: Sendable {
        var text: String
        var href: String?
    }

    /// The linked police cases from 911 calls, each in one sentence, with a link for those who may open it.
    /// The 911 calls linked to the case, from its linked police cases and their organizations'
    /// names (`organizations`, read once with the case's own).
    static func callCaseRows(
        _ linked: [PoliceCase], organizations: [OrganizationID: Organization], principal: Principal, zone: LocalTime
    ) -> [CallCaseRow] {
        linked.map { policeCase in
            let psap = organizations[policeCase.psapID]?.name ?? "a 911 center"
            let police = organizations[policeCase.policeID]?.name ?? "a police agency"
            let entry = policeCase.ncicNumber.map { "; NIC \($0)" } ?? "; not yet entered in NCIC"
            let readable = AccessPolicy.decide(principal, .viewPoliceCases, organization: policeCase.policeID).isAllowed
            return CallCaseRow(
                text: "911 call to \(psap) \(zone.format(policeCase.reportedAt)), handed to \(police)"
                    + (policeCase.reportNumber.map { " (report \($0))" } ?? "") + entry,
                href: readable ? Routes.policeCase(policeCase.id) : nil)
        }
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

    /// Every agency on a case, across jurisdictions: the reporting agency, the investigating police
    /// agency, and the 911 centers whose calls became police cases linked to it; a tribal agency
    /// with its nation.
    static func agenciesInvolved(_ record: EpisodeRecord, linked: [PoliceCase], organizations found: [OrganizationID: Organization])
        -> String
    {
        let e = record.episode
        let ids = [e.organizationID] + (e.police.organizationID.map { [$0] } ?? []) + linked.map(\.psapID)
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

    /// The names of these accounts, read at once.
    static func names(_ ids: some Sequence<UserID>, services: AppServices) async throws -> [UserID: String] {
        Dictionary(try await services.store.users(Array(ids)).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// What the case page shows that is not in the case's record, read from the store once
    /// (``load(_:context:services:settleErrors:settleTyped:)``); the model is built from it by
    /// ``detailModel(_:reader:layout:forms:)`` with no further reads.
    struct Loaded: Sendable {
        var record: EpisodeRecord
        /// Everyone the page names: who recorded each event, the case manager, who completed tasks.
        var names: [UserID: String]
        var agenciesInvolved: String
        /// The names of police agencies whose linked cases recorded proofs here.
        var policeAgencies: [OrganizationID: String]
        var linkedProofs: LinkedProofsView?
        var referrals: [ReferralRow]
        var suggestions: [Suggestion]
        /// The case's tips, nil for a reader who may not read them.
        var tips: [Tip]?
        var tasks: [CaseTask]
        var poster: Poster?
        /// Each photo's id and when it was uploaded.
        var photos: [(id: String, uploadedAt: Date)]
        var callCases: [CallCaseRow]
    }

    /// Who reads the case page, and when.
    struct Reader: Sendable {
        var principal: Principal
        var zone: TimeZone
        var now: Date
        /// How many days missing make a case long-term (the configuration's).
        var longTermDays: Int
    }

    /// What a refused form sends back to the page: its errors and what was typed, kept in place.
    struct FormState: Sendable {
        var proof: (kind: EpisodeEventKind, errors: FieldErrors, typed: String)?
        var workErrors = FieldErrors()
        var workTyped: String?
        var recoveryErrors = FieldErrors()
        var recoveryTyped = RecoveryTyped()
        var notice: String?
    }

    /// The case page's model for `context`'s reader: loads what it shows, then builds it.
    static func detailModel(
        _ record: EpisodeRecord, context: SignedInContext, services: AppServices,
        formErrors: (kind: EpisodeEventKind, errors: FieldErrors, typed: String)? = nil,
        workErrors: FieldErrors = FieldErrors(), workTyped: String? = nil, recoveryErrors: FieldErrors = FieldErrors(),
        recoveryTyped: RecoveryTyped = RecoveryTyped(), notice: String? = nil, settleErrors: FieldErrors = FieldErrors(),
        settleTyped: String? = nil
    ) async throws -> DetailModel {
        let loaded = try await load(record, context: context, services: services, settleErrors: settleErrors, settleTyped: settleTyped)
        let layout = LayoutModel(
            context: context, services: services, title: StaffText.text("staff.title.case", ["number": record.episode.caseNumber ?? ""]),
            current: Routes.episodes.path)
        return detailModel(
            loaded,
            reader: Reader(
                principal: context.principal, zone: context.zone, now: services.clock.now(),
                longTermDays: services.configuration.longTermDays),
            layout: layout,
            forms: FormState(
                proof: formErrors, workErrors: workErrors, workTyped: workTyped, recoveryErrors: recoveryErrors,
                recoveryTyped: recoveryTyped, notice: notice))
    }

    /// Reads what the case page shows beyond `record`, as `context`'s reader may see it.
    static func load(
        _ record: EpisodeRecord, context: SignedInContext, services: AppServices, settleErrors: FieldErrors, settleTyped: String?
    ) async throws -> Loaded {
        let e = record.episode
        let principal = context.principal
        let tasks = try await services.store.tasks(of: e.id)
        let names = try await names(
            record.events.map(\.recordedBy) + [e.caseManagerID].compactMap { $0 } + tasks.compactMap(\.completedBy), services: services)
        let settles = principal.isClearinghouseStaff && !principal.roles.isDisjoint(with: [.caseManager, .clearinghouseAdmin])
        let linkedProofs =
            record.events.contains { $0.policeCaseID != nil }
            ? try await LinkedProofsView.build(
                record.events, showing: { _ in false }, settleAction: settles ? Routes.episodeSettle(e.id) : nil, errors: settleErrors,
                typedNote: settleTyped, local: context.local, services: services)
            : nil
        let (referrals, suggestions) = try await rows(record, principal: principal, services: services, zone: context.local)
        // The linked police cases and every organization the page names (the case's agencies, the
        // calls' centers and police, the agencies whose police cases recorded proofs), read once.
        let linked = try await services.store.policeCases(linkedTo: e.id)
        let recordingPolice = record.events.filter { $0.policeCaseID != nil }.map(\.recordedByOrganization)
        let organizationIDs =
            [e.organizationID] + [e.police.organizationID].compactMap { $0 } + linked.flatMap { [$0.psapID, $0.policeID] }
            + recordingPolice
        let organizations = Dictionary(
            try await services.store.organizations(Array(Set(organizationIDs))).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let policeAgencies = Dictionary(
            recordingPolice.compactMap { id in organizations[id].map { (id, $0.name) } }, uniquingKeysWith: { first, _ in first })
        // Tips are read only for those who may read them: the investigating agency and case staff.
        let tips = AccessPolicy.readsTips(of: e.police.organizationID, principal) ? try await services.store.tips(ofEpisode: e.id) : nil
        return Loaded(
            record: record, names: names, agenciesInvolved: agenciesInvolved(record, linked: linked, organizations: organizations),
            policeAgencies: policeAgencies, linkedProofs: linkedProofs, referrals: referrals, suggestions: suggestions, tips: tips,
            tasks: tasks, poster: try await services.store.poster(ofEpisode: e.id),
            photos: try await services.store.photos(of: record.child.id).map { ($0.id, $0.uploadedAt) },
            callCases: callCaseRows(linked, organizations: organizations, principal: principal, zone: context.local))
    }

    /// The case page's model from what was loaded: no reads, so a test builds it from values.
    static func detailModel(_ loaded: Loaded, reader: Reader, layout: LayoutModel, forms state: FormState) -> DetailModel {
        let record = loaded.record
        let now = reader.now
        let zone = LocalTime(reader.zone)
        let tz = reader.zone
        let principal = reader.principal
        let e = record.episode
        let c = record.child
        let names = loaded.names
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
        facts.append(Fact(label: StaffText.text("staff.episode.agenciesInvolved"), value: loaded.agenciesInvolved))
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
        let formErrors = state.proof
        func errors(_ kind: EpisodeEventKind) -> [FieldErrors.Entry] { formErrors?.kind == kind ? formErrors!.errors.entries : [] }
        // What the person typed stays in the form that was refused.
        func typed(_ kind: EpisodeEventKind) -> String { formErrors?.kind == kind ? formErrors!.typed : nowLocal }
        // A duty already met offers no form: its proof stands, and a second would only confuse.
        let met = Set(record.events.filter { $0.missingProof.isEmpty }.map(\.kind))
        if AccessPolicy.decide(principal, .recordAgencyReport, episode: scope).isAllowed {
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
        if AccessPolicy.decide(principal, .recordNCICEntry, episode: scope).isAllowed {
            forms.append(
                ProofForm(
                    action: Routes.recordNCICEntry(e.id), title: StaffText.text("staff.episode.recordTheNcicEntry"),
                    referenceLabel: StaffText.text("staff.episode.nicNumber"),
                    methods: methods(["NCIC terminal", "state switch"]), occurredAt: typed(.ncicEntered), showsOfficer: false,
                    errors: errors(.ncicEntered)))
        }
        // A proof police recorded on their linked case says so, with their agency's name.
        let policeAgencies = loaded.policeAgencies
        let timeline = record.events.reversed().map { event in
            let source = event.policeCaseID.map { _ in
                StaffText.text("staff.proofs.onPoliceCase", ["agency": policeAgencies[event.recordedByOrganization] ?? "—"])
            }
            return TimelineItem(
                title: event.kind.title, when: zone.format(event.occurredAt),
                by: [names[event.recordedBy] ?? "—", source].compactMap { $0 }.joined(separator: " "),
                detail: [event.method, event.reference, event.note].compactMap { $0 }.joined(separator: " · ").nilIfEmpty)
        }
        let linkedProofs = loaded.linkedProofs
        // Tips are counted only for those who may read them: the investigating agency and case staff.
        let tipsVisible = loaded.tips != nil
        let tips = loaded.tips ?? []
        let tasks = loaded.tasks
        let completers = names
        // Each agency sees the tasks it does; the clearinghouse's case staff see them all.
        let taskRows = tasks.filter { AccessPolicy.doesTask($0.kind.owner, principal, episode: scope) }.map { task in
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
        let canWork = AccessPolicy.decide(principal, .workCase, episode: scope).isAllowed
        let poster = loaded.poster
        let (workErrors, workTyped, recoveryErrors) = (state.workErrors, state.workTyped, state.recoveryErrors)
        return DetailModel(
            layout: layout,
            caseNumber: e.caseNumber ?? "—",
            childName: e.personalDataRemovedAt == nil ? c.fullName : StaffText.text("staff.episode.detailsRemoved"), facts: facts,
            risks: risks, clocks: clocks, timeline: timeline, linkedProofs: linkedProofs?.differences.isEmpty == false ? linkedProofs : nil,
            forms: forms.filter { form in !met.contains { Routes.proof(e.id, $0) == form.action } },
            ncicHref: Routes.episodeNCIC(e.id), evidenceHref: Routes.evidence(e.id), notice: state.notice,
            removedNotice: e.personalDataRemovedAt.map {
                StaffText.text("staff.episode.thePersonalDetailsOf", ["time": zone.format($0)])
            },
            caseManager: e.caseManagerID.flatMap { names[$0] } ?? StaffText.text("staff.episode.notYetAssigned"),
            canAssign: e.caseManagerID != principal.userID
                && AccessPolicy.decide(principal, .assignCase, episode: scope).isAllowed,
            assignAction: Routes.assignCase(e.id), canWork: canWork,
            recovery: stillMissing && canWork
                ? RecoveryForm(
                    action: Routes.caseEvents(e.id), nowLocal: recoveryErrors.isEmpty ? nowLocal : workTyped ?? nowLocal,
                    posterPublished: poster?.status == .published, errors: recoveryErrors.entries,
                    confirmError: recoveryErrors["confirmRecovery"], typed: state.recoveryTyped)
                : nil,
            offersLocated: stillMissing,
            workAction: Routes.caseEvents(e.id), workErrors: workErrors.entries,
            workOccurrence: workErrors.entries.contains { $0.message.contains(LocalDateTime.happenedTwice) }
                ? OccurrenceChoice(name: "occurredAt") : nil,
            nowLocal: workTyped ?? nowLocal, tasks: taskRows,
            services: ServiceSuggestions.suggestions(for: e),
            photos: loaded.photos.map {
                PhotoRow(
                    src: Routes.episodePhoto(e.id, $0.id),
                    caption: StaffText.text("staff.episode.uploaded", ["time": zone.format($0.uploadedAt)]))
            }, photoAction: Routes.episodePhotos(e.id),
            posterHref: AccessPolicy.decide(principal, .managePoster).isAllowed ? Routes.poster(e.id) : nil,
            posterStatus: poster?.status.title ?? StaffText.text("staff.episode.noPosterYet"),
            tipsHref: tipsVisible ? Routes.tips.path : nil, tipCount: tips.count, newTipCount: tips.filter { $0.receivedAt == nil }.count,
            referrals: loaded.referrals,
            callCases: loaded.callCases,
            suggestedReferrals: loaded.suggestions, referralAction: Routes.referrals(e.id),
            longTerm: LongTermPolicy(days: reader.longTermDays).isLongTerm(e, at: now))
    }

    struct ReferralRow: Sendable {
        var title: String
        var status: String
        var note: String
        var declineReason: String
        var requested: String
        var action: String
        var open: Bool
        /// Whether the reader records the outcome (the clearinghouse's case staff).
        var recordsOutcome: Bool
    }

    struct Suggestion: Sendable {
        var kind: String
        var title: String
        var reason: String
    }

    /// The referral rows and the suggestions not yet acted on, for the episode page.
    static func rows(_ record: EpisodeRecord, principal: Principal, services: AppServices, zone: LocalTime) async throws
        -> ([ReferralRow], [Suggestion])
    {
        let referrals = try await services.store.referrals(ofEpisode: record.episode.id)
        let longTerm = LongTermPolicy(days: services.configuration.longTermDays).isLongTerm(record.episode, at: services.clock.now())
        let taken = Set(referrals.map(\.kind))
        let rows = referrals.map { r in
            ReferralRow(
                title: r.kind.title, status: r.status.title, note: r.note, declineReason: r.declineReason,
                requested: zone.format(r.requestedAt), action: Routes.referral(record.episode.id, r.id),
                open: r.status == .requested || r.status == .accepted, recordsOutcome: Referral.recordsOutcome(principal))
        }
        let suggestions = Referral.suggestions(for: record.episode, longTerm: longTerm).filter { !taken.contains($0) }.map {
            Suggestion(kind: $0.rawValue, title: $0.title, reason: $0.suggestionReason)
        }
        return (rows, suggestions)
    }
}
