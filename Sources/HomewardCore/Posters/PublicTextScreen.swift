import Foundation
import Synchronization

/// What the public-text screen caught in one field: the words as written, why they may not be
/// published, and whether they are refused outright or shown to the approver to judge.
public struct ScreenFinding: Sendable, Equatable, Codable {
    /// How sure the screen is.
    public enum Severity: String, Sendable, Codable {
        /// A private fact or a lexicon term: the text cannot be published with it.
        case refused
        /// Close to one, or a name the screen cannot place: marked for the approver to judge.
        case highlighted
    }

    /// The public field the words are in (`narrative`, say).
    public var field: String
    /// The words as they stand in the text.
    public var fragment: String
    /// Why they may not be published ("care status or custody", "from the place last seen").
    public var reason: String
    public var severity: Severity

    public init(field: String, fragment: String, reason: String, severity: Severity = .refused) {
        self.field = field
        self.fragment = fragment
        self.reason = reason
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey { case field, fragment, reason, severity }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decode(String.self, forKey: .field)
        fragment = try container.decode(String.self, forKey: .fragment)
        reason = try container.decode(String.self, forKey: .reason)
        severity = try container.decodeIfPresent(Severity.self, forKey: .severity) ?? .refused
    }

    /// `“40 Elm Court” (from the place last seen)`.
    public var sentence: String { "“\(fragment)” (\(reason))" }
}

/// One thing the screen looks for: its words' skeletons, why it is private, and whether only
/// capitals match (acronyms that are also words: "ADD", "CASA", a person's initials).
struct ScreenPattern: Sendable {
    var words: [String]
    var matchCase: Bool
    var reason: String
    var severity: ScreenFinding.Severity = .refused
    /// For a pattern that matches only as written: which of its letters are capitals.
    var capitals: [Bool] = []

    var joined: String { words.joined() }

    init(words: [String], matchCase: Bool, reason: String, severity: ScreenFinding.Severity = .refused, capitals: [Bool]? = nil) {
        self.words = words
        self.matchCase = matchCase
        self.reason = reason
        self.severity = severity
        self.capitals = capitals ?? Array(repeating: true, count: words.joined().count)
    }

    init?(_ text: String, matchCase: Bool, reason: String, severity: ScreenFinding.Severity = .refused) {
        let words = SkeletonToken.tokens(of: text).map(\.skeleton)
        guard !words.isEmpty else { return nil }
        self.init(
            words: words, matchCase: matchCase, reason: reason, severity: severity,
            capitals: text.filter(\.isLetter).map(\.isUppercase))
    }
}

/// The private facts of one case, split into the fragments that must not reach public text:
/// every word of a name, e-mail address, phone, plate or report number (two letters are enough:
/// initials and agency acronyms identify), and a name's initials; in places and free text (the
/// circumstances, notes, contacts, tasks, referrals, the tribal affiliation), every word with a
/// digit and every proper name, and, for the approver to judge, every other uncommon word.
/// Nothing is exempt because it stands in a public field: only the words the case manager has
/// confirmed as public (the child's name, the confirmed place and police agency) are set aside.
public struct PrivateFacts: Sendable, Equatable {
    /// One private field: its label for the person reading the finding, its text, and how to split it.
    public struct Field: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// Names, e-mail addresses, phone, plate and report numbers: every word is private.
            case identifying
            /// Narrative text: words with digits and proper names are private; a capital starting
            /// a sentence, and other uncommon words, are shown to the approver.
            case freeText
            /// A place as written in a report ("Brightcombe cottage, 7719 Ulverstone Lane"): as free
            /// text, but a capitalised word is private even at the start, where names of places stand.
            case place
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

    public private(set) var fields: [Field]
    /// The skeletons of the words that are public by the case manager's confirmed choice.
    public private(set) var publicWords: Set<String>
    /// Digit strings that are public (the police agency's phone, the hotline).
    public private(set) var publicNumbers: Set<String>
    /// What the screen looks for, worked out once: each private fragment with the label of its field.
    private(set) var patterns: [ScreenPattern] = []
    /// The private numbers of four or more digits, worked out once.
    private(set) var numbers: [PrivateNumber] = []

