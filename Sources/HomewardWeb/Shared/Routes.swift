import Foundation
import HomewardCore
import Hummingbird

/// A value that fills a route's path parameter in a link.
protocol RouteParameter: Sendable {
    var routeSegment: String { get }
}

extension String: RouteParameter { var routeSegment: String { self } }
extension Int: RouteParameter { var routeSegment: String { String(self) } }
extension OrganizationID: RouteParameter { var routeSegment: String { rawValue } }
extension EpisodeID: RouteParameter { var routeSegment: String { rawValue } }
extension UserID: RouteParameter { var routeSegment: String { rawValue } }
extension APITokenID: RouteParameter { var routeSegment: String { rawValue } }
extension CallID: RouteParameter { var routeSegment: String { rawValue } }
extension QAReviewID: RouteParameter { var routeSegment: String { rawValue } }
extension PoliceCaseID: RouteParameter { var routeSegment: String { rawValue } }
extension WebhookEndpointID: RouteParameter { var routeSegment: String { rawValue } }

/// A route's path pattern, as the router registers it (`{name}` takes one segment).
protocol RoutePattern: Sendable {
    var pattern: String { get }
}

extension RoutePattern {
    /// The pattern with `values` in its parameters, in order, each percent-encoded as one segment.
    func fill(_ values: [any RouteParameter]) -> String {
        var path = ""
        var rest = Substring(pattern)
        var values = values[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            path += rest[..<open]
            let segment = values.popFirst()?.routeSegment ?? ""
            path += segment.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? segment
            rest = rest[rest.index(after: close)...]
        }
        precondition(values.isEmpty, "more values than parameters in \(pattern)")
        return path + rest
    }

    /// Whether `path` is an address of this pattern; the parameters' values when it is. Walks both
    /// segment by segment over their bytes: the public poster path asks this on every view.
    func parameters(in path: some StringProtocol) -> [String]? {
        let slash = UInt8(ascii: "/")
        var pattern = Substring(self.pattern).utf8
        var rest = Substring(path).utf8
        var values: [String] = []
        while true {
            let patternEnd = pattern.firstIndex(of: slash) ?? pattern.endIndex
            let restEnd = rest.firstIndex(of: slash) ?? rest.endIndex
            let expected = pattern[..<patternEnd]
            let segment = rest[..<restEnd]
            if expected.first == UInt8(ascii: "{") && expected.last == UInt8(ascii: "}") {
                guard !segment.isEmpty else { return nil }
                values.append(String(Substring(segment)))
            } else if !expected.elementsEqual(segment) {
                return nil
            }
            let patternDone = patternEnd == pattern.endIndex
            let restDone = restEnd == rest.endIndex
            if patternDone || restDone { return patternDone && restDone ? values : nil }
            pattern = pattern[pattern.index(after: patternEnd)...]
            rest = rest[rest.index(after: restEnd)...]
        }
    }

    private static var segmentCharacters: CharacterSet {
        CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
    }
}

/// A route without parameters: its pattern is its link.
struct Route: RoutePattern {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }
    var path: String { pattern }
}

/// A route's path parameter: the one place its name is written, and the type of its value. A
/// route's pattern, the access scope derived from it and every handler's read of it name the
/// parameter by this value, so renaming one renames them all and a misspelt one does not build.
struct PathParameter<Value: RouteParameter>: Sendable {
    let name: String
    fileprivate init(_ name: String) { self.name = name }
}

extension PathParameter where Value == OrganizationID { static var org: Self { Self("org") } }
extension PathParameter where Value == UserID { static var user: Self { Self("user") } }
extension PathParameter where Value == APITokenID { static var token: Self { Self("token") } }
extension PathParameter where Value == WebhookEndpointID { static var endpoint: Self { Self("endpoint") } }
extension PathParameter where Value == EpisodeID { static var episode: Self { Self("episode") } }
extension PathParameter where Value == CallID { static var call: Self { Self("call") } }
extension PathParameter where Value == QAReviewID { static var review: Self { Self("review") } }
extension PathParameter where Value == PoliceCaseID { static var policeCase: Self { Self("case") } }
extension PathParameter where Value == Int {
    static var index: Self { Self("index") }
    static var policyVersion: Self { Self("version") }
}
extension PathParameter where Value == String {
    static var application: Self { Self("application") }
    static var assetVersion: Self { Self("version") }
    static var document: Self { Self("document") }
    static var draft: Self { Self("draft") }
    static var message: Self { Self("message") }
    static var notification: Self { Self("notification") }
    static var photo: Self { Self("photo") }
    static var problemType: Self { Self("type") }
    static var recognition: Self { Self("recognition") }
    static var referral: Self { Self("referral") }
    static var slug: Self { Self("slug") }
    static var state: Self { Self("state") }
    static var task: Self { Self("task") }
    static var tip: Self { Self("tip") }
}

