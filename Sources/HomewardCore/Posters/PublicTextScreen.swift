import Foundation

/// What the public-text screen caught in one field: the words as written, and why they may not
/// be published.
public struct ScreenFinding: Sendable, Equatable, Codable {
    /// The public field the words are in (`narrative`, say).
    public var field: String
    /// The words as they stand in the text.
    public var fragment: String
    /// Why they may not be published ("care status or custody", "from the place last seen").
    public var reason: String

    public init(field: String, fragment: String, reason: String) {
        self.field = field
        self.fragment = fragment
        self.reason = reason
    }

    /// `“40 Elm Court” (from the place last seen)`.
    public var sentence: String { "“\(fragment)” (\(reason))" }
}

/// A word of a text: as written, and folded for comparison (lower case, no accents, no apostrophes).
struct ScreenWord: Sendable, Equatable {
    var written: String
    var folded: String

    /// The words of `text`: runs of letters and digits; an apostrophe inside a word is dropped
    /// ("children’s" is one word), everything else separates words ("CSE-C" is two).
    static func words(of text: String) -> [ScreenWord] {
        var words: [ScreenWord] = []
        var current = ""
        func flush() {
            guard !current.isEmpty else { return }
            let folded = current.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            words.append(ScreenWord(written: current, folded: folded))
            current = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if (character == "'" || character == "’" || character == "ʼ") && !current.isEmpty {
                continue
            } else {
                flush()
            }
        }
        flush()
        return words
    }

    var hasDigit: Bool { folded.contains(where: \.isNumber) }
    var isCapitalized: Bool { written.first?.isUppercase == true }
}

/// The private facts of one case, split into the fragments that must not reach public text: every
/// word of a person's name, e-mail or report number; in places and free text, every word with a
/// digit (house numbers, phone numbers, dates), and every proper name (a capitalised word that is
/// not an ordinary word). A fragment that also stands in the public poster (the child's name, the
/// city, the police agency's phone) is not private.
public struct PrivateFacts: Sendable, Equatable {
    /// One private field: its label for the person reading the finding, its text, and how to split it.
    public struct Field: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// Names, e-mail addresses, phone and report numbers: every word is private.
            case identifying
            /// Places and narrative text: words with digits and proper names are private.
            case freeText
        }

        public var label: String
        public var text: String
        public var kind: Kind

        public init(label: String, text: String, kind: Kind) {
            self.label = label
            self.text = text
            self.kind = kind
        }
    }

    public var fields: [Field]
    /// Words that appear in the public poster itself and so are not private.
    public var publicWords: Set<String>

    public init(fields: [Field], publicText: [String]) {
        self.fields = fields.filter { !$0.text.trimmed.isEmpty }
        self.publicWords = Set(publicText.flatMap { ScreenWord.words(of: $0).map(\.folded) })
    }

    /// The private fields of an episode's record and the people working it, with the public poster's
    /// words set aside.
    public static func of(_ record: EpisodeRecord, people: [String], publicPoster: PublicPoster) -> PrivateFacts {
        let episode = record.episode
        var fields: [Field] = [
            Field(label: "the guardian's name", text: episode.guardian.name, kind: .identifying),
            Field(label: "the guardian's phone", text: episode.guardian.phone, kind: .identifying),
            Field(label: "the guardian's e-mail", text: episode.guardian.email ?? "", kind: .identifying),
            Field(label: "the guardian's agency", text: episode.guardian.agency ?? "", kind: .freeText),
            Field(label: "the place last seen", text: episode.lastSeenPlace ?? "", kind: .freeText),
            Field(label: "the circumstances", text: episode.circumstances, kind: .freeText),
            Field(label: "the possible whereabouts", text: episode.possibleWhereabouts ?? "", kind: .freeText),
            Field(label: "the police report number", text: episode.police.reportNumber ?? "", kind: .identifying),
            Field(label: "the officer's name", text: episode.police.officerName ?? "", kind: .identifying),
            Field(label: "the officer's badge", text: episode.police.badge ?? "", kind: .identifying),
            Field(label: "the NIC", text: episode.ncicNumber ?? "", kind: .identifying),
        ]
        fields += people.map { Field(label: "a person working the case", text: $0, kind: .identifying) }
        let p = publicPoster
        let publicText = [
            p.name, p.missingFromCity, p.missingFromState, p.agencyName, p.agencyPhone, p.hotline, p.caseNumber ?? "", p.sex,
            p.race ?? "", p.hair ?? "", p.eyes ?? "", p.height, p.weight, p.banner,
        ]
        return PrivateFacts(fields: fields, publicText: publicText)
    }

    /// Each private fragment (one or more folded words) with the label of the field it came from.
    func fragments() -> [(words: [String], label: String)] {
        var result: [(words: [String], label: String)] = []
        var seen = Set<String>()
        for field in fields {
            for word in ScreenWord.words(of: field.text) {
                let isPrivate: Bool =
                    switch field.kind {
                    case .identifying:
                        word.folded.count >= 2 && !PublicTextScreen.honorifics.contains(word.folded)
                            && !PublicTextScreen.addressWords.contains(word.folded)
                    case .freeText:
                        (word.hasDigit && word.folded.count >= 2)
                            || (word.isCapitalized && word.folded.count >= 3 && !PublicTextScreen.ordinaryWords.contains(word.folded))
                    }
                guard isPrivate, !publicWords.contains(word.folded), seen.insert(word.folded).inserted else { continue }
                result.append(([word.folded], field.label))
            }
        }
        return result
    }
}