    /// A private number: its digits and the label of the field it came from.
    struct PrivateNumber: Sendable {
        var digits: String
        var label: String
    }

    /// - Parameter publicText: the poster's confirmed public values whose words are not private
    ///   (the child's name, the confirmed place, the police agency's name and phone, the hotline).
    public init(fields: [Field], publicText: [String]) {
        let tokens = publicText.flatMap { SkeletonToken.tokens(of: $0, atSignSeparates: true) }
        self.init(
            fields: fields, publicWords: Set(tokens.map(\.skeleton)),
            publicNumbers: Set(publicText.map { $0.filter(\.isASCIIDigit) }.filter { $0.count >= 4 }))
    }

    private init(fields: [Field], publicWords: Set<String>, publicNumbers: Set<String>) {
        self.fields = fields.filter { !$0.text.trimmed.isEmpty }
        self.publicWords = publicWords
        self.publicNumbers = publicNumbers
        self.patterns = Self.patterns(of: self.fields, publicWords: publicWords)
        self.numbers = Self.numbers(of: self.fields, publicNumbers: publicNumbers)
    }

    /// The same facts without the fields `excluded` names.
    public func removingFields(where excluded: (Field) -> Bool) -> PrivateFacts {
        PrivateFacts(fields: fields.filter { !excluded($0) }, publicWords: publicWords, publicNumbers: publicNumbers)
    }

    public static func == (a: PrivateFacts, b: PrivateFacts) -> Bool {
        a.fields == b.fields && a.publicWords == b.publicWords && a.publicNumbers == b.publicNumbers
    }

    /// The private fields of an episode's record, its case work and the people working it.
    /// `confirmedPublic` is what the case manager confirmed may be public: the child's name, the
    /// poster's place and police agency, the hotline.
    public static func of(
        _ record: EpisodeRecord, people: [String], tasks: [CaseTask] = [], referrals: [Referral] = [], confirmedPublic: [String]
    ) -> PrivateFacts {
        let episode = record.episode
        let child = record.child
        var fields: [Field] = [
            Field(label: "the guardian's name", text: episode.guardian.name, kind: .identifying),
            Field(label: "the guardian's phone", text: episode.guardian.phone, kind: .identifying),
            Field(label: "the guardian's e-mail", text: episode.guardian.email ?? "", kind: .identifying),
            Field(label: "the guardian's agency", text: episode.guardian.agency ?? "", kind: .identifying),
            Field(label: "the place last seen", text: episode.lastSeenPlace ?? "", kind: .place),
            Field(label: "the reported city", text: episode.lastSeenCity, kind: .place),
            Field(label: "the circumstances", text: episode.circumstances, kind: .freeText),
            Field(label: "the possible whereabouts", text: episode.possibleWhereabouts ?? "", kind: .place),
            Field(label: "the police report number", text: episode.police.reportNumber ?? "", kind: .identifying),
            Field(label: "the officer's name", text: episode.police.officerName ?? "", kind: .identifying),
            Field(label: "the officer's badge", text: episode.police.badge ?? "", kind: .identifying),
            Field(label: "the police agency's ORI", text: episode.police.ori ?? "", kind: .identifying),
            Field(label: "the reported police agency", text: episode.police.name, kind: .freeText),
            Field(label: "the reported police phone", text: episode.police.phone, kind: .identifying),
            Field(label: "the NIC", text: episode.ncicNumber ?? "", kind: .identifying),
            Field(label: "the vehicle's plate", text: episode.vehicle?.plate ?? "", kind: .identifying),
            Field(label: "the tribal affiliation", text: child.tribalAffiliation ?? "", kind: .identifying),
            Field(label: "the marks", text: child.marks ?? "", kind: .freeText),
        ]
        for event in record.events {
            let label = "a \(event.kind.title.lowercased()) on the timeline"
            fields.append(Field(label: label, text: event.note ?? "", kind: .freeText))
            fields.append(Field(label: label, text: event.reference ?? "", kind: .identifying))
        }
        fields += tasks.map { Field(label: "a task's note", text: $0.note ?? "", kind: .freeText) }
        for referral in referrals {
            fields.append(Field(label: "a referral's note", text: referral.note, kind: .freeText))
            fields.append(Field(label: "a referral's note", text: referral.declineReason, kind: .freeText))
        }
        fields += people.map { Field(label: "a person working the case", text: $0, kind: .identifying) }
        return PrivateFacts(fields: fields, publicText: [child.firstName, child.middleName ?? "", child.lastName] + confirmedPublic)
    }

