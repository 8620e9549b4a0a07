import Foundation

/// Name matching for the child search: folding, a phonetic key and an edit distance, so that a
/// typo or a spelling heard over the phone still finds the child.
public enum NameMatching {
    /// Lower case, accents removed, letters only ("O'Brien-Núñez" -> "obriennunez"); with
    /// `keepingDigits`, digits too (a generation suffix written as a number).
    public static func fold(_ name: String, keepingDigits: Bool = false) -> String {
        name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .lowercased().filter { ($0.isLetter || (keepingDigits && $0.isNumber)) && $0.isASCII }
    }

    /// American Soundex of a name (R163 for Robert and Rupert), the phonetic key stored with
    /// each child. Empty for a name with no letters.
    public static func soundex(_ name: String) -> String {
        let letters = Array(fold(name))
        guard let first = letters.first else { return "" }
        func code(_ c: Character) -> Character? {
            switch c {
            case "b", "f", "p", "v": "1"
            case "c", "g", "j", "k", "q", "s", "x", "z": "2"
            case "d", "t": "3"
            case "l": "4"
            case "m", "n": "5"
            case "r": "6"
            default: nil
            }
        }
        var result = String(first).uppercased()
        var last = code(first)
        for c in letters.dropFirst() {
            let digit = code(c)
            if let digit, digit != last { result.append(digit) }
            // H and W do not separate equal codes; vowels do.
            if c != "h" && c != "w" { last = digit }
            if result.count == 4 { break }
        }
        return result.padding(toLength: 4, withPad: "0", startingAt: 0)
    }

    /// Damerau-Levenshtein distance (optimal string alignment): a swapped pair counts as one edit.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}

/// What a person typed into the child search, understood: a case number, a NIC, a date of
/// birth and name words, in any combination.
public struct ChildQuery: Sendable, Equatable {
    public var caseNumber: String?
    public var ncicNumber: String?
    public var dateOfBirth: CivilDate?
    public var names: [String]

    public init(caseNumber: String? = nil, ncicNumber: String? = nil, dateOfBirth: CivilDate? = nil, names: [String] = []) {
        self.caseNumber = caseNumber
        self.ncicNumber = ncicNumber
        self.dateOfBirth = dateOfBirth
        self.names = names
    }

    /// Reads free text: `HW-2026-000123`, `M123456789`, `2011-04-12` or `4/12/2011`, and names.
    public init(parsing text: String) {
        self.init()
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
            let token = String(raw).trimmed
            let upper = token.uppercased()
            if upper.hasPrefix("HW-") && upper.count == 14 {
                caseNumber = upper
            } else if let nic = NICNumber.normalized(upper) {
                ncicNumber = nic
            } else if let date = CivilDate(iso: token) {
                dateOfBirth = date
            } else if token.contains("/"), let date = Self.usDate(token) {
                dateOfBirth = date
            } else if !NameMatching.fold(token).isEmpty {
                names.append(token)
            }
        }
    }

    public var isEmpty: Bool { caseNumber == nil && ncicNumber == nil && dateOfBirth == nil && names.isEmpty }

    private static func usDate(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return CivilDate(year: parts[2], month: parts[0], day: parts[1])
    }

    /// How well a child's name matches the name words: 0 is exact, higher is further. Each word
    /// is matched against the closest of the child's names.
    public func distance(to child: Child) -> Int {
        distance(toNames: [child.firstName, child.middleName ?? "", child.lastName])
    }

    /// The same measure against a list of names (first, middle, last).
    public func distance(toNames childNames: [String]) -> Int {
        // A name of several words ("Garcia Lopez") is matched whole and word by word.
        let parts = childNames.flatMap { name in
            [name] + name.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
        }
        let names = parts.map { NameMatching.fold($0) }.filter { !$0.isEmpty }
        return self.names.map { NameMatching.fold($0) }.reduce(0) { total, word in
            total + (names.map { NameMatching.distance(word, $0) }.min() ?? word.count)
        }
    }
}

/// Whose children a searcher may find.
public enum ChildVisibility: Sendable, Equatable {
    /// Clearinghouse staff: every child.
    case all
    /// A child-welfare agency: its own children.
    case reportedBy(OrganizationID)
    /// A police agency: children in episodes it investigates.
    case investigatedBy(OrganizationID)
    /// Nobody.
    case none

    /// The visibility of `principal`.
    public static func of(_ principal: Principal) -> ChildVisibility {
        guard AccessPolicy.decide(principal, .listEpisodes).isAllowed else { return .none }
        switch principal.organizationKind {
        case .clearinghouse: return .all
        case .childWelfare: return .reportedBy(principal.organizationID)
        case .lawEnforcement: return .investigatedBy(principal.organizationID)
        case .psap: return .none
        }
    }
}

/// One child found, with the episode that matched and how close the name is.
public struct ChildSearchHit: Sendable, Equatable {
    public var child: Child
    public var latestEpisode: MissingEpisode?
    public var nameDistance: Int

    public init(child: Child, latestEpisode: MissingEpisode?, nameDistance: Int) {
        self.child = child
        self.latestEpisode = latestEpisode
        self.nameDistance = nameDistance
    }
}

/// The child search.
public protocol ChildSearchStore: Sendable {
    /// Children matching `query` that `visibility` allows, best first, at most `limit`.
    func searchChildren(_ query: ChildQuery, visibility: ChildVisibility, limit: Int) async throws -> [ChildSearchHit]
}

extension ChildSearchStore {
    /// Earlier records of `agency` that may be the child a report describes: same date of birth
    /// and a name that sounds alike. Offered to the person to confirm; never linked without them.
    public func possibleRepeats(of form: ReportForm, agency: OrganizationID) async throws -> [ChildSearchHit] {
        guard let dob = CivilDate(iso: form.dateOfBirth), !form.lastName.trimmed.isEmpty || !form.firstName.trimmed.isEmpty else {
            return []
        }
        let query = ChildQuery(dateOfBirth: dob, names: [form.firstName, form.lastName].filter { !$0.trimmed.isEmpty })
        return try await searchChildren(query, visibility: .reportedBy(agency), limit: 5).filter { $0.nameDistance <= 4 }
    }
}
