import Foundation
import HomewardCore
import HomewardTestSupport
import SQLKit
import Testing

@testable import HomewardStore

/// One suite for every store protocol, run against SQLite always and PostgreSQL when
/// `HOMEWARD_TEST_DATABASE_URL` is set.
@Suite("Store conformance")
struct StoreConformanceTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func audit(_ action: String, record: String? = nil, org: OrganizationID? = nil) -> AuditEntry {
        AuditEntry(
            occurredAt: now, actorUserID: UserID("actor"), actorOrganizationID: OrganizationID("ch"), action: action,
            recordType: "test", recordID: record, targetOrganizationID: org)
    }

    private func makeOrganization(_ code: String, kind: OrganizationKind = .childWelfare, ori: String? = nil) -> Organization {
        Organization(
            id: OrganizationID("org-\(code)"), code: code, name: "Agency \(code)", kind: kind, state: "IL",
            timeZone: "America/Chicago", ori: ori, createdAt: now)
    }

    private func makeUser(_ name: String, in organization: Organization, roles: Set<Role>) -> User {
        User(
            id: UserID("user-\(name)"), organizationID: organization.id, email: "\(name)@agency.example", name: name,
            roles: roles, createdAt: now)
    }

    @Test(arguments: TestEngine.available)
    func organizations_round_trip_and_codes_are_unique(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = makeOrganization("cw-north")
            try await store.createOrganization(agency, audit: audit("organizations.create"))
            #expect(try await store.organization(agency.id) == agency)
            #expect(try await store.organization(code: "CW-NORTH") == agency)

            var clash = makeOrganization("cw-north")
            clash.id = OrganizationID("other")
            await #expect(throws: HomewardError.invalid("code", "Another organization already uses this code.")) {
                try await store.createOrganization(clash, audit: audit("organizations.create"))
            }
            #expect(try await store.organizations().count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func a_second_factor_code_or_recovery_code_is_spent_once_even_when_two_requests_race(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let hq = makeOrganization("hq", kind: .clearinghouse)
            try await store.createOrganization(hq, audit: audit("organizations.create"))
            let person = makeUser("robin", in: hq, roles: [.clearinghouseAdmin])
            try await store.createUser(person, passwordHash: nil, audit: audit("users.create"))
            let totp = TOTP(secret: Array(repeating: 7, count: 20))
            try await store.enrolSecondFactor(
                totp, of: person.id, confirmedStep: 100, recoveryCodeHashes: ["a", "b", "c"], at: now,
                audit: audit("second_factor.enrolled"))
            let stored = try #require(try await store.secondFactor(of: person.id))
            #expect(stored.totp == totp && stored.lastUsedStep == 100 && stored.unusedRecoveryCodes == 3)
            #expect(try await store.usersWithSecondFactor(in: hq.id) == [person.id])

            // The confirming step and older ones are spent; of two racing requests with one code, one wins.
            #expect(try await !store.spendSecondFactor(.totp(step: 100), of: person.id, at: now))
            async let first = store.spendSecondFactor(.totp(step: 101), of: person.id, at: now)
            async let second = store.spendSecondFactor(.totp(step: 101), of: person.id, at: now)
            #expect([try await first, try await second].filter { $0 }.count == 1)
            async let third = store.spendSecondFactor(.recoveryCode(hash: "b"), of: person.id, at: now)
            async let fourth = store.spendSecondFactor(.recoveryCode(hash: "b"), of: person.id, at: now)
            #expect([try await third, try await fourth].filter { $0 }.count == 1)
            let spent = try await store.hasUnusedRecoveryCode("b", of: person.id)
            let unused = try await store.hasUnusedRecoveryCode("a", of: person.id)
            #expect(!spent && unused)

            let pending = PendingSignIn(keyHash: "k1", userID: person.id, step: .enrol, enrolling: totp, expiresAt: now + 300, next: "/")
            try await store.startPendingSignIn(pending, at: now)
            #expect(try await store.pendingSignIn(keyHash: "k1") == pending)
            try await store.startPendingSignIn(
                PendingSignIn(keyHash: "k2", userID: person.id, step: .code, enrolling: nil, expiresAt: now + 300, next: "/"), at: now)
            #expect(try await store.pendingSignIn(keyHash: "k1") == nil)

            try await store.removeSecondFactor(of: person.id, audit: audit("users.reset_second_factor"))
            #expect(try await store.secondFactor(of: person.id) == nil)
            #expect(try await store.pendingSignIn(keyHash: "k2") == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func sensitive_fields_are_sealed_at_rest_and_a_missing_key_stops_the_store_from_opening(_ engine: TestEngine) async throws {
        let k1 = FieldCipher.Key(id: "k1", bytes: Array(repeating: 1, count: 32))
        let k2 = FieldCipher.Key(id: "k2", bytes: Array(repeating: 2, count: 32))
        let database = try await TestDatabase.make(engine)
        defer { Task { await database.destroy() } }
        // Written before encryption was turned on: plain.
        var store = try await database.openStore(cipher: nil)
        let agency = makeOrganization("cw-sealed")
        try await store.createOrganization(agency, audit: audit("organizations.create"))
        let author = makeUser("author", in: agency, roles: [.caseManager])
        try await store.createUser(author, passwordHash: nil, audit: audit("users.create"))
        func referral(_ id: String, _ note: String) -> Referral {
            Referral(
                id: id, episodeID: EpisodeID("e-sealed"), kind: .familyAdvocacy, status: .requested, note: note, declineReason: "",
                requestedBy: author.id, requestedAt: now, updatedAt: now)
        }
        try await store.engine.write { db in
            try await db.raw(
                """
                INSERT INTO children (id, organization_id, first_name, last_name, date_of_birth, sex, height_inches, weight_pounds,
                    tribal_affiliation, first_phonetic, last_phonetic, created_at)
                VALUES ('c-sealed', \(bind: agency.id.rawValue), 'Ada', 'Fictional', '2011-04-12', 'F', 60, 90, 'Plain Fictional Band',
                    'AT', 'FKXN', '2026-01-01T00:00:00.000Z')
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO episodes (id, child_id, organization_id, status, received_at, last_seen_city, last_seen_state, circumstances,
                    endangerments, guardian_name, guardian_phone, police_name, police_phone, case_type, created_by, created_at)
                VALUES ('e-sealed', 'c-sealed', \(bind: agency.id.rawValue), 'open', '2026-01-01T00:00:00.000Z', 'Maplewood', 'IL',
                    'Written before sealing', '', 'Agency', '555-010-2000', 'Police', '555-010-3000', 'endangered_runaway',
                    \(bind: author.id.rawValue), '2026-01-01T00:00:00.000Z')
                """
            ).run()
        }
        try await store.saveReferral(referral("r-plain", "Plain note"), audit: audit("referrals.request"))
        try await store.shutdown()

        store = try await database.openStore(cipher: FieldCipher(keys: [k1]))
        try await store.saveReferral(referral("r-sealed", "Sealed note about a diagnosis"), audit: audit("referrals.request"))
        let raw = try await store.engine.read { db in
            try await db.raw("SELECT note FROM referrals WHERE id = 'r-sealed'").first()?.string("note") ?? ""
        }
        #expect(raw.hasPrefix("hwenc1:k1:") && !raw.contains("diagnosis"))
        #expect(
            Set(try await store.referrals(ofEpisode: EpisodeID("e-sealed")).map(\.note)) == ["Plain note", "Sealed note about a diagnosis"])
        // A child's tribal affiliation is sealed when the child is written.
        var child = try #require(try await store.child(ChildID("c-sealed")))
        #expect(child.tribalAffiliation == "Plain Fictional Band")
        child.tribalAffiliation = "Sealed Fictional Band"
        try await store.updateReport(
            child: child, episode: try #require(try await store.episode(EpisodeID("e-sealed"))), audit: audit("episodes.update"))
        let rawTribe = try await store.engine.read { db in
            try await db.raw("SELECT tribal_affiliation FROM children WHERE id = 'c-sealed'").first()?.string("tribal_affiliation") ?? ""
        }
        #expect(rawTribe.hasPrefix("hwenc1:k1:") && !rawTribe.contains("Fictional"))
        #expect(try await store.child(ChildID("c-sealed"))?.tribalAffiliation == "Sealed Fictional Band")
        try await store.shutdown()

        // Without k1, or with another key under its id, the store does not open.
        await #expect(throws: FieldKeyProblem.self) { _ = try await database.openStore(cipher: nil) }
        await #expect(throws: FieldKeyProblem.self) { _ = try await database.openStore(cipher: FieldCipher(keys: [k2])) }
        await #expect(throws: FieldKeyProblem.self) {
            _ = try await database.openStore(cipher: FieldCipher(keys: [FieldCipher.Key(id: "k1", bytes: Array(repeating: 9, count: 32))]))
        }

        // Rotation: k2 first, k1 kept until rotate-keys has sealed everything with k2.
        store = try await database.openStore(cipher: FieldCipher(keys: [k2, k1]))
        #expect(try await store.rotateFieldKeys(batchSize: 1) == 4)
        #expect(try await store.rotateFieldKeys(batchSize: 1) == 0)
        try await store.shutdown()
        store = try await database.openStore(cipher: FieldCipher(keys: [k2]))
        let values = try await store.engine.read { db in
            try await db.raw(
                """
                SELECT note AS v FROM referrals UNION ALL SELECT circumstances AS v FROM episodes
                UNION ALL SELECT tribal_affiliation AS v FROM children
                """
            ).all().map {
                try $0.string("v")
            }
        }
        #expect(values.count == 4 && values.allSatisfy { FieldCipher.keyID(of: $0) == "k2" })
        #expect(try await store.child(ChildID("c-sealed"))?.tribalAffiliation == "Sealed Fictional Band")
        #expect(try await store.episode(EpisodeID("e-sealed"))?.circumstances == "Written before sealing")
        try await store.shutdown()
    }

    @Test(arguments: TestEngine.available)
    func a_failed_write_leaves_no_audit_event_behind(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let police = makeOrganization("pd-one", kind: .lawEnforcement, ori: "IL0160000")
            try await store.createOrganization(police, audit: audit("organizations.create"))
            var second = makeOrganization("pd-two", kind: .lawEnforcement, ori: "IL0160000")
            second.id = OrganizationID("org-2")
            await #expect(throws: HomewardError.self) {
                try await store.createOrganization(second, audit: audit("organizations.create"))
            }
            let events = try await store.auditEvents(matching: AuditFilter(), beforeSequence: nil, limit: 10)
            #expect(events.count == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func users_keep_their_roles_and_emails_are_unique(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = makeOrganization("cw-south")
            try await store.createOrganization(agency, audit: audit("organizations.create"))
            let casey = makeUser("casey", in: agency, roles: [.caseworker, .supervisor])
            try await store.createUser(casey, passwordHash: "hash-1", audit: audit("users.create"))
            #expect(try await store.user(casey.id) == casey)
            #expect(try await store.user(email: " CASEY@agency.example") == casey)
            #expect(try await store.users(in: agency.id).map(\.id) == [casey.id])
            #expect(try await store.passwordHash(of: casey.id) == "hash-1")

            var twin = makeUser("casey", in: agency, roles: [.caseworker])
            twin.id = UserID("user-twin")
            await #expect(throws: HomewardError.invalid("email", "Another account already uses this e-mail address.")) {
                try await store.createUser(twin, passwordHash: nil, audit: audit("users.create"))
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func repeated_failures_lock_the_account_and_a_sign_in_clears_them(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = makeOrganization("cw-east")
            try await store.createOrganization(agency, audit: audit("organizations.create"))
            let user = makeUser("riley", in: agency, roles: [.caseworker])
            try await store.createUser(user, passwordHash: "h", audit: audit("users.create"))
            let policy = LockoutPolicy(maximumFailures: 3, firstPause: 60, lockDuration: 600)
            var account = try await store.recordFailedSignIn(of: user.id, policy: policy, audit: audit("sign_in.failed"))
            #expect(account.failedSignIns == 1)
            account = try await store.recordFailedSignIn(of: user.id, policy: policy, audit: audit("sign_in.failed"))
            #expect(account.lockedUntil == nil)
            account = try await store.recordFailedSignIn(of: user.id, policy: policy, audit: audit("sign_in.failed"))
            #expect(account.lockedUntil == now + 60)
            #expect(account.isLocked(at: now + 59))
            // The count survives the pause, so the next failure pauses twice as long.
            account = try await store.recordFailedSignIn(of: user.id, policy: policy, audit: audit("sign_in.failed"))
            #expect(account.failedSignIns == 4)
            #expect(account.lockedUntil == now + 120)
            #expect(try await store.user(user.id)?.lockedUntil == now + 120)

            try await store.recordSignIn(of: user.id, at: now + 700, audit: audit("sign_in.succeeded"))
            let cleared = try await store.user(user.id)
            #expect(cleared?.lockedUntil == nil)
            #expect(cleared?.lastSignInAt == now + 700)
        }
    }

    @Test(arguments: TestEngine.available)
    func disabling_an_account_ends_its_sessions(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = makeOrganization("cw-west")
            try await store.createOrganization(agency, audit: audit("organizations.create"))
            let user = makeUser("drew", in: agency, roles: [.agencyAdmin])
            try await store.createUser(user, passwordHash: "h", audit: audit("users.create"))
            let session = SessionRecord(keyHash: "k1", userID: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + 3600)
            try await store.createSession(session)
            #expect(try await store.session(keyHash: "k1") == session)
            try await store.touchSession(keyHash: "k1", at: now + 120)
            #expect(try await store.session(keyHash: "k1")?.lastSeenAt == now + 120)

            try await store.setActive(false, of: user.id, audit: audit("users.disable"))
            #expect(try await store.session(keyHash: "k1") == nil)
            #expect(try await store.user(user.id)?.active == false)
        }
    }

    @Test(arguments: TestEngine.available)
    func expired_sessions_are_swept(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = makeOrganization("cw-sweep")
            try await store.createOrganization(agency, audit: audit("organizations.create"))
            let user = makeUser("sam", in: agency, roles: [.caseworker])
            try await store.createUser(user, passwordHash: "h", audit: audit("users.create"))
            try await store.createSession(
                SessionRecord(keyHash: "old", userID: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + 60))
            try await store.createSession(
                SessionRecord(keyHash: "new", userID: user.id, createdAt: now, lastSeenAt: now + 100, expiresAt: now + 9000))
            let removed = try await store.deleteSessions(expiredBefore: now + 120, idleTimeout: 1800)
            #expect(removed == 1)
            #expect(try await store.session(keyHash: "new") != nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func api_tokens_are_found_by_hash_listed_and_revoked(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = makeOrganization("pd-tokens", kind: .lawEnforcement, ori: "IL0990000")
            try await store.createOrganization(agency, audit: audit("organizations.create"))
            let user = makeUser("admin", in: agency, roles: [.agencyAdmin])
            try await store.createUser(user, passwordHash: "h", audit: audit("users.create"))
            let token = APIToken(
                id: APITokenID("t1"), organizationID: agency.id, userID: user.id, name: "records sync", prefix: "hw_abcd", createdAt: now)
            try await store.createAPIToken(token, secretHash: "secret-hash", audit: audit("api_tokens.create"))
            #expect(try await store.apiToken(secretHash: "secret-hash") == token)
            #expect(try await store.apiTokens(in: agency.id) == [token])
            try await store.markAPITokenUsed(token.id, at: now + 5)
            try await store.revokeAPIToken(token.id, at: now + 10, audit: audit("api_tokens.revoke"))
            let revoked = try await store.apiToken(token.id)
            #expect(revoked?.revokedAt == now + 10)
            #expect(revoked?.lastUsedAt == now + 5)
        }
    }

    @Test(arguments: TestEngine.available)
    func the_audit_chain_verifies_and_filters_by_organization(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let a = OrganizationID("a"), b = OrganizationID("b")
            for index in 0..<30 {
                try await store.appendAudit(
                    audit(
                        index.isMultiple(of: 3) ? "users.list" : "organization.view", record: "r\(index)",
                        org: index.isMultiple(of: 2) ? a : b))
            }
            let (checked, broken) = try await store.verifyAuditChain(batchSize: 7)
            #expect(checked == 30)
            #expect(broken == nil)

            var filter = AuditFilter(organizationID: b, actionPrefix: "users.")
            filter.actorUserID = UserID("actor")
            let events = try await store.auditEvents(matching: filter, beforeSequence: nil, limit: 100)
            #expect(events.allSatisfy { $0.entry.targetOrganizationID == b && $0.entry.action == "users.list" })
            #expect(events.map(\.sequence) == [28, 22, 16, 10, 4])
            let page = try await store.auditEvents(matching: AuditFilter(), beforeSequence: 11, limit: 3)
            #expect(page.map(\.sequence) == [10, 9, 8])
        }
    }

    @Test(arguments: TestEngine.available)
    func concurrent_appends_never_share_a_place_in_the_chain(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, database in
            // A second store on the same database stands in for a second server instance.
            let other = try await database.openStore()
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<40 {
                        let target: SQLDataStore = index.isMultiple(of: 2) ? store : other
                        let entry = audit("organization.view", record: "r\(index)")
                        group.addTask { _ = try await target.appendAudit(entry) }
                    }
                    try await group.waitForAll()
                }
            } catch {
                try await other.shutdown()
                throw error
            }
            try await other.shutdown()
            let (checked, broken) = try await store.verifyAuditChain()
            #expect(checked == 40)
            #expect(broken == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func migrations_apply_once(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let applied = try await store.migrate()
            #expect(applied.isEmpty)
        }
    }
}