    /// What to look for in `fields`: each private fragment with the label of the field it came from.
    private static func patterns(of fields: [Field], publicWords: Set<String>) -> [ScreenPattern] {
        var patterns: [ScreenPattern] = []
        var seen = Set<String>()
        func add(_ pattern: ScreenPattern) {
            let key = pattern.words.joined(separator: " ") + "|\(pattern.matchCase)|\(pattern.severity)"
            guard !pattern.words.isEmpty, seen.insert(key).inserted else { return }
            patterns.append(pattern)
        }
        let reasonPrefix = "from "
        for field in fields {
            let reason = reasonPrefix + field.label
            let tokens = SkeletonToken.tokens(of: field.text)
            let parts = SkeletonToken.tokens(of: field.text, atSignSeparates: true)
            switch field.kind {
            case .identifying:
                for token in tokens + parts
                where token.skeleton.count >= 2 && !(token.isDigits && token.skeleton.count < 4)
                    && (token.hasDigit || !PublicTextScreen.ordinaryWords.contains(token.skeleton))
                    && !PublicTextScreen.honorifics.contains(token.skeleton)
                    && !PublicTextScreen.addressWords.contains(token.skeleton) && !publicWords.contains(token.skeleton)
                {
                    add(ScreenPattern(words: [token.skeleton], matchCase: false, reason: reason))
                }
                let meaningful = tokens.filter { !PublicTextScreen.honorifics.contains($0.skeleton) }
                if meaningful.count > 1 {
                    let whole = meaningful.map(\.skeleton)
                    if !whole.allSatisfy(publicWords.contains) {
                        add(ScreenPattern(words: [whole.joined()], matchCase: false, reason: reason))
                    }
                    // Initials: "OB" for a person, "HYN" for an agency; in capitals only.
                    let initials = meaningful.filter { $0.isCapitalized && !$0.hasDigit }.compactMap(\.skeleton.first)
                    if initials.count >= 2 {
                        add(ScreenPattern(words: [String(initials)], matchCase: true, reason: reason + " (its initials)"))
                    }
                }
            case .freeText, .place:
                for (index, token) in tokens.enumerated() where !publicWords.contains(token.skeleton) {
                    let word = token.skeleton
                    // A capital at the start of a sentence may be any word ("Left after …"): the
                    // approver judges it; a capital inside a sentence, or starting a place, is a name.
                    let startsSentence = field.kind == .freeText && SkeletonToken.startsSentence(tokens, at: index)
                    if token.hasDigit && word.count >= 2 {
                        add(ScreenPattern(words: [word], matchCase: false, reason: reason))
                    } else if token.isCapitalized && word.count >= 3 && !PublicTextScreen.ordinaryWords.contains(word) {
                        add(
                            ScreenPattern(
                                words: [word], matchCase: false, reason: startsSentence ? "also in " + field.label : reason,
                                severity: startsSentence ? .highlighted : .refused))
                    } else if token.isAllCapitals && word.count >= 2 && !PublicTextScreen.ordinaryWords.contains(word) {
                        add(ScreenPattern(words: [word], matchCase: true, reason: reason))
                    } else if word.count >= 6 && !PublicTextScreen.ordinaryWords.contains(word) {
                        add(ScreenPattern(words: [word], matchCase: false, reason: "also in " + field.label, severity: .highlighted))
                    }
                }
            }
        }
        return patterns
    }

