import Foundation
import HomewardCore
import Hummingbird

/// The second factor: the code step of sign-in, enrolment (during sign-in when it is required, or
/// from the account page), recovery codes, and an administrator's reset after a lost phone.
enum SecondFactorPages {
    struct CodePage: Sendable {
        var layout: LayoutModel
        var action: String
        var error: String?
    }

    struct EnrolPage: Sendable {
        var layout: LayoutModel
        var action: String
        /// The secret grouped for typing, and the address an app can open.
        var secret: String
        var uri: String
        /// Carried in the form on the account page (the sign-in step keeps it in the store).
        var hiddenSecret: String?
        var required: Bool
        var error: String?
        var cancelHref: String?
        /// A factor is already set up: the new one replaces it only with proof of the person.
        var replacing = false
        var currentError: String?
    }

    struct RecoveryCodesPage: Sendable {
        var layout: LayoutModel
        var codes: [String]
        var continueHref: String
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.signInCode, anyone: .page, summary: "Second-factor code form", handler: codeForm),
            Endpoint(
                .post, Routes.signInCode, anyone: .page, summary: "Finish signing in with an authenticator or recovery code", handler: code),
            Endpoint(.get, Routes.signInEnrol, anyone: .page, summary: "Set up the required second factor", handler: enrolForm),
            Endpoint(.post, Routes.signInEnrol, anyone: .page, summary: "Confirm the new second factor and sign in", handler: enrol),
            Endpoint(
                .get, Routes.accountSecondFactor, allowing: .changeOwnPassword, .page, scope: .none, summary: "Set up a second factor",
                handler: accountEnrolForm),
            Endpoint(
                .post, Routes.accountSecondFactor, allowing: .changeOwnPassword, .page, scope: .none,
                summary: "Confirm a second factor", handler: accountEnrol),
            Endpoint(
                .post, Routes.accountRecoveryCodes, allowing: .changeOwnPassword, .page, scope: .none,
                summary: "New recovery codes", handler: newRecoveryCodes),
            Endpoint(
                .post, Routes.accountSecondFactorOff, allowing: .changeOwnPassword, .page, scope: .none,
                summary: "Turn the second factor off", handler: turnOff),
            Endpoint(
                .post, Routes.resetSecondFactor, allowing: .manageUsers, .page, scope: .organization,
                summary: "Remove a person's second factor (a lost phone)", handler: reset),
        ]
    }

    // MARK: During sign-in

    /// The waiting sign-in this browser holds, with its person and organization, or nil when there is
    /// none, it ran out, or the account can no longer sign in.
    static func pending(_ request: Request, services: AppServices) async throws -> (PendingSignIn, User, Organization)? {
        guard let key = request.cookies[SignInSessions.pendingCookie]?.value, !key.isEmpty,
            let pending = try await services.store.pendingSignIn(keyHash: SHA256Digest.hex(key)),
            pending.expiresAt > services.clock.now(),
            let user = try await services.store.user(pending.userID), user.active,
            let organization = try await services.store.organization(user.organizationID), organization.active
        else { return nil }
        return (pending, user, organization)
    }

    static func backToSignIn(_ request: Request, services: AppServices) -> Response {
        var response = Response.redirect(to: Routes.signIn.path + "?expired=1", type: .normal)
        response.setCookie(SignInSessions.pendingCookie("", request: request, services: services))
        return response
    }

    @Sendable static func codeForm(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        guard let (pending, _, _) = try await pending(request, services: services), pending.step == .code else {
            return backToSignIn(request, services: services)
        }
        return try services.views.page(
            "sign-in-code",
            CodePage(
                layout: .init(context: context, services: services, title: StaffText.text("staff.title.enterYourCode")),
                action: Routes.signInCode.path))
    }

    @Sendable static func code(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        guard let (pending, user, _) = try await pending(request, services: services), pending.step == .code,
            let factor = try await services.store.secondFactor(of: user.id)
        else { return backToSignIn(request, services: services) }
        let now = services.clock.now()
        if let lockedUntil = user.lockedUntil, lockedUntil > now { return backToSignIn(request, services: services) }
        if let proof = factor.proof(form["code"], at: now),
            try await services.store.spendSecondFactor(proof, of: user.id, at: now)
        {
            try await services.store.deletePendingSignIn(keyHash: pending.keyHash)
            return try await signedIn(user, pending: pending, proof: proof, request: request, context: context, services: services)
        }
        // A wrong code counts towards the account's lock-out like a wrong password.
        let account = try await services.store.recordFailedSignIn(
            of: user.id, policy: services.configuration.lockoutPolicy,
            audit: services.auditEntry(
                context, action: .signInFailed, outcome: .denied, recordType: .user, recordID: user.id.rawValue,
                organization: user.organizationID, detail: "wrong second-factor code"))
        if let lockedUntil = account.lockedUntil, lockedUntil > now {
            try await services.store.deletePendingSignIn(keyHash: pending.keyHash)
            return backToSignIn(request, services: services)
        }
        return try services.views.page(
            "sign-in-code",
            CodePage(
                layout: .init(context: context, services: services, title: StaffText.text("staff.title.enterYourCode")),
                action: Routes.signInCode.path,
                error: StaffText.text("staff.secondFactor.thatCodeIsNot")),
            status: .unauthorized)
    }

    /// Starts the session after the second step and sends the person on.
    static func signedIn(
        _ user: User, pending: PendingSignIn, proof: SecondFactorProof?, request: Request, context: HomewardContext, services: AppServices,
        recoveryCodes: [String]? = nil
    ) async throws -> Response {
        if case .recoveryCode = proof {
            try await services.store.appendAudit(
                services.auditEntry(
                    context, action: .secondFactorRecoveryCodeUsed, recordType: .user, recordID: user.id.rawValue,
                    organization: user.organizationID))
        }
        let key = try await SignInSessions.startSession(
            for: user, replacing: request.cookies[CookieName.session]?.value, context: context, services: services)
        var response: Response
        if let recoveryCodes {
            response = try services.views.page(
                "recovery-codes",
                RecoveryCodesPage(
                    layout: .init(context: context, services: services, title: StaffText.text("staff.title.yourRecoveryCodes")),
                    codes: recoveryCodes,
                    continueHref: pending.next))
        } else {
            response = .redirect(to: pending.next, type: .normal)
        }
        response.setCookie(SignInSessions.sessionCookie(key, request: request, services: services))
        response.setCookie(SignInSessions.pendingCookie("", request: request, services: services))
        return response
    }

    @Sendable static func enrolForm(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        guard let (pending, user, _) = try await pending(request, services: services), pending.step == .enrol,
            let totp = pending.enrolling
        else { return backToSignIn(request, services: services) }
        return try services.views.page("second-factor", enrolPage(totp, user: user, action: Routes.signInEnrol.path, context, services))
    }

    static func enrolPage(
        _ totp: TOTP, user: User, action: String, _ context: some HomewardRequestContext, _ services: AppServices, hidden: Bool = false,
        error: String? = nil
    ) -> EnrolPage {
        EnrolPage(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.setUpASecond"),
                current: hidden ? Routes.account.path : nil),
            action: action, secret: totp.displayedSecret, uri: totp.provisioningURI(issuer: "Homeward", account: user.email),
            hiddenSecret: hidden ? Base32.encode(totp.secret) : nil, required: !hidden, error: error,
            cancelHref: hidden ? Routes.account.path : nil)
    }

    static let wrongFirstCode = StaffText.text("staff.secondFactor.thatCodeDoesNot")

    @Sendable static func enrol(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        guard let (pending, user, _) = try await pending(request, services: services), pending.step == .enrol,
            let totp = pending.enrolling
        else { return backToSignIn(request, services: services) }
        let now = services.clock.now()
        guard let step = totp.matchingStep(form["code"], at: now, lastUsedStep: nil) else {
            return try services.views.page(
                "second-factor", enrolPage(totp, user: user, action: Routes.signInEnrol.path, context, services, error: wrongFirstCode),
                status: .unprocessableContent)
        }
        let codes = try await enrolled(totp, step: step, user: user, context: context, services: services)
        try await services.store.deletePendingSignIn(keyHash: pending.keyHash)
        return try await signedIn(
            user, pending: pending, proof: nil, request: request, context: context, services: services, recoveryCodes: codes)
    }

    /// Stores a confirmed second factor with new recovery codes, which are returned to be shown once.
    static func enrolled(_ totp: TOTP, step: Int64, user: User, context: some HomewardRequestContext, services: AppServices) async throws
        -> [String]
    {
        let codes = RecoveryCodes.generate()
        var audit = services.auditEntry(
            context, action: .secondFactorEnrolled, recordType: .user, recordID: user.id.rawValue, organization: user.organizationID)
        audit.actorUserID = user.id
        audit.actorOrganizationID = user.organizationID
        try await services.store.enrolSecondFactor(
            totp, of: user.id, confirmedStep: step, recoveryCodeHashes: codes.map(RecoveryCodes.hash), at: services.clock.now(),
            audit: audit)
        return codes
    }

    // MARK: From the account page

    @Sendable static func accountEnrolForm(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response
    {
        var page = enrolPage(TOTP.generate(), user: context.user, action: Routes.accountSecondFactor.path, context, services, hidden: true)
        page.replacing = try await services.store.secondFactor(of: context.user.id) != nil
        return try services.views.page("second-factor", page)
    }

    @Sendable static func accountEnrol(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        guard let secret = Base32.decode(form["secret"]), secret.count == 20 else {
            throw HomewardError.invalid("secret", StaffText.text("staff.secondFactor.startTheSetUp"))
        }
        let totp = TOTP(secret: secret)
        let now = services.clock.now()
        let existing = try await services.store.secondFactor(of: context.user.id)
        func again(error: String?, currentError: String?) throws -> Response {
            var page = enrolPage(
                totp, user: context.user, action: Routes.accountSecondFactor.path, context, services, hidden: true, error: error)
            page.replacing = existing != nil
            page.currentError = currentError
            return try services.views.page("second-factor", page, status: .unprocessableContent)
        }
        guard let step = totp.matchingStep(form["code"], at: now, lastUsedStep: nil) else {
            return try again(error: wrongFirstCode, currentError: nil)
        }
        // Replacing a factor someone already has takes the password or a code of the one replaced,
        // so a session left open is not enough to move the account to another phone.
        if let existing, try await !provesPerson(form["current"], factor: existing, context: context, services: services, at: now) {
            try await services.store.appendAudit(
                services.auditEntry(
                    context, action: .secondFactorReplaceRefused, outcome: .denied, recordType: .user,
                    recordID: context.user.id.rawValue, organization: context.organization.id))
            return try again(error: nil, currentError: StaffText.text("staff.secondFactor.notYourPasswordOrCode"))
        }
        let codes = try await enrolled(totp, step: step, user: context.user, context: context, services: services)
        return try recoveryCodesPage(codes, context, services)
    }

    /// The new recovery codes, shown once, with the way back to the account page.
    static func recoveryCodesPage(_ codes: [String], _ context: SignedInContext, _ services: AppServices) throws -> Response {
        try services.views.page(
            "recovery-codes",
            RecoveryCodesPage(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.yourRecoveryCodes"),
                    current: Routes.account.path),
                codes: codes, continueHref: Routes.account.path))
    }

    /// Whether `given` is the person's password or a code (authenticator or recovery) of `factor`;
    /// a code that proves it is spent.
    static func provesPerson(_ given: String, factor: SecondFactorRecord, context: SignedInContext, services: AppServices, at now: Date)
        async throws -> Bool
    {
        guard !given.isEmpty else { return false }
        if let proof = factor.proof(given, at: now), try await services.store.spendSecondFactor(proof, of: context.user.id, at: now) {
            return true
        }
        return try await services.passwords.verify(given, against: try await services.store.passwordHash(of: context.user.id))
    }

    /// Checks the person's password before a change to their second factor: nil when it is right,
    /// else the account page with the error.
    static func refusedPassword(_ form: FormInput, _ context: SignedInContext, _ services: AppServices) async throws -> Response? {
        let hash = try await services.store.passwordHash(of: context.user.id)
        if try await services.passwords.verify(form["current"], against: hash) { return nil }
        var refused = FieldErrors()
        // Named after the second-factor form's own field, so the error stands beside it.
        refused.add("recovery-current", StaffText.text("staff.secondFactor.thisIsNotYour"))
        return try services.views.page(
            "account", try await AccountView.model(context, services, errors: refused), status: .unprocessableContent)
    }

    @Sendable static func newRecoveryCodes(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response
    {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        guard try await services.store.secondFactor(of: context.user.id) != nil else { throw HomewardError.notFound("second factor") }
        if let refused = try await refusedPassword(form, context, services) { return refused }
        let codes = RecoveryCodes.generate()
        try await services.store.replaceRecoveryCodes(
            of: context.user.id, with: codes.map(RecoveryCodes.hash),
            audit: services.auditEntry(
                context, action: .secondFactorRecoveryCodesReplaced, recordType: .user, recordID: context.user.id.rawValue,
                organization: context.organization.id))
        return try recoveryCodesPage(codes, context, services)
    }

    @Sendable static func turnOff(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        if services.configuration.secondFactorRequirement.applies(to: context.user, organizationKind: context.organization.kind) {
            throw HomewardError.forbidden(
                StaffText.text("staff.secondFactor.yourOrganizationRequiresA"))
        }
        if let refused = try await refusedPassword(form, context, services) { return refused }
        try await services.store.removeSecondFactor(
            of: context.user.id,
            audit: services.auditEntry(
                context, action: .secondFactorRemoved, recordType: .user, recordID: context.user.id.rawValue,
                organization: context.organization.id))
        // Removing it ends every session, this one included.
        return .redirect(to: Routes.signIn.path + "?next=" + Routes.account.path, type: .normal)
    }

    /// An administrator removes a person's second factor (a lost phone): their sessions end, and at
    /// the next sign-in they set a new one up if it is required.
    @Sendable static func reset(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, user) = try await PeopleCommands.find(context, services: services)
        try await services.store.removeSecondFactor(
            of: user.id,
            audit: services.auditEntry(
                context, action: .usersResetSecondFactor, recordType: .user, recordID: user.id.rawValue, organization: organization.id)
        )
        return PeopleOutcome.secondFactorReset.redirect(to: Routes.users(organization.id))
    }
}
