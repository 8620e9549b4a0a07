import Foundation

/// The words that must never reach public text, by what they would reveal. Reference data: the
/// shipped version is ``shipped``; clearinghouse administrators publish later versions, each kept
/// with who published it and when, and the newest is the one in force.
public struct ConfidentialLexicon: Sendable, Hashable, Codable {
    /// What a confidential word would reveal.
    public enum Category: String, Sendable, Codable, CaseIterable, Hashable {
        case careStatus = "care_status"
        case childWelfare = "child_welfare"
        case trafficking
        case medical
        case mentalHealth = "mental_health"
        case disability
        case pregnancy

        /// How a finding explains itself.
        public var reason: String {
            switch self {
            case .careStatus: "care status or custody"
            case .childWelfare: "a child-welfare agency or role"
            case .trafficking: "trafficking or exploitation"
            case .medical: "medical information"
            case .mentalHealth: "mental health"
            case .disability: "disability"
            case .pregnancy: "pregnancy"
            }
        }

        public var title: String {
            switch self {
            case .careStatus: "Care status and custody"
            case .childWelfare: "Child-welfare agencies and roles"
            case .trafficking: "Trafficking and exploitation"
            case .medical: "Medical: diagnoses, conditions, medications"
            case .mentalHealth: "Mental health"
            case .disability: "Disability"
            case .pregnancy: "Pregnancy"
            }
        }
    }

    /// One word or phrase. Matched on word boundaries, ignoring case and accents, with simple
    /// plurals ("placements" matches "placement"), unless `matchCase` is set: acronyms that are also
    /// ordinary words ("ADD", "CASA") match only in capitals.
    public struct Term: Sendable, Equatable, Codable, Hashable {
        public var term: String
        public var category: Category
        public var matchCase: Bool
        /// A sentence as a caseworker might write it, which the screen must refuse (the shipped
        /// terms' tests read it).
        public var example: String?

        public init(_ term: String, _ category: Category, matchCase: Bool = false, example: String? = nil) {
            self.term = term
            self.category = category
            self.matchCase = matchCase
            self.example = example
        }

        enum CodingKeys: String, CodingKey { case term, category, matchCase, example }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            term = try container.decode(String.self, forKey: .term)
            category = try container.decode(Category.self, forKey: .category)
            matchCase = try container.decodeIfPresent(Bool.self, forKey: .matchCase) ?? false
            example = try container.decodeIfPresent(String.self, forKey: .example)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(term, forKey: .term)
            try container.encode(category, forKey: .category)
            if matchCase { try container.encode(true, forKey: .matchCase) }
            try container.encodeIfPresent(example, forKey: .example)
        }
    }

    public var terms: [Term]

    public init(terms: [Term]) {
        self.terms = terms
    }

    /// The lexicon Homeward ships, read once from `confidential-lexicon.json` in HomewardCore's
    /// resources. Clearinghouse administrators publish later versions; each shipped edition's
    /// new terms are added once to the version in force (``shippedEdition``).
    public static let shipped: ConfidentialLexicon = {
        struct Shipped: Decodable {
            var edition: Int
            var terms: [Term]
        }
        guard let url = Bundle.module.url(forResource: "confidential-lexicon", withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url), let shipped = try? JSONDecoder().decode(Shipped.self, from: data)
        else {
            // Without it nothing could be screened: a build that lost its resources must not run.
            preconditionFailure("HomewardCore's resource confidential-lexicon.json is missing or unreadable")
        }
        return ConfidentialLexicon(terms: shipped.terms)
    }()

    /// The edition of the shipped lexicon: it grows when a release adds terms, so a deployment
    /// whose lexicon came from an earlier edition receives the new terms once.
    public static let shippedEdition = 2

    /// This lexicon with every term of `other` it lacks added at the end (same words and case rule).
    public func adding(_ other: ConfidentialLexicon) -> ConfidentialLexicon {
        func key(_ term: Term) -> String {
            SkeletonToken.tokens(of: term.term).map(\.skeleton).joined(separator: " ") + "|\(term.matchCase)"
        }
        var seen = Set(terms.map(key))
        return ConfidentialLexicon(terms: terms + other.terms.filter { seen.insert(key($0)).inserted })
    }

    /// The terms of one category, in order.
    public func terms(in category: Category) -> [Term] { terms.filter { $0.category == category } }

    /// A lexicon from its JSON text, checked: every term has words, none is listed twice.
    public static func parse(_ json: String) throws -> ConfidentialLexicon {
        let lexicon: ConfidentialLexicon
        do {
            lexicon = try JSONDecoder().decode(ConfidentialLexicon.self, from: Data(json.utf8))
        } catch {
            throw HomewardError.invalid(
                "lexicon",
                "The lexicon is not valid JSON of the form {\"terms\": [{\"term\": …, \"category\": …}]}: \(error.shortDescription)")
        }
        try lexicon.validate()
        return lexicon
    }

    /// Refuses empty terms, terms over 80 characters and duplicates.
    public func validate() throws {
        var errors: [String] = []
        var seen = Set<String>()
        for (index, term) in terms.enumerated() {
            let words = SkeletonToken.tokens(of: term.term)
            if words.isEmpty || term.term.count > 80 {
                errors.append("terms[\(index)] needs one to 80 characters of letters or digits")
            } else if !seen.insert(words.map(\.skeleton).joined(separator: " ") + "|\(term.matchCase)").inserted {
                errors.append("terms[\(index)] (“\(term.term)”) is listed twice")
            }
        }
        if terms.isEmpty { errors.append("the lexicon has no terms") }
        if !errors.isEmpty { throw HomewardError.invalid("lexicon", errors.prefix(10).joined(separator: "; ") + ".") }
    }

    /// The lexicon as pretty JSON, for editing.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

extension Error {
    /// A one-line description of a decoding error, for field messages.
    var shortDescription: String {
        switch self as? DecodingError {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "unreadable"
        }
    }
}

/// One published version of the lexicon: who published it, when and why.
public struct LexiconVersion: Sendable, Equatable {
    public var version: Int
    public var lexicon: ConfidentialLexicon
    /// Nil for the shipped version.
    public var publishedBy: UserID?
    public var publishedAt: Date
    public var note: String

    public init(version: Int, lexicon: ConfidentialLexicon, publishedBy: UserID?, publishedAt: Date, note: String) {
        self.version = version
        self.lexicon = lexicon
        self.publishedBy = publishedBy
        self.publishedAt = Timestamp.truncated(publishedAt)
        self.note = note
    }
}

/// The versions of the confidential lexicon.
public protocol LexiconStore: Sendable {
    /// The newest version: the one in force.
    func currentLexicon() async throws -> LexiconVersion
    /// Every version, newest first, without their terms' text where not needed by the caller.
    func lexiconVersions() async throws -> [LexiconVersion]
    /// Stores `lexicon` as the next version, audited; returns it.
    func publishLexicon(_ lexicon: ConfidentialLexicon, by user: UserID, at instant: Date, note: String, audit: AuditEntry) async throws
        -> LexiconVersion
}