    /// The private digit strings of four or more digits: each number, and each field's digits
    /// run together (a phone or report number however it is punctuated).
    private static func numbers(of fields: [Field], publicNumbers: Set<String>) -> [PrivateNumber] {
        var result: [PrivateNumber] = []
        var seen = Set<String>()
        for field in fields {
            let whole = field.text.filter(\.isASCIIDigit)
            let pieces = SkeletonToken.tokens(of: field.text).filter(\.isDigits).map(\.skeleton)
            for digits in pieces + (field.kind == .identifying ? [whole] : [])
            where digits.count >= 4 && !publicNumbers.contains(digits) && seen.insert(digits).inserted {
                result.append(PrivateNumber(digits: digits, label: field.label))
            }
        }
        return result
    }
}

/// The screen every public text passes on save, at the request for approval and again at
/// approval: the confidential lexicon (care status, child-welfare words, trafficking, medical,
/// mental health, disability, pregnancy) and every fragment of the case's private facts, matched
/// on skeletons (``TextSkeleton``), so that look-alike letters, digits for letters, invisible
/// characters, case, accents, and words spaced, punctuated or broken across lines all match.
public enum PublicTextScreen {
    /// What `text` (the public field `field`) contains that may not be published, or that the
    /// approver must judge, in the order it appears; each fragment once.
    public static func screen(_ text: String, field: String, lexicon: ConfidentialLexicon, facts: PrivateFacts) -> [ScreenFinding] {
        let tokens = SkeletonToken.tokens(of: text)
        guard !tokens.isEmpty else { return [] }
        let patterns = compiled(lexicon) + facts.patterns
        var findings: [(range: ClosedRange<Int>, finding: ScreenFinding)] = []
        var reported = Set<String>()
        var covered = Set<Int>()
        func report(_ range: ClosedRange<Int>, _ reason: String, _ severity: ScreenFinding.Severity) {
            if severity == .refused {
                if range.allSatisfy(covered.contains) { return }
                covered.formUnion(range)
            }
            let fragment = tokens[range].map(\.written).joined(separator: " ")
            let key = TextSkeleton.joined(fragment)
            if severity == .refused {
                findings.removeAll {
                    ($0.finding.severity == .highlighted && TextSkeleton.joined($0.finding.fragment) == key)
                        || (range.contains($0.range.lowerBound) && range.contains($0.range.upperBound) && $0.range != range)
                }
            }
            guard reported.insert(key + "|\(severity)").inserted else { return }
            if severity == .highlighted && (reported.contains(key + "|refused") || range.allSatisfy(covered.contains)) { return }
            findings.append((range, ScreenFinding(field: field, fragment: fragment, reason: reason, severity: severity)))
        }
        matchNumbers(tokens, facts: facts, report: report)
        matchPatterns(tokens, patterns, report: report)
        highlightNearMisses(tokens, lexicon: lexicon, report: report)
        highlightNames(tokens, facts: facts, report: report)
        return findings.enumerated().sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }.map(
            \.element.finding)
    }

    /// The lexicon's terms as patterns, compiled once per lexicon.
    static func compiled(_ lexicon: ConfidentialLexicon) -> [ScreenPattern] {
        LexiconPatternCache.shared.patterns(for: lexicon)
    }

    /// The longest pattern that starts at each word, whatever the spacing inside it. Words run
    /// together ("fostercare") match a pattern of several words; a pattern's word broken up matches
    /// when the pieces are split by punctuation or a line break, or when a piece is one or two
    /// letters ("f o s t e r"); two longer pieces split by a space only ("the rapist") are marked
    /// for the approver rather than refused, so ordinary neighbouring words are never joined.
    static func matchPatterns(
        _ tokens: [SkeletonToken], _ patterns: [ScreenPattern],
        report: (ClosedRange<Int>, String, ScreenFinding.Severity) -> Void
    ) {
        var byJoined: [String: [Int]] = [:]
        var longest = 0
        for (index, pattern) in patterns.enumerated() {
            byJoined[pattern.joined, default: []].append(index)
            longest = max(longest, pattern.joined.count)
        }
        var start = 0
        while start < tokens.count {
            var joined = ""
            var strong: (end: Int, pattern: ScreenPattern)?
            var weak: (end: Int, pattern: ScreenPattern)?
            for end in start..<min(tokens.count, start + 24) {
                joined += tokens[end].skeleton
                if joined.count > longest + 3 { break }
                let candidates = Set((byJoined[joined] ?? []) + (byJoined[singular(joined)] ?? []))
                for index in candidates.sorted() {
                    let pattern = patterns[index]
                    if pattern.matchCase && !sameCase(tokens[start...end], pattern) { continue }
                    switch strength(tokens, start...end, pattern) {
                    case .refused:
                        // The longest wins; of two as long, the first (lexicon terms come first, so
                        // a finding gives the lexicon's reason).
                        if pattern.severity == .refused {
                            if strong == nil || end > strong!.end { strong = (end, pattern) }
                        } else if weak == nil || end > weak!.end {
                            weak = (end, pattern)
                        }
                    case .highlighted:
                        if weak == nil || end > weak!.end { weak = (end, pattern) }
                    }
                }
            }
            if let strong {
                report(start...strong.end, strong.pattern.reason, .refused)
                start = strong.end + 1
            } else {
                if let weak { report(start...weak.end, weak.pattern.reason, .highlighted) }
                start += 1
            }
        }
    }

    /// Whether the written letters of `tokens` have the capitals of the pattern's own letters
    /// ("PrEP", "ADD"), letter for letter.
    static func sameCase(_ tokens: ArraySlice<SkeletonToken>, _ pattern: ScreenPattern) -> Bool {
        let written = tokens.flatMap { $0.written.filter(\.isLetter) }.map(\.isUppercase)
        return written == pattern.capitals
    }

    /// Whether words `range` spell `pattern` as words broken up on purpose (refused), or possibly
    /// as ordinary neighbouring words (highlighted).
    static func strength(_ tokens: [SkeletonToken], _ range: ClosedRange<Int>, _ pattern: ScreenPattern) -> ScreenFinding.Severity {
        var boundaries = Set<Int>()
        var position = 0
        for word in pattern.words {
            position += word.count
            boundaries.insert(position)
        }
        var offset = 0
        var result = ScreenFinding.Severity.refused
        for index in range.dropLast() {
            offset += tokens[index].skeleton.count
            if boundaries.contains(offset) { continue }
            let next = tokens[index + 1]
            switch next.separator {
            case .punctuation, .lineBreakOrMixed, .start: continue
            case .space:
                if min(tokens[index].skeleton.count, next.skeleton.count) <= 2 { continue }
                result = .highlighted
            }
        }
        return result
    }

    /// Private numbers however they are written: a run of numbers split by spaces or punctuation
    /// ("555 014-7720") that holds a private number, or that a private number holds.
    static func matchNumbers(
        _ tokens: [SkeletonToken], facts: PrivateFacts, report: (ClosedRange<Int>, String, ScreenFinding.Severity) -> Void
    ) {
        let numbers = facts.numbers
        guard !numbers.isEmpty else { return }
        var start = 0
        while start < tokens.count {
            guard tokens[start].isDigits else {
                start += 1
                continue
            }
            var end = start
            while end + 1 < tokens.count && tokens[end + 1].isDigits { end += 1 }
            let run = tokens[start...end].map(\.skeleton).joined()
            if !facts.publicNumbers.contains(run),
                let match = numbers.first(where: { run.contains($0.digits) || (run.count >= 5 && $0.digits.contains(run)) })
            {
                report(start...end, "from " + match.label, .refused)
            }
            start = end + 1
        }
    }

    /// Words one letter away from a lexicon term of six letters or more ("fostr", "custodyy"):
    /// marked for the approver.
    static func highlightNearMisses(
        _ tokens: [SkeletonToken], lexicon: ConfidentialLexicon, report: (ClosedRange<Int>, String, ScreenFinding.Severity) -> Void
    ) {
        let single = compiled(lexicon).filter { $0.words.count == 1 && $0.words[0].count >= 6 && !$0.matchCase }
        for (index, token) in tokens.enumerated() where token.skeleton.count >= 5 && !token.hasDigit {
            if let near = single.first(where: { $0.words[0] != token.skeleton && isOneEditApart($0.words[0], token.skeleton) }) {
                report(index...index, "close to a word about " + near.reason, .highlighted)
            }
        }
    }

    /// Capitalised words inside a sentence that are neither ordinary words nor confirmed public
    /// ones: a person's or a place's name the approver must judge.
    static func highlightNames(
        _ tokens: [SkeletonToken], facts: PrivateFacts, report: (ClosedRange<Int>, String, ScreenFinding.Severity) -> Void
    ) {
        for (index, token) in tokens.enumerated() where token.isCapitalized && !token.hasDigit {
            guard token.skeleton.count >= 3, !ordinaryWords.contains(token.skeleton), !facts.publicWords.contains(token.skeleton),
                !token.isAllCapitals || token.skeleton.count > 3
            else { continue }
            if SkeletonToken.startsSentence(tokens, at: index) { continue }
            report(index...index, nameReason, .highlighted)
        }
    }

    /// Why a name the screen cannot place is marked.
    public static let nameReason = "a name: may it be public?"

    /// Whether `a` and `b` differ by one inserted, deleted or changed letter.
    static func isOneEditApart(_ a: String, _ b: String) -> Bool {
        let x = Array(a)
        let y = Array(b)
        guard abs(x.count - y.count) <= 1 else { return false }
        var i = 0
        var j = 0
        var edits = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] {
                i += 1
                j += 1
                continue
            }
            edits += 1
            if edits > 1 { return false }
            if x.count > y.count {
                i += 1
            } else if x.count < y.count {
                j += 1
            } else {
                i += 1
                j += 1
            }
        }
        return edits + (x.count - i) + (y.count - j) <= 1
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
    static let honorifics: Set<String> = skeletons([
        "mr", "mrs", "ms", "miss", "dr", "jr", "sr", "ii", "iii", "lt", "sgt", "det", "ofc", "officer",
    ])

    /// Parts of e-mail and web addresses that identify no one.
    static let addressWords: Set<String> = skeletons([
        "com", "org", "net", "gov", "edu", "us", "example", "mail", "email", "gmail", "yahoo", "outlook", "hotmail", "icloud", "www",
        "http", "https",
    ])

    /// The skeletons of `words`, for comparing with skeleton tokens.
    static func skeletons(_ words: [String]) -> Set<String> { Set(words.map(TextSkeleton.of)) }

    /// Ordinary English words that may start a sentence or a place description with a capital and
    /// are not names. Reference data for the proper-name rule, not a privacy rule of its own.
    static let ordinaryWords: Set<String> = skeletons(
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
        http https mail gmail yahoo outlook hotmail band nation tribe tribal community pueblo village services service department \
        children childrens agency network group outside inside behind across corner front back side block
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}

/// The compiled patterns of the lexicons in use: compiling skeletons of several hundred terms on
/// every keystroke's screen would be wasted work, and a lexicon version never changes.
final class LexiconPatternCache: Sendable {
    static let shared = LexiconPatternCache()
    private let entries = Mutex<[ConfidentialLexicon: [ScreenPattern]]>([:])

    func patterns(for lexicon: ConfidentialLexicon) -> [ScreenPattern] {
        if let found = entries.withLock({ $0[lexicon] }) { return found }
        let patterns = lexicon.terms.compactMap { ScreenPattern($0.term, matchCase: $0.matchCase, reason: $0.category.reason) }
        entries.withLock { cache in
            if cache.count > 8 { cache.removeAll() }
            cache[lexicon] = patterns
        }
        return patterns
    }
}
