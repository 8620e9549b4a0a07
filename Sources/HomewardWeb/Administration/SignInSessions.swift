import Foundation
import HomewardCore
import Hummingbird

/// Starting a signed-in session, after the password and after the second factor alike: the
/// session and its cookie, and the step that follows a correct password.
enum SignInSessions {
    /// Starts a session for `user` and returns its key. A fresh key on every sign-in, and the
    /// browser's previous session (`previousKey`) ends, so a session key planted before sign-in is
    /// worthless.
    static func startSession(for user: User, replacing previousKey: String?, context: some HomewardRequestContext, services: AppServices)
        async throws -> String
    {
        let now = services.clock.now()
        let key = SecretGenerator.make(bytes: 32)
        var audit = services.auditEntry(
            context, action: .signInSucceeded, recordType: .user, recordID: user.id.rawValue, organization: user.organizationID)
        audit.actorUserID = user.id
        audit.actorOrganizationID = user.organizationID
        try await services.store.startSession(
            SessionRecord(
                keyHash: SHA256Digest.hex(key), userID: user.id, createdAt: now, lastSeenAt: now,
                expiresAt: now + services.configuration.sessionPolicy.absoluteTimeout),
            replacing: previousKey?.nilIfEmpty.map(SHA256Digest.hex), audit: audit)
        return key
    }

    static func sessionCookie(_ key: String, request: Request, services: AppServices) -> Cookie {
        Cookie(
            name: CookieName.session, value: key, path: "/", secure: CookieSecurity.isSecure(request, services: services), httpOnly: true,
            sameSite: .lax)
    }

    /// After a correct password: either nothing more, or a waiting sign-in and the page that asks
    /// for the code (or sets one up). Returns nil when the session may start now.
    static func nextStep(for user: User, organization: Organization, next: String, request: Request, services: AppServices) async throws
        -> Response?
    {
        let enrolled = try await services.store.secondFactor(of: user.id) != nil
        let step = SecondFactorRules.step(
            for: user, organizationKind: organization.kind, enrolled: enrolled, requirement: services.configuration.secondFactorRequirement)
        guard step != .none else { return nil }
        let key = SecretGenerator.make(bytes: 32)
        try await services.store.startPendingSignIn(
            PendingSignIn(
                keyHash: SHA256Digest.hex(key), userID: user.id, step: step, enrolling: step == .enrol ? TOTP.generate() : nil,
                expiresAt: services.clock.now() + SecondFactorRules.pendingLifetime, next: next),
            at: services.clock.now())
        var response = Response.redirect(to: step == .enrol ? Routes.signInEnrol.path : Routes.signInCode.path, type: .normal)
        response.setCookie(pendingCookie(key, request: request, services: services))
        return response
    }

    static let pendingCookie = "homeward_pending_sign_in"

    static func pendingCookie(_ value: String, request: Request, services: AppServices) -> Cookie {
        Cookie(
            name: pendingCookie, value: value, maxAge: value.isEmpty ? 0 : Int(SecondFactorRules.pendingLifetime), path: Routes.signIn.path,
            secure: CookieSecurity.isSecure(request, services: services), httpOnly: true, sameSite: .lax)
    }
}
