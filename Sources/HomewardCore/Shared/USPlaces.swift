import Foundation

/// A US place a postal address uses: its state, its name as the place list writes it, and the
/// mean coordinates of its ZIP codes (for maps and distances).
public struct USPlace: Sendable, Equatable, Codable {
    public var state: String
    public var name: String
    public var latitude: Double
    public var longitude: Double

    public init(state: String, name: String, latitude: Double, longitude: Double) {
        self.state = state
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// Every US place name by state, read once from `us-places.tsv` in HomewardCore's resources
/// (written by `scripts/generate-reference-data` from USPS and GeoNames data; see
/// docs/REFERENCE-DATA.md). A name is found however it is written: "St. Louis" is the list's
/// "Saint Louis", "Coeur d'Alene" its "Coeur D Alene", "Española" its "Espanola".
public struct USPlaces: Sendable {
    private let byKey: [String: USPlace]

    /// The shipped list.
    public static let shipped: USPlaces = {
        guard let url = Bundle.module.url(forResource: "us-places", withExtension: "tsv", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("HomewardCore's resource us-places.tsv is missing or unreadable") }
        var places: [USPlace] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 4, let latitude = Double(parts[2]), let longitude = Double(parts[3]) else { continue }
            places.append(USPlace(state: String(parts[0]), name: String(parts[1]), latitude: latitude, longitude: longitude))
        }
        return USPlaces(places)
    }()

    public init(_ places: [USPlace]) {
        var byKey: [String: USPlace] = [:]
        for place in places { byKey[Self.key(place.name, state: place.state)] = place }
        self.byKey = byKey
    }

    /// How many places the list holds.
    public var count: Int { byKey.count }

    /// The place called `name` in `state` (a two-letter code), however it is spelled within the
    /// list's rules, or nil.
    public func place(named name: String, in state: String) -> USPlace? {
        byKey[Self.key(name, state: state)]
    }

    /// Abbreviations that place names are written with either way.
    static let abbreviations: [String: String] = [
        "st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "mtn": "mountain", "pt": "point", "hts": "heights",
        "spgs": "springs", "spg": "spring", "jct": "junction", "vlg": "village", "lk": "lake", "is": "island", "isl": "island",
        "twp": "township", "cyn": "canyon", "crk": "creek", "pk": "park", "n": "north", "s": "south", "e": "east", "w": "west",
    ]

    /// The key a name is looked up by: lower case, no accents, punctuation as spaces, the usual
    /// abbreviations written out.
    static func key(_ name: String, state: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        let words = folded.replacingOccurrences(of: "'", with: " ").replacingOccurrences(of: "’", with: " ")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { abbreviations[String($0)] ?? String($0) }
        return state.uppercased() + "|" + words.joined(separator: " ")
    }
}
