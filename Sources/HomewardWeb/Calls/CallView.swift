import Foundation
import HomewardCore

/// The call page's model: the checklist with each item's answer and the time it was given, the
/// autism branch when indicated, the instructions and dispatch steps, the AMBER check and the
/// 2-hour NCIC clock. Exactly one item takes the focus: the one with a problem, or the next
/// unanswered one after the item just saved.
struct CallView: Sendable {
    /// A value refused, shown beside its item as typed.
    struct Problem: Sendable {
        var item: String
        var message: String
        var typed: String
    }

    struct Choice: Sendable {
        var value: String
        var label: String
        var selected: Bool
        /// The first button carries the item's field id (the focus target).
        var isFirst: Bool
    }

    struct Item: Sendable {
        var id: String
        var anchor: String
        var fieldID: String
        var title: String
        var prompt: String
        var value: String
        var answered: Bool
        /// When and by whom the current answer was given, as the telecommunicator reads it.
        var answeredAt: String
        var isText: Bool
        var isNumber: Bool
        var isDate: Bool
        /// Height and weight: typed in words and numbers, read back normalized.
        var isMeasure: Bool
        var hint: String?
        /// A few answers: one button each (Enter on a button saves it).
        var choices: [Choice]
        /// Many answers (NCIC colour codes): a list and a Save button.
        var options: [Choice]
        var isConfirm: Bool
        var focus: Bool
        var error: String?
    }

    struct Section: Sendable {
        var id: String
        var title: String
        var items: [Item]
    }

    struct AmberRow: Sendable {
        var title: String
        var standing: String
        var css: String
        var evidence: String
    }

    /// A police agency the call can be handed to.
    struct Agency: Sendable {
        var id: String
        var name: String
        var selected: Bool
    }

    /// What police still need before the hand-off, each linked to its question.
    struct Missing: Sendable {
        var message: String
        var href: String
    }

    var layout: LayoutModel
    var title: String
    /// The call is open and the person may answer on it (a QA reviewer reads it only).
    var isOpen: Bool
    var status: String
    var cad: String
    var opened: String
    var ncicStatus: String
    var ncicCSS: String
    var ncicDeadline: String
    var sections: [Section]
    var branch: Section?
    var preArrival: Section
    var dispatch: Section
    var amber: [AmberRow]
    var amberHint: String
    var amberMayMeet: Bool
    var answerAction: String
    var closeAction: String
    var closeReason: String
    var closeError: String?
    var callsHref: String
    var nextHref: String
    var ended: String?
    var sheetHref: String
    var handOffAction: String
    var agencies: [Agency]
    var handOffMissing: [Missing]
    var handOffError: String?
    /// Every question answered: the agency list takes the focus, the hand-off being what is left.
    var agencyFocus: Bool
    /// The police agency the call was handed to.
    var handedOffTo: String?

    /// What the call page shows besides the call: the agencies it can be handed to, the one it was
    /// handed to, and the agency chosen when a hand-off was refused.
    struct HandOff: Sendable {
        var agencies: [Organization] = []
        var handedOffTo: Organization?
        var chosen: String?
    }

    /// The live call page for `context`'s reader.
    init(
        _ call: MissingChildCall, checklist: CallChecklist, context: SignedInContext, services: AppServices, after saved: String?,
        problem: Problem?, handOff: HandOff = HandOff()
    ) {
        self.init(
            call, checklist: checklist, principal: context.principal, zone: context.zone, now: services.clock.now(),
            layout: LayoutModel(
                context: context, services: services, title: StaffText.text("staff.title.missingChildCall"), current: Routes.calls.path),
            after: saved, problem: problem, handOff: handOff)
    }

