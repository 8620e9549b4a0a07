import Foundation

/// The identifier of a missing-child call.
public struct CallID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Where a call stands.
public enum CallStatus: String, Codable, Sendable, CaseIterable {
    /// The telecommunicator is working it.
    case open
    /// Handed to the responding police agency, whose case it became.
    case handedOff = "handed_off"
    /// Ended without a hand-off (the child was found while the caller was on the line), with the reason.
    case closed
}

/// One answer given on a call, kept with who gave it and when. A changed answer is a new one; the
/// earlier stays in the call's log.
public struct CallAnswer: Codable, Sendable, Equatable {
    public var itemID: String
    public var value: String
    public var at: Date
    public var by: UserID

    public init(itemID: String, value: String, at: Date, by: UserID) {
        self.itemID = itemID
        self.value = value
        self.at = Timestamp.truncated(at)
        self.by = by
    }
}

/// A missing, abducted or sexually exploited child call taken by a 911 center, worked through the
/// checklist it was opened with.
public struct MissingChildCall: Codable, Sendable, Equatable {
    public var id: CallID
    public var psapID: OrganizationID
    public var checklistCode: String
    /// When the call was answered: the report is taken, and the 2-hour NCIC clock starts.
    public var openedAt: Date
    public var openedBy: UserID
    /// The CAD incident number, when a CAD system opened the call or the telecommunicator typed it.
    public var cadIncident: String?
    public var status: CallStatus
    /// Every answer in the order given; the current answer to an item is its latest.
    public var log: [CallAnswer]
    /// The police agency the call was handed to, when, and by whom.
    public var handedOffTo: OrganizationID?
    public var endedAt: Date?
    public var endedBy: UserID?
    /// Why a call ended without a hand-off.
    public var closingReason: String?

    public init(
        id: CallID, psapID: OrganizationID, checklistCode: String, openedAt: Date, openedBy: UserID, cadIncident: String? = nil,
        status: CallStatus = .open, log: [CallAnswer] = [], handedOffTo: OrganizationID? = nil, endedAt: Date? = nil,
        endedBy: UserID? = nil, closingReason: String? = nil
    ) {
        self.id = id
        self.psapID = psapID
        self.checklistCode = checklistCode
        self.openedAt = Timestamp.truncated(openedAt)
        self.openedBy = openedBy
        self.cadIncident = cadIncident
        self.status = status
        self.log = log
        self.handedOffTo = handedOffTo
        self.endedAt = endedAt.map(Timestamp.truncated)
        self.endedBy = endedBy
        self.closingReason = closingReason
    }

    /// The current answer to each item answered (cleared items are absent).
    public var answers: [String: CallAnswer] {
        var current: [String: CallAnswer] = [:]
        for answer in log { current[answer.itemID] = answer.value.isEmpty ? nil : answer }
        return current
    }

    /// The current value of `itemID`, empty when unanswered.
    public func value(_ itemID: String) -> String { log.last { $0.itemID == itemID }?.value ?? "" }

    /// Whether the autism / wandering branch is open on this call.
    public func autismBranchShown(_ checklist: CallChecklist) -> Bool { value(checklist.autismTrigger) == "yes" }
}

// MARK: - Commands

extension MissingChildCall {
    /// Opens a call against the checklist in force.
    public static func open(
        id: CallID, psap: Organization, checklist: CallChecklist, cadIncident: String?, at instant: Date, by telecommunicator: UserID
    ) throws -> MissingChildCall {
        guard psap.kind == .psap else { throw HomewardError.invalid("psap", "Only a 911 center takes calls.") }
        let cad = cadIncident?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let cad, cad.count > 64 { throw HomewardError.invalid("cadIncident", "Keep the CAD incident number under 64 characters.") }
        return MissingChildCall(
            id: id, psapID: psap.id, checklistCode: checklist.code, openedAt: instant, openedBy: telecommunicator,
            cadIncident: cad?.isEmpty == false ? cad : nil)
    }

    /// Records `value` for `itemID` at `instant`: the new call and the answer as stored. An empty
    /// value clears the item. Refused once the call has ended, for an item the checklist lacks and
    /// for a value the item does not take (a field error named after the item).
    public func answering(_ itemID: String, _ value: String, checklist: CallChecklist, at instant: Date, by person: UserID) throws
        -> (MissingChildCall, CallAnswer)
    {
        guard status == .open else { throw HomewardError.conflict("This call has ended; its answers can no longer change.") }
        guard checklist.code == checklistCode, let item = checklist.item(itemID) else {
            throw HomewardError.invalid(itemID, "This checklist has no such item.")
        }
        let normalized: String
        do {
            normalized = try item.normalized(value)
        } catch let problem as AnswerKind.AnswerProblem {
            throw HomewardError.invalid(itemID, problem.message)
        }
        if item.answer == .date, let problem = AnswerKind.birthDateProblem(normalized, at: instant) {
            throw HomewardError.invalid(itemID, problem)
        }
        let answer = CallAnswer(itemID: itemID, value: normalized, at: instant, by: person)
        var call = self
        call.log.append(answer)
        return (call, answer)
    }

