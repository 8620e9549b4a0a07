import Foundation

/// Organizations.
public protocol OrganizationStore: Sendable {
    /// Adds an organization; ``HomewardError/conflict(_:)`` when its code or ORI is taken.
    func createOrganization(_ organization: Organization, audit: AuditEntry) async throws
    /// Replaces an organization's profile; ``HomewardError/conflict(_:)`` as for create.
    func updateOrganization(_ organization: Organization, audit: AuditEntry) async throws
    func organization(_ id: OrganizationID) async throws -> Organization?
    func organization(code: String) async throws -> Organization?
    /// The active police agency with this ORI (any case), if one is a member.
    func policeAgency(ori: String) async throws -> Organization?
    /// Every organization, by name.
    func organizations() async throws -> [Organization]
    /// The organizations with these ids (those that exist), in one read.
    func organizations(_ ids: [OrganizationID]) async throws -> [Organization]
    /// A page of organizations matching `filter`, by name.
    func organizations(matching filter: OrganizationFilter) async throws -> [Organization]
    /// How many organizations match `filter` (its place and limit aside), and how many of those
    /// are deactivated; counted by the database.
    func organizationCounts(matching filter: OrganizationFilter) async throws -> (all: Int, inactive: Int)
}

/// Accounts, their passwords and sign-in counters.
public protocol UserStore: Sendable {
    /// Adds an account; ``HomewardError/conflict(_:)`` when the e-mail address is taken.
    func createUser(_ user: User, passwordHash: String?, audit: AuditEntry) async throws
    func user(_ id: UserID) async throws -> User?
    func user(email: String) async throws -> User?
    /// The accounts of one organization, by name.
    func users(in organization: OrganizationID) async throws -> [User]
    /// The accounts with these ids (those that exist), in one read: for a page that names many.
    func users(_ ids: [UserID]) async throws -> [User]
    /// The bcrypt hash of the account's password; nil when none is set.
    func passwordHash(of user: UserID) async throws -> String?
    /// Sets a new password hash, clears any lock-out and ends the account's sessions.
    func setPasswordHash(_ hash: String, of user: UserID, audit: AuditEntry) async throws
    /// The language the person's notices are written in.
    func setLanguage(_ language: String, of user: UserID, audit: AuditEntry) async throws
    /// Enables or disables an account; disabling ends its sessions.
    func setActive(_ active: Bool, of user: UserID, audit: AuditEntry) async throws
    /// Counts a failed sign-in under `policy` and returns the account as it now stands.
    func recordFailedSignIn(of user: UserID, policy: LockoutPolicy, audit: AuditEntry) async throws -> User
    /// Clears failure counters and notes the sign-in time.
    func recordSignIn(of user: UserID, at instant: Date, audit: AuditEntry) async throws
}

/// Browser sessions.
public protocol SessionStore: Sendable {
    func createSession(_ session: SessionRecord) async throws
    /// Signs a person in, in one transaction: ends the browser's previous session (by its key
    /// hash), stores the new one, clears the account's failure count and notes the sign-in.
    func startSession(_ session: SessionRecord, replacing previousKeyHash: String?, audit: AuditEntry) async throws
    func session(keyHash: String) async throws -> SessionRecord?
    func touchSession(keyHash: String, at instant: Date) async throws
    func deleteSession(keyHash: String) async throws
    /// Ends every session of `user` (an administrator's action, audited); returns how many ended.
    @discardableResult func endSessions(of user: UserID, audit: AuditEntry) async throws -> Int
    /// Removes sessions that ended before `instant`; returns how many.
    @discardableResult func deleteSessions(expiredBefore instant: Date, idleTimeout: TimeInterval) async throws -> Int
}

