import Foundation

/// What a person on an agency's readiness roster does. Training requirements name the roles they
/// apply to; a supervisor is also sworn, so a "sworn personnel" requirement lists every sworn role.
public enum PersonnelRole: String, CaseIterable, Codable, Sendable {
    /// The chief, sheriff or PSAP manager/director.
    case executive
    case commandStaff = "command_staff"
    case supervisor
    case investigator
    /// A sworn officer who is not a supervisor, investigator or command staff.
    case sworn
    case telecommunicator
    case civilian

    public var title: String {
        switch self {
        case .executive: "Executive (chief, sheriff or PSAP manager)"
        case .commandStaff: "Command staff"
        case .supervisor: "Supervisor"
        case .investigator: "Investigator"
        case .sworn: "Sworn officer"
        case .telecommunicator: "Telecommunicator"
        case .civilian: "Civilian staff"
        }
    }

    /// The role's place among all roles, for tables indexed by role.
    public var ordinal: UInt8 {
        switch self {
        case .executive: 0
        case .commandStaff: 1
        case .supervisor: 2
        case .investigator: 3
        case .sworn: 4
        case .telecommunicator: 5
        case .civilian: 6
        }
    }

    /// Parses a roster's role column: the stored value or a few everyday words.
    public init?(roster text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
        if let role = PersonnelRole(rawValue: key) {
            self = role
            return
        }
        switch key {
        case "chief", "sheriff", "director", "psap_manager", "manager", "ceo": self = .executive
        case "command", "captain", "lieutenant": self = .commandStaff
        case "sergeant": self = .supervisor
        case "detective": self = .investigator
        case "officer", "deputy", "patrol", "trooper": self = .sworn
        case "dispatcher", "call_taker", "calltaker": self = .telecommunicator
        case "civilian_staff", "staff", "clerk": self = .civilian
        default: return nil
        }
    }
}

/// A course that can satisfy a training requirement.
public struct ReadinessCourse: Codable, Sendable, Equatable, Hashable {
    /// Short code used in rosters and CSV files (`MCDR-1`).
    public var code: String
    public var title: String
    /// Who the course is written for, in words.
    public var audience: String

    public init(code: String, title: String, audience: String) {
        self.code = code
        self.title = title
        self.audience = audience
    }
}

/// Who must complete which courses. Each alternative is a set of courses that must all be
/// completed; completing any one alternative meets the requirement ("CEO or MCDR-2" is two
/// alternatives of one course; "MECINTRO + MECPAT" is one alternative of two).
public struct TrainingRequirement: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var roles: [PersonnelRole]
    public var alternatives: [[String]]
    /// The share of the roles' active members who must be trained, 0 < share ≤ 1.
    public var requiredShare: Double
    /// At least this many active members must hold the roles (1 for the executive).
    public var minimumMembers: Int
    /// At renewal, completions older than the program's executive limit no longer count.
    public var expiresForRenewal: Bool
    /// What the criteria say of an agency with no one in the roles (a small department with no
    /// investigators): absent in versions recorded before it existed, which read as `.unmet`.
    public var whenNoneHold: AbsentRoleRule?

    /// An agency with no one in a requirement's roles either has nothing to train (`doesNotApply`)
    /// or lacks someone the criteria require (`unmet`).
    public enum AbsentRoleRule: String, Codable, Sendable, Equatable {
        case doesNotApply = "does_not_apply"
        case unmet
    }

    public init(
        id: String, title: String, roles: [PersonnelRole], alternatives: [[String]], requiredShare: Double = 1,
        minimumMembers: Int = 0, expiresForRenewal: Bool = false, whenNoneHold: AbsentRoleRule? = nil
    ) {
        self.id = id
        self.title = title
        self.roles = roles
        self.alternatives = alternatives
        self.requiredShare = requiredShare
        self.minimumMembers = minimumMembers
        self.expiresForRenewal = expiresForRenewal
        self.whenNoneHold = whenNoneHold
    }
}

