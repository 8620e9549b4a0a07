import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

@Suite("Pages")
struct PagesTests {
    @Test(arguments: Role.allCases)
    func each_role_sees_its_home_page(_ role: Role) async throws {
        try await withTestApplication { client, _, fixtures in
            let account = fixtures.account(role)
            let response = try await client.page(.get, "/", as: account, fixtures: fixtures)
            #expect(response.status == .ok)
            #expect(response.text.contains("<h2 id=\"panel-\(role.rawValue)\">\(role.title)</h2>"))
            #expect(response.text.contains(account.organization.name))
            let admin = role == .clearinghouseAdmin || role == .agencyAdmin
            #expect(response.text.contains(">People</a>") == admin)
        }
    }

    @Test func an_agency_admin_adds_a_person_and_bad_input_is_shown_beside_the_fields() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            let path = "/organizations/\(fixtures.agencyA.id)/users"
            let bad = try await client.page(
                .post, path, as: admin, fixtures: fixtures,
                form: [("name", "Jamie Fictional"), ("email", "not-an-address"), ("roles", "investigator"), ("password", "short")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Enter an e-mail address"))
            #expect(bad.text.contains("Investigator is not a role in a child-welfare agency."))
            #expect(bad.text.contains("Use at least 12 characters."))
            #expect(bad.text.contains("value=\"Jamie Fictional\""))
            #expect(try await services.store.users(in: fixtures.agencyA.id).count == 3)

            let good = try await client.page(
                .post, path, as: admin, fixtures: fixtures,
                form: [
                    ("name", "Jamie Fictional"), ("email", "jamie@fixture.example"), ("roles", "caseworker"), ("roles", "supervisor"),
                    ("password", "a long temporary phrase"),
                ])
            #expect(good.status == .seeOther)
            let created = try await services.store.user(email: "jamie@fixture.example")
            #expect(created?.roles == [.caseworker, .supervisor])
            #expect(created?.organizationID == fixtures.agencyA.id)
            let list = try await client.page(.get, path, as: admin, fixtures: fixtures)
            #expect(list.text.contains("jamie@fixture.example"))
            let audit = try await services.store.auditEvents(
                matching: AuditFilter(actionPrefix: "users.create", recordID: created?.id.rawValue), beforeSequence: nil, limit: 5)
            #expect(audit.first?.entry.actorUserID == admin.user.id)
        }
    }

    @Test func disabling_an_account_signs_it_out() async throws {
        try await withTestApplication { client, _, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            let caseworker = fixtures.account(.caseworker)
            let response = try await client.page(
                .post, "/organizations/\(fixtures.agencyA.id)/users/\(caseworker.user.id)/disable", as: admin, fixtures: fixtures)
            #expect(response.status == .seeOther)
            #expect(try await client.page(.get, "/", as: caseworker, fixtures: fixtures).status == .seeOther)
        }
    }

