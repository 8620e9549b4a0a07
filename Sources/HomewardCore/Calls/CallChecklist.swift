import Foundation

/// The telecommunicator's checklist for a missing, abducted or sexually exploited child call: the
/// questions asked of the caller, the autism / wandering branch, the instructions read to the
/// caller before responders arrive, the dispatch steps and the AMBER criteria. Versions are data,
/// like the readiness programs: a call is worked and reviewed against the version it was opened
/// with, and the clearinghouse adds versions without code.
public struct CallChecklist: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    /// The first day calls are opened with this version (`YYYY-MM-DD`).
    public var effectiveFrom: String
    /// The questions, by section, in the order they are asked.
    public var sections: [ChecklistSection]
    /// Asked when the answer to `autismTrigger` is yes.
    public var autismBranch: ChecklistSection
    /// The yes/no question whose yes opens the autism / wandering branch.
    public var autismTrigger: String
    /// Instructions read to the caller, each marked as given.
    public var preArrival: [ChecklistItem]
    /// Dispatch steps, each confirmed with its time.
    public var dispatch: [ChecklistItem]
    /// The DOJ-recommended AMBER criteria, each with the answers that bear on it.
    public var amber: [AmberCriterion]

    public init(
        code: String, name: String, effectiveFrom: String, sections: [ChecklistSection], autismBranch: ChecklistSection,
        autismTrigger: String, preArrival: [ChecklistItem], dispatch: [ChecklistItem], amber: [AmberCriterion]
    ) {
        self.code = code
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.sections = sections
        self.autismBranch = autismBranch
        self.autismTrigger = autismTrigger
        self.preArrival = preArrival
        self.dispatch = dispatch
        self.amber = amber
    }

    /// Every item of the checklist, the branch included.
    public var allItems: [ChecklistItem] { sections.flatMap(\.items) + autismBranch.items + preArrival + dispatch }

    /// The item with `id`, wherever it is.
    public func item(_ id: String) -> ChecklistItem? { allItems.first { $0.id == id } }

    /// The items a QA reviewer scores on a call: every question, instruction and step, the autism
    /// branch only when it was indicated on the call.
    public func scoredItems(branchShown: Bool) -> [ChecklistItem] {
        sections.flatMap(\.items) + (branchShown ? autismBranch.items : []) + preArrival + dispatch
    }

    /// Problems with this version as data: duplicate or empty ids, a trigger that is not a yes/no
    /// question, criteria that name items it lacks. Empty when it can be used.
    public var problems: [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for item in allItems {
            if item.id.isEmpty || item.title.isEmpty { problems.append("Every item needs an id and a title.") }
            if !seen.insert(item.id).inserted { problems.append("The item id \(item.id) is used twice.") }
        }
        if item(autismTrigger)?.answer != .yesNo { problems.append("The autism trigger \(autismTrigger) must be a yes/no question.") }
        for item in preArrival + dispatch where item.answer != .confirm {
            problems.append("\(item.id) is an instruction or a step: it is confirmed, not answered.")
        }
        for item in allItems {
            if item.answer == .choice && (item.options ?? []).isEmpty { problems.append("\(item.id) is a choice with no options.") }
            if item.answer != .choice && item.options != nil { problems.append("\(item.id) has options but is not a choice.") }
        }
        for id in CallItem.handOffRequired where item(id) == nil {
            problems.append("The checklist lacks \(id), which police need before a call is handed to them.")
        }
        for criterion in amber {
            for id in criterion.rule.itemIDs where item(id) == nil {
                problems.append("The AMBER criterion \(criterion.id) names \(id), which the checklist lacks.")
            }
        }
        return problems
    }

    /// The version in force on `day` (`YYYY-MM-DD`) among `versions`: the latest that took effect by then.
    public static func inForce(on day: String, among versions: [CallChecklist]) -> CallChecklist? {
        versions.filter { $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
    }
}

/// A group of questions (caller, child, last seen, …).
public struct ChecklistSection: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var items: [ChecklistItem]

    public init(id: String, title: String, items: [ChecklistItem]) {
        self.id = id
        self.title = title
        self.items = items
    }
}

/// One question, instruction or step.
public struct ChecklistItem: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// What the telecommunicator asks or reads to the caller.
    public var prompt: String
    public var answer: AnswerKind
    /// The answers a choice takes, in the order offered.
    public var options: [ChecklistOption]?

    public init(id: String, title: String, prompt: String = "", answer: AnswerKind, options: [ChecklistOption]? = nil) {
        self.id = id
        self.title = title
        self.prompt = prompt
        self.answer = answer
        self.options = options
    }

    /// The value as stored, or why it cannot be: answers are checked as they are given.
    public func normalized(_ value: String) throws -> String {
        guard answer == .choice else { return try answer.normalized(value) }
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard value.isEmpty || (options ?? []).contains(where: { $0.value == value }) else {
            throw AnswerKind.AnswerProblem("Choose one of the answers offered.")
        }
        return value
    }

    /// The answer as a person reads it: a choice by its label, a confirmed step as done.
    public func display(_ value: String) -> String {
        switch answer {
        case .choice: options?.first { $0.value == value }?.label ?? value
        case .height: HeightAnswer(value).map { "\($0.feet) ft \($0.inches) in" } ?? value
        case .weight: value.isEmpty ? "" : "\(value) lb"
        case .yesNo: ["yes": "Yes", "no": "No", "unknown": "Unknown"][value] ?? value
        default: value
        }
    }
}

