import HomewardCore
import Hummingbird

/// One route: its method and path pattern, who may call it, and its handler. Every route of the
/// application is declared as an endpoint, so the access-policy test can walk all of them.
struct Endpoint: Sendable {
    /// Who may call the route.
    enum Audience: Sendable, Equatable {
        /// Anyone, without an account (sign-in page, health checks, the stylesheet).
        case anyone
        /// A signed-in principal whom the access policy allows `Action`.
        case principal(Action)
    }

    /// How the route answers, which decides how errors and missing credentials are presented.
    enum Kind: Sendable {
        /// HTML for people; failures render a page, a missing session redirects to sign-in.
        case page
        /// JSON for systems; failures are problem+json, a missing token is 401.
        case api
        /// Plain machine endpoints (health, metrics, OpenAPI, assets).
        case operations
    }

    /// Whose data the route is about, which the access policy weighs: derived from the route's first
    /// path parameter when the endpoint is scoped by it, with that parameter's name.
    enum Scope: Sendable, Equatable {
        /// No one organization's or case's data (lists scoped by the handler, public pages).
        case none
        /// The organization named by the path parameter.
        case organization(String)
        /// The case named by the path parameter: its reporting agency and investigating agency.
        case episode(String)
        /// The missing-child call named by the path parameter: the 911 center that took it.
        case call(String)
        /// The QA review named by the path parameter: the 911 center whose call it reviews.
        case qaReview(String)
        /// The police case named by the path parameter: the police agency the call was handed to.
        case policeCase(String)
    }

    /// An endpoint about no one organization's or case's data.
    enum Unscoped: Sendable { case none }
    /// An endpoint about the organization its route's first parameter names.
    enum ByOrganization: Sendable { case organization }
    /// An endpoint about the case its route's first parameter names.
    enum ByEpisode: Sendable { case episode }
    /// An endpoint about the missing-child call its route's first parameter names.
    enum ByCall: Sendable { case call }
    /// An endpoint about the QA review its route's first parameter names.
    enum ByQAReview: Sendable { case qaReview }
    /// An endpoint about the police case its route's first parameter names.
    enum ByPoliceCase: Sendable { case policeCase }

    /// A protected read that the audit trail records.
    struct AuditedRead: Sendable {
        var action: AuditAction
        var recordType: AuditRecordType
    }

    /// The handler of a route anyone may call.
    typealias Handler = @Sendable (Request, HomewardContext, AppServices) async throws -> Response
    /// The handler of a route for signed-in callers, which runs only once the access policy allowed the call.
    typealias SignedInHandler = @Sendable (Request, SignedInContext, AppServices) async throws -> Response

    private enum Respond: Sendable {
        case anyone(Handler)
        case signedIn(SignedInHandler)
    }

    var method: HTTPRequest.Method
    var path: String
    var audience: Audience
    var kind: Kind
    var scope: Scope
    var auditedRead: AuditedRead?
    /// One line for the OpenAPI document and the route list.
    var summary: String
    /// A form anyone may send with no account and no form token, from a page cached for everyone
    /// (a tip): it acts with no one's authority, so the CSRF check does not apply.
    var takesAnonymousForms: Bool
    private var handler: Respond

    /// A route anyone may call.
    init(
        _ method: HTTPRequest.Method, _ route: some RoutePattern, anyone kind: Kind, summary: String, takesAnonymousForms: Bool = false,
        handler: @escaping Handler
    ) {
        self.method = method
        self.path = route.pattern
        self.audience = .anyone
        self.kind = kind
        self.scope = .none
        self.summary = summary
        self.takesAnonymousForms = takesAnonymousForms
        self.handler = .anyone(handler)
    }

    /// A route for signed-in callers whom the access policy allows `action` on no one organization's
    /// or case's data (`scope: .none`): lists the handler scopes, the caller's own account.
    init(
        _ method: HTTPRequest.Method, _ route: some RoutePattern, allowing action: Action, _ kind: Kind, scope: Unscoped, summary: String,
        auditedRead: AuditedRead? = nil, handler: @escaping SignedInHandler
    ) {
        self.init(method, route.pattern, action, kind, .none, summary, auditedRead, handler)
    }

