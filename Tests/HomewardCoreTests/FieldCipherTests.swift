import Foundation
import HomewardCore
import Testing

@Suite("Sealed fields")
struct FieldCipherTests {
    let old = FieldCipher.Key(id: "k1", bytes: Array(repeating: 1, count: 32))
    let new = FieldCipher.Key(id: "k2", bytes: Array(repeating: 2, count: 32))

    @Test func a_value_opens_only_in_its_own_field_and_under_its_own_key() throws {
        let cipher = FieldCipher(keys: [old])
        let sealed = cipher.seal("Needs insulin twice a day", field: "episodes.circumstances")
        #expect(sealed.hasPrefix("hwenc1:k1:") && !sealed.contains("insulin"))
        #expect(sealed != cipher.seal("Needs insulin twice a day", field: "episodes.circumstances"), "a fresh nonce each time")
        #expect(try cipher.open(sealed, field: "episodes.circumstances") == "Needs insulin twice a day")
        #expect(throws: FieldCipher.Failure.damaged(field: "tips.contact_name")) { try cipher.open(sealed, field: "tips.contact_name") }
        var tampered = Array(sealed)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(throws: FieldCipher.Failure.self) { try cipher.open(String(tampered), field: "episodes.circumstances") }
        #expect(throws: FieldCipher.Failure.unknownKey("k1")) { try FieldCipher(keys: [new]).open(sealed, field: "episodes.circumstances") }
        // Plain text from before encryption, and empty text, read as they are.
        #expect(try cipher.open("Left after dinner.", field: "episodes.circumstances") == "Left after dinner.")
        #expect(cipher.seal("", field: "tips.contact_email").isEmpty)
    }

    @Test func after_rotation_old_values_still_open_and_new_ones_use_the_new_key() throws {
        let before = FieldCipher(keys: [old]).seal("Pat Witness", field: "tips.contact_name")
        let rotated = FieldCipher(keys: [new, old])
        #expect(try rotated.open(before, field: "tips.contact_name") == "Pat Witness")
        #expect(FieldCipher.keyID(of: rotated.seal("Pat Witness", field: "tips.contact_name")) == "k2")
        #expect(rotated.keyIDs == ["k1", "k2"] && rotated.current.id == "k2")
        #expect(
            old.fingerprint != new.fingerprint
                && old.fingerprint == FieldCipher.Key(id: "other", bytes: Array(repeating: 1, count: 32)).fingerprint)
    }

    @Test func configured_keys_are_checked_as_they_are_read() throws {
        let text = FieldCipher.newKeyText(id: "2026-12")
        #expect(try FieldCipher.parse(text).current.id == "2026-12")
        #expect(try FieldCipher.parse(text + ", " + FieldCipher.newKeyText(id: "2026-01")).keyIDs == ["2026-01", "2026-12"])
        for bad in [
            "", "k1", "k1:" + Data(repeating: 1, count: 16).base64EncodedString(),
            "bad id:" + Data(repeating: 1, count: 32).base64EncodedString(), text + "," + text,
        ] {
            #expect(throws: HomewardError.self) { try FieldCipher.parse(bad) }
        }
    }
}
