import Foundation
import HomewardCore
import Hummingbird
import Logging
import Prometheus

/// Health, readiness, metrics, the OpenAPI document and the stylesheet.
enum OperationsEndpoints {
    static func endpoints(registry: PrometheusCollectorRegistry, openAPI: @escaping @Sendable () throws -> Data) -> [Endpoint] {
        [
            Endpoint(.get, Routes.healthz, anyone: .operations, summary: "The process is up") { _, _, _ in
                text("ok\n")
            },
            Endpoint(.get, Routes.readyz, anyone: .operations, summary: "The database answers") { _, context, services in
                do {
                    try await services.store.ping()
                    return text("ready\n")
                } catch {
                    context.logger.warning("readiness check failed", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
                    return text("database unreachable\n", status: .serviceUnavailable)
                }
            },
            Endpoint(
                .get, Routes.metrics, anyone: .operations, summary: "Prometheus metrics (with the configured metrics token)"
            ) {
                request, _, services in
                // Off unless a token is configured; then only a scraper that presents it reads them.
                guard let token = services.configuration.metricsToken,
                    let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
                    SHA256Digest.hex(String(header.dropFirst(7)).trimmed) == SHA256Digest.hex(token)
                else { return text("not found\n", status: .notFound) }
                var buffer: [UInt8] = []
                registry.emit(into: &buffer)
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
            },
            Endpoint(.get, Routes.openAPI, anyone: .operations, summary: "The OpenAPI 3.1 document") { _, _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try openAPI())))
            },
            Endpoint(.get, Routes.stylesheet, anyone: .operations, summary: "The stylesheet") { _, _, services in
                var headers = HTTPFields()
                headers[.contentType] = "text/css; charset=utf-8"
                // The URL carries the content hash, so the file can be cached for good.
                headers[.cacheControl] = "public, max-age=31536000, immutable"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: services.views.stylesheet)))
            },
        ]
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
