import Foundation
import HomewardCore
import Hummingbird
import Logging

/// Who is behind a request, once authenticated.
public struct SignedIn: Sendable {
    public var principal: Principal
    public var user: User
    public var organization: Organization
    /// The session's key hash, for sign-out; nil for API tokens.
    public var sessionKeyHash: String?
}

/// Per-request state that middleware fills in and handlers read.
public struct HomewardContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware when the request carries a valid session or token.
    public var signedIn: SignedIn?
    /// The CSRF token for forms on this page (the browser holds the same value in a cookie).
    public var csrfToken: String = ""
    /// The value of the CSRF cookie; the form token is derived from it (see `CSRFToken`).
    public var csrfCookie: String = ""
    /// Whether the CSRF cookie must be set on the response.
    public var issuesCSRFCookie = false
    /// The client's address as the server saw it.
    public var remoteAddress: String?
    /// Whether the request reached a page, the API or an operations endpoint, as the endpoint
    /// declares it (``EndpointKinds``); set by the authentication middleware.
    var endpointKind: Endpoint.Kind = .page

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The request id in the logger's metadata, used to tie logs, audit events and error pages.
    public var requestID: String {
        if case .string(let id) = logger[metadataKey: "request_id"] { return id }
        return "-"
    }
}

/// What page layouts and audit entries read from a request, whether or not someone is signed in.
protocol HomewardRequestContext: Sendable {
    var request: HomewardContext { get }
}

extension HomewardContext: HomewardRequestContext {
    var request: HomewardContext { self }
}

/// The context of a signed-in route: Hummingbird's child request context of ``HomewardContext``,
/// made by the router for every route of the signed-in group, so a request without a valid session
/// or token never reaches one (it is answered as unauthenticated). The handler runs only once the
/// access policy let the call in, with the caller, their organization and its time zone there
/// without a check. Everything else of the request context (the form token, the request id) reads
/// through.
@dynamicMemberLookup
struct SignedInContext: ChildRequestContext, HomewardRequestContext {
    typealias ParentContext = HomewardContext
    private(set) var request: HomewardContext
    let signedIn: SignedIn
    /// The caller's organization's time zone, in which their pages show and read times.
    let zone: TimeZone

    var coreContext: CoreRequestContextStorage {
        get { request.coreContext }
        set { request.coreContext = newValue }
    }

    init(context: HomewardContext) throws {
        guard let signedIn = context.signedIn else { throw HomewardError.unauthenticated }
        self.request = context
        self.signedIn = signedIn
        self.zone = signedIn.organization.zone
    }

    var principal: Principal { signedIn.principal }
    var user: User { signedIn.user }
    var organization: Organization { signedIn.organization }
    /// Times as the caller reads them.
    var local: LocalTime { LocalTime(zone) }

    subscript<Value>(dynamicMember keyPath: KeyPath<HomewardContext, Value>) -> Value { request[keyPath: keyPath] }
}