extension Parameters {
    /// The value of `parameter` in the path the route matched.
    func get<Kind>(_ parameter: PathParameter<Kind>) -> String? { get(parameter.name) }
}

/// A route with one parameter; calling it makes a link.
struct Route1<A: RouteParameter>: RoutePattern {
    let pattern: String
    let first: PathParameter<A>
    init(_ head: String, _ first: PathParameter<A>, _ tail: String = "") {
        self.first = first
        self.pattern = head + "{\(first.name)}" + tail
    }
    func callAsFunction(_ a: A) -> String { fill([a]) }
}

/// A route with two parameters; calling it makes a link.
struct Route2<A: RouteParameter, B: RouteParameter>: RoutePattern {
    let pattern: String
    let first: PathParameter<A>
    let second: PathParameter<B>
    init(_ head: String, _ first: PathParameter<A>, _ middle: String, _ second: PathParameter<B>, _ tail: String = "") {
        self.first = first
        self.second = second
        self.pattern = head + "{\(first.name)}" + middle + "{\(second.name)}" + tail
    }
    func callAsFunction(_ a: A, _ b: B) -> String { fill([a, b]) }
}

/// Every address Homeward serves, each once: the router registers these patterns, and every
/// link, redirect, `Location` header and page model builds its addresses from them, so a renamed
/// route changes everything that points at it, and a route that is gone does not build.
enum Routes {
    // MARK: Shared
    static let home = Route("/")
    static let healthz = Route("/healthz")
    static let readyz = Route("/readyz")
    static let metrics = Route("/metrics")
    static let openAPI = Route("/openapi.json")
    static let stylesheet = Route1("/assets/", .assetVersion, "/style.css")
    /// Where problem types are documented (`type` of problem+json answers).
    static let problem = Route1("/problems/", .problemType)

    // MARK: Administration
    static let signIn = Route("/sign-in")
    static let signOut = Route("/sign-out")
    static let account = Route("/account")
    static let accountPassword = Route("/account/password")
    static let accountLanguage = Route("/account/language")
    static let signInCode = Route("/sign-in/code")
    static let signInEnrol = Route("/sign-in/second-factor")
    static let accountSecondFactor = Route("/account/second-factor")
    static let accountRecoveryCodes = Route("/account/second-factor/recovery-codes")
    static let accountSecondFactorOff = Route("/account/second-factor/off")
    static let resetSecondFactor = Route2("/organizations/", .org, "/users/", .user, "/second-factor/reset")
    static let organizations = Route("/organizations")
    static let newOrganization = Route("/organizations/new")
    static let organization = Route1("/organizations/", .org)
    static let editOrganization = Route1("/organizations/", .org, "/edit")
    static let users = Route1("/organizations/", .org, "/users")
    static let newUser = Route1("/organizations/", .org, "/users/new")
    static let disableUser = Route2("/organizations/", .org, "/users/", .user, "/disable")
    static let enableUser = Route2("/organizations/", .org, "/users/", .user, "/enable")
    static let endUserSessions = Route2("/organizations/", .org, "/users/", .user, "/end-sessions")
    static let userPassword = Route2("/organizations/", .org, "/users/", .user, "/password")
    static let apiTokens = Route1("/organizations/", .org, "/api-tokens")
    static let revokeAPIToken = Route2("/organizations/", .org, "/api-tokens/", .token, "/revoke")
    static let webhooks = Route1("/organizations/", .org, "/webhooks")
    static let rotateWebhook = Route2("/organizations/", .org, "/webhooks/", .endpoint, "/rotate")
    static let switchWebhook = Route2("/organizations/", .org, "/webhooks/", .endpoint, "/switch")
    static let deliveries = Route1("/organizations/", .org, "/deliveries")
    static let replayDelivery = Route2("/organizations/", .org, "/deliveries/", .message, "/replay")
    static let apiWebhooks = Route1("/api/v1/organizations/", .org, "/webhooks")
    static let apiRotateWebhook = Route2("/api/v1/organizations/", .org, "/webhooks/", .endpoint, "/rotate")
    static let apiDeliveries = Route1("/api/v1/organizations/", .org, "/deliveries")
    static let apiReplayDelivery = Route2("/api/v1/organizations/", .org, "/deliveries/", .message, "/replay")
    static let notificationChoices = Route("/account/notifications")
    static let audit = Route("/audit")
    static let apiMe = Route("/api/v1/me")
    static let apiOrganizations = Route("/api/v1/organizations")
    static let apiOrganization = Route1("/api/v1/organizations/", .org)
    static let apiUsers = Route1("/api/v1/organizations/", .org, "/users")
    static let apiAuditEvents = Route("/api/v1/audit-events")

