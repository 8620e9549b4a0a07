import Foundation

/// Passwords that guessing tries first (NIST SP 800-63B section 3.1.1.2 asks for new passwords to be
/// checked against such a list). A password is refused when it is on the list, when it is a listed
/// password with digits or symbols before or after it (`password2026!`), when it is one listed
/// password said twice, or when it is a run or a sequence of one character class (`111111111111`,
/// `abcdefghijkl`).
public enum CommonPasswords {
    /// The list shipped as the resource `common-passwords.txt`, read once on first use.
    static let list: Set<Substring> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("HomewardCore's resource common-passwords.txt is missing or unreadable") }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") })
    }()

    /// Whether `password` is too common to accept.
    public static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if list.contains(Substring(lowered)) { return true }
        let core = lowered.trimmingCharacters(in: .decimalDigits.union(.punctuationCharacters).union(.symbols).union(.whitespaces))
        if core.count >= 4, list.contains(Substring(core)) { return true }
        if core.count >= 8, core.count.isMultiple(of: 2) {
            let half = core.prefix(core.count / 2)
            if half == core.suffix(core.count / 2), list.contains(half) || half.count <= 4 { return true }
        }
        return isRunOrSequence(lowered)
    }

    /// Every character the same, each one more (or less) than the one before, or digits counting
    /// round (`789012`).
    static func isRunOrSequence(_ text: String) -> Bool {
        if text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
            String(repeating: "1234567890", count: 14).contains(text) || String(repeating: "0987654321", count: 14).contains(text)
        {
            return true
        }
        let scalars = text.unicodeScalars.map(\.value)
        guard scalars.count >= 2 else { return true }
        let steps = Set(zip(scalars.dropFirst(), scalars).map { Int64($0) - Int64($1) })
        return steps.count == 1 && abs(steps.first ?? 0) <= 1
    }
}
