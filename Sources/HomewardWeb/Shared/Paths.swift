import HomewardCore

/// Every URL Homeward serves, built in one place so that a renamed route changes every link with it.
/// Patterns (with `{org}`-style parameters) are what the router registers; the functions build
/// concrete links for pages and redirects.
enum Paths {
    static let home = "/"
    static let signIn = "/sign-in"
    static let signOut = "/sign-out"
    static let account = "/account"
    static let accountPassword = "/account/password"
    static let organizations = "/organizations"
    static let newOrganization = "/organizations/new"
    static let audit = "/audit"
    static let healthz = "/healthz"
    static let readyz = "/readyz"
    static let metrics = "/metrics"
    static let openAPI = "/openapi.json"
    static let stylesheetPattern = "/assets/{version}/style.css"
    static let apiBase = "/api/v1"
    static let reports = "/reports"
    static let newReport = "/reports/new"
    static let episodes = "/episodes"
    static let notifications = "/notifications"
    static let cases = "/cases"
    static let children = "/children"
    static let members = "/members"
    static let readinessApplications = "/readiness/applications"
    static let readinessPrograms = "/readiness/programs"
    static let lexicon = "/confidential-lexicon"

    static func organization(_ id: OrganizationID) -> String { "/organizations/\(id)" }
    static func readiness(_ org: OrganizationID) -> String { "/organizations/\(org)/readiness" }
    static func readinessRoster(_ org: OrganizationID) -> String { "/organizations/\(org)/readiness/roster" }
    static func readinessPolicy(_ org: OrganizationID) -> String { "/organizations/\(org)/readiness/policy" }
    static func certificate(_ org: OrganizationID, _ recognition: String) -> String {
        "/organizations/\(org)/readiness/recognitions/\(recognition)/certificate.pdf"
    }
    static func readinessApplication(_ id: String) -> String { "/readiness/applications/\(id)" }
    static func editOrganization(_ id: OrganizationID) -> String { "/organizations/\(id)/edit" }
    static func users(_ org: OrganizationID) -> String { "/organizations/\(org)/users" }
    static func newUser(_ org: OrganizationID) -> String { "/organizations/\(org)/users/new" }
    static func disableUser(_ org: OrganizationID, _ user: UserID) -> String { "/organizations/\(org)/users/\(user)/disable" }
    static func enableUser(_ org: OrganizationID, _ user: UserID) -> String { "/organizations/\(org)/users/\(user)/enable" }
    static func resetPassword(_ org: OrganizationID, _ user: UserID) -> String { "/organizations/\(org)/users/\(user)/password" }
    static func apiTokens(_ org: OrganizationID) -> String { "/organizations/\(org)/api-tokens" }
    static func revokeAPIToken(_ org: OrganizationID, _ token: APITokenID) -> String {
        "/organizations/\(org)/api-tokens/\(token)/revoke"
    }
    static func episode(_ id: EpisodeID) -> String { "/episodes/\(id)" }
    static func episodeNCIC(_ id: EpisodeID) -> String { "/episodes/\(id)/ncic" }
    static func recordPoliceReport(_ id: EpisodeID) -> String { "/episodes/\(id)/police-report" }
    static func recordClearinghouseReport(_ id: EpisodeID) -> String { "/episodes/\(id)/clearinghouse-report" }
    static func recordNCICEntry(_ id: EpisodeID) -> String { "/episodes/\(id)/ncic-entry" }
    static func assignCase(_ id: EpisodeID) -> String { "/episodes/\(id)/assign" }
    static func caseEvents(_ id: EpisodeID) -> String { "/episodes/\(id)/events" }
    static func deleteDraft(_ id: String) -> String { "/reports/drafts/\(id)/delete" }

    /// The case list showing only the cases that need `attention`.
    static func episodes(attention: CaseAttention) -> String { episodes + "?attention=\(attention.rawValue)" }

    /// Where the proof of the duty closed by `event` is recorded.
    static func proofPath(_ id: EpisodeID, _ event: EpisodeEventKind) -> String? {
        switch event {
        case .reportedToPolice: recordPoliceReport(id)
        case .reportedToClearinghouse: recordClearinghouseReport(id)
        case .ncicEntered: recordNCICEntry(id)
        default: nil
        }
    }

    static func completeTask(_ id: EpisodeID, _ task: String) -> String { "/episodes/\(id)/tasks/\(task)/complete" }
    static func compliance(_ org: OrganizationID) -> String { "/organizations/\(org)/compliance" }
    static func markNotificationRead(_ id: String) -> String { "/notifications/\(id)/read" }
    static func stylesheet(version: String) -> String { "/assets/\(version)/style.css" }

    /// Whether `path` is a safe place to return to after signing in: a path on this site, not a
    /// protocol-relative URL that would leave it.
    /// Whether `path` is a path on this site to return to after sign-in. Browsers drop tabs and
    /// newlines from a `Location` and read `\\` as `/`, so `/\t/evil.example` would lead away:
    /// any control character, space or backslash is refused, as is a second leading slash.
    static func isLocalReturnPath(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.count <= 2000 else { return false }
        return !path.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" || !$0.isASCII }
            && !path.contains("://")
    }
}
