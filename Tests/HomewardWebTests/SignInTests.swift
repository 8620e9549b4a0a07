import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

@Suite("Signing in and out")
struct SignInTests {
    private func signIn(_ client: any TestClientProtocol, _ fixtures: Fixtures, email: String, password: String) async throws
        -> TestResponse
    {
        try await client.page(
            .post, "/sign-in", as: nil, fixtures: fixtures, form: [("email", email), ("password", password), ("next", "/")])
    }

    @Test func the_right_password_starts_a_session_with_safe_cookies() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let response = try await signIn(client, fixtures, email: caseworker.user.email.uppercased(), password: "correct horse battery")
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = response.headers[.setCookie] ?? ""
            #expect(cookie.hasPrefix("homeward_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let events = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "sign_in."), beforeSequence: nil, limit: 5)
            #expect(events.first?.entry.action == "sign_in.succeeded")
            #expect(events.first?.entry.actorUserID == caseworker.user.id)
        }
    }

    @Test func cookies_are_secure_when_configured_or_behind_https() async throws {
        try await withTestApplication(configure: { $0.secureCookies = true }) { client, _, fixtures in
            let response = try await signIn(
                client, fixtures, email: fixtures.account(.caseworker).user.email, password: "correct horse battery")
            #expect(response.headers[.setCookie]?.contains("Secure") == true)
        }
    }

    @Test func a_wrong_password_shows_the_form_again_with_the_address_kept() async throws {
        try await withTestApplication { client, _, fixtures in
            let email = fixtures.account(.caseworker).user.email
            let response = try await signIn(client, fixtures, email: email, password: "wrong password here")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("The e-mail address or password is not right."))
            #expect(response.text.contains("value=\"\(email)\""))
            #expect(response.headers[.setCookie] == nil)
        }
    }

    @Test func an_unknown_address_gets_the_same_answer_as_a_wrong_password() async throws {
        try await withTestApplication { client, _, fixtures in
            let response = try await signIn(client, fixtures, email: "nobody@fixture.example", password: "whatever it is")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("The e-mail address or password is not right."))
        }
    }

    @Test func five_failures_pause_the_account_even_against_the_right_password() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, _, fixtures in
            let email = fixtures.account(.investigator).user.email
            for _ in 0..<5 { _ = try await signIn(client, fixtures, email: email, password: "not the password") }
            let paused = try await signIn(client, fixtures, email: email, password: "correct horse battery")
            #expect(paused.status == .unauthorized)
            #expect(paused.headers[.setCookie] == nil)

            // Attempts during the pause are not counted, so the pause ends on time.
            clock.advance(by: 31)
            let after = try await signIn(client, fixtures, email: email, password: "correct horse battery")
            #expect(after.status == .seeOther)
        }
    }

    @Test func a_paused_account_reads_exactly_like_an_unknown_one() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, _, fixtures in
            let email = fixtures.account(.investigator).user.email
            for _ in 0..<5 { _ = try await signIn(client, fixtures, email: email, password: "not the password") }
            let paused = try await signIn(client, fixtures, email: email, password: "correct horse battery")
            let unknown = try await signIn(client, fixtures, email: "nobody@fixture.example", password: "correct horse battery")
            #expect(paused.status == unknown.status)
            func message(_ text: String) -> String? {
                text.range(of: "The e-mail address or password is not right.[^<]*", options: .regularExpression).map { String(text[$0]) }
            }
            #expect(message(paused.text) != nil)
            #expect(message(paused.text) == message(unknown.text))
            #expect(!paused.text.localizedCaseInsensitiveContains("locked"))
        }
    }

    @Test func one_address_guessing_across_accounts_is_slowed_down_too() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let limit = services.configuration.signInRateLimit
            // A right password does not count; each refused one does, whatever the account.
            #expect(
                try await signIn(client, fixtures, email: fixtures.account(.caseworker).user.email, password: "correct horse battery")
                    .status == .seeOther)
            for index in 0..<limit {
                let refused = try await signIn(client, fixtures, email: "nobody\(index)@example.org", password: "a guess")
                #expect(refused.status == .unauthorized)
            }
            let slowed = try await signIn(
                client, fixtures, email: fixtures.account(.investigator).user.email, password: "correct horse battery")
            #expect(slowed.status == .tooManyRequests && slowed.headers[.retryAfter] != nil)
            clock.advance(by: TimeInterval(services.configuration.signInRateWindowSeconds + 1))
            let later = try await signIn(
                client, fixtures, email: fixtures.account(.investigator).user.email, password: "correct horse battery")
            #expect(later.status == .seeOther)
        }
    }

    @Test func an_administrator_signs_a_person_out_everywhere() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            let caseworker = fixtures.account(.caseworker)
            #expect(try await client.page(.get, "/", as: caseworker, fixtures: fixtures).status == .ok)
            let path = "/organizations/\(admin.organization.id)/users/\(caseworker.user.id)/end-sessions"
            // Another agency's administrator cannot.
            #expect(try await client.page(.post, path, as: fixtures.adminB, fixtures: fixtures).status == .forbidden)
            #expect(try await client.page(.get, "/", as: caseworker, fixtures: fixtures).status == .ok)
            let ended = try await client.page(.post, path, as: admin, fixtures: fixtures)
            #expect(ended.status == .seeOther && ended.headers[.location]?.hasSuffix("?done=signed-out") == true)
            let after = try await client.page(.get, "/", as: caseworker, fixtures: fixtures)
            #expect(after.status == .seeOther && after.headers[.location]?.hasPrefix("/sign-in") == true)
            // The administrator's own session is untouched, and the person may sign in again.
            #expect(try await client.page(.get, "/", as: admin, fixtures: fixtures).status == .ok)
            _ = services
        }
    }

    @Test func people_of_a_deactivated_organization_cannot_sign_in() async throws {
        try await withTestApplication { client, services, fixtures in
            var police = fixtures.police
            police.active = false
            try await services.store.updateOrganization(
                police,
                audit: AuditEntry(
                    occurredAt: testEpoch, actorUserID: nil, actorOrganizationID: nil, action: "organizations.update",
                    recordType: "organization"))
            let investigator = fixtures.account(.investigator)
            let response = try await signIn(client, fixtures, email: investigator.user.email, password: "correct horse battery")
            #expect(response.status == .unauthorized)
            let existing = try await client.page(.get, "/", as: investigator, fixtures: fixtures)
            #expect(existing.status == .seeOther)
        }
    }

    @Test func a_form_without_the_csrf_token_is_refused() async throws {
        try await withTestApplication { client, _, fixtures in
            let response = try await client.page(
                .post, "/sign-in", as: nil, fixtures: fixtures,
                form: [("email", fixtures.account(.caseworker).user.email), ("password", "correct horse battery")], csrf: "forged")
            #expect(response.status == .forbidden)
            #expect(response.text.contains("This form has expired"))
        }
    }

    @Test func signing_out_ends_the_session() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            #expect(try await client.page(.get, "/", as: caseworker, fixtures: fixtures).status == .ok)
            let response = try await client.page(.post, "/sign-out", as: caseworker, fixtures: fixtures)
            #expect(response.headers[.location] == "/sign-in?signed-out=1")
            #expect(try await services.store.session(keyHash: SHA256Digest.hex(caseworker.sessionKey)) == nil)
            #expect(try await client.page(.get, "/", as: caseworker, fixtures: fixtures).status == .seeOther)
        }
    }

    @Test func an_idle_session_expires() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, _, fixtures in
            let caseworker = fixtures.account(.caseworker)
            clock.advance(by: 29 * 60)
            let stillActive = try await client.page(.get, "/", as: caseworker, fixtures: fixtures)
            #expect(stillActive.status == .ok)
            clock.advance(by: 31 * 60)
            let expired = try await client.page(.get, "/", as: caseworker, fixtures: fixtures)
            #expect(expired.status == .seeOther)
        }
    }

    @Test func sign_in_returns_only_to_local_paths() async throws {
        try await withTestApplication { client, _, fixtures in
            let response = try await client.page(
                .post, "/sign-in", as: nil, fixtures: fixtures,
                form: [
                    ("email", fixtures.account(.caseworker).user.email), ("password", "correct horse battery"), ("next", "//evil.example/"),
                ])
            #expect(response.headers[.location] == "/")
        }
    }
}
