import Foundation
import HomewardCore
import Hummingbird

/// Signing in and out.
enum SignInPages {
    struct SignInPage: Sendable {
        var layout: LayoutModel
        var email: String
        /// Whether an address is already filled in, so the password field takes the focus.
        var emailGiven: Bool
        var next: String
        var error: String?
        var notice: String?
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.signIn, anyone: .page, summary: "Sign-in form", handler: showForm),
            Endpoint(.post, Routes.signIn, anyone: .page, summary: "Sign in with e-mail and password", handler: signIn),
            Endpoint(.post, Routes.signOut, anyone: .page, summary: "Sign out", handler: signOut),
        ]
    }

    @Sendable static func showForm(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        if context.signedIn != nil { return .redirect(to: Routes.home.path, type: .normal) }
        let next = request.uri.queryParameters.get("next").flatMap { Routes.isLocalReturnPath($0) ? $0 : nil } ?? Routes.home.path
        let notice =
            request.uri.queryParameters.get("signed-out") != nil
            ? StaffText.text("staff.signIn.youAreSignedOut")
            : request.uri.queryParameters.get("expired") != nil ? StaffText.text("staff.signIn.thatSignInWas") : nil
        return try services.views.page(
            "sign-in",
            SignInPage(
                layout: .init(context: context, services: services, title: StaffText.text("staff.title.signIn")), email: "",
                emailGiven: false, next: next,
                notice: notice))
    }

    /// The account with `email`, its organization, and whether `password` is its password. The
    /// password is checked even for an unknown address, so timing does not reveal which addresses
    /// have accounts.
    static func credentials(email: String, password: String, services: AppServices) async throws -> (User?, Organization?, Bool) {
        let user = email.isEmpty ? nil : try await services.store.user(email: email)
        var hash: String?
        if let user { hash = try await services.store.passwordHash(of: user.id) }
        let matches = try await services.passwords.verify(password, against: hash)
        var organization: Organization?
        if let user { organization = try await services.store.organization(user.organizationID) }
        return (user, organization, matches)
    }

    @Sendable static func signIn(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let email = form["email"].trimmed.lowercased()
        let next = Routes.isLocalReturnPath(form["next"]) ? form["next"] : Routes.home.path
        func failure(_ message: String) throws -> Response {
            try services.views.page(
                "sign-in",
                SignInPage(
                    layout: .init(context: context, services: services, title: StaffText.text("staff.title.signIn")), email: email,
                    emailGiven: !email.isEmpty,
                    next: next, error: message),
                status: .unauthorized)
        }
        let now = services.clock.now()
        // Per address as well as per account: one address guessing across many accounts is slowed
        // down too. Only refused attempts count.
        let address = context.remoteAddress ?? "unknown"
        if let wait = services.signInLimiter.acquire(address, now: now) { throw HomewardError.rateLimited(retryAfter: wait) }
        let (user, organization, passwordMatches) = try await credentials(email: email, password: form["password"], services: services)
        let decision = SignInRules.decide(user: user, organization: organization, passwordMatches: passwordMatches, at: now)
        if let message = try await refusal(decision, of: user, context: context, services: services) {
            return try failure(message)
        }
        services.signInLimiter.release(address)
        guard let user, let organization else { throw HomewardError.unauthenticated }
        // A person with a second factor (or who must have one) has no session until the code.
        if let step = try await SignInSessions.nextStep(
            for: user, organization: organization, next: next, request: request, services: services)
        {
            return step
        }
        let key = try await SignInSessions.startSession(
            for: user, replacing: request.cookies[CookieName.session]?.value, context: context, services: services)
        var response = Response.redirect(to: next, type: .normal)
        response.setCookie(SignInSessions.sessionCookie(key, request: request, services: services))
        return response
    }

    /// Records a refused sign-in in the audit trail (a wrong password counts towards the lockout)
    /// and says what the person is told; nil when the sign-in is allowed.
    static func refusal(_ decision: SignInDecision, of user: User?, context: HomewardContext, services: AppServices)
        async throws -> String?
    {
        func denied(_ detail: String) -> AuditEntry {
            services.auditEntry(
                context, action: .signInFailed, outcome: .denied, recordType: .user, recordID: user?.id.rawValue,
                organization: user?.organizationID, detail: detail)
        }
        // An unknown address, a disabled or paused account and a wrong password all read alike, so
        // the page tells no one which accounts exist or which are paused.
        let notRight = StaffText.text("staff.signIn.theEMailAddress")
        switch decision {
        case .refused(let reason):
            try await services.store.appendAudit(denied(reason))
            return notRight
        case .locked:
            try await services.store.appendAudit(denied("account paused"))
            return notRight
        case .wrongPassword:
            guard let user else { return notRight }
            _ = try await services.store.recordFailedSignIn(
                of: user.id, policy: services.configuration.lockoutPolicy, audit: denied("wrong password"))
            return notRight
        case .allowed:
            return nil
        }
    }

    @Sendable static func signOut(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        if let signedIn = context.signedIn, let keyHash = signedIn.sessionKeyHash {
            try await services.store.deleteSession(keyHash: keyHash)
            try await services.store.appendAudit(
                services.auditEntry(
                    context, action: .signOut, recordType: .user, recordID: signedIn.user.id.rawValue,
                    organization: signedIn.organization.id))
        }
        var response = Response.redirect(to: Routes.signIn.path + "?signed-out=1", type: .normal)
        response.setCookie(
            Cookie(
                name: CookieName.session, value: "", maxAge: 0, path: "/", secure: CookieSecurity.isSecure(request, services: services),
                httpOnly: true, sameSite: .lax))
        return response
    }
}
