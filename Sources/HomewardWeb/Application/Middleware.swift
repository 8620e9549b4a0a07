import Foundation
import HTTPTypes
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
        let tenths = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        let route = context.endpointPath ?? "unmatched"
        // A flood of public poster views is counted in the metrics, not written line by line.
        let level: Logger.Level = request.method == .get && status == 200 && route.hasPrefix(Routes.publicPosters.path) ? .debug : .info
        context.logger.log(
            level: level, "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .string(status.map(String.init) ?? "error"),
                "ms": .string("\(tenths / 10).\(tenths % 10)"),
            ])
    }
}

/// Headers every response carries: no framing, no sniffing, a strict content policy (pages use no
/// inline script), and no referrer leaking paths with ids to other sites.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = HomewardContext
    /// The public address is https: every answer tells browsers to keep to HTTPS.
    var publicIsHTTPS = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        Self.apply(to: &response.headers)
        // HSTS only means something over HTTPS (browsers ignore it on plain HTTP): a year, renewed on every answer.
        if publicIsHTTPS || request.uri.scheme == .https || request.headers[Self.forwardedProto]?.lowercased() == "https" {
            response.headers[Self.strictTransportSecurity] = "max-age=31536000"
        }
        return response
    }

    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let strictTransportSecurity = HTTPField.Name("Strict-Transport-Security")!

    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!

    static func apply(to headers: inout HTTPFields) {
        headers[contentTypeOptions] = "nosniff"
        headers[frameOptions] = "DENY"
        headers[referrerPolicy] = "same-origin"
        headers[contentSecurityPolicy] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    }
}

/// `HEAD` answers as `GET` would, headers and length included, without the body: load balancers
/// and link checkers ask with it. Outside the router, which knows only the methods routes declare.
struct HeadResponder<Next: HTTPResponder>: HTTPResponder where Next.Context == HomewardContext {
    let next: Next

    func respond(to request: Request, context: HomewardContext) async throws -> Response {
        guard request.method == .head else { return try await next.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await next.respond(to: Request(head: head, body: request.body), context: context)
        // The length the GET would send, and no bytes.
        let length = response.headers[.contentLength].flatMap(Int.init) ?? response.body.contentLength
        response.body = ResponseBody(contentLength: length) { writer in try await writer.finish(nil) }
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

/// Refuses requests no route could mean before anything else sees them: a method Homeward never
/// serves (TRACE, CONNECT) gets 405 with the methods it does, and a path with an empty segment
/// (`//api/v1/...`) gets 404, so that no check keyed on a path prefix can be stepped around.
struct RequestShapeMiddleware: RouterMiddleware {
    typealias Context = HomewardContext
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if !Self.methods.contains(request.method) {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD, POST, PATCH"
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(
                status: .methodNotAllowed, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "method not allowed\n")))
        }
        if request.uri.path.contains("//") {
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
        }
        return try await next(request, context)
    }
}