    /// Ends the call without a hand-off, saying why (the child was found while on the line, say).
    public func closing(reason: String, at instant: Date, by person: UserID) throws -> MissingChildCall {
        guard status == .open else { throw HomewardError.conflict("This call has ended already.") }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else { throw HomewardError.invalid("reason", "Say in a sentence why the call ends.") }
        var call = self
        call.status = .closed
        call.closingReason = reason
        call.endedAt = Timestamp.truncated(instant)
        call.endedBy = person
        return call
    }

    /// What a call must hold before police can take it: who the child is and where the child was
    /// last seen. Empty when it can be handed off.
    public var handOffProblems: FieldErrors {
        var errors = FieldErrors()
        if value(CallItem.childName).isEmpty {
            errors.add(CallItem.childName, "Ask the child's name before handing the call to police.")
        }
        if value(CallItem.childAge).isEmpty && value(CallItem.childDateOfBirth).isEmpty {
            errors.add(CallItem.childAge, "Ask the child's age or date of birth before handing the call to police.")
        }
        if value(CallItem.lastSeenWhere).isEmpty {
            errors.add(CallItem.lastSeenWhere, "Ask where the child was last seen before handing the call to police.")
        }
        return errors
    }
}

// MARK: - What the call's answers say

/// Where one AMBER criterion stands on a call.
public enum AmberStanding: String, Sendable, Equatable {
    case met, notMet = "not_met", unknown
}

/// The AMBER criteria read against a call's answers, with a hint. The decision to ask for an
/// alert stays with the police.
public struct AmberCheck: Sendable, Equatable {
    public struct Reading: Sendable, Equatable {
        public var criterion: AmberCriterion
        public var standing: AmberStanding
        /// The answers the reading rests on, as "title: value".
        public var evidence: [String]
    }

    public var readings: [Reading]

    /// Every criterion met.
    public var mayMeet: Bool { !readings.isEmpty && readings.allSatisfy { $0.standing == .met } }

    /// One sentence for the telecommunicator.
    public var hint: String {
        if mayMeet { return "May meet the AMBER criteria: tell the responding officer and the supervisor now." }
        let notMet = readings.filter { $0.standing == .notMet }.map(\.criterion.title)
        if !notMet.isEmpty { return "Does not meet the AMBER criteria yet: " + notMet.joined(separator: "; ") + "." }
        return "Not enough is known yet to say whether the AMBER criteria are met."
    }

    public init(_ call: MissingChildCall, checklist: CallChecklist, zone: TimeZone) {
        func evidence(_ ids: [String]) -> [String] {
            ids.compactMap { id in
                let value = call.value(id)
                return value.isEmpty ? nil : "\(checklist.item(id)?.title ?? id): \(value)"
            }
        }
        readings = checklist.amber.map { criterion in
            let standing: AmberStanding
            switch criterion.rule {
            case .yes(let id):
                standing = ["yes": .met, "no": .notMet][call.value(id)] ?? .unknown
            case .answered(let ids, let minimum):
                standing = ids.filter { !call.value($0).isEmpty }.count >= minimum ? .met : .unknown
            case .ageAtMost(let maximum, let ageID, let dateOfBirthID):
                let onCall = CivilDate(call.openedAt, in: zone)
                let age = Int(call.value(ageID)) ?? CivilDate(iso: call.value(dateOfBirthID)).map { $0.age(on: onCall) }
                standing = age.map { $0 <= maximum ? .met : .notMet } ?? .unknown
            case .confirmed(let id):
                standing = call.value(id) == "done" ? .met : .unknown
            }
            return Reading(criterion: criterion, standing: standing, evidence: evidence(criterion.rule.itemIDs))
        }
    }
}

extension MissingChildCall {
    /// The 2-hour NCIC window, from the moment the report was taken.
    public static let ncicWindow: TimeInterval = 2 * 3600

    /// The NCIC clock of the call at `instant`: met when the NCIC step was confirmed (on time or
    /// late by how much), else running, in warning past three quarters of the window, or breached.
    public func ncicClock(at instant: Date) -> ClockStatus {
        Self.ncicClock(from: openedAt, metAt: answers[CallItem.ncicStep]?.at, at: instant)
    }

    /// The 2-hour NCIC window from `start`: met at `metAt` (on time or late by how much), else
    /// running, in warning past three quarters of the window, or breached. The call's step and the
    /// police case's entry are read alike.
    static func ncicClock(from start: Date, metAt: Date?, at instant: Date) -> ClockStatus {
        let deadline = start + ncicWindow
        if let metAt { return metAt <= deadline ? .metOnTime : .metLate(by: metAt.timeIntervalSince(deadline)) }
        if instant > deadline { return .breached(by: instant.timeIntervalSince(deadline)) }
        let fraction = instant.timeIntervalSince(start) / ncicWindow
        return fraction >= 0.75 ? .warning(fraction: fraction) : .running
    }
}