/// One answer a choice offers: the value stored (an NCIC code, say) and what the person reads.
public struct ChecklistOption: Codable, Sendable, Equatable {
    public var value: String
    public var label: String

    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }

    /// The options of an NCIC code table, sorted by meaning with "unknown" last.
    public static func codes(_ table: [String: String]) -> [ChecklistOption] {
        table.map { ChecklistOption(value: $0.key, label: $0.value) }
            .sorted { ($0.value == "U" || $0.value == "XXX" ? 1 : 0, $0.label) < ($1.value == "U" || $1.value == "XXX" ? 1 : 0, $1.label) }
    }
}

/// A height as said on the phone, read as feet and inches: "4-10", "4'10", "4 ft 10 in", "58 in"
/// or "58" (inches when over 8). Stored as "4-10".
public struct HeightAnswer: Sendable, Equatable {
    public var feet: Int
    public var inches: Int

    public init?(_ text: String) {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        switch numbers.count {
        case 1 where numbers[0] > 8:
            (feet, inches) = (numbers[0] / 12, numbers[0] % 12)
        case 1:
            (feet, inches) = (numbers[0], 0)
        case 2:
            (feet, inches) = (numbers[0], numbers[1])
        default:
            return nil
        }
        guard (1...8).contains(feet), (0...11).contains(inches) else { return nil }
    }

    /// "4-10".
    public var stored: String { "\(feet)-\(inches)" }
    public var totalInches: Int { feet * 12 + inches }
}

/// What an item takes.
public enum AnswerKind: String, Codable, Sendable, CaseIterable {
    /// Words as the caller says them.
    case text
    /// `yes`, `no` or `unknown`.
    case yesNo = "yes_no"
    /// A whole number (an age in years).
    case number
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// Done: an instruction given or a step taken, at the time it is confirmed.
    case confirm
    /// One of the item's options (an NCIC code, say).
    case choice
    /// A height in feet and inches (see ``HeightAnswer``).
    case height
    /// A weight in whole pounds.
    case weight

    /// The oldest age a missing child's call takes: young adults are missing children to 20.
    public static let oldestAge = NumberKind.callChildAge.bounds.upperBound

    /// Why a date of birth given on a call at `instant` cannot be a missing child's, or nil: it is
    /// after the day of the call, or more than ``oldestAge`` + 1 years before it.
    public static func birthDateProblem(_ value: String, at instant: Date) -> String? {
        guard let born = CivilDate(iso: value) else { return nil }
        // The call's day in any zone: a day's slack either side of the UTC date.
        let today = CivilDate(instant, in: TimeZone.utc)
        if born > today.adding(days: 1) { return "A date of birth cannot come after the call." }
        if born < today.adding(years: -(oldestAge + 1)).adding(days: -1) {
            return "A missing child is at most \(oldestAge): check the year of birth."
        }
        return nil
    }

    /// The value as stored, or why it cannot be: answers are checked as they are given.
    public func normalized(_ value: String) throws -> String {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch self {
        case .text:
            guard value.count <= 2000 else { throw AnswerProblem("Keep the answer under 2,000 characters.") }
            return value
        case .yesNo:
            let word = value.lowercased()
            guard ["yes", "no", "unknown", ""].contains(word) else { throw AnswerProblem("Answer yes, no or unknown.") }
            return word
        case .number:
            guard value.isEmpty || NumberKind.callChildAge.value(value) != nil else {
                throw AnswerProblem("Enter the child's age in whole years, from 0 to \(Self.oldestAge).")
            }
            return value
        case .date:
            guard value.isEmpty || CivilDate(iso: value) != nil else { throw AnswerProblem("Enter the date as YYYY-MM-DD.") }
            return value
        case .confirm:
            guard ["done", ""].contains(value.lowercased()) else { throw AnswerProblem("Confirm the step, or clear it.") }
            return value.lowercased()
        case .choice:
            // The options belong to the item: ``ChecklistItem/normalized(_:)`` checks them.
            return value
        case .height:
            if value.isEmpty { return value }
            guard let height = HeightAnswer(value) else {
                throw AnswerProblem("Enter the height in feet and inches, such as 4-10 (or in inches, such as 58).")
            }
            return height.stored
        case .weight:
            let pounds = value.lowercased().replacingOccurrences(of: "lbs", with: "").replacingOccurrences(of: "lb", with: "")
                .trimmingCharacters(in: .whitespaces)
            guard pounds.isEmpty || (Int(pounds).map { (1...999).contains($0) } ?? false) else {
                throw AnswerProblem("Enter the weight in whole pounds, such as 85.")
            }
            return pounds
        }
    }

    /// Why an answer cannot be stored.
    public struct AnswerProblem: Error, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }
}

/// One of the DOJ-recommended AMBER criteria. Whether an alert goes out stays the police's
/// decision; the checklist shows what the call's answers say about each criterion.
public struct AmberCriterion: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var rule: AmberRule

    public init(id: String, title: String, rule: AmberRule) {
        self.id = id
        self.title = title
        self.rule = rule
    }
}

/// How a criterion reads the call's answers.
public enum AmberRule: Codable, Sendable, Equatable {
    /// Met on a yes to the question, not met on a no.
    case yes(String)
    /// Met once at least `minimum` of the questions are answered (enough to describe the child and
    /// the abductor or vehicle).
    case answered([String], minimum: Int)
    /// Met when the child's age (the number question, or the date of birth on the call's day) is at
    /// most `maximum`; not met when it is over.
    case ageAtMost(Int, age: String, dateOfBirth: String)
    /// Met once the step is confirmed.
    case confirmed(String)

    /// The items the rule reads.
    public var itemIDs: [String] {
        switch self {
        case .yes(let id), .confirmed(let id): [id]
        case .answered(let ids, _): ids
        case .ageAtMost(_, let age, let dateOfBirth): [age, dateOfBirth]
        }
    }
}
