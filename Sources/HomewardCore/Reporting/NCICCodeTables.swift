/// NCIC code tables used on a missing-person entry. They are reference data: the defaults below
/// follow the NCIC code manual as the clearinghouse knows it, and an administrator can replace
/// them without a code change.
public struct NCICCodeTables: Sendable, Equatable, Codable {
    /// Eye color codes (EYE) and their meanings.
    public var eyeColors: [String: String]
    /// Hair color codes (HAI).
    public var hairColors: [String: String]
    /// Race codes (RAC).
    public var races: [String: String]
    /// The longest NAM the entry accepts.
    public var maximumNameLength: Int
    /// The longest OCA (agency case number).
    public var maximumCaseNumberLength: Int
    /// The longest MIS (free text).
    public var maximumRemarksLength: Int

    public init(
        eyeColors: [String: String], hairColors: [String: String], races: [String: String], maximumNameLength: Int,
        maximumCaseNumberLength: Int, maximumRemarksLength: Int
    ) {
        self.eyeColors = eyeColors
        self.hairColors = hairColors
        self.races = races
        self.maximumNameLength = maximumNameLength
        self.maximumCaseNumberLength = maximumCaseNumberLength
        self.maximumRemarksLength = maximumRemarksLength
    }

    public static let standard = NCICCodeTables(
        eyeColors: [
            "BLK": "Black", "BLU": "Blue", "BRO": "Brown", "GRN": "Green", "GRY": "Gray", "HAZ": "Hazel", "MAR": "Maroon",
            "MUL": "Multicolored", "PNK": "Pink", "XXX": "Unknown",
        ],
        hairColors: [
            "BLK": "Black", "BLN": "Blond or strawberry", "BLU": "Blue", "BRO": "Brown", "GRN": "Green", "GRY": "Gray or partially gray",
            "ONG": "Orange", "PLE": "Purple", "PNK": "Pink", "RED": "Red or auburn", "SDY": "Sandy", "WHI": "White",
            "XXX": "Unknown or bald",
        ],
        races: ["A": "Asian or Pacific Islander", "B": "Black", "I": "American Indian or Alaska Native", "W": "White", "U": "Unknown"],
        maximumNameLength: 30, maximumCaseNumberLength: 20, maximumRemarksLength: 500)

    /// Sorted (code, meaning) pairs for pick lists.
    public static func options(_ table: [String: String]) -> [(code: String, meaning: String)] {
        table.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
