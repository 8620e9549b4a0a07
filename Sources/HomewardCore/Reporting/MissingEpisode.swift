import Foundation

/// The identifier of one disappearance.
public struct EpisodeID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Facts about the child or the circumstances that raise the risk, flagged at report time.
/// "13 or younger" is not a flag: it is computed from the date of birth.
public enum Endangerment: String, CaseIterable, Codable, Sendable {
    case traffickingConcern = "trafficking_concern"
    case autismSpectrum = "autism_spectrum"
    case medicalCondition = "medical_condition"
    case pregnancy
    case suicidalIdeation = "suicidal_ideation"
    case withEndangeringPerson = "with_endangering_person"

    public var title: String {
        switch self {
        case .traffickingConcern: "Concern of sex trafficking or exploitation"
        case .autismSpectrum: "On the autism spectrum"
        case .medicalCondition: "Medical condition or medication needed"
        case .pregnancy: "Pregnant"
        case .suicidalIdeation: "Suicidal thoughts"
        case .withEndangeringPerson: "With a person who may endanger the child"
        }
    }
}

/// The clearinghouse's case types.
public enum CaseType: String, CaseIterable, Codable, Sendable {
    case endangeredRunaway = "endangered_runaway"
    case familyAbduction = "family_abduction"
    case nonfamilyAbduction = "nonfamily_abduction"
    case lostInjuredOtherwiseMissing = "lost_injured_otherwise_missing"
    case criticallyMissingYoungAdult = "critically_missing_young_adult"

    public var title: String {
        switch self {
        case .endangeredRunaway: "Endangered runaway"
        case .familyAbduction: "Family abduction"
        case .nonfamilyAbduction: "Nonfamily abduction"
        case .lostInjuredOtherwiseMissing: "Lost, injured or otherwise missing"
        case .criticallyMissingYoungAdult: "Critically missing young adult (18-20)"
        }
    }

    /// Whether the case is an abduction (NCIC MNP=CA).
    public var isAbduction: Bool { self == .familyAbduction || self == .nonfamilyAbduction }
}

/// Where an episode stands.
public enum EpisodeStatus: String, CaseIterable, Codable, Sendable {
    /// Saved but not yet submitted; no clock is affected by a draft, the law's clocks run anyway.
    case draft
    case open
    case located
    case recovered
    case closed
}

/// The child's guardian (the agency with custody, for a child in foster care).
public struct Guardian: Sendable, Equatable, Codable {
    public var name: String
    public var agency: String?
    public var phone: String
    public var email: String?

    public init(name: String, agency: String? = nil, phone: String, email: String? = nil) {
        self.name = name
        self.agency = agency
        self.phone = phone
        self.email = email
    }
}

/// The police agency investigating the episode, as known to the reporter.
public struct InvestigatingAgency: Sendable, Equatable, Codable {
    /// The agency's organization in Homeward, when it is a member; its investigators then see the case.
    public var organizationID: OrganizationID?
    public var name: String
    public var ori: String?
    public var phone: String
    /// The agency's case or report number (NCIC OCA); may come later than the report itself.
    public var reportNumber: String?
    public var officerName: String?
    public var badge: String?

    public init(
        organizationID: OrganizationID? = nil, name: String, ori: String? = nil, phone: String, reportNumber: String? = nil,
        officerName: String? = nil, badge: String? = nil
    ) {
        self.organizationID = organizationID
        self.name = name
        self.ori = ori
        self.phone = phone
        self.reportNumber = reportNumber
        self.officerName = officerName
        self.badge = badge
    }
}

/// A vehicle the child may be in.
public struct Vehicle: Sendable, Equatable, Codable {
    public var year: String?
    public var make: String?
    public var model: String?
    public var color: String?
    public var plate: String?
    public var plateState: String?

    public init(
        year: String? = nil, make: String? = nil, model: String? = nil, color: String? = nil, plate: String? = nil,
        plateState: String? = nil
    ) {
        self.year = year
        self.make = make
        self.model = model
        self.color = color
        self.plate = plate
        self.plateState = plateState
    }
}

/// One disappearance of one child: what the reporting agency knew, and who investigates.
public struct MissingEpisode: Sendable, Equatable, Identifiable {
    public var id: EpisodeID
    public var childID: ChildID
    /// The child-welfare agency that reports the episode.
    public var organizationID: OrganizationID
    public var status: EpisodeStatus
    /// The clearinghouse's case number, assigned at submission; siblings may share one.
    public var caseNumber: String?
    /// When the agency received the information that the child is missing: the legal trigger of
    /// the 24-hour duties.
    public var receivedAt: Date
    public var lastSeenAt: Date?
    public var lastSeenCity: String
    public var lastSeenState: String
    public var lastSeenPlace: String?
    public var circumstances: String
    public var endangerments: Set<Endangerment>
    public var clothing: String?
    public var possibleWhereabouts: String?
    public var vehicle: Vehicle?
    public var guardian: Guardian
    public var police: InvestigatingAgency
    /// The NCIC record number (NIC), once police have entered the child.
    public var ncicNumber: String?
    public var caseType: CaseType
    /// The clearinghouse case manager working the case.
    public var caseManagerID: UserID?
    public var createdBy: UserID
    public var createdAt: Date
    public var submittedAt: Date?
    /// When its personal details were replaced by a tombstone under the retention policy; what is
    /// left (dates, status, clocks, outcome) serves the statistics.
    public var personalDataRemovedAt: Date?
    /// The state rules its clocks run under (``JurisdictionRules/id``, such as `TX-3`): those in
    /// force for the reporting agency's state when the agency received the information. Nil for
    /// the federal rules.
    public var rulesID: String?

    public init(
        id: EpisodeID, childID: ChildID, organizationID: OrganizationID, status: EpisodeStatus, caseNumber: String? = nil,
        receivedAt: Date, lastSeenAt: Date? = nil, lastSeenCity: String, lastSeenState: String, lastSeenPlace: String? = nil,
        circumstances: String, endangerments: Set<Endangerment> = [], clothing: String? = nil, possibleWhereabouts: String? = nil,
        vehicle: Vehicle? = nil, guardian: Guardian, police: InvestigatingAgency, ncicNumber: String? = nil, caseType: CaseType,
        caseManagerID: UserID? = nil, createdBy: UserID, createdAt: Date, submittedAt: Date? = nil
    ) {
        self.id = id
        self.childID = childID
        self.organizationID = organizationID
        self.status = status
        self.caseNumber = caseNumber
        self.receivedAt = Timestamp.truncated(receivedAt)
        self.lastSeenAt = lastSeenAt.map(Timestamp.truncated)
        self.lastSeenCity = lastSeenCity
        self.lastSeenState = lastSeenState
        self.lastSeenPlace = lastSeenPlace
        self.circumstances = circumstances
        self.endangerments = endangerments
        self.clothing = clothing
        self.possibleWhereabouts = possibleWhereabouts
        self.vehicle = vehicle
        self.guardian = guardian
        self.police = police
        self.ncicNumber = ncicNumber
        self.caseType = caseType
        self.caseManagerID = caseManagerID
        self.createdBy = createdBy
        self.createdAt = Timestamp.truncated(createdAt)
        self.submittedAt = submittedAt.map(Timestamp.truncated)
    }

    /// Whether the child was 13 or younger when the agency learned of the disappearance, a risk
    /// factor of its own.
    public func isThirteenOrYounger(child: Child, timeZone: TimeZone) -> Bool {
        child.dateOfBirth.age(on: CivilDate(receivedAt, in: timeZone)) <= 13
    }
}
