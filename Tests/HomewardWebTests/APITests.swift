import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

@Suite("API and operations")
struct APITests {
    @Test func invalid_json_gets_a_problem_with_every_field_and_writes_nothing() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let before = try await services.store.organizations().count
            let response = try await client.api(
                .post, "/api/v1/organizations", as: admin,
                json: #"{"code":"X","name":"","kind":"bank","state":"ZZ","timeZone":"nowhere"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json")
            let body = try response.json()
            #expect(body["type"] as? String == "/problems/validation")
            let fields = (body["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
            #expect(fields == ["code", "name", "kind", "state", "timeZone"])
            #expect(try await services.store.organizations().count == before)

            let malformed = try await client.api(.post, "/api/v1/organizations", as: admin, json: "{not json")
            #expect(malformed.status == .unprocessableContent)
            let missing = try await client.api(.post, "/api/v1/organizations", as: admin, json: #"{"name":"A"}"#)
            #expect(try missing.json()["errors"].debugDescription.contains("code"))
        }
    }

    @Test func an_organization_created_by_api_can_be_read_back() async throws {
        try await withTestApplication { client, _, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let created = try await client.api(
                .post, "/api/v1/organizations", as: admin,
                json:
                    #"{"code":"psap-north","name":"North County 911","kind":"psap","state":"MN","timeZone":"America/Chicago","psapIdentifier":"4411"}"#
            )
            #expect(created.status == .created)
            let location = try #require(created.headers[.location])
            let read = try await client.api(.get, location, as: admin)
            #expect(try read.json()["psapIdentifier"] as? String == "4411")
            let byCode = try await client.api(.get, "/api/v1/organizations/psap-north", as: admin)
            #expect(byCode.status == .ok)
        }
    }

    @Test func health_readiness_and_metrics_answer() async throws {
        try await withTestApplication(configure: { $0.metricsToken = "scraper-token-0123456789" }) { client, _, fixtures in
            #expect(try await client.api(.get, "/healthz", as: nil).text == "ok\n")
            #expect(try await client.api(.get, "/readyz", as: nil).status == .ok)
            _ = try await client.api(.get, "/api/v1/me", as: fixtures.account(.analyst))
            #expect(try await client.api(.get, "/metrics", as: nil).status == .notFound)
            var scraper = HTTPFields()
            scraper[.authorization] = "Bearer scraper-token-0123456789"
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: scraper) { $0 }
            #expect(metrics.text.contains("hb_requests"))
            #expect(metrics.text.contains("http_route=\"/api/v1/me\""))
        }
    }

    @Test func the_openapi_document_lists_exactly_the_api_routes() async throws {
        try await withTestApplication { client, _, _ in
            let response = try await client.api(.get, "/openapi.json", as: nil)
            let document = try response.json()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let registered = Set(allEndpoints(registry: metricsRegistry).filter { $0.kind == .api }.map { "\($0.method) \($0.path)" })
            #expect(documented == registered)
            #expect(Set(OpenAPIDocument.operations.keys) == registered)
            // A search needs its words: q is documented as required, as the route requires it.
            let search = try #require(paths["/api/v1/children"]?["get"] as? [String: Any])
            let q = (search["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "q" }
            #expect(q?["required"] as? Bool == true)
            #expect(try await client.api(.get, "/api/v1/children", as: nil).status != .internalServerError)
        }
    }

    @Test func problem_details_carry_the_request_id() async throws {
        try await withTestApplication { client, _, _ in
            let response = try await client.api(.get, "/api/v1/me", as: nil)
            let body = try response.json()
            #expect(body["requestId"] as? String == response.headers[HTTPField.Name("X-Request-ID")!])
            #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        }
    }
}