    // MARK: Notifications
    static let notifications = Route("/notifications")
    static let markNotificationRead = Route1("/notifications/", .notification, "/read")
    static let apiNotifications = Route("/api/v1/notifications")

    // MARK: Reporting
    static let newReport = Route("/reports/new")
    static let reports = Route("/reports")
    static let deleteDraft = Route1("/reports/drafts/", .draft, "/delete")
    static let episodes = Route("/episodes")
    static let episode = Route1("/episodes/", .episode)
    static let episodeNCIC = Route1("/episodes/", .episode, "/ncic")
    static let recordPoliceReport = Route1("/episodes/", .episode, "/police-report")
    static let episodeSettle = Route1("/episodes/", .episode, "/settle-difference")
    static let recordClearinghouseReport = Route1("/episodes/", .episode, "/clearinghouse-report")
    static let recordNCICEntry = Route1("/episodes/", .episode, "/ncic-entry")
    static let evidence = Route1("/episodes/", .episode, "/evidence.json")
    static let episodePhotos = Route1("/episodes/", .episode, "/photos")
    static let episodePhoto = Route2("/episodes/", .episode, "/photos/", .photo)
    static let cases = Route("/cases")
    static let longTermCases = Route("/cases/long-term")
    static let assignCase = Route1("/episodes/", .episode, "/assign")
    static let caseEvents = Route1("/episodes/", .episode, "/events")
    static let completeTask = Route2("/episodes/", .episode, "/tasks/", .task, "/complete")
    static let children = Route("/children")
    static let compliance = Route1("/organizations/", .org, "/compliance")
    static let complianceCSV = Route1("/organizations/", .org, "/compliance.csv")
    static let apiChildren = Route("/api/v1/children")
    static let apiEpisodes = Route("/api/v1/episodes")
    static let apiEpisode = Route1("/api/v1/episodes/", .episode)
    static let apiEpisodeEvents = Route1("/api/v1/episodes/", .episode, "/events")
    static let apiTasks = Route1("/api/v1/episodes/", .episode, "/tasks")
    static let apiCompleteTask = Route2("/api/v1/episodes/", .episode, "/tasks/", .task, "/complete")
    static let apiReferrals = Route1("/api/v1/episodes/", .episode, "/referrals")
    static let apiReferral = Route2("/api/v1/episodes/", .episode, "/referrals/", .referral)
    static let apiInvestigatingAgency = Route1("/api/v1/episodes/", .episode, "/investigating-agency")
    static let apiClocks = Route1("/api/v1/episodes/", .episode, "/clocks")
    static let apiNCIC = Route1("/api/v1/episodes/", .episode, "/ncic")
    static let apiEvidence = Route1("/api/v1/episodes/", .episode, "/evidence")

