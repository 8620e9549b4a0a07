import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

@Suite("Second factor at sign-in")
struct SecondFactorSignInTests {
    /// A browser's request carrying the CSRF cookie and whatever other cookies it holds.
    private func send(
        _ client: any TestClientProtocol, _ fixtures: Fixtures, _ method: HTTPRequest.Method, _ path: String,
        cookies: [String: String] = [:],
        form: [(String, String)] = []
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.cookie] = (["homeward_csrf=\(fixtures.csrf)"] + cookies.map { "\($0.key)=\($0.value)" }).joined(separator: "; ")
        var body: ByteBuffer?
        if method == .post {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let fields = [("_csrf", fixtures.csrf)] + form
            body = ByteBuffer(string: fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&"))
        }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { $0 }
    }

    /// The value the response sets for cookie `name`, if it sets one.
    private func cookie(_ name: String, in response: TestResponse) -> String? {
        response.headers[values: .setCookie].compactMap { line -> String? in
            guard line.hasPrefix(name + "=") else { return nil }
            return String(line.dropFirst(name.count + 1).prefix { $0 != ";" })
        }.first
    }

    private func password(_ client: any TestClientProtocol, _ fixtures: Fixtures, _ email: String) async throws -> TestResponse {
        try await send(
            client, fixtures, .post, "/sign-in", form: [("email", email), ("password", "correct horse battery"), ("next", "/account")])
    }