    @Test func an_admin_cannot_touch_an_account_of_another_organization_through_their_own() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            let response = try await client.page(
                .post, "/organizations/\(fixtures.agencyA.id)/users/\(fixtures.adminB.user.id)/disable", as: admin, fixtures: fixtures)
            #expect(response.status == .notFound)
            #expect(try await services.store.user(fixtures.adminB.user.id)?.active == true)
        }
    }

    @Test func a_clearinghouse_admin_adds_a_police_agency_and_every_field_problem_shows() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let bad = try await client.page(
                .post, "/organizations", as: admin, fixtures: fixtures,
                form: [
                    ("name", ""), ("code", "9pd"), ("kind", "law_enforcement"), ("state", "IL"), ("timeZone", "Central"), ("ori", "IL12"),
                ])
            #expect(bad.status == .unprocessableContent)
            for message in ["Enter the organization", "Use 2 to 32 lowercase letters", "Enter an IANA time zone", "An ORI is 9 characters"]
            {
                #expect(bad.text.contains(message), "missing: \(message)")
            }
            let good = try await client.page(
                .post, "/organizations", as: admin, fixtures: fixtures,
                form: [
                    ("name", "Cedar Falls Police Department"), ("code", "pd-cedar"), ("kind", "law_enforcement"), ("state", "IL"),
                    ("timeZone", "America/Chicago"), ("ori", "il0770000"), ("phone", "555-010-7777"),
                ])
            #expect(good.status == .seeOther)
            let created = try await services.store.organization(code: "pd-cedar")
            #expect(created?.ori == "IL0770000")
            let clash = try await client.page(
                .post, "/organizations", as: admin, fixtures: fixtures,
                form: [
                    ("name", "Copy"), ("code", "pd-cedar"), ("kind", "law_enforcement"), ("state", "IL"), ("timeZone", "America/Chicago"),
                    ("ori", "IL0770000"),
                ])
            #expect(clash.status == .unprocessableContent)
            #expect(clash.text.contains("Another organization already uses this code."))
            #expect(clash.text.contains("Another agency already has this ORI."))
        }
    }

    @Test func an_api_token_is_shown_once_and_works_until_revoked() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            let created = try await client.page(
                .post, "/organizations/\(fixtures.agencyA.id)/api-tokens", as: admin, fixtures: fixtures, form: [("name", "case system")])
            #expect(created.status == .created)
            let secret = try #require(created.text.firstMatch(of: /hw_[A-Za-z0-9_-]{40,}/).map { String($0.output) })
            var holder = admin
            holder.apiToken = secret
            #expect(try await client.api(.get, "/api/v1/me", as: holder).status == .ok)
            let listed = try await client.page(.get, "/organizations/\(fixtures.agencyA.id)/api-tokens", as: admin, fixtures: fixtures)
            #expect(!listed.text.contains(secret))
            let token = try #require(try await services.store.apiTokens(in: fixtures.agencyA.id).first { $0.name == "case system" })
            _ = try await client.page(
                .post, "/organizations/\(fixtures.agencyA.id)/api-tokens/\(token.id)/revoke", as: admin, fixtures: fixtures)
            #expect(try await client.api(.get, "/api/v1/me", as: holder).status == .unauthorized)
        }
    }

    @Test func the_audit_browser_filters_and_an_agency_admin_sees_only_their_own() async throws {
        try await withTestApplication { client, _, fixtures in
            let caseworker = fixtures.account(.caseworker)
            _ = try await client.page(.get, "/organizations/\(fixtures.agencyB.id)/users", as: caseworker, fixtures: fixtures)
            _ = try await client.page(.get, "/organizations/\(fixtures.agencyB.id)/users", as: fixtures.adminB, fixtures: fixtures)

            let chAdmin = fixtures.account(.clearinghouseAdmin)
            let all = try await client.page(.get, "/audit?outcome=denied", as: chAdmin, fixtures: fixtures)
            #expect(all.status == .ok)
            #expect(all.text.contains(caseworker.user.name))
            #expect(all.text.contains("Only administrators manage people."))

            let adminA = fixtures.account(.agencyAdmin)
            let own = try await client.page(.get, "/audit", as: adminA, fixtures: fixtures)
            #expect(own.text.contains(caseworker.user.name))
            #expect(!own.text.contains(fixtures.adminB.user.name))

            let badDate = try await client.page(.get, "/audit?from=yesterday", as: chAdmin, fixtures: fixtures)
            #expect(badDate.text.contains("must be a date"))
        }
    }

    @Test func a_person_changes_their_own_password() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let wrong = try await client.page(
                .post, "/account/password", as: caseworker, fixtures: fixtures,
                form: [("current", "nope nope nope"), ("password", "brand new passphrase"), ("confirmation", "brand new passphrase")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("This is not your current password."))
            let right = try await client.page(
                .post, "/account/password", as: caseworker, fixtures: fixtures,
                form: [
                    ("current", "correct horse battery"), ("password", "brand new passphrase"), ("confirmation", "brand new passphrase"),
                ])
            #expect(right.status == .seeOther && right.headers[.location] == "/account?done=password")
            let hash = try await services.store.passwordHash(of: caseworker.user.id)
            #expect(try await services.passwords.verify("brand new passphrase", against: hash))
            // Every other session ended (the fixture's own key among them); this browser has a new one.
            #expect(try await services.store.session(keyHash: SHA256Digest.hex(caseworker.sessionKey)) == nil)
            let cookie = try #require(right.headers[.setCookie])
            let newKey = String(cookie.dropFirst("homeward_session=".count).prefix { $0 != ";" })
            #expect(cookie.hasPrefix("homeward_session=") && newKey != caseworker.sessionKey)
            #expect(try await services.store.session(keyHash: SHA256Digest.hex(newKey))?.userID == caseworker.user.id)
        }
    }

    @Test func unknown_pages_and_oversized_bodies_get_clear_errors() async throws {
        try await withTestApplication(configure: { $0.maxBodyBytes = 2048 }) { client, _, fixtures in
            let missing = try await client.page(.get, "/no/such/page", as: fixtures.account(.caseworker), fixtures: fixtures)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("There is no page at this address."))
            let huge = try await client.api(
                .post, "/api/v1/organizations", as: fixtures.account(.clearinghouseAdmin), json: String(repeating: " ", count: 4096))
            #expect(huge.status == .contentTooLarge)
            #expect(huge.headers[.contentType] == "application/problem+json")
        }
    }
}
