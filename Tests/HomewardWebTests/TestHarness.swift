import Foundation
import HTTPTypes
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import HomewardWeb

/// A signed-in test account: its session key for pages and its API token for the API.
struct TestAccount: Sendable {
    var user: User
    var organization: Organization
    var sessionKey: String
    var apiToken: String
}

/// The organizations and accounts every web test starts with: two child-welfare agencies, a
/// police agency, a PSAP and the clearinghouse, with one account per role in a fitting
/// organization. All fictional.
struct Fixtures: Sendable {
    var clearinghouse: Organization
    var agencyA: Organization
    var agencyB: Organization
    var police: Organization
    var psap: Organization
    /// One account per role; agency roles live in agency A, the police agency or the PSAP.
    var accounts: [Role: TestAccount]
    /// An administrator of agency B, to test what crosses between agencies.
    var adminB: TestAccount
    /// An episode reported by agency A and investigated by the police agency.
    var episode: MissingEpisode
    let csrf = "test-csrf-token-0123456789abcdefghijklmnopq"

    var organizations: [Organization] { [clearinghouse, agencyA, agencyB, police, psap] }

    func account(_ role: Role) -> TestAccount { accounts[role]! }

    /// Cookies for a page request by `account` (or anonymous).
    /// The form token a page shows `account` (bound to its session).
    func csrf(for account: TestAccount?) -> String {
        CSRFToken.bound(cookie: csrf, sessionKeyHash: account.map { SHA256Digest.hex($0.sessionKey) })
    }

    func cookies(_ account: TestAccount?) -> String {
        var parts = ["homeward_csrf=\(csrf)"]
        if let account { parts.append("homeward_session=\(account.sessionKey)") }
        return parts.joined(separator: "; ")
    }
}

let testEpoch = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18, a fixed instant

/// Builds the application on a fresh database, loads the fixtures and runs `body` with a client
/// that talks to the real router in-process, or over a loopback connection to the running server.
func withTestApplication(
    _ engine: TestEngine = .sqlite, replica: Bool = false, clock: PinnedWallClock = PinnedWallClock(testEpoch),
    overTheNetwork: Bool = false, configure: (inout HomewardConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, AppServices, Fixtures) async throws -> Void
) async throws {
    try await withTestStore(engine, replica: replica) { store, database in
        var configuration = HomewardConfiguration()
        if replica { configuration.databaseReadURL = TestReplica.url(of: database) }
        configuration.bcryptCost = 4
        configuration.dataDirectory = database.directory.path
        if overTheNetwork { configuration.port = 0 }
        // Passes run when a test calls them, never behind its back.
        configuration.runsBackgroundWork = false
        configure(&configuration)
        let services = try await AppServices(configuration: configuration, store: store, clock: clock, logger: quietLogger)
        let fixtures = try await makeFixtures(services)
        let application = buildApplication(services: services)
        try await application.test(overTheNetwork ? .live : .router) { client in
            try await body(client, services, fixtures)
        }
    }
}

/// Accounts for tests: a user with a live session and an API token.
enum TestAccounts {
    static func make(
        _ services: AppServices, _ name: String, _ role: Role, in organization: Organization, passwordHash: String? = nil
    ) async throws -> TestAccount {
        let store = services.store
        let now = services.clock.now()
        let audit = AuditEntry(
            occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "fixture", recordType: "fixture", recordID: name)
        let user = User(
            id: UserID("user-\(name)"), organizationID: organization.id, email: "\(name)@fixture.example", name: "Fixture \(name)",
            roles: [role], createdAt: now)
        try await store.createUser(user, passwordHash: passwordHash, audit: audit)
        let key = "session-\(name)-" + String(repeating: "k", count: 20)
        try await store.createSession(
            SessionRecord(keyHash: SHA256Digest.hex(key), userID: user.id, createdAt: now, lastSeenAt: now, expiresAt: now + 3600))
        let secret = "hw_token-\(name)"
        try await store.createAPIToken(
            APIToken(
                id: APITokenID("token-\(name)"), organizationID: organization.id, userID: user.id, name: "fixture", prefix: "hw_tok",
                createdAt: now),
            secretHash: APIToken.hash(secret: secret), audit: audit)
        return TestAccount(user: user, organization: organization, sessionKey: key, apiToken: secret)
    }
}

