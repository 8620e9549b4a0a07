import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import HomewardWeb

/// Whether a request is answered as a page, the API or an operations endpoint is what its endpoint
/// declares, read by the route the router matched; only a request no endpoint matched falls back to
/// its route group.
@Suite("Endpoint kinds")
struct EndpointKindTests {
    let kinds = EndpointKinds(allEndpoints(registry: metricsRegistry))

    func request(_ path: String) -> Request {
        Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path),
            body: RequestBody(buffer: ByteBuffer()))
    }

    @Test func each_request_is_answered_as_its_endpoint_declares() {
        #expect(kinds.kind(of: request("/api/v1/episodes/e1"), matched: Routes.apiEpisode.pattern) == .api)
        #expect(kinds.kind(of: request("/episodes/e1"), matched: Routes.episode.pattern) == .page)
        #expect(kinds.kind(of: request("/healthz"), matched: Routes.healthz.pattern) == .operations)
        #expect(kinds.kind(of: request("/openapi.json"), matched: Routes.openAPI.pattern) == .operations)
        // Nothing matched: the API's route group still answers as the API.
        #expect(kinds.kind(of: request("/api/v1/no-such-thing"), matched: "NotFound") == .api)
        #expect(kinds.kind(of: request("/no-such-page"), matched: nil) == .page)
    }
}
