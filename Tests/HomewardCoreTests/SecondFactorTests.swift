import Foundation
import Testing

@testable import HomewardCore

@Suite("Second factor and password rules")
struct SecondFactorTests {
    /// RFC 6238 appendix B's SHA-1 seed: the ASCII digits "1234567890" twice.
    let rfc = TOTP(secret: Array("12345678901234567890".utf8))

    @Test(arguments: [
        (59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"),
        (2_000_000_000, "279037"), (20_000_000_000, "353130"),
    ])
    func codes_match_the_rfc_6238_test_vectors(seconds: Int, code: String) {
        // The appendix lists eight digits; the last six are the six-digit code.
        #expect(rfc.code(at: Date(timeIntervalSince1970: TimeInterval(seconds))) == code)
    }

    @Test func a_code_counts_one_step_either_side_and_never_twice() {
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = TOTP.step(at: now)
        #expect(rfc.matchingStep("050 471", at: now, lastUsedStep: nil) == step)
        #expect(rfc.matchingStep(rfc.code(step: step - 1), at: now, lastUsedStep: nil) == step - 1)
        #expect(rfc.matchingStep(rfc.code(step: step + 1), at: now, lastUsedStep: nil) == step + 1)
        #expect(rfc.matchingStep(rfc.code(step: step - 2), at: now, lastUsedStep: nil) == nil)
        // Once this step's code was accepted, neither it nor an older one is taken again.
        #expect(rfc.matchingStep("050471", at: now, lastUsedStep: step) == nil)
        #expect(rfc.matchingStep(rfc.code(step: step - 1), at: now, lastUsedStep: step) == nil)
        #expect(rfc.matchingStep("05047", at: now, lastUsedStep: nil) == nil)
        #expect(rfc.matchingStep("05047x", at: now, lastUsedStep: nil) == nil)
    }

    @Test func secrets_round_trip_through_base_32_and_the_app_address() throws {
        #expect(Base32.encode(Array("12345678901234567890".utf8)) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.decode("gezd gnbv-gy3t qojq gezd gnbv gy3t qojq") == Array("12345678901234567890".utf8))
        #expect(Base32.decode("GEZ1") == nil)
        let totp = TOTP.generate()
        #expect(totp.secret.count == 20 && totp != TOTP.generate())
        #expect(Base32.decode(totp.displayedSecret) == totp.secret)
        let uri = rfc.provisioningURI(issuer: "Homeward", account: "alex.fictional@demo.homeward.example")
        #expect(
            uri == "otpauth://totp/Homeward:alex.fictional@demo.homeward.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Homeward&algorithm=SHA1&digits=6&period=30")
    }

    @Test func recovery_codes_are_ten_distinct_and_typed_loosely() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10 && Set(codes).count == 10)
        let code = codes[0]
        #expect(RecoveryCodes.looksLikeRecoveryCode(code) && !RecoveryCodes.looksLikeRecoveryCode("123456"))
        #expect(RecoveryCodes.hash(code.uppercased().replacingOccurrences(of: "-", with: " ")) == RecoveryCodes.hash(code))
    }

    @Test func the_requirement_decides_who_must_enrol() {
        let admin = User(
            id: UserID("u1"), organizationID: OrganizationID("hq"), email: "a@example.org", name: "Alex Fictional",
            roles: [.clearinghouseAdmin],
            createdAt: Date())
        #expect(SecondFactorRules.step(for: admin, organizationKind: .clearinghouse, enrolled: false, requirement: .off) == .none)
        #expect(
            SecondFactorRules.step(for: admin, organizationKind: .clearinghouse, enrolled: false, requirement: .clearinghouse) == .enrol)
        #expect(SecondFactorRules.step(for: admin, organizationKind: .childWelfare, enrolled: false, requirement: .clearinghouse) == .none)
        #expect(SecondFactorRules.step(for: admin, organizationKind: .childWelfare, enrolled: false, requirement: .everyone) == .enrol)
        #expect(SecondFactorRules.step(for: admin, organizationKind: .childWelfare, enrolled: true, requirement: .off) == .code)
    }

    @Test(arguments: [
        "password1234", "Password2026!", "qwertyuiop12", "123456789012", "iloveyou2025", "aaaaaaaaaaaa", "abcdefghijkl",
        "monkeymonkey", "zyxwvutsrqpo", "1qaz2wsx3edc",
    ])
    func common_passwords_are_refused(password: String) {
        #expect(UserRules.passwordProblem(password) != nil)
    }

    @Test func the_shipped_list_of_common_passwords_is_read_whole() {
        #expect(CommonPasswords.list.count == 10_000)
        #expect(CommonPasswords.list.contains("dragon") && !CommonPasswords.list.contains { $0.hasPrefix("#") })
    }

    @Test(arguments: ["correct horse battery", "brand new passphrase", "homeward-demo", "Maplewood lanterns at dusk"])
    func uncommon_passwords_are_accepted(password: String) {
        #expect(UserRules.passwordProblem(password) == nil)
    }
}
