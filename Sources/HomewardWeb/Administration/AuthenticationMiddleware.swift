import Foundation
import HomewardCore
import HomewardStore
import Hummingbird
import Logging

/// Names of Homeward's cookies.
enum CookieName {
    static let session = "homeward_session"
    static let csrf = "homeward_csrf"
    /// Set for a few seconds after a signed-in browser writes, while reads may go to a replica:
    /// until it expires, that browser's reads go to the primary and it sees what it just wrote.
    static let recentWrite = "homeward_recent_write"
}

/// Finds out who is calling. Pages use a session cookie; the API uses bearer tokens only, so a
/// browser's cookies can never drive the API from another site. It never rejects a request itself:
/// each endpoint's audience decides whether a principal is needed.
///
/// It also settles the page's CSRF token (from the browser's cookie, or a new one that the response
/// then sets), so that every page, error pages included, can render forms.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = HomewardContext
    let services: AppServices
    let kinds: EndpointKinds

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.remoteAddress = ClientAddress.resolve(
            peer: context.remoteAddress, forwardedFor: request.headers[.init("X-Forwarded-For")!],
            trustedProxies: services.configuration.trustedProxies)
        context.endpointKind = kinds.kind(of: request, matched: context.endpointPath)
        if context.endpointKind == .api {
            context.signedIn = try await bearer(request, context: context)
        } else {
            context.signedIn = try await session(request)
            if let cookie = request.cookies[CookieName.csrf]?.value, (32...64).contains(cookie.count) {
                context.csrfCookie = cookie
            } else {
                context.csrfCookie = SecretGenerator.make(bytes: 32)
                context.issuesCSRFCookie = true
            }
            context.csrfToken = CSRFToken.bound(cookie: context.csrfCookie, sessionKeyHash: context.signedIn?.sessionKeyHash)
        }
        if let signedIn = context.signedIn {
            // Ids only: logs never name the person.
            context.logger[metadataKey: "user_id"] = .string(signedIn.user.id.rawValue)
        }
        // With a read replica, a browser that has just written reads its own writes from the primary.
        let replica = services.configuration.databaseReadURL != nil
        let page = context.signedIn != nil && context.endpointKind != .api
        let readsOwnWrites = replica && page && request.cookies[CookieName.recentWrite] != nil
        var response = try await ReadRouting.$primaryOnly.withValue(readsOwnWrites) { try await next(request, context) }
        if replica, page, ![.get, .head].contains(request.method), response.status.code < 400 {
            response.setCookie(
                Cookie(
                    name: CookieName.recentWrite, value: "1", maxAge: services.configuration.recentWriteSeconds, path: "/",
                    secure: CookieSecurity.isSecure(request, services: services), httpOnly: true, sameSite: .lax))
        }
        // Only pages carry forms, so only pages need the cookie; a page any cache may keep for everyone
        // (a public poster) carries nobody's cookie.
        if context.issuesCSRFCookie, response.headers[.contentType]?.hasPrefix("text/html") == true,
            response.headers[.cacheControl]?.contains("public") != true
        {
            response.setCookie(
                Cookie(
                    name: CookieName.csrf, value: context.csrfCookie, path: "/",
                    secure: CookieSecurity.isSecure(request, services: services), httpOnly: true, sameSite: .strict))
        }
        return response
    }

    private func bearer(_ request: Request, context: Context) async throws -> SignedIn? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        let secret = String(header.dropFirst(7)).trimmed
        // An unknown, revoked or orphaned token authenticates nobody; the endpoint then answers 401.
        guard secret.hasPrefix(APIToken.secretPrefix),
            let token = try await services.store.apiToken(secretHash: APIToken.hash(secret: secret)),
            token.isUsable(at: services.clock.now()),
            let signedIn = try await load(user: token.userID, credential: .apiToken(token.id), sessionKeyHash: nil),
            signedIn.organization.id == token.organizationID
        else {
            return nil
        }
        try await services.store.markAPITokenUsed(token.id, at: services.clock.now())
        return signedIn
    }

    private func session(_ request: Request) async throws -> SignedIn? {
        guard let key = request.cookies[CookieName.session]?.value, !key.isEmpty, key.count <= 128 else { return nil }
        let keyHash = SHA256Digest.hex(key)
        guard let session = try await services.store.session(keyHash: keyHash) else { return nil }
        let now = services.clock.now()
        let policy = services.configuration.sessionPolicy
        guard policy.isValid(session, at: now) else {
            try await services.store.deleteSession(keyHash: keyHash)
            return nil
        }
        guard let signedIn = try await load(user: session.userID, credential: .session, sessionKeyHash: keyHash) else { return nil }
        if policy.needsTouch(session, at: now) {
            try await services.store.touchSession(keyHash: keyHash, at: now)
        }
        return signedIn
    }

    private func load(user id: UserID, credential: Principal.Credential, sessionKeyHash: String?) async throws -> SignedIn? {
        guard let user = try await services.store.user(id), user.active,
            let organization = try await services.store.organization(user.organizationID), organization.active
        else { return nil }
        let principal = Principal(
            userID: user.id, organizationID: organization.id, organizationKind: organization.kind, roles: user.roles,
            credential: credential)
        return SignedIn(principal: principal, user: user, organization: organization, sessionKeyHash: sessionKeyHash)
    }
}

