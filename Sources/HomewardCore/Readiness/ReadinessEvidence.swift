import Foundation

/// One person on an agency's readiness roster. Not a Homeward account: most officers never sign in.
public struct Personnel: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    /// The agency's own number for the person (badge or employee number); unique in the agency.
    public var employeeNumber: String
    public var name: String
    public var role: PersonnelRole
    public var hireDate: CivilDate
    public var active: Bool

    public init(id: String, employeeNumber: String, name: String, role: PersonnelRole, hireDate: CivilDate, active: Bool = true) {
        self.id = id
        self.employeeNumber = employeeNumber
        self.name = name
        self.role = role
        self.hireDate = hireDate
        self.active = active
    }
}

/// A completed course.
public struct TrainingRecord: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var personnelID: String
    public var courseCode: String
    public var completedOn: CivilDate
    /// A certificate number, a learning-system reference or a note of where the proof is kept.
    public var reference: String
    /// The uploaded certificate, when there is one.
    public var certificateDocumentID: String?

    public init(
        id: String, personnelID: String, courseCode: String, completedOn: CivilDate, reference: String = "",
        certificateDocumentID: String? = nil
    ) {
        self.id = id
        self.personnelID = personnelID
        self.courseCode = courseCode
        self.completedOn = completedOn
        self.reference = reference
        self.certificateDocumentID = certificateDocumentID
    }
}

/// What an agency's policy rests on.
public enum PolicyBasis: String, Codable, Sendable, CaseIterable {
    /// Adopted the model policy (police) or the ANSI standard (PSAPs) as published.
    case adopted
    /// Its own policy, shown component by component.
    case own

    public func title(for kind: OrganizationKind) -> String {
        switch (self, kind) {
        case (.adopted, .psap): "We adopted the ANSI/APCO/NCMEC telecommunicator standard"
        case (.adopted, _): "We adopted the NCMEC Law-Enforcement Model Policy"
        case (.own, _): "Our own policy, which we map component by component"
        }
    }
}

/// A reviewer's word on one mapped component or QA element.
public enum ReviewState: String, Codable, Sendable {
    case pending, confirmed, rejected
}

/// Where an agency's policy shows one critical component or QA element.
public struct PolicyMapping: Codable, Sendable, Equatable {
    public var itemID: String
    /// False when the agency says the policy lacks the item.
    public var present: Bool
    /// Section or page of the policy.
    public var citation: String
    /// For QA elements: what the policy says (the reviewer's title, the window, …).
    public var statement: String
    public var review: ReviewState
    public var reviewComment: String

    public init(
        itemID: String, present: Bool, citation: String = "", statement: String = "", review: ReviewState = .pending,
        reviewComment: String = ""
    ) {
        self.itemID = itemID
        self.present = present
        self.citation = citation
        self.statement = statement
        self.review = review
        self.reviewComment = reviewComment
    }
}

/// The agency's current policy document and what it says it covers.
public struct PolicyEvidence: Codable, Sendable, Equatable {
    public var version: Int
    public var fileName: String
    /// Hex SHA-256 of the document.
    public var sha256: String
    public var uploadedOn: CivilDate
    public var basis: PolicyBasis
    public var mappings: [String: PolicyMapping]

    public init(
        version: Int, fileName: String, sha256: String, uploadedOn: CivilDate, basis: PolicyBasis, mappings: [String: PolicyMapping]
    ) {
        self.version = version
        self.fileName = fileName
        self.sha256 = sha256
        self.uploadedOn = uploadedOn
        self.basis = basis
        self.mappings = mappings
    }
}

/// The recognition an evaluation looks back on: renewal rules count from its start, and the
/// monitoring warnings compare against the policy it was granted on.
public struct RecognitionBaseline: Codable, Sendable, Equatable {
    public var termStart: CivilDate
    public var termEnd: CivilDate
    public var policyVersion: Int?

    public init(termStart: CivilDate, termEnd: CivilDate, policyVersion: Int?) {
        self.termStart = termStart
        self.termEnd = termEnd
        self.policyVersion = policyVersion
    }
}

/// Everything an evaluation reads about one agency.
public struct ReadinessEvidence: Codable, Sendable {
    public var kind: OrganizationKind
    public var personnel: [Personnel]
    public var training: [TrainingRecord]
    public var policy: PolicyEvidence?
    /// The agency's own period for new hires to train; nil means the program's default.
    public var trainingDueDays: Int?

    public init(
        kind: OrganizationKind, personnel: [Personnel], training: [TrainingRecord], policy: PolicyEvidence?, trainingDueDays: Int? = nil
    ) {
        self.kind = kind
        self.personnel = personnel
        self.training = training
        self.policy = policy
        self.trainingDueDays = trainingDueDays
    }
}

/// A QA review window stated in words ("within 72 hours", "7 days after the call").
public enum ReviewWindow {
    /// The longest review window Homeward takes: a year. A policy stating more is a typing
    /// mistake, and a window without a bound would overflow the arithmetic of every due time.
    public static let maximumHours = 365 * 24

    /// What a policy's statement says of the review window.
    public enum Reading: Sendable, Equatable {
        /// A positive number of hours, at most ``maximumHours``.
        case hours(Int)
        /// No positive number of hours, days or weeks.
        case unstated
        /// A number of hours, days or weeks beyond ``maximumHours``.
        case tooLong
    }

    /// Reads the first "N hours", "N days" or "N weeks" of `text`. Never traps: a number of any
    /// length is read without overflow and bounded.
    public static func reading(_ text: String) -> Reading {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        for (i, word) in words.enumerated() where i + 1 < words.count && word.allSatisfy(\.isASCIIDigit) {
            let unit = words[i + 1]
            let hoursPerUnit: Int
            if unit.hasPrefix("hour") || unit == "hrs" || unit == "hr" || unit == "h" {
                hoursPerUnit = 1
            } else if unit.hasPrefix("day") {
                hoursPerUnit = 24
            } else if unit.hasPrefix("week") {
                hoursPerUnit = 24 * 7
            } else {
                continue
            }
            let digits = word.drop { $0 == "0" }
            guard !digits.isEmpty else { continue }
            // More digits than a year of hours has: too long, whatever the number.
            guard digits.count <= 6, let number = Int(digits) else { return .tooLong }
            let (hours, overflow) = number.multipliedReportingOverflow(by: hoursPerUnit)
            return overflow || hours > maximumHours ? .tooLong : .hours(hours)
        }
        return .unstated
    }

    /// The window in hours, or nil when the text names no positive number of hours, days or weeks
    /// within a year.
    public static func hours(in text: String) -> Int? {
        if case .hours(let hours) = reading(text) { return hours }
        return nil
    }

    /// Why `text` cannot serve as a review window, or nil when it can.
    public static func problem(_ text: String) -> String? {
        switch reading(text) {
        case .hours: nil
        case .unstated: "State how long after the call the review happens, in hours or days (“within 72 hours”)."
        case .tooLong: "A review window is at most a year (365 days): check the number."
        }
    }
}
