import Foundation

/// Every kind of whole number a person or a file gives Homeward, with its bounds: the one list of
/// them. Text is read with ``read(_:)`` into a value within the bounds or a ``NumberProblem`` that
/// says what is allowed, never a trap, however many digits are typed. Arithmetic on the values
/// cannot overflow: every upper bound is small enough to be multiplied into seconds and added to
/// any date Homeward stores.
///
/// Numbers read from words live beside their own parsers, bounded the same way: a QA review
/// window (``ReviewWindow``, at most a year), a spoken height (``HeightAnswer``), a webhook retry
/// schedule (``RetrySchedule``), a receiver's `Retry-After` (capped by the schedule). Dates and
/// times (``CivilDate``, ``LocalDateTime``, ``Timestamp``), cursors and CSV cells are read by their
/// own types, which answer nil or a field error for anything they cannot hold.
public enum NumberKind: String, CaseIterable, Sendable {
    /// A child's age said on a 911 call.
    case callChildAge
    /// A child's height on a report: feet, then inches.
    case heightFeet, heightInches
    case weightPounds
    /// A state's shorter window for a duty, in hours (at most the federal window of that duty).
    case stateWindowHours
    /// A warning point, as a percentage of a window.
    case warningPercent
    /// The age under which a state counts a person as a child.
    case childUnderAge
    /// A page of an API list.
    case apiPageSize
    /// A page of the audit trail, and a sequence number in it.
    case auditPageSize, auditSequence
    /// The PFIF feed's `skip` and `max_results`.
    case feedSkip, feedMaxResults
    /// Days a new hire has to complete training.
    case trainingDueDays
    /// A policy document's version number in an address.
    case policyVersion
    /// A poster photo's place in an address.
    case photoIndex

    /// The smallest and largest values accepted.
    public var bounds: ClosedRange<Int> {
        switch self {
        case .callChildAge: 0...20
        case .heightFeet: 1...8
        case .heightInches: 0...11
        case .weightPounds: 1...999
        case .stateWindowHours: 1...24
        case .warningPercent: 5...99
        case .childUnderAge: 18...21
        case .apiPageSize: 1...200
        case .auditPageSize: 1...1000
        case .auditSequence: 1...1_000_000_000_000
        case .feedSkip: 0...1_000_000
        case .feedMaxResults: 1...500
        case .trainingDueDays: 1...730
        case .policyVersion: 1...1_000_000
        case .photoIndex: 0...99
        }
    }

    /// The value `text` gives (spaces around it aside), or why it is refused. Only ASCII digits,
    /// with a leading minus where the bounds allow it, are read: no signs, decimals, exponents,
    /// other scripts' digits or thousands separators.
    public func read(_ text: String) -> Result<Int, NumberProblem> {
        let text = text.trimmingCharacters(in: .whitespaces)
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return .failure(NumberProblem(kind: self, reason: .notAWholeNumber))
        }
        // More digits than the largest bound has cannot be within it (leading zeros aside).
        let significant = digits.drop { $0 == "0" }
        let widest = String(max(abs(bounds.lowerBound), abs(bounds.upperBound))).count
        guard significant.count <= widest, let magnitude = Int(significant.isEmpty ? "0" : significant) else {
            return .failure(NumberProblem(kind: self, reason: .outOfBounds))
        }
        let value = negative ? -magnitude : magnitude
        guard bounds.contains(value) else { return .failure(NumberProblem(kind: self, reason: .outOfBounds)) }
        return .success(value)
    }

    /// The value, or nil when `text` is refused.
    public func value(_ text: String) -> Int? { try? read(text).get() }

    /// What a person is told of a refused number.
    public var hint: String { "Use a whole number from \(bounds.lowerBound) to \(bounds.upperBound)." }
}

/// A number refused, with what is allowed.
public struct NumberProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case notAWholeNumber
        case outOfBounds
    }

    public var kind: NumberKind
    public var reason: Reason

    public var description: String { kind.hint }
}