    /// A route for signed-in callers whom the access policy allows `action` on the record its first
    /// path parameter names: `scope` says which kind (`.organization`, `.episode`, …), and only the
    /// kind of that parameter compiles, so an endpoint cannot name a scope its route lacks.
    init<A: ScopingParameter>(
        _ method: HTTPRequest.Method, _ route: Route1<A>, allowing action: Action, _ kind: Kind, scope: A.ScopeName, summary: String,
        auditedRead: AuditedRead? = nil, handler: @escaping SignedInHandler
    ) {
        self.init(method, route.pattern, action, kind, A.scope(route.first.name), summary, auditedRead, handler)
    }

    /// The same for a route with two parameters, scoped by the first.
    init<A: ScopingParameter, B>(
        _ method: HTTPRequest.Method, _ route: Route2<A, B>, allowing action: Action, _ kind: Kind, scope: A.ScopeName,
        summary: String, auditedRead: AuditedRead? = nil, handler: @escaping SignedInHandler
    ) {
        self.init(method, route.pattern, action, kind, A.scope(route.first.name), summary, auditedRead, handler)
    }

    private init(
        _ method: HTTPRequest.Method, _ path: String, _ action: Action, _ kind: Kind, _ scope: Scope, _ summary: String,
        _ auditedRead: AuditedRead?, _ handler: @escaping SignedInHandler
    ) {
        self.method = method
        self.path = path
        self.audience = .principal(action)
        self.kind = kind
        self.scope = scope
        self.auditedRead = auditedRead
        self.summary = summary
        self.takesAnonymousForms = false
        self.handler = .signedIn(handler)
    }

    /// Whether `path` is an address this endpoint's pattern matches (`{name}` takes one segment),
    /// by the route table's one matcher.
    func matches(_ path: String) -> Bool { Pattern(pattern: self.path).parameters(in: path) != nil }

    private struct Pattern: RoutePattern { let pattern: String }

    /// The action this endpoint performs, nil for public ones.
    var action: Action? {
        if case .principal(let action) = audience { return action }
        return nil
    }
}

extension Endpoint {
    /// Whether the route is for signed-in callers: the router registers it in the group whose
    /// context is ``SignedInContext``.
    var isSignedIn: Bool { action != nil }

    /// Answers a route anyone may call (a signed-in route reached this way is answered as through
    /// its group).
    func respond(to request: Request, context: HomewardContext, services: AppServices) async throws -> Response {
        guard case .anyone(let open) = handler else {
            return try await respond(to: request, context: try SignedInContext(context: context), services: services)
        }
        return try await open(request, context, services)
    }