    /// The live call page from values, with no reads: who reads it (`principal`, in `zone`) at
    /// `now`, which answer was just saved (`saved`: the focus moves to the next one unanswered), a
    /// refused answer (`problem`, kept as typed) and the hand-off choices.
    init(
        _ call: MissingChildCall, checklist: CallChecklist, principal: Principal, zone: TimeZone, now: Date, layout: LayoutModel,
        after saved: String?, problem: Problem?, handOff: HandOff = HandOff()
    ) {
        let local = LocalTime(zone)
        let answers = call.answers
        let focusID = problem?.item ?? Self.next(after: saved, in: call, checklist: checklist)
        let answering = call.status == .open && AccessPolicy.decide(principal, .takeCall, organization: call.psapID).isAllowed
        func item(_ item: ChecklistItem) -> Item {
            let answer = answers[item.id]
            let shown = problem?.item == item.id ? problem?.typed ?? "" : answer?.value ?? ""
            let offered: [(String, String)] =
                switch item.answer {
                case .yesNo:
                    [
                        ("yes", StaffText.text("staff.call.yes")), ("no", StaffText.text("staff.call.no")),
                        ("unknown", StaffText.text("staff.call.unknown")),
                    ]
                case .choice: (item.options ?? []).map { ($0.value, $0.label) }
                default: []
                }
            let choices = offered.enumerated().map { Choice(value: $1.0, label: $1.1, selected: shown == $1.0, isFirst: $0 == 0) }
            let asButtons = choices.count <= Self.mostButtons
            let measure = item.answer == .height || item.answer == .weight
            return Item(
                id: item.id, anchor: "item-\(item.id)", fieldID: "f-\(item.id)", title: item.title, prompt: item.prompt,
                value: problem?.item == item.id || !measure ? shown : item.display(shown), answered: answer != nil,
                answeredAt: answer.map { local.format($0.at) } ?? "", isText: item.answer == .text, isNumber: item.answer == .number,
                isDate: item.answer == .date, isMeasure: measure,
                hint: item.answer == .height
                    ? StaffText.text("staff.call.feetAndInchesSuch")
                    : item.answer == .weight ? StaffText.text("staff.call.poundsSuchAs85") : nil,
                choices: asButtons ? choices : [], options: asButtons ? [] : choices, isConfirm: item.answer == .confirm,
                focus: answering && item.id == focusID, error: problem?.item == item.id ? problem?.message : nil)
        }
        func section(_ section: ChecklistSection) -> Section {
            Section(id: section.id, title: section.title, items: section.items.map(item))
        }
        self.layout = layout
        title =
            call.value("child-name").isEmpty
            ? StaffText.text("staff.call.missingChildCall")
            : StaffText.text("staff.call.missingChildCallNamed", ["name": "\(call.value("child-name"))"])
        isOpen = answering
        status = CallSheet.title(call.status) + (call.closingReason.map { ": \($0)" } ?? "")
        cad = call.cadIncident ?? ""
        opened = local.format(call.openedAt)
        let clock = call.ncicClock(at: now)
        ncicCSS = clock.code
        ncicDeadline = local.format(call.openedAt + MissingChildCall.ncicWindow)
        let remaining = (call.openedAt + MissingChildCall.ncicWindow).timeIntervalSince(now)
        ncicStatus =
            switch clock {
            case .metOnTime: StaffText.text("staff.call.ncicSupportedInTime")
            case .metLate(let by): StaffText.text("staff.call.ncicSupportedLate", ["duration": DurationText.describe(by)])
            case .breached(let by): StaffText.text("staff.call.overdueBy", ["duration": DurationText.describe(by)])
            case .warning: StaffText.text("staff.call.onlyLeft", ["duration": DurationText.describe(remaining)])
            case .running, .notStarted: StaffText.text("staff.call.timeLeft", ["duration": DurationText.describe(remaining)])
            }
        sections = checklist.sections.map(section)
        branch = call.autismBranchShown(checklist) ? section(checklist.autismBranch) : nil
        preArrival = Section(
            id: "pre-arrival", title: StaffText.text("staff.call.preArrivalInstructions"), items: checklist.preArrival.map(item))
        dispatch = Section(id: "dispatch", title: StaffText.text("staff.call.dispatch"), items: checklist.dispatch.map(item))
        let check = AmberCheck(call, checklist: checklist, zone: zone)
        amber = check.readings.map {
            AmberRow(
                title: $0.criterion.title,
                standing: [
                    "met": StaffText.text("staff.call.met"), "not_met": StaffText.text("staff.call.notMet"),
                    "unknown": StaffText.text("staff.call.notKnownYet"),
                ][$0.standing.rawValue] ?? "",
                css: $0.standing.rawValue, evidence: $0.evidence.joined(separator: "; "))
        }
        amberHint = check.hint
        amberMayMeet = check.mayMeet
        answerAction = Routes.callAnswers(call.id)
        closeAction = Routes.closeCall(call.id)
        closeReason = problem?.item == "reason" ? problem?.typed ?? "" : ""
        closeError = problem?.item == "reason" ? problem?.message : nil
        callsHref = Routes.calls.path
        nextHref = Self.next(after: nil, in: call, checklist: checklist).map { "#item-\($0)" } ?? "#dispatch"
        ended = call.endedAt.map(local.format)
        sheetHref = Routes.callSheet(call.id)
        handOffAction = Routes.handOffCall(call.id)
        agencies = handOff.agencies.map { Agency(id: $0.id.rawValue, name: $0.name, selected: $0.id.rawValue == handOff.chosen) }
        handOffMissing = call.handOffProblems.entries.map { Missing(message: $0.message, href: "#item-\($0.field)") }
        handOffError = problem?.item == "agency" ? problem?.message : nil
        agencyFocus = answering && problem == nil && focusID == nil
        handedOffTo = handOff.handedOffTo?.name
    }

    /// The most answers a choice shows as buttons; more are a list.
    static let mostButtons = 6

    /// The first unanswered item after `item` in the order the page shows them (from the top when
    /// nil), wrapping around; nil when every item is answered.
    static func next(after item: String?, in call: MissingChildCall, checklist: CallChecklist) -> String? {
        let order = checklist.scoredItems(branchShown: call.autismBranchShown(checklist)).map(\.id)
        let answered = Set(call.answers.keys)
        let start = item.flatMap { order.firstIndex(of: $0) }.map { $0 + 1 } ?? 0
        let rotated = order[start...] + order[..<start]
        return rotated.first { !answered.contains($0) }
    }
}