/// The screen every public text passes on save and again at publication: the confidential lexicon
/// (care status, child-welfare words, trafficking, medical, mental health, disability, pregnancy)
/// and every fragment of the case's private facts.
public enum PublicTextScreen {
    /// What `text` (the public field `field`) contains that may not be published, in the order it
    /// appears; each fragment once.
    public static func screen(_ text: String, field: String, lexicon: ConfidentialLexicon, facts: PrivateFacts) -> [ScreenFinding] {
        let words = ScreenWord.words(of: text)
        guard !words.isEmpty else { return [] }
        var patterns: [(words: [String], matchCase: Bool, reason: String)] = lexicon.terms.map { term in
            let split = ScreenWord.words(of: term.term)
            return (term.matchCase ? split.map(\.written) : split.map(\.folded), term.matchCase, term.category.reason)
        }
        patterns += facts.fragments().map { ($0.words, false, "from \($0.label)") }
        var byFirst: [String: [Int]] = [:]
        for (index, pattern) in patterns.enumerated() where !pattern.words.isEmpty {
            byFirst[pattern.matchCase ? pattern.words[0] : pattern.words[0], default: []].append(index)
        }
        var findings: [ScreenFinding] = []
        var reported = Set<String>()
        var start = 0
        while start < words.count {
            // Lexicon terms come first in `patterns`, so of two patterns of one length the lexicon's
            // reason is given.
            let candidates = Set(
                (byFirst[words[start].folded] ?? []) + (byFirst[words[start].written] ?? [])
                    + (byFirst[singular(words[start].folded)] ?? [])
            ).sorted()
            // The longest pattern starting here wins, so "foster care" is one finding, not two.
            var best: (length: Int, reason: String)?
            for index in candidates {
                let pattern = patterns[index]
                guard start + pattern.words.count <= words.count else { continue }
                let matches = pattern.words.indices.allSatisfy { offset in
                    let word = words[start + offset]
                    let isLast = offset == pattern.words.count - 1
                    return pattern.matchCase
                        ? word.written == pattern.words[offset]
                        : word.folded == pattern.words[offset] || (isLast && singular(word.folded) == pattern.words[offset])
                }
                if matches && pattern.words.count > (best?.length ?? 0) { best = (pattern.words.count, pattern.reason) }
            }
            guard let best else {
                start += 1
                continue
            }
            let fragment = words[start..<(start + best.length)].map(\.written).joined(separator: " ")
            if reported.insert(fragment.lowercased()).inserted {
                findings.append(ScreenFinding(field: field, fragment: fragment, reason: best.reason))
            }
            start += best.length
        }
        return findings
    }

    /// A plural or possessive reduced to its stem: "placements" → "placement", "diagnoses" →
    /// "diagnose" (the lexicon lists irregular forms itself).
    static func singular(_ word: String) -> String {
        guard word.count > 3, !word.contains(where: \.isNumber) else { return word }
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("ses") || word.hasSuffix("xes") || word.hasSuffix("ches") || word.hasSuffix("shes") {
            return String(word.dropLast(2))
        }
        if word.hasSuffix("s") && !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }

    /// Titles that come with names and identify no one.
    static let honorifics: Set<String> = ["mr", "mrs", "ms", "miss", "dr", "jr", "sr", "ii", "iii", "lt", "sgt", "det", "ofc", "officer"]

    /// Parts of e-mail and web addresses that identify no one.
    static let addressWords: Set<String> = [
        "com", "org", "net", "gov", "edu", "us", "example", "mail", "email", "gmail", "yahoo", "outlook", "hotmail", "icloud", "www",
        "http", "https",
    ]

    /// Ordinary English words that may start a sentence or a place description with a capital and
    /// are not names. Reference data for the proper-name rule, not a privacy rule of its own.
    static let ordinaryWords: Set<String> = Set(
        """
        a about above across after again against all almost along also although always am among an and another any anyone \
        anything are area around as asked at away back bar be because been before behind being below beside between both bus but \
        by called came can car center centre church city close corner could county day did do does down drove during each east \
        either evening every family far few field for friend friends from front gas get go going gone got had has have he her here \
        him his home house how i if in inside into is it its just last late later left like likely live lived lives local long \
        made main make many may me might mom morning most mother much must my near nearby never new next night no north not now \
        of off often old on once one only or other our out outside over park parking past people place plaza possibly \
        probably ran rather recently reported right road room said same saw school see seen she should since so some someone \
        something sometimes south station still store street such take taken than that the their them then there these they \
        this those through to told took toward towards town under until up upon us usually very walked was we week weekend went \
        were west what when where whether which while who whom whose why will with within without would yesterday yet you young \
        your monday tuesday wednesday thursday friday saturday sunday january february march april june july august september \
        october november december today tonight tomorrow apartment apt avenue ave boulevard blvd court ct drive dr lane ln suite \
        highway hwy route rd st way unit floor building mall shopping restaurant library hospital motel hotel com org net gov www \
        http https mail gmail yahoo outlook hotmail
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
