import Foundation
import HomewardCore
import Testing

@Suite("Administration rules")
struct AdministrationRuleTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    @Test func an_organization_update_names_what_changed() {
        let before = Organization(
            id: OrganizationID("pd"), code: "pd", name: "Maplewood Police", kind: .lawEnforcement, state: "IL", timeZone: "America/Chicago",
            ori: "IL0990200", createdAt: now)
        var after = before
        #expect(before.changedFields(to: after).isEmpty)
        after.name = "Maplewood Police Department"
        after.active = false
        #expect(before.changedFields(to: after) == ["name", "deactivated"])
    }

    @Test func a_token_is_issued_with_its_lifetime_and_a_secret_shown_once() throws {
        let (token, secret) = try APIToken.issue(
            name: " CAD bridge ", for: UserID("u"), in: OrganizationID("pd"), id: APITokenID("t"), at: now, lifetimeDays: 90)
        #expect(token.name == "CAD bridge" && token.expiresAt == now + 90 * 86_400)
        #expect(secret.hasPrefix(APIToken.secretPrefix) && secret.hasPrefix(token.prefix) && token.prefix.count == 9)
        #expect(throws: HomewardError.self) {
            try APIToken.issue(name: "", for: UserID("u"), in: OrganizationID("pd"), id: APITokenID("t"), at: now, lifetimeDays: 90)
        }
    }

    @Test func a_new_password_must_be_long_enough_and_typed_twice_alike() throws {
        #expect(throws: HomewardError.invalid("password", "Use at least \(UserRules.minimumPasswordLength) characters.")) {
            try UserRules.checkNewPassword("short", confirmation: "short")
        }
        #expect(throws: HomewardError.invalid("confirmation", "The two passwords are not the same.")) {
            try UserRules.checkNewPassword("a long enough passphrase", confirmation: "a long enough passphrasE")
        }
        try UserRules.checkNewPassword("a long enough passphrase", confirmation: "a long enough passphrase")
    }

    @Test func sign_in_refuses_alike_and_a_lock_holds_even_with_the_right_password() {
        let org = Organization(
            id: OrganizationID("pd"), code: "pd", name: "Police", kind: .lawEnforcement, state: "IL", timeZone: "America/Chicago",
            ori: "IL0990200", createdAt: now)
        var user = User(id: UserID("u"), organizationID: org.id, email: "u@pd.example", name: "U", roles: [.investigator], createdAt: now)
        #expect(SignInRules.decide(user: nil, organization: nil, passwordMatches: true, at: now) == .refused(reason: "unknown account"))
        #expect(SignInRules.decide(user: user, organization: org, passwordMatches: true, at: now) == .allowed)
        #expect(SignInRules.decide(user: user, organization: org, passwordMatches: false, at: now) == .wrongPassword)
        var closed = org
        closed.active = false
        #expect(
            SignInRules.decide(user: user, organization: closed, passwordMatches: true, at: now)
                == .refused(reason: "organization deactivated"))
        user.lockedUntil = now + 600
        #expect(SignInRules.decide(user: user, organization: org, passwordMatches: true, at: now) == .locked(until: now + 600))
        #expect(SignInRules.decide(user: user, organization: org, passwordMatches: true, at: now + 601) == .allowed)
        user.active = false
        #expect(SignInRules.decide(user: user, organization: org, passwordMatches: true, at: now) == .refused(reason: "account disabled"))
    }

    @Test func an_audit_query_reads_its_parameters_and_only_an_administrator_chooses_whose() throws {
        let values = ["outcome": "denied", "from": "2026-11-01T00:00:00.000Z", "limit": "20", "before": "99", "organization": "pd"]
        let query = try AuditQuery.reading { values[$0] }
        #expect(
            query.filter.outcome == .denied && query.limit == 20 && query.before == 99
                && query.filter.organizationID == OrganizationID("pd"))
        #expect(try AuditQuery.reading { _ in nil }.limit == 100)
        #expect(throws: HomewardError.self) { try AuditQuery.reading { $0 == "limit" ? "5000" : nil } }
        #expect(throws: HomewardError.self) { try AuditQuery.reading { $0 == "outcome" ? "maybe" : nil } }

        func principal(_ role: Role, _ kind: OrganizationKind) -> Principal {
            Principal(
                userID: UserID("u"), organizationID: OrganizationID("own"), organizationKind: kind, roles: [role], credential: .session)
        }
        let admin = principal(.clearinghouseAdmin, .clearinghouse)
        let agencyAdmin = principal(.agencyAdmin, .childWelfare)
        #expect(AccessPolicy.auditScope(admin, requested: OrganizationID("pd")) == OrganizationID("pd"))
        #expect(AccessPolicy.auditScope(admin, requested: nil) == nil)
        #expect(AccessPolicy.auditScope(agencyAdmin, requested: OrganizationID("pd")) == OrganizationID("own"))
        #expect(AccessPolicy.auditScope(agencyAdmin, requested: nil) == OrganizationID("own"))
    }
}