    // MARK: Posters
    static let poster = Route1("/episodes/", .episode, "/poster")
    static let posterConsent = Route1("/episodes/", .episode, "/poster/consent")
    static let posterPublish = Route1("/episodes/", .episode, "/poster/publish")
    static let posterWithdraw = Route1("/episodes/", .episode, "/poster/withdraw")
    /// A second case manager approves, or sends back, the version waiting for approval.
    static let posterApprove = Route1("/episodes/", .episode, "/poster/approve")
    static let posterReturn = Route1("/episodes/", .episode, "/poster/return")
    /// The PDF of the version waiting for approval, exactly as it would be published.
    static let posterCandidatePDF = Route1("/episodes/", .episode, "/poster/candidate.pdf")
    static let apiPoster = Route1("/api/v1/episodes/", .episode, "/poster")
    static let apiPosterConsents = Route1("/api/v1/episodes/", .episode, "/poster/consents")
    static let apiPosterPublish = Route1("/api/v1/episodes/", .episode, "/poster/publish")
    static let apiPosterWithdraw = Route1("/api/v1/episodes/", .episode, "/poster/withdraw")
    static let apiPosterApprove = Route1("/api/v1/episodes/", .episode, "/poster/approve")
    static let lexicon = Route("/confidential-lexicon")
    /// Posters waiting for approval, and live posters the screen in force marks.
    static let posterReview = Route("/poster-review")
    /// State and territory rules: every state's newest version, and one state's versions.
    static let jurisdictionRules = Route("/rules")
    static let stateRules = Route1("/rules/", .state)
    /// The printable one-page quick reference for caseworkers.
    static let quickReference = Route("/reports/quick-reference")
    static let publicPosters = Route("/posters")
    /// The public poster page; the same route answers `{slug}.pdf` with the PDF.
    static let publicPoster = Route1("/posters/", .slug)
    static let publicPosterPDF = Route1("/posters/", .slug, ".pdf")
    static let publicPosterPhoto = Route2("/posters/", .slug, "/photos/", .index)
    static let apiPublicPosters = Route("/api/v1/public/posters")
    static let pfifPersons = Route("/pfif/1.4/persons")

    // MARK: Calls
    static let calls = Route("/calls")
    static let call = Route1("/calls/", .call)
    static let callAnswers = Route1("/calls/", .call, "/answers")
    static let closeCall = Route1("/calls/", .call, "/close")
    static let callSheet = Route1("/calls/", .call, "/sheet.pdf")
    static let handOffCall = Route1("/calls/", .call, "/hand-off")
    static let policeCases = Route("/police-cases")
    static let policeCase = Route1("/police-cases/", .policeCase)
    static let policeCaseDetails = Route1("/police-cases/", .policeCase, "/details")
    static let policeCaseNCIC = Route1("/police-cases/", .policeCase, "/ncic-entry")
    static let policeCaseLink = Route1("/police-cases/", .policeCase, "/link")
    static let policeCaseClose = Route1("/police-cases/", .policeCase, "/close")
    static let policeCaseSettle = Route1("/police-cases/", .policeCase, "/settle-difference")
    static let policeCaseSheet = Route1("/police-cases/", .policeCase, "/sheet.pdf")
    static let qaReviews = Route("/qa-reviews")
    static let qaReview = Route1("/qa-reviews/", .review)
    static let calibrateReview = Route1("/qa-reviews/", .review, "/calibrate")
    static let callReference = Route("/call-reference")
    static let callChecklists = Route("/call-reference/checklists")
    static let scoreBands = Route("/call-reference/score-bands")
    static let qaDashboard = Route("/qa-dashboard")
    static let qaDashboardCSV = Route("/qa-dashboard.csv")
    static let apiCalls = Route("/api/v1/calls")
    static let apiCall = Route1("/api/v1/calls/", .call)
    static let apiCallAnswers = Route1("/api/v1/calls/", .call, "/answers")
    static let apiCallHandOff = Route1("/api/v1/calls/", .call, "/hand-off")
    static let apiQAReviews = Route("/api/v1/qa-reviews")

    // MARK: Tips
    static let posterTips = Route1("/posters/", .slug, "/tips")
    static let tips = Route("/tips")
    static let tipsCSV = Route("/tips.csv")
    static let markTip = Route1("/tips/", .tip, "/mark")
    static let apiTips = Route("/api/v1/tips")
    static let apiMarkTip = Route1("/api/v1/tips/", .tip, "/mark")

