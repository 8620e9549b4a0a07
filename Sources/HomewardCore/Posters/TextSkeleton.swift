import Foundation

/// The one normalization every check of public text works on. Two texts that a reader would take
/// for the same words have the same skeleton: compatibility forms (NFKC: 𝐟, ｆ, ﬁ), case, accents,
/// look-alike letters from other scripts (Unicode Technical Standard #39's confusables: Cyrillic
/// "о", Greek "ο"), digits written for letters inside a word ("f0ster"), and invisible characters
/// (zero-width space, soft hyphen, word joiner, bidirectional controls) all fold away. What is
/// published is never the skeleton: it is the person's own text in NFC, checked through this.
public enum TextSkeleton {
    /// The confusables map, read once from the shipped resource: a source scalar and the prototype
    /// text it is confusable with.
    static let confusables: [Unicode.Scalar: String] = {
        guard let url = Bundle.module.url(forResource: "confusables", withExtension: "tsv", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [:] }
        var map: [Unicode.Scalar: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let source = UInt32(parts[0], radix: 16).flatMap(Unicode.Scalar.init) else { continue }
            var target = ""
            for code in parts[1].split(separator: " ") {
                if let scalar = UInt32(code, radix: 16).flatMap(Unicode.Scalar.init) { target.unicodeScalars.append(scalar) }
            }
            map[source] = target
        }
        return map
    }()

    /// Whether the shipped confusables map was found (a test holds that it was).
    public static var hasConfusables: Bool { !confusables.isEmpty }

    /// Whether `scalar` is invisible or reorders text and so may never stand in public text:
    /// default-ignorable code points (zero-width space and joiners, soft hyphen, word joiner,
    /// variation selectors), bidirectional controls, format characters, controls other than line
    /// breaks and tabs, private-use and unassigned code points.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\r" || scalar == "\t" { return false }
        let properties = scalar.properties
        if properties.isDefaultIgnorableCodePoint || properties.isBidiControl || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .control, .format, .privateUse, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// The refused characters of `text`, each once, named by code point ("U+200B").
    public static func refusedCharacters(in text: String) -> [String] {
        var seen: [String] = []
        for scalar in text.unicodeScalars where isRefused(scalar) {
            let name = String(format: "U+%04X", scalar.value)
            if !seen.contains(name) { seen.append(name) }
        }
        return seen
    }

    /// The field message for refused characters, or nil when there are none.
    public static func problem(_ text: String) -> String? {
        let refused = refusedCharacters(in: text)
        guard !refused.isEmpty else { return nil }
        return "Remove the invisible or direction-changing characters (\(refused.prefix(5).joined(separator: ", "))): "
            + "public text is published exactly as it reads."
    }

    /// The text as it is published: NFC, with line endings as line feeds and each line's spacing
    /// trimmed. Refused characters are not removed here: they are refused before.
    public static func published(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n").trimmed
    }

    /// The skeleton of one character: NFKC, lower case, no marks, confusables mapped to their
    /// prototype, `l` and `i` as one letter (they are each other's look-alikes after case folding),
    /// ignorable characters dropped. ASCII digits stay digits here; inside a word they become the
    /// letters they stand for (``letterForDigit``).
    static func skeleton(of character: Character) -> String {
        if let ascii = character.asciiValue { return asciiSkeletons[Int(ascii)] }
        return unicodeSkeleton(of: character)
    }

    /// The skeletons of the 128 ASCII characters, worked out once: most text is ASCII, and this
    /// runs for every character of every text screened.
    private static let asciiSkeletons: [String] = (0..<128).map { unicodeSkeleton(of: Character(Unicode.Scalar(UInt8($0)))) }

    private static func unicodeSkeleton(of character: Character) -> String {
        var result = ""
        for scalar in String(character).precomposedStringWithCompatibilityMapping.unicodeScalars {
            if isRefused(scalar) && scalar != "\n" { continue }
            for folded in String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars where !isMark(folded) {
                let prototype =
                    folded.isASCII && folded.properties.numericType != nil ? String(folded) : (confusables[folded] ?? String(folded))
                for mapped in prototype.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars where !isMark(mapped) {
                    result.unicodeScalars.append(mapped == "l" ? "i" : mapped)
                }
            }
        }
        return result
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// The letter a digit stands for inside a word ("f0ster", "c4re", "1n").
    static func letterForDigit(_ digit: Character) -> Character? {
        switch digit {
        case "0": "o"
        case "1": "i"
        case "2": "z"
        case "3": "e"
        case "4": "a"
        case "5": "s"
        case "6": "g"
        case "7": "t"
        case "8": "b"
        case "9": "g"
        default: nil
        }
    }

    /// The skeleton of a whole text: its words' skeletons joined by single spaces.
    public static func of(_ text: String) -> String {
        SkeletonToken.tokens(of: text).map(\.skeleton).joined(separator: " ")
    }

    /// The skeleton of a text with nothing between its words: what a screened text must not
    /// contain, whatever spacing or punctuation was put inside its words.
    public static func joined(_ text: String) -> String {
        SkeletonToken.tokens(of: text).map(\.skeleton).joined()
    }
}

/// What stands between two words of a text, which tells whether they may be one word broken up.
public enum WordSeparator: Sendable, Equatable {
    /// The first word of the text.
    case start
    /// Spaces only, on one line.
    case space
    /// Punctuation with no space ("fos.ter", "fos-ter", "c/a/r/e").
    case punctuation
    /// A line break, or punctuation with spaces ("fos-\nter", "f . o . s").
    case lineBreakOrMixed
}

/// A word of a text: as written (its range in the text, for findings) and as a skeleton.
public struct SkeletonToken: Sendable, Equatable {
    /// The words as written.
    public var written: String
    /// Its skeleton: letters and digits, lower case, look-alikes folded.
    public var skeleton: String
    /// What stood before it.
    public var separator: WordSeparator
    /// Whether a full stop, question or exclamation mark follows it: the next word starts a sentence.
    public var endsSentence = false