    /// Runs the access decision for this signed-in route and, when allowed, its handler.
    /// Authorization comes before anything reads the body or the database, so a denied request
    /// learns nothing.
    func respond(to request: Request, context signedInContext: SignedInContext, services: AppServices) async throws -> Response {
        guard case .signedIn(let handler) = self.handler, let action else { throw HomewardError.notFound("route") }
        let context = signedInContext.request
        let signedIn = signedInContext.signedIn
        var organization: OrganizationID?
        var episode: EpisodeScope?
        var episodeID: String?
        switch scope {
        case .none:
            break
        case .organization(let parameter):
            guard let named = context.parameters.get(parameter) else { throw HomewardError.notFound("organization") }
            organization = OrganizationID(named)
        case .episode(let parameter):
            // An episode's scope is its reporting and investigating agencies; an unknown id is
            // simply not found.
            episodeID = context.parameters.get(parameter)
            guard let id = episodeID, let stored = try await services.store.episode(EpisodeID(id)) else {
                throw HomewardError.notFound("case")
            }
            episode = EpisodeScope(reportingOrganization: stored.organizationID, investigatingOrganization: stored.police.organizationID)
        case .call(let parameter):
            guard let id = context.parameters.get(parameter), let call = try await services.store.call(CallID(id)) else {
                throw HomewardError.notFound("call")
            }
            organization = call.psapID
        case .qaReview(let parameter):
            guard let id = context.parameters.get(parameter), let review = try await services.store.qaReview(QAReviewID(id)) else {
                throw HomewardError.notFound("review")
            }
            organization = review.psapID
        case .policeCase(let parameter):
            guard let id = context.parameters.get(parameter), let policeCase = try await services.store.policeCase(PoliceCaseID(id))
            else { throw HomewardError.notFound("case") }
            organization = policeCase.policeID
        }
        let decision =
            switch (organization, episode) {
            case (let organization?, _): AccessPolicy.decide(signedIn.principal, action, organization: organization, episode: episode)
            case (nil, let episode?): AccessPolicy.decide(signedIn.principal, action, episode: episode)
            case (nil, nil): AccessPolicy.decide(signedIn.principal, action)
            }
        guard decision == .allow else {
            let reason: String = if case .deny(let reason) = decision { reason } else { "" }
            try await services.store.appendAudit(
                services.auditEntry(
                    context, action: .policy(action), outcome: .denied, recordType: episode == nil ? .route : .episode,
                    recordID: episodeID ?? "\(method) \(path)",
                    organization: organization ?? episode?.reportingOrganization, detail: reason))
            throw HomewardError.forbidden(reason)
        }
        if let auditedRead, method == .get {
            try await services.store.appendAudit(
                services.auditEntry(
                    context, action: auditedRead.action, recordType: auditedRead.recordType,
                    recordID: episodeID ?? organization?.rawValue,
                    organization: organization ?? episode?.reportingOrganization ?? signedIn.organization.id))
        }
        guard kind == .api else { return try await handler(request, signedInContext, services) }
        return try await IdempotentRequests.run(request, principal: signedIn.principal, services: services) {
            try await handler($0, signedInContext, services)
        }
    }
}

/// A path parameter's type that names whose data a route is about; an endpoint on a route whose
/// first parameter is one of these may be scoped by it (``Endpoint/ByOrganization`` and the like).
protocol ScopingParameter: RouteParameter {
    associatedtype ScopeName: Sendable
    /// The scope of a route whose parameter `name` carries this type.
    static func scope(_ name: String) -> Endpoint.Scope
}

extension OrganizationID: ScopingParameter {
    typealias ScopeName = Endpoint.ByOrganization
    static func scope(_ name: String) -> Endpoint.Scope { .organization(name) }
}

extension EpisodeID: ScopingParameter {
    typealias ScopeName = Endpoint.ByEpisode
    static func scope(_ name: String) -> Endpoint.Scope { .episode(name) }
}

extension CallID: ScopingParameter {
    typealias ScopeName = Endpoint.ByCall
    static func scope(_ name: String) -> Endpoint.Scope { .call(name) }
}

extension QAReviewID: ScopingParameter {
    typealias ScopeName = Endpoint.ByQAReview
    static func scope(_ name: String) -> Endpoint.Scope { .qaReview(name) }
}

extension PoliceCaseID: ScopingParameter {
    typealias ScopeName = Endpoint.ByPoliceCase
    static func scope(_ name: String) -> Endpoint.Scope { .policeCase(name) }
}

/// The kind each endpoint declares, by the route pattern the router matched: how its errors and
/// missing credentials are answered, and whether it takes a bearer token or a session. A request
/// no endpoint matched answers as its route group does: the API's (``Routes/apiBase``) as the API,
/// anything else as a page.
struct EndpointKinds: Sendable {
    private let byPattern: [String: Endpoint.Kind]

    init(_ endpoints: [Endpoint]) {
        byPattern = Dictionary(endpoints.map { (RouterPath($0.path).description, $0.kind) }) { first, _ in first }
    }

    func kind(of request: Request, matched pattern: String?) -> Endpoint.Kind {
        if let pattern, let kind = byPattern[pattern] { return kind }
        return request.uri.path.hasPrefix(Routes.apiBase + "/") ? .api : .page
    }
}
