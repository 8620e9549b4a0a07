import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

/// Walks every route with every role, for the caller's own organization and for a foreign one,
/// and checks that the HTTP answer is the access policy's answer.
@Suite("Access policy over every route")
struct AccessRouteTests {
    /// Routes anyone may call without an account. Anything else must name a policy action.
    static let publicRoutes: Set<String> = [
        "GET /sign-in", "POST /sign-in", "POST /sign-out", "GET /sign-in/code", "POST /sign-in/code", "GET /sign-in/second-factor",
        "POST /sign-in/second-factor", "GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.json",
        "GET /assets/{version}/style.css", "GET /members", "GET /api/v1/public/members",
        "GET /posters", "GET /posters/{slug}", "GET /posters/{slug}/photos/{index}", "POST /posters/{slug}/tips",
        "GET /api/v1/public/posters", "GET /pfif/1.4/persons",
    ]

    @Test func every_route_is_public_by_name_or_governed_by_the_policy() {
        let endpoints = allEndpoints(registry: metricsRegistry)
        for endpoint in endpoints where endpoint.action == nil {
            #expect(
                Self.publicRoutes.contains("\(endpoint.method) \(endpoint.path)"),
                "\(endpoint.method) \(endpoint.path) is public but not listed")
        }
        let used = Set(endpoints.compactMap(\.action))
        for action in Action.allCases {
            #expect(used.contains(action), "no route performs \(action)")
        }
        let keys = endpoints.map { "\($0.method) \($0.path)" }
        #expect(Set(keys).count == keys.count, "a route is declared twice")
    }

    /// A route about one organization's or one case's data declares it, naming a parameter its path
    /// has; the policy then weighs whose data it is.
    @Test func every_scoped_route_declares_the_parameter_that_names_its_data() {
        for endpoint in allEndpoints(registry: metricsRegistry) {
            let route = "\(endpoint.method) \(endpoint.path)"
            switch endpoint.scope {
            case .organization(let parameter), .episode(let parameter), .call(let parameter), .qaReview(let parameter),
                .policeCase(let parameter):
                #expect(endpoint.path.contains("{\(parameter)}"), "\(route) declares a scope its path lacks")
                #expect(endpoint.action != nil, "\(route) is public yet declares a scope")
            case .none:
                if endpoint.action != nil {
                    #expect(
                        !endpoint.path.contains("{org}") && !endpoint.path.contains("{episode}") && !endpoint.path.contains("{call}")
                            && !endpoint.path.contains("{review}") && !endpoint.path.contains("{case}"),
                        "\(route) names data it does not declare")
                }
            }
        }
    }

    /// A call the fixtures' 911 center took and ended, with its QA review open.
    static func endedCall(_ services: AppServices, _ fixtures: Fixtures) async throws -> (CallID, QAReviewID) {
        let now = services.clock.now()
        let telecommunicator = fixtures.account(.telecommunicator).user.id
        let call = try MissingChildCall.open(
            id: CallID("fixture-call"), psap: fixtures.psap, checklist: .telecommunicatorStandard, cadIncident: nil, at: now,
            by: telecommunicator)
        let audit = AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "fixture", recordType: "call")
        _ = try await services.store.openCall(call, idempotencyKey: nil, audit: audit)
        let closed = try call.closing(reason: "Found during the call.", at: now, by: telecommunicator)
        let review = try QAReview.opening(
            id: QAReviewID("fixture-review"), for: closed, section: QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: false),
            at: now)
        try await services.store.endCall(closed, policeCase: nil, review: review, audit: audit)
        return (call.id, review.id)
    }

    /// A call the fixtures' 911 center handed to the fixtures' police agency: its case.
    static func policeCase(_ services: AppServices, _ fixtures: Fixtures) async throws -> PoliceCaseID {
        let now = services.clock.now()
        let telecommunicator = fixtures.account(.telecommunicator).user.id
        let checklist = CallChecklist.telecommunicatorStandard
        var call = try MissingChildCall.open(
            id: CallID("fixture-handed-call"), psap: fixtures.psap, checklist: checklist, cadIncident: nil, at: now, by: telecommunicator)
        for (item, value) in [(CallItem.childName, "Wren Halloway"), (CallItem.childAge, "9"), (CallItem.lastSeenWhere, "Elm Street")] {
            call = try call.answering(item, value, checklist: checklist, at: now, by: telecommunicator).0
        }
        let audit = AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "fixture", recordType: "call")
        _ = try await services.store.openCall(call, idempotencyKey: nil, audit: audit)
        let (handed, policeCase) = try call.handingOff(
            to: fixtures.police, caseID: PoliceCaseID("fixture-case"), checklist: checklist, zone: fixtures.psap.zone, at: now,
            by: telecommunicator)
        let review = try QAReview.opening(
            id: QAReviewID("fixture-handed-review"), for: handed,
            section: QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: false), at: now)
        try await services.store.endCall(handed, policeCase: policeCase, review: review, audit: audit)
        return policeCase.id
    }

    @Test func every_role_gets_the_policys_answer_on_every_route() async throws {
        try await withTestApplication { client, services, fixtures in
            let (call, review) = try await Self.endedCall(services, fixtures)
            let policeCase = try await Self.policeCase(services, fixtures)
            let endpoints = allEndpoints(registry: metricsRegistry).filter { $0.action != nil }
            for role in Role.allCases {
                let account = fixtures.account(role)
                let foreign = account.organization.id == fixtures.agencyB.id ? fixtures.agencyA : fixtures.agencyB
                for endpoint in endpoints {
                    let callScope = endpoint.path.contains("{call}") || endpoint.path.contains("{review}")
                    let caseScope = endpoint.path.contains("{case}") ? fixtures.police.id : nil
                    let scopes: [OrganizationID?] =
                        endpoint.path.contains("{org}")
                        ? [account.organization.id, foreign.id] : [callScope ? fixtures.psap.id : caseScope]
                    for scope in scopes {
                        let path = endpoint.path
                            .replacingOccurrences(of: "{org}", with: scope?.rawValue ?? "")
                            .replacingOccurrences(of: "{call}", with: call.rawValue).replacingOccurrences(
                                of: "{review}", with: review.rawValue
                            )
                            .replacingOccurrences(of: "{case}", with: policeCase.rawValue)
                            .replacingOccurrences(of: "{user}", with: "no-such-user")
                            .replacingOccurrences(of: "{token}", with: "no-such-token")
                            .replacingOccurrences(of: "{episode}", with: fixtures.episode.id.rawValue)
                            .replacingOccurrences(of: "{notification}", with: "no-such-notification")
                            .replacingOccurrences(of: "{photo}", with: "no-such-photo")
                            .replacingOccurrences(of: "{task}", with: "no-such-task")
                            .replacingOccurrences(of: "{application}", with: "no-such-application")
                            .replacingOccurrences(of: "{recognition}", with: "no-such-recognition")
                            .replacingOccurrences(of: "{version}", with: "1").replacingOccurrences(
                                of: "{document}", with: "no-such-document")
                        let episodeScope =
                            endpoint.path.contains("{episode}")
                            ? EpisodeScope(reportingOrganization: fixtures.agencyA.id, investigatingOrganization: fixtures.police.id) : nil
                        let credential: Principal.Credential =
                            endpoint.kind == .api ? .apiToken(APITokenID("token-\(role.rawValue)")) : .session
                        let principal = Principal(
                            userID: account.user.id, organizationID: account.organization.id, organizationKind: account.organization.kind,
                            roles: account.user.roles, credential: credential)
                        let decision =
                            if let scope {
                                AccessPolicy.decide(principal, endpoint.action!, organization: scope, episode: episodeScope)
                            } else if let episodeScope {
                                AccessPolicy.decide(principal, endpoint.action!, episode: episodeScope)
                            } else {
                                AccessPolicy.decide(principal, endpoint.action!)
                            }
                        let allowed = decision.isAllowed
                        let response =
                            endpoint.kind == .api
                            ? try await client.api(endpoint.method, path, as: account, json: endpoint.method == .post ? "{}" : nil)
                            : try await client.page(endpoint.method, path, as: account, fixtures: fixtures)
                        let label = "\(role) \(endpoint.method) \(path)"
                        if allowed {
                            #expect(
                                response.status != .forbidden && response.status != .unauthorized, "\(label) answered \(response.status)")
                        } else {
                            #expect(response.status == .forbidden, "\(label) answered \(response.status), policy denies")
                        }
                    }
                }
            }
        }
    }

    @Test func anonymous_requests_to_pages_go_to_sign_in_and_to_the_api_get_401() async throws {
        try await withTestApplication { client, _, fixtures in
            for endpoint in allEndpoints(registry: metricsRegistry) where endpoint.action != nil {
                let path = endpoint.path.replacingOccurrences(of: "{org}", with: fixtures.agencyA.id.rawValue)
                    .replacingOccurrences(of: "{user}", with: "x").replacingOccurrences(of: "{token}", with: "x")
                    .replacingOccurrences(of: "{episode}", with: fixtures.episode.id.rawValue)
                    .replacingOccurrences(of: "{notification}", with: "x").replacingOccurrences(of: "{photo}", with: "x")
                    .replacingOccurrences(of: "{task}", with: "x").replacingOccurrences(of: "{application}", with: "x")
                    .replacingOccurrences(of: "{recognition}", with: "x").replacingOccurrences(of: "{version}", with: "1")
                    .replacingOccurrences(of: "{document}", with: "x").replacingOccurrences(of: "{tip}", with: "x")
                    .replacingOccurrences(of: "{referral}", with: "x").replacingOccurrences(of: "{call}", with: "x")
                    .replacingOccurrences(of: "{review}", with: "x").replacingOccurrences(of: "{case}", with: "x")
                if endpoint.kind == .api {
                    let response = try await client.api(endpoint.method, path, as: nil)
                    #expect(response.status == .unauthorized, "\(endpoint.method) \(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                } else {
                    let response = try await client.page(endpoint.method, path, as: nil, fixtures: fixtures)
                    #expect(response.status == .seeOther, "\(endpoint.method) \(path)")
                    #expect(response.headers[.location]?.hasPrefix("/sign-in") == true)
                }
            }
        }
    }

    @Test func a_caseworker_cannot_open_another_agencys_people_and_the_refusal_is_audited() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let response = try await client.page(.get, "/organizations/\(fixtures.agencyB.id)/users", as: caseworker, fixtures: fixtures)
            #expect(response.status == .forbidden)
            #expect(response.text.contains("Not allowed"))
            #expect(!response.text.contains(fixtures.adminB.user.email))

            let denied = try await services.store.auditEvents(
                matching: AuditFilter(actorUserID: caseworker.user.id, outcome: .denied), beforeSequence: nil, limit: 10)
            #expect(denied.count == 1)
            #expect(denied.first?.entry.action == "users.list")
            #expect(denied.first?.entry.targetOrganizationID == fixtures.agencyB.id)
        }
    }

    @Test func an_api_token_of_one_agency_cannot_read_another_agencys_data() async throws {
        try await withTestApplication { client, services, fixtures in
            let adminA = fixtures.account(.agencyAdmin)
            let own = try await client.api(.get, "/api/v1/organizations/\(fixtures.agencyA.id)/users", as: adminA)
            #expect(own.status == .ok)
            let emails = (try own.json()["items"] as? [[String: Any]])?.compactMap { $0["email"] as? String } ?? []
            #expect(emails.contains(adminA.user.email))

            let foreign = try await client.api(.get, "/api/v1/organizations/\(fixtures.agencyB.id)/users", as: adminA)
            #expect(foreign.status == .forbidden)
            #expect(foreign.headers[.contentType] == "application/problem+json")
            #expect(try foreign.json()["type"] as? String == "/problems/forbidden")
            #expect(!foreign.text.contains(fixtures.adminB.user.email))

            let foreignOrganization = try await client.api(.get, "/api/v1/organizations/\(fixtures.agencyB.id)", as: adminA)
            #expect(foreignOrganization.status == .forbidden)

            let reads = try await services.store.auditEvents(
                matching: AuditFilter(actorUserID: adminA.user.id), beforeSequence: nil, limit: 10)
            #expect(reads.map(\.entry.outcome).contains(.denied))
            #expect(reads.contains { $0.entry.action == "users.list" && $0.entry.outcome == .allowed })
        }
    }

    @Test func a_revoked_token_or_a_disabled_account_is_refused() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            #expect(try await client.api(.get, "/api/v1/me", as: admin).status == .ok)
            try await services.store.revokeAPIToken(
                APITokenID("token-agency_admin"), at: testEpoch,
                audit: AuditEntry(
                    occurredAt: testEpoch, actorUserID: nil, actorOrganizationID: nil, action: "api_tokens.revoke", recordType: "api_token")
            )
            #expect(try await client.api(.get, "/api/v1/me", as: admin).status == .unauthorized)

            let investigator = fixtures.account(.investigator)
            try await services.store.setActive(
                false, of: investigator.user.id,
                audit: AuditEntry(
                    occurredAt: testEpoch, actorUserID: nil, actorOrganizationID: nil, action: "users.disable", recordType: "user"))
            #expect(try await client.api(.get, "/api/v1/me", as: investigator).status == .unauthorized)
            let page = try await client.page(.get, "/", as: investigator, fixtures: fixtures)
            #expect(page.status == .seeOther)
        }
    }
}
