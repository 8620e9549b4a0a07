import Foundation
import HomewardCore
import HomewardImaging
import Hummingbird

/// The intake page: a caseworker reports a child missing from care, or saves what they have so far.
enum ReportPages {
    struct Checkbox: Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    struct Section: Sendable {
        var title: String
        var fields: [FieldView]
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var action: String
        var draftID: String
        var errors: [FieldErrors.Entry]
        var sections: [Section]
        var endangerments: [Checkbox]
        var noEndangerments: Bool
        var endangermentsError: String?
        var photoError: String?
        var circumstancesSection: Section
        var policeSection: Section
        var drafts: [DraftRow]
        /// The two duties of the reporting agency with their windows under the state's rules in force.
        var duties: String
        var quickReferenceHref: String
        var savedNotice: String?
        var repeats: [RepeatRow] = []
        /// Why the report was refused as a second open case for the same child, beside the choice.
        var childDecisionError: String?
        /// A supervisor may file a second open case with a stated reason.
        var canApproveSecondCase = false
        var secondCaseReason = ""
        var secondCaseReasonError: String?
    }

    struct RepeatRow: Sendable {
        var value: String
        var label: String
    }

    struct DraftRow: Sendable {
        var href: String
        var title: String
        var updated: String
        var deleteAction: String
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.newReport, allowing: .fileReport, .page, scope: .none, summary: "Report a child missing from care",
                handler: show),
            Endpoint(
                .post, Routes.reports, allowing: .fileReport, .page, scope: .none, summary: "File the report or save it as a draft",
                handler: submit),
            Endpoint(
                .post, Routes.deleteDraft, allowing: .fileReport, .page, scope: .none, summary: "Delete one's own draft",
                handler: deleteDraft),
        ]
    }

    @Sendable static func deleteDraft(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        guard let draft = try await services.store.draft(context.parameters.get(.draft) ?? ""),
            draft.createdBy == context.user.id
        else { throw HomewardError.notFound("draft") }
        try await services.store.deleteDraft(draft.id)
        return .redirect(to: Routes.newReport.path, type: .normal)
    }

    static func form(from input: FormInput) -> ReportForm {
        var fields: [String: String] = [:]
        for (name, value) in input.fields where name != "endangerments" && name != "_csrf" && name != "intent" && name != "draftID" {
            fields[name] = value
        }
        fields["endangerments"] = input.values("endangerments").joined(separator: ",")
        fields["noEndangerments"] = input.value("noEndangerments") != nil ? "true" : ""
        return ReportForm(fields: fields)
    }

    /// What the report form shows beyond what was typed, read once: the police agencies to choose
    /// from, the reader's drafts and the rules the agency's cases run under.
    struct Loaded: Sendable {
        var police: [Organization]
        var drafts: [ReportDraft]
        var rules: AppliedRules
    }

    /// The report form's model for `context`'s reader: loads what it shows, then builds it.
    static func model(
        _ form: ReportForm, draftID: String, errors: FieldErrors, context: SignedInContext, services: AppServices,
        savedNotice: String? = nil
    ) async throws -> Model {
        let organization = context.organization
        // A draft is its author's: it may hold what they have not yet checked.
        let loaded = Loaded(
            police: try await services.store.policeAgencies(in: organization.state, chosen: form.policeOrganizationID),
            drafts: try await services.store.drafts(in: organization.id).filter { $0.createdBy == context.user.id },
            rules: try await RulesInForce.rulesInForce(for: organization, services: services))
        let layout = LayoutModel(
            context: context, services: services, title: StaffText.text("staff.title.reportAChildMissing"), current: Routes.newReport.path)
        return model(
            form, draftID: draftID, errors: errors, loaded: loaded, organization: organization, zone: context.local, layout: layout,
            savedNotice: savedNotice)
    }

    /// The report form's model from what was typed and what was loaded: no reads.
    static func model(
        _ form: ReportForm, draftID: String, errors: FieldErrors, loaded: Loaded, organization: Organization, zone: LocalTime,
        layout: LayoutModel, savedNotice: String?
    ) -> Model {
        let drafts = loaded.drafts.map { draft in
            let name = [draft.fields["firstName"], draft.fields["lastName"]].compactMap { $0 }.joined(separator: " ").trimmed
            return DraftRow(
                href: Routes.newReport.path + "?draft=\(draft.id)",
                title: name.isEmpty ? StaffText.text("staff.report.untitledReport") : name,
                updated: zone.format(draft.updatedAt), deleteAction: Routes.deleteDraft(draft.id))
        }
        return Model(
            layout: layout, action: Routes.reports.path, draftID: draftID, errors: errors.entries,
            sections: [
                childSection(form, errors: errors), disappearanceSection(form, errors: errors, timeZone: organization.timeZone),
                guardianSection(form, errors: errors),
            ],
            endangerments: Endangerment.allCases.map {
                Checkbox(value: $0.rawValue, label: $0.title, checked: form.endangerments.contains($0.rawValue))
            },
            noEndangerments: form.noEndangerments, endangermentsError: errors["endangerments"], photoError: errors["photo"],
            circumstancesSection: circumstancesSection(form, errors: errors),
            policeSection: policeSection(form, errors: errors, police: loaded.police, state: organization.state), drafts: drafts,
            duties: RulesInForce.dutiesSentence(loaded.rules), quickReferenceHref: Routes.quickReference.path, savedNotice: savedNotice)
    }

    /// A choice of NCIC codes, "Choose" first.
    private static func codes(_ table: [String: String]) -> [(String, String)] {
        [("", StaffText.text("staff.report.choose"))] + NCICCodeTables.options(table).map { ($0.code, $0.meaning) }
    }

    /// The states by name, "Choose" first.
    private static var states: [(String, String)] {
        [("", StaffText.text("staff.report.choose"))] + USState.codesByName.map { ($0, USState.names[$0]!) }
    }

    /// The child: names, date of birth, sex and the NCIC description.
    static func childSection(_ form: ReportForm, errors: FieldErrors) -> Section {
        let tables = NCICCodeTables.standard
        return Section(
            title: StaffText.text("staff.report.theChild"),
            fields: [
                .text("firstName", StaffText.text("staff.report.firstName"), form.firstName, errors: errors, required: true),
                .text("middleName", StaffText.text("staff.report.middleName"), form.middleName, errors: errors),
                .text("lastName", StaffText.text("staff.report.lastName"), form.lastName, errors: errors, required: true),
                .text(
                    "dateOfBirth", StaffText.text("staff.report.dateOfBirth"), form.dateOfBirth, errors: errors, type: "date",
                    required: true),
                .select(
                    "sex", StaffText.text("staff.report.sex"), form.sex,
                    options: [
                        ("", StaffText.text("staff.report.choose")), ("F", StaffText.text("staff.report.female")),
                        ("M", StaffText.text("staff.report.male")),
                    ], errors: errors, required: true),
                .select("race", StaffText.text("staff.report.race"), form.race, options: codes(tables.races), errors: errors),
                .text(
                    "heightFeet", StaffText.text("staff.report.heightFeet"), form.heightFeet, errors: errors, type: "number", required: true
                ),
                .text("heightInches", StaffText.text("staff.report.heightInches"), form.heightInches, errors: errors, type: "number"),
                .text(
                    "weightPounds", StaffText.text("staff.report.weightInPounds"), form.weightPounds, errors: errors, type: "number",
                    required: true),
                .select(
                    "eyeColor", StaffText.text("staff.report.eyeColor"), form.eyeColor, options: codes(tables.eyeColors), errors: errors),
                .select(
                    "hairColor", StaffText.text("staff.report.hairColor"), form.hairColor, options: codes(tables.hairColors), errors: errors
                ),
                .textarea("marks", StaffText.text("staff.report.scarsMarksTattoos"), form.marks, errors: errors),
                .text(
                    "tribalAffiliation", StaffText.text("staff.report.tribalAffiliation"), form.tribalAffiliation, errors: errors,
                    hint: StaffText.text("staff.report.ifTheChildIs")
                ),
            ])
    }

    /// When and where the child went missing, in the agency's time zone, and the kind of case.
    static func disappearanceSection(_ form: ReportForm, errors: FieldErrors, timeZone: String) -> Section {
        return Section(
            title: StaffText.text("staff.report.theDisappearance"),
            fields: [
                .text(
                    "receivedAt", StaffText.text("staff.report.whenYourAgencyLearned"), form.receivedAt, errors: errors,
                    hint: StaffText.text("staff.report.your24HourDuties", ["timeZone": "\(timeZone)"]),
                    type: "datetime-local",
                    required: true),
                .text(
                    "lastSeenAt", StaffText.text("staff.report.whenTheChildWas"), form.lastSeenAt, errors: errors, type: "datetime-local"),
                .text("lastSeenCity", StaffText.text("staff.report.cityWhereTheChild"), form.lastSeenCity, errors: errors, required: true),
                .select(
                    "lastSeenState", StaffText.text("staff.report.state"), form.lastSeenState, options: states, errors: errors,
                    required: true),
                .text(
                    "lastSeenPlace", StaffText.text("staff.report.placeLastSeen"), form.lastSeenPlace, errors: errors,
                    hint: StaffText.text("staff.report.anAddressOrA")),
                .select(
                    "caseType", StaffText.text("staff.report.kindOfCase"), form.caseType,
                    options: [("", StaffText.text("staff.report.choose"))] + CaseType.allCases.map { ($0.rawValue, $0.title) },
                    errors: errors, required: true),
            ])
    }

    /// The circumstances, clothing, possible whereabouts and vehicle.
    static func circumstancesSection(_ form: ReportForm, errors: FieldErrors) -> Section {
        return Section(
            title: StaffText.text("staff.report.circumstances"),
            fields: [
                .textarea(
                    "circumstances", StaffText.text("staff.report.circumstancesOfTheDisappearance"), form.circumstances, errors: errors,
                    required: true),
                .textarea("clothing", StaffText.text("staff.report.clothingWhenLastSeen"), form.clothing, errors: errors),
                .textarea(
                    "possibleWhereabouts", StaffText.text("staff.report.possibleWhereabouts"), form.possibleWhereabouts, errors: errors),
                .text("vehicleMake", StaffText.text("staff.report.vehicleMake"), form.vehicleMake, errors: errors),
                .text("vehicleModel", StaffText.text("staff.report.vehicleModel"), form.vehicleModel, errors: errors),
                .text("vehicleColor", StaffText.text("staff.report.vehicleColor"), form.vehicleColor, errors: errors),
                .text("vehiclePlate", StaffText.text("staff.report.licensePlate"), form.vehiclePlate, errors: errors),
                .select(
                    "vehiclePlateState", StaffText.text("staff.report.plateState"), form.vehiclePlateState, options: states, errors: errors),
            ])
    }

    /// The child's guardian (for a child in care, the agency or person with custody).
    static func guardianSection(_ form: ReportForm, errors: FieldErrors) -> Section {
        return Section(
            title: StaffText.text("staff.report.guardian"),
            fields: [
                .text(
                    "guardianName", StaffText.text("staff.report.guardianSName"), form.guardianName, errors: errors,
                    hint: StaffText.text("staff.report.forAChildIn"), required: true),
                .text("guardianAgency", StaffText.text("staff.report.guardianSAgency"), form.guardianAgency, errors: errors),
                .text(
                    "guardianPhone", StaffText.text("staff.report.guardianSTelephone"), form.guardianPhone, errors: errors, type: "tel",
                    required: true),
                .text("guardianEmail", StaffText.text("staff.report.guardianSEMail"), form.guardianEmail, errors: errors, type: "email"),
            ])
    }

    /// The police agency the report goes to: a member of the agency's state, or another agency.
    static func policeSection(_ form: ReportForm, errors: FieldErrors, police: [Organization], state: String) -> Section {
        let stateName = USState.names[state] ?? state
        return Section(
            title: StaffText.text("staff.report.police"),
            fields: [
                .select(
                    "policeOrganizationID", StaffText.text("staff.report.policeAgency"), form.policeOrganizationID,
                    options: police.map { ($0.id.rawValue, "\($0.name) (\($0.ori ?? ""))") } + [
                        ("", StaffText.text("staff.report.anotherAgencyDescribeBelow"))
                    ],
                    errors: errors, hint: StaffText.text("staff.report.memberAgenciesInFor", ["stateName": "\(stateName)"])),
                .text("policeName", StaffText.text("staff.report.otherAgencySName"), form.policeName, errors: errors),
                .text(
                    "policeOri", StaffText.text("staff.report.otherAgencySOri"), form.policeOri, errors: errors,
                    hint: StaffText.text("staff.report.theOriOfA")),
                .text(
                    "policePhone", StaffText.text("staff.report.policeTelephone"), form.policePhone, errors: errors,
                    hint: StaffText.text("staff.report.neededForAnotherAgency"), type: "tel"),
                .text(
                    "policeReportNumber", StaffText.text("staff.report.policeReportNumber"), form.policeReportNumber, errors: errors,
                    hint: StaffText.text("staff.report.ifYouHaveOne")),
                .text("officerName", StaffText.text("staff.report.officerSName"), form.officerName, errors: errors),
                .text("badge", StaffText.text("staff.report.badgeNumber"), form.badge, errors: errors),
            ])
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var form = ReportForm()
        var draftID = services.ids.next()
        if let id = request.uri.queryParameters.get("draft") {
            guard let draft = try await services.store.draft(id), draft.createdBy == context.user.id else {
                throw HomewardError.notFound("draft")
            }
            form = ReportForm(fields: draft.fields)
            draftID = draft.id
        } else {
            let zone = context.zone
            form.receivedAt = LocalDateTime.format(services.clock.now(), in: zone)
            form.guardianName = context.organization.name
            form.guardianPhone = context.organization.phone ?? ""
        }
        return try services.views.page(
            "report-form", try await model(form, draftID: draftID, errors: FieldErrors(), context: context, services: services))
    }

    /// The submitted report form and its photo: multipart when it carries one (read up to the
    /// photo limit), a plain form otherwise.
    static func readSubmission(_ request: inout Request, services: AppServices) async throws -> (FormInput, MultipartForm.File?) {
        guard MultipartForm.isMultipart(request) else { return (try await request.form(limit: services.configuration.maxBodyBytes), nil) }
        let multipart = try await MultipartForm.read(
            &request, limit: max(services.configuration.maxBodyBytes, PhotoLimits.standard.maximumBytes + 65_536))
        return (FormInput(fields: multipart.fields), multipart.file("photo").flatMap { $0.data.isEmpty ? nil : $0 })
    }

    /// The form again, asking whether the child is one of `repeats`, earlier records that may be
    /// the same child: a person decides; Homeward never links records on its own.
    static func askWhetherRepeat(
        _ form: ReportForm, draftID: String, repeats: [ChildSearchHit], context: SignedInContext, services: AppServices
    ) async throws -> Response {
        var model = try await model(
            form, draftID: draftID, errors: FieldErrors(), context: context, services: services,
            savedNotice: StaffText.text("staff.report.thisChildMayHave"))
        model.repeats = repeatRows(repeats)
        offerSecondCase(&model, form: form, errors: FieldErrors(), context: context)
        return try services.views.page("report-form", model)
    }

    /// The repeat question's refusal beside it, and a supervisor's reason field for a second open case.
    static func offerSecondCase(_ model: inout Model, form: ReportForm, errors: FieldErrors, context: SignedInContext) {
        model.childDecisionError = errors["childDecision"]
        model.secondCaseReasonError = errors["secondCaseReason"]
        model.canApproveSecondCase = !context.user.roles.isDisjoint(with: SecondOpenCaseRule.approvers)
        model.secondCaseReason = form.secondCaseReason
    }

    static func repeatRows(_ repeats: [ChildSearchHit]) -> [RepeatRow] {
        repeats.map { hit in
            RepeatRow(
                value: "link:\(hit.child.id)",
                label: StaffText.text(
                    "staff.report.yesTheSameChild", ["fullName": "\(hit.child.fullName)", "iso": "\(hit.child.dateOfBirth.iso)"])
                    + (hit.latestEpisode.map { ", case \($0.caseNumber ?? "—") (\($0.status.rawValue))" } ?? ""))
        }
    }

    @Sendable static func submit(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let (input, photoFile) = try await readSubmission(&request, services: services)
        let form = form(from: input)
        let draftID = DraftRules.draftID(
            submitted: input["draftID"].trimmed, fields: form.fields, author: context.user.id,
            drafts: try await services.store.drafts(in: context.organization.id), newID: services.ids.next)
        if input.value("intent") == "draft" {
            try await keepDraft(form, draftID: draftID, context: context, services: services)
            let saved = context.local.format(services.clock.now())
            return try services.views.page(
                "report-form",
                try await model(
                    form, draftID: draftID, errors: FieldErrors(), context: context, services: services,
                    savedNotice: StaffText.text("staff.report.draftSavedAtIt", ["saved": "\(saved)"])))
        }
        if form.childDecision.isEmpty {
            let repeats = try await services.store.possibleRepeats(of: form, agency: context.organization.id)
            if !repeats.isEmpty {
                // A person decides whether this is the same child; Homeward never merges on its own.
                try await keepDraft(form, draftID: draftID, context: context, services: services)
                return try await askWhetherRepeat(form, draftID: draftID, repeats: repeats, context: context, services: services)
            }
        }
        do {
            // The photo is checked before anything is filed, so a bad photo files nothing.
            let photo = try photoFile.map { try PhotoReencoder.reencode($0.data) }
            let episode = try await EpisodeCommands.file(form, photo: photo, draftID: draftID, context: context, services: services)
            return CaseOutcome.filed.redirect(to: Routes.episode(episode.id))
        } catch HomewardError.invalid(var errors) {
            if photoFile != nil && errors["photo"] == nil {
                errors.add("photo", StaffText.text("staff.report.browsersCannotKeepA"))
            }
            // Nothing typed is lost: the form comes back as typed and is kept as a draft.
            try await keepDraft(form, draftID: draftID, context: context, services: services)
            var page = try await model(form, draftID: draftID, errors: errors, context: context, services: services)
            if errors["childDecision"] != nil || errors["secondCaseReason"] != nil {
                // A second open case for the same child: the choice again, with the refusal beside it.
                page.repeats = repeatRows(try await services.store.possibleRepeats(of: form, agency: context.organization.id))
                offerSecondCase(&page, form: form, errors: errors, context: context)
            }
            return try services.views.page("report-form", page, status: .unprocessableContent)
        }
    }

    /// Keeps the form as typed, as the author's draft.
    static func keepDraft(_ form: ReportForm, draftID: String, context: SignedInContext, services: AppServices) async throws {
        try await services.store.saveDraft(
            ReportDraft(
                id: draftID, organizationID: context.organization.id, createdBy: context.user.id, updatedAt: services.clock.now(),
                fields: form.fields))
    }

}