    @Test func with_the_factor_required_a_clearinghouse_administrator_cannot_sign_in_with_the_password_alone() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock, configure: { $0.secondFactorRequirement = .clearinghouse }) {
            client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let afterPassword = try await password(client, fixtures, admin.user.email)
            #expect(afterPassword.status == .seeOther && afterPassword.headers[.location] == "/sign-in/second-factor")
            #expect(cookie("homeward_session", in: afterPassword) == nil)
            let pending = try #require(cookie("homeward_pending_sign_in", in: afterPassword))
            // The waiting sign-in is no session: every signed-in page still sends the browser to sign in.
            let home = try await send(client, fixtures, .get, "/account", cookies: ["homeward_pending_sign_in": pending])
            #expect(home.status == .seeOther && home.headers[.location]?.hasPrefix("/sign-in") == true)

            // Set-up shows the key; a wrong first code is refused beside the field.
            let setUp = try await send(client, fixtures, .get, "/sign-in/second-factor", cookies: ["homeward_pending_sign_in": pending])
            let shown = try #require(setUp.text.firstMatch(of: /<code>([A-Z2-7 ]+)<\/code>/)).1
            let totp = TOTP(secret: try #require(Base32.decode(String(shown))))
            let wrong = try await send(
                client, fixtures, .post, "/sign-in/second-factor", cookies: ["homeward_pending_sign_in": pending],
                form: [("code", "000000")])
            #expect(wrong.status == .unprocessableContent && cookie("homeward_session", in: wrong) == nil)

            let confirmed = try await send(
                client, fixtures, .post, "/sign-in/second-factor", cookies: ["homeward_pending_sign_in": pending],
                form: [("code", totp.code(at: clock.now()))])
            #expect(confirmed.status == .ok)
            let session = try #require(cookie("homeward_session", in: confirmed))
            let codes = confirmed.text.matches(of: /<li><code>([a-z0-9]{4}-[a-z0-9]{4})<\/code><\/li>/).map { String($0.1) }
            #expect(codes.count == 10)
            let account = try await send(client, fixtures, .get, "/account", cookies: ["homeward_session": session])
            #expect(account.status == .ok && account.text.contains("10 of 10 recovery codes are unused"))

            // Next time: the password, then a code. The code just used does not count again.
            clock.advance(by: 10)
            let again = try #require(cookie("homeward_pending_sign_in", in: try await password(client, fixtures, admin.user.email)))
            #expect(try await password(client, fixtures, admin.user.email).headers[.location] == "/sign-in/code")
            let latest = try #require(cookie("homeward_pending_sign_in", in: try await password(client, fixtures, admin.user.email)))
            #expect(latest != again)
            let replayed = try await send(
                client, fixtures, .post, "/sign-in/code", cookies: ["homeward_pending_sign_in": latest],
                form: [("code", totp.code(at: clock.now()))])
            #expect(replayed.status == .unauthorized && replayed.text.contains("That code is not right"))
            // Only the newest waiting sign-in counts.
            let stale = try await send(
                client, fixtures, .post, "/sign-in/code", cookies: ["homeward_pending_sign_in": again], form: [("code", codes[0])])
            #expect(stale.headers[.location] == "/sign-in?expired=1")

            clock.advance(by: 30)
            let byCode = try await send(
                client, fixtures, .post, "/sign-in/code", cookies: ["homeward_pending_sign_in": latest],
                form: [("code", totp.code(at: clock.now()))])
            #expect(byCode.status == .seeOther && byCode.headers[.location] == "/account" && cookie("homeward_session", in: byCode) != nil)

            // A recovery code works once.
            for expected in [HTTPResponse.Status.seeOther, .unauthorized] {
                let pendingKey = try #require(
                    cookie("homeward_pending_sign_in", in: try await password(client, fixtures, admin.user.email)))
                let byRecovery = try await send(
                    client, fixtures, .post, "/sign-in/code", cookies: ["homeward_pending_sign_in": pendingKey],
                    form: [("code", codes[1].uppercased())])
                #expect(byRecovery.status == expected)
            }
            let events = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "second_factor."), beforeSequence: nil, limit: 5)
            #expect(Set(events.map(\.entry.action)) == ["second_factor.enrolled", "second_factor.recovery_code_used"])
        }
    }

    @Test func replacing_an_enrolled_factor_takes_the_password_or_a_code_of_the_old_one() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            func setUp(current: String?) async throws -> (TestResponse, TOTP) {
                let form = try await client.page(.get, "/account/second-factor", as: caseworker, fixtures: fixtures)
                let secret = String(try #require(form.text.firstMatch(of: /name="secret" value="([A-Z2-7]+)"/)).1)
                let totp = TOTP(secret: try #require(Base32.decode(secret)))
                var fields = [("secret", secret), ("code", totp.code(at: clock.now()))]
                if let current { fields.append(("current", current)) }
                return (try await client.page(.post, "/account/second-factor", as: caseworker, fixtures: fixtures, form: fields), totp)
            }
            let (first, original) = try await setUp(current: nil)
            #expect(first.status == .ok)
            // The form now asks for proof of the person.
            let form = try await client.page(.get, "/account/second-factor", as: caseworker, fixtures: fixtures)
            #expect(form.text.contains("name=\"current\""))

            for current in [nil, "", "not my password", "000000"] {
                let (refused, _) = try await setUp(current: current)
                #expect(refused.status == .unprocessableContent, "\(current ?? "nil")")
                #expect(refused.text.contains("neither your password nor a current code"))
                #expect(try await services.store.secondFactor(of: caseworker.user.id)?.totp == original)
            }
            let refusals = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "second_factor.replace_refused"), beforeSequence: nil, limit: 10)
            #expect(refusals.count == 4)

            // A code of the old factor proves it (a later step, so it is not a replay of the first).
            clock.advance(by: 60)
            let (byCode, replacement) = try await setUp(current: original.code(at: clock.now()))
            #expect(byCode.status == .ok && byCode.text.contains("Your recovery codes"))
            #expect(try await services.store.secondFactor(of: caseworker.user.id)?.totp == replacement)
            // And so does the password.
            clock.advance(by: 60)
            let (byPassword, third) = try await setUp(current: "correct horse battery")
            #expect(byPassword.status == .ok)
            #expect(try await services.store.secondFactor(of: caseworker.user.id)?.totp == third)
        }
    }

    @Test func wrong_codes_lock_the_account_and_an_administrator_can_reset_the_factor() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            // Without a requirement, a person without a factor signs in with the password.
            #expect(cookie("homeward_session", in: try await password(client, fixtures, caseworker.user.email)) != nil)
            // They set one up from their account page.
            let form = try await client.page(.get, "/account/second-factor", as: caseworker, fixtures: fixtures)
            let secret = try #require(form.text.firstMatch(of: /name="secret" value="([A-Z2-7]+)"/)).1
            let totp = TOTP(secret: try #require(Base32.decode(String(secret))))
            let on = try await client.page(
                .post, "/account/second-factor", as: caseworker, fixtures: fixtures,
                form: [("secret", String(secret)), ("code", totp.code(at: clock.now()))])
            #expect(on.status == .ok && on.text.contains("Your recovery codes"))
            // New recovery codes need the password; the old ones stop working.
            let wrongPassword = try await client.page(
                .post, "/account/second-factor/recovery-codes", as: caseworker, fixtures: fixtures, form: [("current", "not my password")])
            #expect(wrongPassword.status == .unprocessableContent && wrongPassword.text.contains("This is not your current password."))
            let renewed = try await client.page(
                .post, "/account/second-factor/recovery-codes", as: caseworker, fixtures: fixtures,
                form: [("current", "correct horse battery")])
            #expect(renewed.status == .ok && renewed.text.matches(of: /<li><code>[a-z0-9]{4}-[a-z0-9]{4}<\/code><\/li>/).count == 10)
            let oldCode = try #require(on.text.firstMatch(of: /<li><code>([a-z0-9]{4}-[a-z0-9]{4})<\/code><\/li>/)).1
            #expect(try await !services.store.hasUnusedRecoveryCode(RecoveryCodes.hash(String(oldCode)), of: caseworker.user.id))

            let pending = try #require(cookie("homeward_pending_sign_in", in: try await password(client, fixtures, caseworker.user.email)))
            for _ in 0..<4 {
                let wrong = try await send(
                    client, fixtures, .post, "/sign-in/code", cookies: ["homeward_pending_sign_in": pending], form: [("code", "123456")])
                #expect(wrong.status == .unauthorized)
            }
            let fifth = try await send(
                client, fixtures, .post, "/sign-in/code", cookies: ["homeward_pending_sign_in": pending], form: [("code", "123456")])
            #expect(fifth.headers[.location] == "/sign-in?expired=1")
            #expect(try await services.store.user(caseworker.user.id)?.isLocked(at: clock.now()) == true)

            // The agency's administrator resets it (a lost phone): the person's sessions end.
            let admin = fixtures.account(.agencyAdmin)
            let reset = try await client.page(
                .post, "/organizations/\(caseworker.organization.id)/users/\(caseworker.user.id)/second-factor/reset", as: admin,
                fixtures: fixtures)
            #expect(reset.status == .seeOther)
            #expect(try await services.store.secondFactor(of: caseworker.user.id) == nil)
            #expect(try await client.page(.get, "/account", as: caseworker, fixtures: fixtures).status == .seeOther)
            // Another agency's administrator may not.
            let other = try await client.page(
                .post, "/organizations/\(caseworker.organization.id)/users/\(caseworker.user.id)/second-factor/reset", as: fixtures.adminB,
                fixtures: fixtures)
            #expect(other.status == .forbidden)
        }
    }
}
