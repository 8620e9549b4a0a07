import Foundation
import HomewardCore

/// The police case page's model: the 2-hour NCIC clock from the 911 center's report, the
/// missing-from-care report (linked, or the possible ones to confirm), the NCIC worksheet
/// prefilled from the call, the forms police record on, and every answer the caller gave.
struct PoliceCaseView: Sendable {
    /// A child-welfare agency's missing-from-care report, as the police case shows it.
    struct Report: Sendable {
        var episodeID: String
        var caseNumber: String
        var agency: String
        var agencyPhone: String
        var child: String
        var received: String
        /// The case page, when the reader may open it.
        var href: String?
    }

    struct Row: Sendable {
        var label: String
        var value: String
    }

    struct Section: Sendable {
        var title: String
        var rows: [Row]
    }

    var layout: LayoutModel
    var title: String
    var notice: String?
    var status: String
    var psap: String
    var reported: String
    var handedOff: String
    var cad: String
    var ncicStatus: String
    var ncicCSS: String
    var canWork: Bool
    var isOpen: Bool
    var inCareSaid: String?
    var report: Report?
    var candidates: [Report]
    var linkAction: String
    var linkError: String?
    var category: String
    var categoryReason: String
    var worksheet: String
    var problems: [FieldErrors.Entry]
    var ready: Bool
    var detailsAction: String
    var detailsFields: [FieldView]
    var ncicAction: String
    var ncicFields: [FieldView]
    var ncicRecorded: String?
    /// The linked report's proofs and the differences between the two records.
    var linkedProofs: LinkedProofsView?
    var sections: [Section]
    var closeAction: String
    var closeField: FieldView
    var sheetHref: String
    var listHref: String

    /// The police case page for `context`'s reader.
    init(
        _ loaded: PoliceCaseLoads.Loaded, notice: String?, errors: FieldErrors, typed: [String: String], report: Report?,
        candidates: [Report], linkedProofs: LinkedProofsView?, context: SignedInContext, services: AppServices
    ) {
        self.init(
            loaded, notice: notice, errors: errors, typed: typed, report: report, candidates: candidates, linkedProofs: linkedProofs,
            principal: context.principal, zone: context.zone, now: services.clock.now(),
            layout: LayoutModel(
                context: context, services: services, title: StaffText.text("staff.title.caseFromA911"), current: Routes.policeCases.path))
    }

    /// The police case page from what was loaded, with no reads: who reads it (`principal`, in
    /// `zone`) at `now`.
    init(
        _ loaded: PoliceCaseLoads.Loaded, notice: String?, errors: FieldErrors, typed: [String: String], report: Report?,
        candidates: [Report], linkedProofs: LinkedProofsView?, principal: Principal, zone: TimeZone, now: Date, layout: LayoutModel
    ) {
        self.linkedProofs = linkedProofs
        let (policeCase, call, checklist) = (loaded.policeCase, loaded.call, loaded.checklist)
        let local = LocalTime(zone)
        let child = call.value(CallItem.childName)
        self.layout = layout
        title =
            child.isEmpty
            ? StaffText.text("staff.policeCase.caseFromA911") : StaffText.text("staff.policeCase.caseFromA911Named", ["child": "\(child)"])
        self.notice = notice
        isOpen = policeCase.status == .open
        status =
            isOpen
            ? StaffText.text("staff.policeCase.statusOpen")
            : StaffText.text("staff.policeCase.closed") + (policeCase.closingReason.map { ": \($0)" } ?? "")
        psap = loaded.psap.name
        reported = local.format(policeCase.reportedAt)
        handedOff = local.format(policeCase.handedOffAt)
        cad = call.cadIncident ?? ""
        let clock = policeCase.ncicClock(at: now, linked: loaded.linked)
        ncicCSS = clock.code
        ncicStatus = PoliceCaseLoads.ncicText(policeCase, linked: loaded.linked, clock: clock, at: now, local: local)
        canWork = isOpen && AccessPolicy.decide(principal, .workPoliceCase, organization: policeCase.policeID).isAllowed
        inCareSaid =
            call.value(CallItem.childInCare) == "yes"
            ? StaffText.text("staff.policeCase.theCallerSaidThe")
                + (call.value(CallItem.childCareAgency).isEmpty ? "." : ": \(call.value(CallItem.childCareAgency)).") : nil
        self.report = report
        self.candidates = candidates
        linkAction = Routes.policeCaseLink(policeCase.id)
        linkError = errors["episode"]

        let subject = NCICSubject(call: call, checklist: checklist, policeCase: policeCase, police: loaded.police, zone: zone)
        let sheet = NCICEntrySheet.build(subject)
        category = sheet.category
        categoryReason = sheet.categoryReason
        worksheet = sheet.text
        problems = sheet.problems
        ready = sheet.isReady

        func typedOr(_ name: String, _ stored: String) -> String { typed[name] ?? stored }
        detailsAction = Routes.policeCaseDetails(policeCase.id)
        detailsFields = [
            .text(
                "reportNumber", StaffText.text("staff.policeCase.policeReportNumberOca"),
                typedOr("reportNumber", policeCase.reportNumber ?? ""), errors: errors,
                hint: StaffText.text("staff.policeCase.upTo20Letters")),
            .select(
                "caseType", StaffText.text("staff.policeCase.caseType"), typedOr("caseType", policeCase.caseType.rawValue),
                options: CaseType.allCases.map { ($0.rawValue, $0.title) }, errors: errors,
                hint: StaffText.text("staff.policeCase.suggestedFromTheCaller")),
        ]
        ncicAction = Routes.policeCaseNCIC(policeCase.id)
        ncicFields = [
            .text(
                "nic", "NIC", typedOr("nic", policeCase.ncicNumber ?? ""), errors: errors,
                hint: StaffText.text("staff.policeCase.aLetterAnd9")),
            .text(
                "enteredAt", StaffText.text("staff.policeCase.enteredAt"), typedOr("enteredAt", ""), errors: errors,
                hint: StaffText.text("staff.policeCase.yourAgencySLocal", ["identifier": "\(zone.identifier)"]),
                type: "datetime-local"),
        ]
        ncicRecorded = policeCase.ncicNumber.map { nic in
            "NIC \(nic), entered \(policeCase.ncicEnteredAt.map(local.format) ?? "")."
        }

        let answers = call.answers
        func rows(_ items: [ChecklistItem]) -> [Row] {
            items.compactMap { item in
                answers[item.id].map {
                    Row(
                        label: item.title,
                        value: item.answer == .confirm
                            ? StaffText.text("staff.policeCase.doneAt", ["time": local.format($0.at)]) : item.display($0.value))
                }
            }
        }
        let groups =
            checklist.sections.map { ($0.title, $0.items) }
            + (call.autismBranchShown(checklist) ? [(checklist.autismBranch.title, checklist.autismBranch.items)] : [])
            + [
                (StaffText.text("staff.policeCase.preArrivalInstructionsGiven"), checklist.preArrival),
                (StaffText.text("staff.policeCase.dispatch"), checklist.dispatch),
            ]
        sections = groups.map { Section(title: $0.0, rows: rows($0.1)) }.filter { !$0.rows.isEmpty }
        closeAction = Routes.policeCaseClose(policeCase.id)
        closeField = .text("reason", StaffText.text("staff.policeCase.whyTheCaseCloses"), typedOr("reason", ""), errors: errors)
        sheetHref = Routes.policeCaseSheet(policeCase.id)
        listHref = Routes.policeCases.path
    }
}
