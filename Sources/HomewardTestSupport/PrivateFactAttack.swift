import Foundation

/// What an adversary does to a private fact to slip it past the public-text screen, and the
/// made-up facts the attack tests hide in a case. Fictional words only.
public enum PrivateFactAttack {
    /// How the fact is disguised.
    public enum Disguise: Int, CaseIterable {
        case spaced, dotted, hyphenated, lineBroken, lookAlikes, digitsForLetters, upperCase, lowerCase, mathematical, fullWidth

        public func apply(_ text: String) -> String {
            switch self {
            case .spaced: text.map(String.init).joined(separator: " ")
            case .dotted: text.map(String.init).joined(separator: ".")
            case .hyphenated: String(text.prefix(text.count / 2)) + "-" + String(text.dropFirst(text.count / 2))
            case .lineBroken: String(text.prefix(text.count / 2)) + "\n" + String(text.dropFirst(text.count / 2))
            case .lookAlikes:
                String(text.map { ["a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і"][$0] ?? $0 })
            case .digitsForLetters:
                String(text.map { ["o": "0", "e": "3", "a": "4", "s": "5", "t": "7", "i": "1"][$0] ?? $0 })
            case .upperCase: text.uppercased()
            case .lowerCase: text.lowercased()
            case .mathematical:
                String(
                    String.UnicodeScalarView(
                        text.unicodeScalars.map { scalar in
                            guard scalar.properties.isLowercase, scalar.isASCII else { return scalar }
                            return Unicode.Scalar(0x1D41A + scalar.value - 0x61) ?? scalar
                        }))
            case .fullWidth:
                String(
                    String.UnicodeScalarView(
                        text.unicodeScalars.map { scalar in
                            guard scalar.isASCII, scalar.properties.isAlphabetic || scalar.properties.numericType != nil else {
                                return scalar
                            }
                            return Unicode.Scalar(0xFF01 + scalar.value - 0x21) ?? scalar
                        }))
            }
        }
    }

    /// A made-up name ("Vorlenquist") or number ("8817263") from `seed`.
    public static func fact(seed: Int, number: Bool) -> String {
        var state = UInt64(truncatingIfNeeded: seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        if number { return String(2 + next(8)) + (0..<6).map { _ in String(next(10)) }.joined() }
        let syllables = ["vor", "len", "quist", "bras", "tem", "drav", "kel", "mun", "zeb", "orth", "brin", "thal", "wex", "yar", "glim"]
        let name = (0..<3).map { _ in syllables[next(syllables.count)] }.joined()
        return name.prefix(1).uppercased() + name.dropFirst()
    }

}
