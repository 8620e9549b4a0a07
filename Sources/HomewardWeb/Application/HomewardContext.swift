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

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The signed-in organization's time zone, in which pages show and read times; UTC when no
    /// one is signed in.
    public var zone: TimeZone { signedIn?.organization.zone ?? TimeZone(identifier: "UTC")! }

    /// The request id in the logger's metadata, used to tie logs, audit events and error pages.
    public var requestID: String {
        if case .string(let id) = logger[metadataKey: "request_id"] { return id }
        return "-"
    }
}
