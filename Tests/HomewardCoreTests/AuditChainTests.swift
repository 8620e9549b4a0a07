import Foundation
import HomewardCore
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    @Test func sha256_matches_the_nist_test_vectors() {
        #expect(SHA256Digest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256Digest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256Digest.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Trails written before the digest came from swift-crypto still verify: an event's hash is the
    /// same as when it was stored.
    @Test func a_stored_event_hash_is_unchanged() {
        let entry = AuditEntry(
            occurredAt: Date(timeIntervalSince1970: 1_800_000_000), actorUserID: UserID("u-1"),
            actorOrganizationID: OrganizationID("org-1"),
            action: "users.list", recordType: "organization", recordID: "org|1", targetOrganizationID: OrganizationID("org-1"),
            address: "127.0.0.1")
        #expect(
            AuditChain.canonicalText(sequence: 7, entry: entry)
                == #"'7|'2027-01-15T08:00:00.000Z|'u-1|'org-1|'users.list|'allowed|'organization|'org\|1|'org-1|'127.0.0.1|~|~"#)
        #expect(
            AuditChain.hash(sequence: 7, entry: entry, previousHash: AuditChain.genesisHash)
                == "ced9ed4533d624d631d61accb8097fb854f18a12ca28b59233328b037fa947a2")
    }

    private func chain(_ count: Int) -> [AuditEvent] {
        var events: [AuditEvent] = []
        for index in 0..<count {
            let entry = AuditEntry(
                occurredAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)), actorUserID: UserID("u-\(index)"),
                actorOrganizationID: OrganizationID("org-1"), action: "users.list", recordType: "organization",
                recordID: "org-1", targetOrganizationID: OrganizationID("org-1"), address: "127.0.0.1"
            )
            events.append(AuditChain.append(entry, after: events.last.map { ($0.sequence, $0.hash) }))
        }
        return events
    }

    @Test func an_untouched_chain_verifies() {
        var verifier = AuditChain.Verifier()
        verifier.check(chain(5))
        #expect(verifier.firstBreak == nil)
        #expect(verifier.checked == 5)
    }

    @Test func an_edited_event_is_reported_at_its_own_sequence() {
        var events = chain(5)
        events[2].entry.action = "users.create"
        var verifier = AuditChain.Verifier()
        verifier.check(events)
        #expect(verifier.firstBreak?.sequence == 3)
    }

    @Test func an_edit_that_recomputes_its_hash_is_reported_at_the_next_event() {
        var events = chain(5)
        events[2].entry.detail = "rewritten"
        events[2].hash = AuditChain.hash(sequence: 3, entry: events[2].entry, previousHash: events[2].previousHash)
        var verifier = AuditChain.Verifier()
        verifier.check(events)
        #expect(verifier.firstBreak?.sequence == 4)
    }

    @Test func a_deleted_event_is_reported() {
        var events = chain(5)
        events.remove(at: 1)
        var verifier = AuditChain.Verifier()
        verifier.check(events)
        #expect(verifier.firstBreak?.sequence == 3)
    }

    @Test func a_separator_inside_a_field_cannot_imitate_another_field() {
        let base = AuditEntry(
            occurredAt: Date(timeIntervalSince1970: 0), actorUserID: nil, actorOrganizationID: nil, action: "a|b",
            recordType: "c")
        var other = base
        other.action = "a"
        other.recordType = "b|c"
        #expect(AuditChain.canonicalText(sequence: 1, entry: base) != AuditChain.canonicalText(sequence: 1, entry: other))
    }

    @Test func timestamps_round_trip_at_millisecond_precision() throws {
        let instant = Date(timeIntervalSince1970: 1_795_000_123.4567)
        let text = Timestamp.format(instant)
        #expect(text == "2026-11-18T11:08:43.456Z")
        #expect(Timestamp.parse(text) == Timestamp.truncated(instant))
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(Timestamp.parse("2026-13-01T00:00:00.000Z") == nil)
        #expect(Timestamp.parse("2026-11-18 10:28:43") == nil)
    }
}