private func makeFixtures(_ services: AppServices) async throws -> Fixtures {
    let store = services.store
    let now = services.clock.now()
    func audit(_ id: String) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "fixture", recordType: "test", recordID: id)
    }
    func organization(_ code: String, _ kind: OrganizationKind, ori: String? = nil) async throws -> Organization {
        let o = try OrganizationDraft(
            code: code, name: "Fixture \(code)", kind: kind.rawValue, state: "IL", timeZone: "America/Chicago", ori: ori
        ).validated(id: OrganizationID("org-\(code)"), createdAt: now)
        try await store.createOrganization(o, audit: audit(code))
        return o
    }
    let clearinghouse = try await organization("ch", .clearinghouse)
    let agencyA = try await organization("cw-a", .childWelfare)
    let agencyB = try await organization("cw-b", .childWelfare)
    let police = try await organization("pd", .lawEnforcement, ori: "IL0880000")
    let psap = try await organization("psap", .psap)
    let hash = try await services.passwords.hash("correct horse battery")

    func account(_ name: String, _ role: Role, in organization: Organization) async throws -> TestAccount {
        try await TestAccounts.make(services, name, role, in: organization, passwordHash: hash)
    }

    var accounts: [Role: TestAccount] = [:]
    for role in Role.allCases {
        let home: Organization =
            switch role {
            case .clearinghouseAdmin, .caseManager, .analyst, .readinessReviewer: clearinghouse
            case .agencyAdmin, .caseworker, .supervisor: agencyA
            case .investigator: police
            case .psapManager, .telecommunicator, .qaReviewer: psap
            }
        accounts[role] = try await account(role.rawValue, role, in: home)
    }
    let adminB = try await account("admin-b", .agencyAdmin, in: agencyB)
    let child = Child(
        id: ChildID("child-1"), organizationID: agencyA.id, firstName: "Fixture", lastName: "Child",
        dateOfBirth: CivilDate(year: 2011, month: 4, day: 12)!,
        sex: .female, race: "W", heightInches: 63, weightPounds: 94, eyeColor: "BRO", hairColor: "BLK", createdAt: now)
    let draft = MissingEpisode(
        id: EpisodeID("episode-1"), childID: child.id, organizationID: agencyA.id, status: .open, receivedAt: now - 3600,
        lastSeenAt: now - 7200,
        lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "Did not come home from school.",
        guardian: Guardian(name: agencyA.name, phone: "555-010-2000"),
        police: InvestigatingAgency(organizationID: police.id, name: police.name, ori: police.ori, phone: "555-010-3000"),
        caseType: .endangeredRunaway, createdBy: accounts[.caseworker]!.user.id, createdAt: now - 3600, submittedAt: now - 3600)
    let episode = try await store.fileReport(
        child: child, childIsNew: true, episode: draft, events: [], deletingDraft: nil, idempotencyKey: nil, audit: audit("episode"))
    return Fixtures(
        clearinghouse: clearinghouse, agencyA: agencyA, agencyB: agencyB, police: police, psap: psap, accounts: accounts, adminB: adminB,
        episode: episode)
}

extension TestClientProtocol {
    /// A page request as a browser would send it, signed in as `account`.
    @discardableResult
    func page(
        _ method: HTTPRequest.Method, _ path: String, as account: TestAccount?, fixtures: Fixtures, form: [(String, String)] = [],
        csrf: String? = nil, acceptLanguage: String? = nil
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.cookie] = fixtures.cookies(account)
        if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
        var body: ByteBuffer?
        if method == .post {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let fields = [("_csrf", csrf ?? fixtures.csrf(for: account))] + form
            body = ByteBuffer(string: fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&"))
        }
        return try await execute(uri: path, method: method, headers: headers, body: body) { $0 }
    }

    /// An API request with `account`'s bearer token.
    @discardableResult
    func api(_ method: HTTPRequest.Method, _ path: String, as account: TestAccount?, json: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if let account { headers[.authorization] = "Bearer \(account.apiToken)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { $0 }
    }
}

/// A `multipart/form-data` body with `fields` and `files` (field, file name, content type, bytes).
func multipartBody(_ fields: [(String, String)], files: [(String, String, String, [UInt8])], boundary: String) -> ByteBuffer {
    var body = Data()
    for (name, value) in fields {
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }
    for (field, filename, type, bytes) in files {
        body += Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
                .utf8)
        body += Data(bytes) + Data("\r\n".utf8)
    }
    body += Data("--\(boundary)--\r\n".utf8)
    return ByteBuffer(bytes: body)
}

extension TestClientProtocol {
    /// A multipart form post as a browser sends it, with the CSRF token, signed in as `account`.
    @discardableResult
    func upload(
        _ path: String, as account: TestAccount, fixtures: Fixtures, fields: [(String, String)], files: [(String, String, String, [UInt8])]
    ) async throws -> TestResponse {
        let boundary = "----homeward-test-boundary"
        var headers = HTTPFields()
        headers[.cookie] = fixtures.cookies(account)
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await execute(
            uri: path, method: .post, headers: headers,
            body: multipartBody([("_csrf", fixtures.csrf(for: account))] + fields, files: files, boundary: boundary)
        ) { $0 }
    }
}

func formEncode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }
}

/// The page's "next page" link (`rel="next"`), as a path to request, or nil on the last page.
func nextPageLink(_ html: String) -> String? {
    guard let range = html.range(of: #"<a href="([^"]+)" rel="next">"#, options: .regularExpression) else { return nil }
    return String(html[range]).components(separatedBy: "\"")[1].replacingOccurrences(of: "&amp;", with: "&")
        .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#61;", with: "=")
}