    /// Whether this word starts a sentence: the first word, or one after a full stop, question or
    /// exclamation mark.
    static func startsSentence(_ tokens: [SkeletonToken], at index: Int) -> Bool {
        index == 0 || tokens[index - 1].endsSentence
    }

    /// Whether every letter of the written word is a capital (for acronyms that are also words).
    var isAllCapitals: Bool {
        let letters = written.filter(\.isLetter)
        return !letters.isEmpty && letters.allSatisfy(\.isUppercase)
    }

    /// Whether the written word starts with a capital.
    var isCapitalized: Bool { written.first(where: \.isLetter)?.isUppercase == true }

    var hasDigit: Bool { skeleton.contains(where: \.isNumber) }
    var isDigits: Bool { !skeleton.isEmpty && skeleton.allSatisfy(\.isNumber) }

    /// The words of `text`: runs of characters whose skeleton is letters or digits. An apostrophe
    /// inside a word is dropped ("children’s" is one word); `@`, `$`, `!` and `|` between letters
    /// stand for the letters they look like; digits inside a word that has letters stand for
    /// letters too, while a number stays a number ("5", "014", "2026"). Invisible characters
    /// vanish, so a word broken by a zero-width space is one word.
    /// - Parameter atSignSeparates: whether `@` separates words (the parts of an e-mail address)
    ///   rather than standing for a letter.
    public static func tokens(of text: String, atSignSeparates: Bool = false) -> [SkeletonToken] {
        var tokens: [SkeletonToken] = []
        var written = ""
        var skeleton = ""
        var separator = WordSeparator.start
        var pendingSeparator: WordSeparator? = nil
        let characters = Array(text)

        func flush() {
            guard !skeleton.isEmpty else {
                written = ""
                return
            }
            let hasLetters = skeleton.contains(where: \.isLetter)
            let hasDigits = skeleton.contains(where: \.isNumber)
            let finished =
                hasLetters && hasDigits
                ? String(skeleton.map { $0.isNumber ? (TextSkeleton.letterForDigit($0) ?? $0) : $0 }) : skeleton
            tokens.append(SkeletonToken(written: written, skeleton: finished, separator: separator))
            written = ""
            skeleton = ""
            pendingSeparator = nil
        }
        func noteSeparator(_ character: Character) {
            let kind: WordSeparator =
                character.isNewline ? .lineBreakOrMixed : (character.isWhitespace ? .space : .punctuation)
            switch (pendingSeparator, kind) {
            case (nil, _): pendingSeparator = kind
            case (.space?, .space), (.punctuation?, .punctuation): break
            default: pendingSeparator = .lineBreakOrMixed
            }
        }
        func isWordCharacter(_ index: Int) -> Bool {
            guard characters.indices.contains(index) else { return false }
            let folded = TextSkeleton.skeleton(of: characters[index])
            return !folded.isEmpty && folded.allSatisfy { $0.isLetter || $0.isNumber }
        }

        for (index, character) in characters.enumerated() {
            let folded = TextSkeleton.skeleton(of: character)
            if folded.isEmpty && !character.isWhitespace && !character.isPunctuation && !character.isSymbol {
                // An invisible character: it joins what is around it.
                if !skeleton.isEmpty { written.append(character) }
                continue
            }
            if !folded.isEmpty && folded.allSatisfy({ $0.isLetter || $0.isNumber }) {
                if skeleton.isEmpty { separator = tokens.isEmpty ? .start : (pendingSeparator ?? .space) }
                written.append(character)
                skeleton += folded
                continue
            }
            if ["'", "’", "ʼ"].contains(character) && skeleton.last?.isLetter == true && isWordCharacter(index + 1)
                && characters[index + 1].isLetter
            {
                written.append(character)
                continue
            }
            let standsFor: Character? =
                switch character {
                case "@" where !atSignSeparates: "a"
                case "$": "s"
                case "!", "|": "i"
                default: nil
                }
            if let letter = standsFor, !skeleton.isEmpty, isWordCharacter(index + 1) {
                written.append(character)
                skeleton.append(letter)
                continue
            }
            flush()
            if ".!?".contains(character), skeleton.isEmpty, !tokens.isEmpty { tokens[tokens.count - 1].endsSentence = true }
            noteSeparator(character)
        }
        flush()
        return tokens
    }
}
