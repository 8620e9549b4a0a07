import Foundation

/// The identifier of a child's record.
public struct ChildID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Sex as NCIC records it for a missing person (U is only for unidentified persons).
public enum Sex: String, CaseIterable, Codable, Sendable {
    case female = "F"
    case male = "M"

    public var title: String { self == .female ? "Female" : "Male" }
}

/// A child known to Homeward: identity and description. One child has many missing episodes;
/// a repeat episode links to the same record after a person confirms the match.
public struct Child: Sendable, Equatable, Identifiable {
    public var id: ChildID
    /// The child-welfare agency responsible for the child.
    public var organizationID: OrganizationID
    public var firstName: String
    public var middleName: String?
    public var lastName: String
    public var dateOfBirth: CivilDate
    public var sex: Sex
    /// NCIC race code (A, B, I, W, U).
    public var race: String?
    /// Height in whole inches.
    public var heightInches: Int
    /// Weight in pounds.
    public var weightPounds: Int
    /// NCIC eye-color code.
    public var eyeColor: String?
    /// NCIC hair-color code.
    public var hairColor: String?
    /// Scars, marks, tattoos and other identifying features, in words.
    public var marks: String?
    /// The tribal nation the child is affiliated with, when the agency knows it: private, for
    /// coordinating with tribal agencies and for the compliance report's counts by tribe; no
    /// public output carries it.
    public var tribalAffiliation: String?
    public var createdAt: Date

    public init(
        id: ChildID, organizationID: OrganizationID, firstName: String, middleName: String? = nil, lastName: String,
        dateOfBirth: CivilDate, sex: Sex, race: String? = nil, heightInches: Int, weightPounds: Int, eyeColor: String? = nil,
        hairColor: String? = nil, marks: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.firstName = firstName
        self.middleName = middleName
        self.lastName = lastName
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.race = race
        self.heightInches = heightInches
        self.weightPounds = weightPounds
        self.eyeColor = eyeColor
        self.hairColor = hairColor
        self.marks = marks
        self.createdAt = Timestamp.truncated(createdAt)
    }

    /// "First Middle Last".
    public var fullName: String {
        [firstName, middleName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