/// API tokens.
public protocol APITokenStore: Sendable {
    func createAPIToken(_ token: APIToken, secretHash: String, audit: AuditEntry) async throws
    /// The token whose secret hashes to `secretHash`, revoked or not.
    func apiToken(secretHash: String) async throws -> APIToken?
    func apiToken(_ id: APITokenID) async throws -> APIToken?
    /// An organization's tokens, newest first.
    func apiTokens(in organization: OrganizationID) async throws -> [APIToken]
    func revokeAPIToken(_ id: APITokenID, at instant: Date, audit: AuditEntry) async throws
    /// Notes a use, at most once a minute per token.
    func markAPITokenUsed(_ id: APITokenID, at instant: Date) async throws
}

/// Which audit events to list.
public struct AuditFilter: Sendable, Equatable {
    /// Only events about this organization's data, or by its people.
    public var organizationID: OrganizationID?
    public var actorUserID: UserID?
    /// Actions starting with this text (`users.` matches every user action).
    public var actionPrefix: String?
    public var outcome: AuditOutcome?
    public var recordID: String?
    public var from: Date?
    public var until: Date?

    public init(
        organizationID: OrganizationID? = nil, actorUserID: UserID? = nil, actionPrefix: String? = nil,
        outcome: AuditOutcome? = nil, recordID: String? = nil, from: Date? = nil, until: Date? = nil
    ) {
        self.organizationID = organizationID
        self.actorUserID = actorUserID
        self.actionPrefix = actionPrefix
        self.outcome = outcome
        self.recordID = recordID
        self.from = from
        self.until = until
    }
}

/// The append-only audit trail.
/// A page of the audit trail as the API asks for it.
public struct AuditQuery: Sendable, Equatable {
    public var filter: AuditFilter
    /// Only events with a lower sequence number (the next page).
    public var before: Int64?
    public var limit: Int

    /// Reads the API's query parameters (`value(name)` answers each): `organization`, `action`,
    /// `outcome`, `record`, `from` and `until` (UTC instants), `before` and `limit` (1 to 1000,
    /// default 100). Field errors name every parameter that does not read.
    public static func reading(_ value: (String) -> String?) throws -> AuditQuery {
        var filter = AuditFilter()
        var errors = FieldErrors()
        filter.organizationID = value("organization").map(OrganizationID.init(rawValue:))
        filter.actionPrefix = value("action")
        if let outcome = value("outcome") {
            if let known = AuditOutcome(rawValue: outcome) {
                filter.outcome = known
            } else {
                errors.add("outcome", "Use allowed, denied or failed.")
            }
        }
        filter.recordID = value("record")
        if let from = value("from") {
            if let date = Timestamp.parse(from) {
                filter.from = date
            } else {
                errors.add("from", "Use a UTC time such as 2026-11-01T00:00:00.000Z.")
            }
        }
        if let until = value("until") {
            if let date = Timestamp.parse(until) {
                filter.until = date
            } else {
                errors.add("until", "Use a UTC time such as 2026-11-30T00:00:00.000Z.")
            }
        }
        var limit = 100
        if let text = value("limit") {
            if let number = NumberKind.auditPageSize.value(text) {
                limit = number
            } else {
                errors.add("limit", "Use a number from 1 to 1000.")
            }
        }
        var before: Int64?
        if let text = value("before") {
            if let number = NumberKind.auditSequence.value(text) {
                before = Int64(number)
            } else {
                errors.add("before", "Use a sequence number from the audit trail.")
            }
        }
        try errors.throwIfAny()
        return AuditQuery(filter: filter, before: before, limit: limit)
    }
}

public protocol AuditStore: Sendable {
    /// Appends an event on its own (for reads and denials; writes append inside their transaction).
    @discardableResult func appendAudit(_ entry: AuditEntry) async throws -> AuditEvent
    /// Events matching `filter`, newest first, starting below `beforeSequence` when given.
    func auditEvents(matching filter: AuditFilter, beforeSequence: Int64?, limit: Int) async throws -> [AuditEvent]
    /// Events in chain order after `sequence`, for verification.
    func auditEvents(afterSequence sequence: Int64, limit: Int) async throws -> [AuditEvent]
}

