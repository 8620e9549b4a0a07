import Foundation
import HomewardCore
import Testing

@Suite("Organizations and accounts")
struct OrganizationTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func draft(kind: String = "law_enforcement", ori: String? = "IL0160000") -> OrganizationDraft {
        OrganizationDraft(
            code: "pd-maplewood", name: "Maplewood Police Department", kind: kind, state: "IL",
            timeZone: "America/Chicago", ori: ori, phone: "555-010-0100")
    }

    @Test func a_police_agency_with_a_valid_ori_is_accepted() throws {
        let organization = try draft().validated(id: OrganizationID("o1"), createdAt: now)
        #expect(organization.ori == "IL0160000")
        #expect(organization.kind == .lawEnforcement)
    }

    @Test(arguments: ["IL016000", "IL01600000", "ZZ0160000", "IL016-000"])
    func a_malformed_ori_is_refused(_ ori: String) {
        #expect(throws: HomewardError.invalid("ori", "An ORI is 9 characters: the 2-letter state code, then 7 letters or digits.")) {
            try draft(ori: ori).validated(id: OrganizationID("o1"), createdAt: now)
        }
    }

    @Test func a_police_agency_needs_an_ori_and_others_may_not_have_one() {
        #expect(throws: HomewardError.self) { try draft(ori: nil).validated(id: OrganizationID("o1"), createdAt: now) }
        #expect(throws: HomewardError.self) {
            try draft(kind: "child_welfare").validated(id: OrganizationID("o1"), createdAt: now)
        }
    }

    @Test func every_problem_is_reported_at_once() {
        let bad = OrganizationDraft(code: "X", name: "", kind: "bank", state: "ZZ", timeZone: "Mars/Base")
        do {
            _ = try bad.validated(id: OrganizationID("o1"), createdAt: now)
            Issue.record("expected a validation error")
        } catch HomewardError.invalid(let errors) {
            #expect(errors.entries.map(\.field) == ["code", "name", "kind", "state", "timeZone"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func roles_must_fit_the_kind_of_organization() throws {
        let agency = try draft(kind: "child_welfare", ori: nil).validated(id: OrganizationID("o1"), createdAt: now)
        let ok = try UserDraft(email: " Casey.Worker@Agency.Example ", name: "Casey Worker", roles: ["caseworker"])
            .validated(id: UserID("u1"), organization: agency, createdAt: now)
        #expect(ok.email == "casey.worker@agency.example")
        #expect(throws: HomewardError.invalid("roles", "Investigator is not a role in a child-welfare agency.")) {
            try UserDraft(email: "a@b.example", name: "A", roles: ["investigator"])
                .validated(id: UserID("u2"), organization: agency, createdAt: now)
        }
    }

    @Test func short_passwords_are_refused() {
        #expect(UserRules.passwordProblem("short") != nil)
        #expect(UserRules.passwordProblem("long enough passphrase") == nil)
    }

    @Test func failures_from_the_fifth_pause_the_account_with_a_doubling_back_off() {
        let policy = LockoutPolicy()
        #expect(policy.afterFailure(failures: 3, at: now) == (4, nil))
        #expect(policy.afterFailure(failures: 4, at: now) == (5, now + 30))
        #expect(policy.afterFailure(failures: 5, at: now) == (6, now + 60))
        #expect(policy.afterFailure(failures: 7, at: now) == (8, now + 240))
        // The pause never passes the longest one, however many failures pile up.
        #expect(policy.afterFailure(failures: 9, at: now).lockedUntil == now + 900)
        #expect(policy.afterFailure(failures: Int.max, at: now).lockedUntil == now + 900)
        #expect(policy.afterFailure(failures: -3, at: now) == (1, nil))
    }

    @Test func a_day_after_the_last_pause_the_count_starts_again() {
        let policy = LockoutPolicy()
        let old = now - LockoutPolicy.forgetAfter - 1
        #expect(policy.afterFailure(failures: 8, lockedUntil: old, at: now) == (1, nil))
        #expect(policy.afterFailure(failures: 8, lockedUntil: now - 60, at: now).lockedUntil == now + 480)
    }

    @Test func sessions_end_when_idle_or_at_their_absolute_limit() {
        let policy = SessionPolicy(idleTimeout: 1800, absoluteTimeout: 43_200)
        let session = SessionRecord(keyHash: "h", userID: UserID("u"), createdAt: now, lastSeenAt: now, expiresAt: now + 43_200)
        #expect(policy.isValid(session, at: now + 1799))
        #expect(!policy.isValid(session, at: now + 1800))
        var busy = session
        busy.lastSeenAt = now + 43_000
        #expect(!policy.isValid(busy, at: now + 43_200))
    }
}