/// One critical component of the model policy (police) or critical element of the
/// telecommunicator standard (PSAPs), or one element of the quality-assurance section.
public struct PolicyItem: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var description: String
    /// For QA elements: what the evaluation says when the element is missing.
    public var missingText: String?
    /// For QA elements: the answer must state a time after the call ("72 hours", "7 days").
    public var isReviewWindow: Bool

    public init(id: String, title: String, description: String, missingText: String? = nil, isReviewWindow: Bool = false) {
        self.id = id
        self.title = title
        self.description = description
        self.missingText = missingText
        self.isReviewWindow = isReviewWindow
    }
}

/// A statement the applicant signs.
public struct Affirmation: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var kinds: [OrganizationKind]

    public init(id: String, text: String, kinds: [OrganizationKind]) {
        self.id = id
        self.text = text
        self.kinds = kinds
    }
}

/// The criteria for one kind of agency within a program version.
public struct ReadinessTrack: Codable, Sendable, Equatable {
    public var kind: OrganizationKind
    /// The document the policy is checked against ("NCMEC Law-Enforcement Model Policy").
    public var framework: String
    public var requirements: [TrainingRequirement]
    public var components: [PolicyItem]

    public init(kind: OrganizationKind, framework: String, requirements: [TrainingRequirement], components: [PolicyItem]) {
        self.kind = kind
        self.framework = framework
        self.requirements = requirements
        self.components = components
    }
}