extension AuditStore {
    /// Walks the whole trail and returns the first broken link, if any, with the count checked.
    public func verifyAuditChain(batchSize: Int = 2000) async throws -> (checked: Int64, firstBreak: AuditChain.Break?) {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        while true {
            let batch = try await auditEvents(afterSequence: after, limit: batchSize)
            verifier.check(batch)
            if verifier.firstBreak != nil || batch.count < batchSize { break }
            after = batch.last!.sequence
        }
        return (verifier.checked, verifier.firstBreak)
    }
}

extension OrganizationStore {
    /// The organization with `idOrCode` as its id or short code; not-found otherwise.
    public func organization(idOrCode: String) async throws -> Organization {
        if let organization = try await organization(OrganizationID(idOrCode)) { return organization }
        if let organization = try await organization(code: idOrCode) { return organization }
        throw HomewardError.notFound("organization")
    }

    /// Police agencies a reporter picks from: the active law-enforcement members of `state`, by
    /// name, and the one already chosen (`chosen`, an id) wherever it is. An agency elsewhere is
    /// reached by its ORI (see ``policeAgencies(chosen:ori:)``).
    public func policeAgencies(in state: String, chosen: String) async throws -> [Organization] {
        var agencies: [Organization] = []
        var filter = OrganizationFilter(kind: .lawEnforcement, state: state, limit: 500)
        while true {
            let page = try await organizations(matching: filter)
            agencies += page.filter(\.active)
            guard page.count == filter.limit, let last = page.last else { break }
            filter.after = NameCursor(name: last.name, id: last.id.rawValue)
        }
        for extra in try await policeAgencies(chosen: chosen, ori: "") where !agencies.contains(where: { $0.id == extra.id }) {
            agencies.insert(extra, at: 0)
        }
        return agencies
    }

    /// The police agencies a form may name, as the list the form is checked against: the one it
    /// chose by id, and the member whose ORI it gave for "another agency". Empty when neither names
    /// an active law-enforcement member. Two reads at most, whatever the number of agencies.
    public func policeAgencies(chosen id: String, ori: String = "") async throws -> [Organization] {
        var found: [Organization] = []
        let id = id.trimmingCharacters(in: .whitespaces)
        if !id.isEmpty, let organization = try await organization(OrganizationID(id)), organization.kind == .lawEnforcement,
            organization.active
        {
            found.append(organization)
        }
        let ori = ori.trimmingCharacters(in: .whitespaces).uppercased()
        if !ori.isEmpty, let member = try await policeAgency(ori: ori), !found.contains(where: { $0.id == member.id }) {
            found.append(member)
        }
        return found
    }
}

/// Which organizations to list: by kind, state and a few letters of the name, code or ORI; a page at
/// a time by name.
public struct OrganizationFilter: Sendable, Equatable {
    public var kind: OrganizationKind?
    public var state: String?
    /// Letters the name, code, ORI or PSAP identifier contains (any case).
    public var text: String?
    /// Only organizations after this one by name.
    public var after: NameCursor?
    public var limit: Int

    public init(kind: OrganizationKind? = nil, state: String? = nil, text: String? = nil, after: NameCursor? = nil, limit: Int = 100) {
        self.kind = kind
        self.state = state
        self.text = text
        self.after = after
        self.limit = limit
    }
}

/// A place in a list ordered by a name and an id, as opaque text.
public struct NameCursor: Sendable, Equatable {
    public var name: String
    public var id: String

    public init(name: String, id: String) {
        self.name = name
        self.id = id
    }

    /// Reads a cursor Homeward gave; nil for anything else.
    public init?(_ text: String) {
        guard let (name, id) = CursorText.decode(text, separator: "\u{1F}") else { return nil }
        self.name = name
        self.id = id
    }

    public var text: String { CursorText.encode(name, id, separator: "\u{1F}") }
}