/// Protects every form against cross-site request forgery with a double-submit token: the page
/// embeds the value of a strict same-site cookie, and a form post must carry the same value. Also
/// refuses unsafe requests whose Origin header names another site.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = HomewardContext
    let services: AppServices
    /// The endpoints that take forms from anyone without a token.
    let anonymousForms: [Endpoint]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.endpointKind != .api, ![.get, .head, .options].contains(request.method) else {
            return try await next(request, context)
        }
        // Forms that act with no one's authority (see `Endpoint.takesAnonymousForms`) carry no
        // token; the Origin check below still applies to them.
        let isAnonymousForm = anonymousForms.contains { $0.method == request.method && $0.matches(request.uri.path) }
        if let origin = request.headers[.origin], !CSRFToken.isSameOrigin(origin, authority: request.head.authority) {
            throw HomewardError.csrfRejected
        }
        if isAnonymousForm { return try await next(request, context) }
        var request = request
        let sent: String?
        if MultipartForm.isMultipart(request) {
            sent = try await MultipartForm.read(&request, limit: services.configuration.maxUploadBytes).value("_csrf")
        } else {
            sent = try await FormInput.read(&request, limit: services.configuration.maxUploadBytes).value("_csrf")
        }
        guard !context.issuesCSRFCookie, let sent, constantTimeEqual(sent, context.csrfToken) else {
            throw HomewardError.csrfRejected
        }
        return try await next(request, context)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The form token: the CSRF cookie's value, and once signed in, a digest of it with the session, so a
/// token seen in one session's page is worth nothing in another's.
enum CSRFToken {
    static func bound(cookie: String, sessionKeyHash: String?) -> String {
        guard let sessionKeyHash else { return cookie }
        return SHA256Digest.hex(of: Array("homeward-csrf|\(cookie)|\(sessionKeyHash)".utf8))
    }

    /// Whether an Origin header names this very site: scheme aside, the same host and port as the
    /// request's authority (`https://a.example:8443` is not `a.example`).
    static func isSameOrigin(_ origin: String, authority: String?) -> Bool {
        guard let authority, let parts = URLComponents(string: origin), let host = parts.host?.lowercased(), !host.isEmpty else {
            return false
        }
        let defaultPort = parts.scheme?.lowercased() == "https" ? 443 : 80
        let port = parts.port ?? defaultPort
        let target = authority.lowercased()
        // The authority carries a port only when it is not the scheme's default.
        return target == "\(host):\(port)" || (port == defaultPort && target == host)
    }
}

/// Whether cookies are marked Secure: always when configured, and whenever the request arrived
/// over HTTPS (directly or through a proxy that says so).
enum CookieSecurity {
    static func isSecure(_ request: Request, services: AppServices) -> Bool {
        services.configuration.secureCookies || request.uri.scheme == .https
            || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}
