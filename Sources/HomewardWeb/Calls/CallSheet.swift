import Foundation
import HomewardCore
import HomewardPDF
import Hummingbird

/// The call's printable sheet content: the answers as police read them, shared by the call page
/// and the police case that the call handed off.
enum CallSheet {
    static func sheetContent(
        _ call: MissingChildCall, checklist: CallChecklist, psapName: String, context: SignedInContext, services: AppServices
    ) -> CallSheetContent {
        let local = context.local
        let answers = call.answers
        func rows(_ items: [ChecklistItem]) -> [(label: String, value: String)] {
            items.compactMap { item in
                answers[item.id].map {
                    (
                        item.title,
                        item.answer == .confirm
                            ? StaffText.text("staff.call.doneAt", ["time": local.format($0.at)]) : item.display($0.value)
                    )
                }
            }
        }
        let amber = AmberCheck(call, checklist: checklist, zone: context.zone)
        let branch = call.autismBranchShown(checklist)
        let alerts =
            (branch ? [StaffText.text("staff.call.autismSearchWaterFirst")] : [])
            + (amber.mayMeet ? [amber.hint] : [])
        let standings = [
            "met": StaffText.text("staff.call.met"), "not_met": StaffText.text("staff.call.notMet"),
            "unknown": StaffText.text("staff.call.notKnownYet"),
        ]
        return CallSheetContent(
            psapName: psapName,
            summary: [
                "CAD \(call.cadIncident ?? "none")", "call taken \(local.format(call.openedAt))",
                "NCIC entry due \(local.format(call.openedAt + MissingChildCall.ncicWindow))",
            ].joined(separator: " · "),
            alerts: alerts,
            sections: checklist.sections.map { CallSheetContent.Section(title: $0.title, rows: rows($0.items)) }
                + (branch ? [.init(title: checklist.autismBranch.title, rows: rows(checklist.autismBranch.items))] : [])
                + [
                    .init(
                        title: StaffText.text("staff.call.amberCriteriaTheDecision"),
                        rows: amber.readings.map { ($0.criterion.title, standings[$0.standing.rawValue] ?? "") }),
                    .init(title: StaffText.text("staff.call.dispatch"), rows: rows(checklist.dispatch)),
                ],
            footer: StaffText.text("staff.call.sheetFooter", ["printed": local.format(services.clock.now())]))
    }

    static func title(_ status: CallStatus) -> String {
        switch status {
        case .open: StaffText.text("staff.call.statusOpen")
        case .handedOff: StaffText.text("staff.call.handedToPolice")
        case .closed: StaffText.text("staff.call.closed")
        }
    }
}