/// One version of the readiness program's criteria. Versions are data: an application is judged
/// by the version in force on its date, and the clearinghouse adds versions without code.
public struct ReadinessProgram: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    /// The first day applications are judged by this version (`YYYY-MM-DD`).
    public var effectiveFrom: String
    public var termYears: Int
    /// Renewal opens this many months before the term ends.
    public var renewalWindowMonths: Int
    /// At renewal, executive training older than this many years must be retaken.
    public var executiveTrainingMaxAgeYears: Int
    /// At renewal, everyone hired since the recognition began must be trained, with no grace period.
    public var newHiresMustBeTrainedAtRenewal: Bool
    /// Days a new hire has to complete training when the agency sets no period of its own.
    public var defaultTrainingDueDays: Int
    public var courses: [ReadinessCourse]
    public var tracks: [ReadinessTrack]
    public var qualityAssurance: [PolicyItem]
    public var affirmations: [Affirmation]

    public init(
        code: String, name: String, effectiveFrom: String, termYears: Int = 5, renewalWindowMonths: Int = 12,
        executiveTrainingMaxAgeYears: Int = 5, newHiresMustBeTrainedAtRenewal: Bool = true, defaultTrainingDueDays: Int = 180,
        courses: [ReadinessCourse], tracks: [ReadinessTrack], qualityAssurance: [PolicyItem], affirmations: [Affirmation]
    ) {
        self.code = code
        self.name = name
        self.effectiveFrom = effectiveFrom
        self.termYears = termYears
        self.renewalWindowMonths = renewalWindowMonths
        self.executiveTrainingMaxAgeYears = executiveTrainingMaxAgeYears
        self.newHiresMustBeTrainedAtRenewal = newHiresMustBeTrainedAtRenewal
        self.defaultTrainingDueDays = defaultTrainingDueDays
        self.courses = courses
        self.tracks = tracks
        self.qualityAssurance = qualityAssurance
        self.affirmations = affirmations
    }

    /// The first day this version applies; validated programs always have one.
    public var effectiveDate: CivilDate { CivilDate(iso: effectiveFrom) ?? CivilDate(year: 1900, month: 1, day: 1)! }

    public func track(for kind: OrganizationKind) -> ReadinessTrack? { tracks.first { $0.kind == kind } }

    public func course(_ code: String) -> ReadinessCourse? { courses.first { $0.code == code } }

    /// "CEO or MCDR-2", "MECINTRO + MECPAT".
    public func describe(_ requirement: TrainingRequirement) -> String {
        requirement.alternatives.map { $0.joined(separator: " + ") }.joined(separator: " or ")
    }

    public func affirmations(for kind: OrganizationKind) -> [Affirmation] { affirmations.filter { $0.kinds.contains(kind) } }

    /// Checks that the version is complete and consistent; the errors name the JSON path. A new
    /// version (`today` given: the recording organization's date) takes effect today or later, as
    /// state rules do: applications already judged keep the version they were judged by.
    public func validate(addedOn today: CivilDate? = nil) throws {
        var errors = FieldErrors()
        if let today, let first = CivilDate(iso: effectiveFrom), first < today {
            errors.add("effectiveFrom", "A new version takes effect today (\(today.iso)) or later, never on a past day.")
        }
        if code.trimmed.isEmpty || code.count > 40 || code.contains(where: { !($0.isLetter || $0.isNumber || "-_.".contains($0)) }) {
            errors.add("code", "Give a short code of letters, digits, dashes or dots (at most 40).")
        }
        if name.trimmed.isEmpty { errors.add("name", "Give the version a name.") }
        if CivilDate(iso: effectiveFrom) == nil { errors.add("effectiveFrom", "Give the first day as YYYY-MM-DD.") }
        if !(1...20).contains(termYears) { errors.add("termYears", "The term is 1 to 20 years.") }
        if !(1...60).contains(renewalWindowMonths) { errors.add("renewalWindowMonths", "Renewal opens 1 to 60 months before the end.") }
        if !(1...20).contains(executiveTrainingMaxAgeYears) {
            errors.add("executiveTrainingMaxAgeYears", "Executive training expires after 1 to 20 years.")
        }
        if !(1...730).contains(defaultTrainingDueDays) { errors.add("defaultTrainingDueDays", "New hires have 1 to 730 days to train.") }
        let codes = courses.map(\.code)
        if courses.isEmpty { errors.add("courses", "List at least one course.") }
        if Set(codes).count != codes.count { errors.add("courses", "Course codes must be unique.") }
        for (i, course) in courses.enumerated() where course.code.trimmed.isEmpty || course.title.trimmed.isEmpty {
            errors.add("courses[\(i)]", "Every course needs a code and a title.")
        }
        for kind in [OrganizationKind.lawEnforcement, .psap] where track(for: kind) == nil {
            errors.add("tracks", "Give the criteria for \(kind.title.lowercased())s.")
        }
        for (t, track) in tracks.enumerated() {
            if track.requirements.isEmpty { errors.add("tracks[\(t)].requirements", "List at least one training requirement.") }
            if track.components.isEmpty { errors.add("tracks[\(t)].components", "List the policy's critical components.") }
            let ids = track.requirements.map(\.id) + track.components.map(\.id) + qualityAssurance.map(\.id)
            if Set(ids).count != ids.count { errors.add("tracks[\(t)]", "Requirement, component and QA element ids must be unique.") }
            for (r, requirement) in track.requirements.enumerated() {
                let path = "tracks[\(t)].requirements[\(r)]"
                if requirement.roles.isEmpty { errors.add(path + ".roles", "Name the roles the requirement applies to.") }
                if requirement.alternatives.isEmpty || requirement.alternatives.contains(where: \.isEmpty) {
                    errors.add(path + ".alternatives", "Each alternative lists at least one course.")
                }
                let unknown = Set(requirement.alternatives.joined()).subtracting(codes)
                if !unknown.isEmpty {
                    errors.add(path + ".alternatives", "Unknown course \(unknown.sorted().joined(separator: ", ")).")
                }
                if !(requirement.requiredShare > 0 && requirement.requiredShare <= 1) {
                    errors.add(path + ".requiredShare", "The required share is more than 0 and at most 1.")
                }
                if requirement.minimumMembers < 0 { errors.add(path + ".minimumMembers", "The minimum cannot be negative.") }
                if requirement.whenNoneHold == .doesNotApply && requirement.minimumMembers > 0 {
                    errors.add(
                        path + ".whenNoneHold", "A requirement with a minimum number of members cannot lapse when no one holds the roles.")
                }
            }
        }
        if qualityAssurance.isEmpty { errors.add("qualityAssurance", "List the quality-assurance elements.") }
        try errors.throwIfAny()
    }

    /// The version in force on `date`: the latest one that began on or before it.
    public static func inForce(on date: CivilDate, among programs: [ReadinessProgram]) -> ReadinessProgram? {
        programs.filter { $0.effectiveDate <= date }.max { $0.effectiveDate < $1.effectiveDate }
    }
}
