import Foundation
import HomewardCore
import Hummingbird
import Logging

/// Gives each request an id (kept from `X-Request-ID` when a proxy sent a sane one), puts it in
/// the logger's metadata and the response, and logs one line per request. The line names the
/// route pattern, never the concrete path or query, which can carry personal data.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = HomewardContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let incoming = request.headers[.init("X-Request-ID")!]
        let id: String =
            if let incoming, (8...64).contains(incoming.count), incoming.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                incoming
            } else {
                SecretGenerator.make(bytes: 9)
            }
        context.logger[metadataKey: "request_id"] = .string(id)
        let start = ContinuousClock.now
        do {
            var response = try await next(request, context)
            response.headers[.init("X-Request-ID")!] = id
            log(request, context: context, status: response.status.code, start: start)
            return response
        } catch {
            log(request, context: context, status: nil, start: start)
            throw error
        }
    }

    private func log(_ request: Request, context: Context, status: Int?, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(context.endpointPath ?? "unmatched"),
                "status": .string(status.map(String.init) ?? "error"),
                "ms": .string(String(format: "%.1f", milliseconds)),
            ])
    }
}

/// Headers every response carries: no framing, no sniffing, a strict content policy (pages use no
/// inline script), and no referrer leaking paths with ids to other sites.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = HomewardContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        return response
    }
}

/// Refuses a body larger than the configured limit before anything reads it.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = HomewardContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HomewardError.payloadTooLarge(limit: limit)
        }
        return try await next(request, context)
    }
}