    // MARK: Referrals
    static let referrals = Route1("/episodes/", .episode, "/referrals")
    static let referral = Route2("/episodes/", .episode, "/referrals/", .referral)

    // MARK: Readiness
    static let readiness = Route1("/organizations/", .org, "/readiness")
    static let readinessGapsCSV = Route1("/organizations/", .org, "/readiness/gaps.csv")
    static let readinessRoster = Route1("/organizations/", .org, "/readiness/roster")
    static let readinessRosterCSV = Route1("/organizations/", .org, "/readiness/roster.csv")
    static let readinessTrainingCSV = Route1("/organizations/", .org, "/readiness/training.csv")
    static let readinessRosterImport = Route1("/organizations/", .org, "/readiness/roster/import")
    static let readinessTraining = Route1("/organizations/", .org, "/readiness/training")
    static let readinessTrainingPeriod = Route1("/organizations/", .org, "/readiness/training-period")
    static let readinessDocument = Route2("/organizations/", .org, "/readiness/documents/", .document)
    static let readinessApply = Route1("/organizations/", .org, "/readiness/apply")
    static let readinessPolicy = Route1("/organizations/", .org, "/readiness/policy")
    static let readinessPolicyMappings = Route1("/organizations/", .org, "/readiness/policy/mappings")
    static let readinessPolicyVersion = Route2("/organizations/", .org, "/readiness/policy/", .policyVersion)
    static let certificate = Route2("/organizations/", .org, "/readiness/recognitions/", .recognition, "/certificate.pdf")
    static let revokeRecognition = Route2("/organizations/", .org, "/readiness/recognitions/", .recognition, "/revoke")
    static let readinessApplications = Route("/readiness/applications")
    static let readinessApplication = Route1("/readiness/applications/", .application)
    static let reviewApplication = Route1("/readiness/applications/", .application, "/review")
    static let readinessPrograms = Route("/readiness/programs")
    static let members = Route("/members")
    static let apiPublicMembers = Route("/api/v1/public/members")
    static let apiAgencyReadiness = Route1("/api/v1/agencies/", .org, "/readiness")
    static let apiAgencyPersonnel = Route1("/api/v1/agencies/", .org, "/personnel")
    static let apiAgencyTraining = Route1("/api/v1/agencies/", .org, "/training")
    static let apiApplications = Route("/api/v1/applications")
}

extension Routes {
    /// The prefix every route of the JSON API shares: answers under it are problem+json.
    static let apiBase = "/api/v1"

    /// Whether `path` is a path on this site to return to after sign-in. Browsers drop tabs and
    /// newlines from a `Location` and read `\\` as `/`, so `/\t/evil.example` would lead away:
    /// any control character, space or backslash is refused, as is a second leading slash.
    static func isLocalReturnPath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.count <= 2000 else { return false }
        return !path.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" || !$0.isASCII }
            && !path.contains("://")
    }

    /// The case list showing only the cases that need `attention`.
    static func episodes(attention: CaseAttention) -> String { query(episodes.path, ["attention": attention.rawValue]) }

    /// `path` with the non-empty `items` as its query, in name order, each value percent-encoded:
    /// the one way list pages link to their filters and next pages.
    static func query(_ path: String, _ items: [String: String?]) -> String {
        var components = URLComponents()
        components.path = path
        let present = items.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) } }
        components.queryItems = present.isEmpty ? nil : present.sorted { $0.name < $1.name }
        // `+` would read as a space in a query; the cursors use none, but a filter value may.
        return (components.string ?? path).replacingOccurrences(of: "+", with: "%2B")
    }

    /// Where the proof of the duty closed by `event` is recorded.
    static func proof(_ id: EpisodeID, _ event: EpisodeEventKind) -> String? {
        switch event {
        case .reportedToPolice: recordPoliceReport(id)
        case .reportedToClearinghouse: recordClearinghouseReport(id)
        case .ncicEntered: recordNCICEntry(id)
        default: nil
        }
    }
}
