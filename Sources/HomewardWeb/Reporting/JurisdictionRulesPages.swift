import Foundation
import HomewardCore
import Hummingbird

/// State and territory rules: everyone signed in reads which rules each state has (a caseworker
/// needs to know their state's windows); clearinghouse administrators add versions, each kept with
/// who added it, when, the citation and why.
enum JurisdictionRulesPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.jurisdictionRules, allowing: .viewHome, .page, scope: .none, summary: "Every state's rules", handler: list),
            Endpoint(
                .post, Routes.jurisdictionRules, allowing: .manageJurisdictionRules, .page, scope: .none,
                summary: "Add a version of a state's rules", handler: add),
            Endpoint(
                .get, Routes.stateRules, allowing: .viewHome, .page, scope: .none, summary: "Every version of one state's rules",
                handler: history),
        ]
    }

    struct RulesRow: Sendable {
        var href: String?
        var state: String
        var version: String
        var effectiveFrom: String
        var windows: String
        var warnings: String
        var childUnder: Int
        var requiredFields: String
        var clearinghouse: String
        var citation: String
        var recorded: String
        var note: String
    }

    struct FieldChoice: Sendable {
        var name: String
        var label: String
        var checked: Bool
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var federal: RulesRow
        var states: [RulesRow]
        var canAdd: Bool
        var action: String
        var fields: [FieldView]
        var requiredFields: [FieldChoice]
        var requiredFieldsError: String?
        var note: FieldView
        var errors: [FieldErrors.Entry]
    }

    struct HistoryModel: Sendable {
        var layout: LayoutModel
        var stateName: String
        var versions: [RulesRow]
        var listHref: String
    }

    /// One version as a row; `federal` for the floor every state stands on.
    static func row(_ rules: JurisdictionRules?, federal: [ClockDefinition], names: [UserID: String], local: LocalTime) -> RulesRow {
        let definitions = rules?.definitions(over: federal) ?? federal
        let windows = definitions.map { "\($0.title): \(DurationText.window($0.window))" }.joined(separator: "; ")
        let warnings = (definitions.first?.warningFractions ?? []).map { "\(Int(($0 * 100).rounded()))%" }.joined(separator: ", ")
        guard let rules else {
            return RulesRow(
                href: nil, state: StaffText.text("staff.jurisdictionRules.federalEveryStateWithout"), version: "—", effectiveFrom: "—",
                windows: windows,
                warnings: warnings, childUnder: 18, requiredFields: "—", clearinghouse: "—",
                citation: "42 U.S.C. 671(a)(35)(B); 34 U.S.C. 41308", recorded: "—", note: "")
        }
        let labels = Dictionary(uniqueKeysWithValues: JurisdictionRules.requirableFields.map { ($0.name, $0.label) })
        return RulesRow(
            href: Routes.stateRules(rules.state), state: USState.names[rules.state] ?? rules.state, version: String(rules.version),
            effectiveFrom: local.format(rules.effectiveFrom), windows: windows, warnings: warnings, childUnder: rules.childUnder,
            requiredFields: rules.requiredFields.isEmpty
                ? StaffText.text("staff.jurisdictionRules.noneBeyondFederal")
                : rules.requiredFields.map { labels[$0] ?? $0 }
                    .joined(separator: ", "),
            clearinghouse: [rules.clearinghouseName, rules.clearinghousePhone].filter { !$0.isEmpty }.joined(separator: " · "),
            citation: rules.citation,
            recorded: "\(names[rules.recordedBy] ?? rules.recordedBy.rawValue), \(local.format(rules.recordedAt))",
            note: rules.note)
    }

    static func names(_ versions: [JurisdictionRules], services: AppServices) async throws -> [UserID: String] {
        Dictionary(
            try await services.store.users(versions.map(\.recordedBy)).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    static func listModel(
        context: SignedInContext, services: AppServices, draft: JurisdictionRulesDraft? = nil, errors: FieldErrors = FieldErrors(),
        flash: String? = nil
    ) async throws -> ListModel {
        let latest = try await services.store.latestJurisdictionRules()
        let names = try await names(latest, services: services)
        let federal = services.configuration.clockDefinitions
        let today = CivilDate(services.clock.now(), in: context.organization.zone).iso
        let draft =
            draft
            ?? JurisdictionRulesDraft(state: "", effectiveFrom: today, citation: "", note: "")
        let states = [("", StaffText.text("staff.jurisdictionRules.choose"))] + USState.codesByName.map { ($0, USState.names[$0]!) }
        return ListModel(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.stateRules"),
                current: Routes.jurisdictionRules.path, flash: flash),
            federal: row(nil, federal: federal, names: names, local: context.local),
            states: latest.map { row($0, federal: federal, names: names, local: context.local) },
            canAdd: AccessPolicy.decide(context.principal, .manageJurisdictionRules).isAllowed, action: Routes.jurisdictionRules.path,
            fields: [
                .select(
                    "state", StaffText.text("staff.jurisdictionRules.stateOrTerritory"), draft.state, options: states, errors: errors,
                    required: true),
                .text(
                    "effectiveFrom", StaffText.text("staff.jurisdictionRules.inForceFrom"), draft.effectiveFrom, errors: errors,
                    hint: StaffText.text("staff.jurisdictionRules.todayOrLaterCases"), type: "date", required: true),
                .text(
                    "policeReportHours", StaffText.text("staff.jurisdictionRules.hoursToReportTo"), draft.policeReportHours, errors: errors,
                    hint: StaffText.text("staff.jurisdictionRules.emptyForTheFederal"), type: "number"),
                .text(
                    "clearinghouseReportHours", StaffText.text("staff.jurisdictionRules.hoursToReportToClearinghouse"),
                    draft.clearinghouseReportHours,
                    errors: errors,
                    hint: StaffText.text("staff.jurisdictionRules.emptyForTheFederal"), type: "number"),
                .text(
                    "ncicEntryHours", StaffText.text("staff.jurisdictionRules.hoursForPoliceTo"), draft.ncicEntryHours, errors: errors,
                    hint: StaffText.text("staff.jurisdictionRules.emptyForTheFederalTwoHours"), type: "number"),
                .text(
                    "warningPercents", StaffText.text("staff.jurisdictionRules.warningsAtThesePercentages"), draft.warningPercents,
                    errors: errors,
                    hint: StaffText.text("staff.jurisdictionRules.suchAs5090")),
                .text(
                    "childUnder", StaffText.text("staff.jurisdictionRules.countsAsAMissing"), draft.childUnder, errors: errors,
                    hint: StaffText.text("staff.jurisdictionRules.n18UnderFederalLaw"), type: "number", required: true),
                .text(
                    "clearinghouseName", StaffText.text("staff.jurisdictionRules.theStateSMissing"), draft.clearinghouseName, errors: errors
                ),
                .text(
                    "clearinghousePhone", StaffText.text("staff.jurisdictionRules.itsTelephone"), draft.clearinghousePhone, errors: errors,
                    type: "tel"),
                .text(
                    "citation", StaffText.text("staff.jurisdictionRules.citation"), draft.citation, errors: errors,
                    hint: StaffText.text("staff.jurisdictionRules.theStatuteOrRegulation"),
                    required: true),
            ],
            requiredFields: JurisdictionRules.requirableFields.map {
                FieldChoice(name: $0.name, label: $0.label, checked: draft.requiredFields.contains($0.name))
            },
            requiredFieldsError: errors["requiredFields"],
            note: .text(
                "note", StaffText.text("staff.jurisdictionRules.whyTheRulesChange"), draft.note, errors: errors,
                hint: StaffText.text("staff.jurisdictionRules.keptWithTheVersion"), required: true),
            errors: errors.entries)
    }

    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try services.views.page(
            "jurisdiction-rules",
            try await listModel(context: context, services: services, flash: RulesOutcome.message(in: request)))
    }

    @Sendable static func history(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let state = (context.parameters.get(.state) ?? "").uppercased()
        guard USState.isValid(state) else { throw HomewardError.notFound("state") }
        let versions = try await services.store.jurisdictionRules(of: state)
        let names = try await names(versions, services: services)
        return try services.views.page(
            "state-rules",
            HistoryModel(
                layout: .init(
                    context: context, services: services,
                    title: StaffText.text("staff.title.rules", ["state": USState.names[state] ?? state]),
                    current: Routes.jurisdictionRules.path, flash: RulesOutcome.message(in: request)),
                stateName: USState.names[state] ?? state,
                versions: versions.map { row($0, federal: services.configuration.clockDefinitions, names: names, local: context.local) },
                listHref: Routes.jurisdictionRules.path))
    }

    @Sendable static func add(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let draft = JurisdictionRulesDraft(
            state: form["state"], effectiveFrom: form["effectiveFrom"], policeReportHours: form["policeReportHours"],
            clearinghouseReportHours: form["clearinghouseReportHours"], ncicEntryHours: form["ncicEntryHours"],
            warningPercents: form["warningPercents"], childUnder: form["childUnder"], requiredFields: form.values("requiredFields"),
            clearinghouseName: form["clearinghouseName"], clearinghousePhone: form["clearinghousePhone"], citation: form["citation"],
            note: form["note"])
        let state = draft.state.trimmed.uppercased()
        let latest = USState.isValid(state) ? try await services.store.jurisdictionRules(of: state).first : nil
        do {
            let rules = try draft.validated(
                latest: latest, federal: services.configuration.clockDefinitions, zone: context.organization.zone, by: context.user.id,
                at: services.clock.now())
            try await services.store.addJurisdictionRules(
                rules,
                audit: services.auditEntry(
                    context, action: .rulesAdd, recordType: .jurisdictionRules, recordID: rules.id,
                    detail: "\(rules.citation): \(rules.note)"))
            return RulesOutcome.added.redirect(to: Routes.stateRules(rules.state))
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "jurisdiction-rules", try await listModel(context: context, services: services, draft: draft, errors: errors),
                status: .unprocessableContent)
        }
    }
}

/// What the rules pages confirm.
enum RulesOutcome: String, Outcome {
    case added

    var message: String { StaffText.text("staff.jurisdictionRules.theNewVersionIs") }
}
