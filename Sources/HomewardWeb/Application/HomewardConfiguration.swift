import Foundation
import HomewardCore
import HomewardStore
import Logging
import NIOSSL

/// The SMTP relay e-mails are handed to.
public struct MailRelay: Sendable, Equatable {
    public enum Security: String, Sendable {
        /// Plain connection upgraded with STARTTLS before anything else is said (port 587).
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
        /// No TLS: only for a relay on the same machine or network segment.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?
    public var password: String?
    public var from: String
    /// A PEM file of certificate authorities trusted for the relay beside the system's (a relay
    /// with a certificate from the organization's own authority).
    public var caFile: String? = nil
}

/// Every setting Homeward reads, typed, read once at start-up from flags and the environment.
/// Flags win over environment variables. The README lists each key.
public struct HomewardConfiguration: Sendable, Equatable {
    /// Whether this is a production deployment; production refuses demo data and insecure cookies.
    public enum Environment: String, Sendable {
        case development
        case production
    }

    /// `HOMEWARD_ENVIRONMENT`: `development` (default) or `production`.
    public var environment: Environment = .development
    /// `HOMEWARD_HOST`: the address to listen on (default 127.0.0.1; use 0.0.0.0 behind a load balancer).
    public var host: String = "127.0.0.1"
    /// `HOMEWARD_PORT` or `--port`: default 8080.
    public var port: Int = 8080
    /// `HOMEWARD_DATA_DIR` or `--data-dir`: where the SQLite database lives (default `./homeward-data`).
    public var dataDirectory: String = "homeward-data"
    /// `DATABASE_URL`: a PostgreSQL server to use instead of SQLite.
    public var databaseURL: String?
    /// `DATABASE_READ_URL` (optional, with `DATABASE_URL`): a streaming replica of that server for
    /// the reads that tolerate a little lag (lists, search, dashboards, public pages on a cache
    /// miss). Writes, and reads by a browser that has just written, stay on the primary.
    public var databaseReadURL: String?
    /// `HOMEWARD_RECENT_WRITE_SECONDS`: how long after writing a browser's reads stay on the primary
    /// when a replica is configured; more than the replica's usual lag (default 15).
    public var recentWriteSeconds: Int = 15
    /// `HOMEWARD_DEMO` or `--demo`: load the fictional demo data at start.
    public var loadDemoData: Bool = false
    /// `HOMEWARD_SECURE_COOKIES`: mark cookies Secure even when the request did not arrive over
    /// HTTPS (default: on in production).
    public var secureCookies: Bool = false
    /// `HOMEWARD_SESSION_IDLE_MINUTES` (default 30) and `HOMEWARD_SESSION_HOURS` (default 12).
    public var sessionPolicy = SessionPolicy()
    /// `HOMEWARD_LOCKOUT_ATTEMPTS` (default 5) and `HOMEWARD_LOCKOUT_MINUTES` (default 15).
    public var lockoutPolicy = LockoutPolicy()
    /// `HOMEWARD_MAX_BODY_BYTES`: the largest request body accepted (default 1 MiB).
    public var maxBodyBytes: Int = 1 << 20
    /// The largest body a route that takes files (photos, policies, CSV files) reads; each such
    /// route checks its own limit within it.
    public var maxUploadBytes: Int { max(maxBodyBytes, 6 << 20) }
    /// `HOMEWARD_BCRYPT_COST`: the work factor for password hashes (default 12, 4 to 16).
    public var bcryptCost: Int = 12
    /// `HOMEWARD_PUBLIC_URL`: the address the public reaches Homeward at (`https://homeward.example.org`),
    /// for links that leave the site (Open Graph, shared posters). Never taken from a request's
    /// headers, which anyone can set. Default: `http://HOST:PORT`.
    public var publicURL: String?
    /// The public base URL without a trailing slash.
    public var publicBaseURL: String { publicURL ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)" }
    /// `HOMEWARD_API_TOKEN_DAYS`: how long a new API token works (default 365, 1 to 1825).
    public var apiTokenDays: Int = 365
    /// `HOMEWARD_TRUSTED_PROXIES`: addresses of the load balancers in front of Homeward (comma
    /// separated); from them, the client's address is read from `X-Forwarded-For`.
    public var trustedProxies: Set<String> = []
    /// `HOMEWARD_METRICS_TOKEN`: the bearer token a Prometheus scraper presents at `/metrics`;
    /// unset, `/metrics` answers 404 (request counts per route are not for the public).
    public var metricsToken: String?
    /// The hotline printed on every poster (reference data to verify for the clearinghouse).
    public var hotline: String = "1-800-843-5678 (1-800-THE-LOST)"
    /// Minutes police have to mark a tip received.
    public var tipAcknowledgeMinutes: Int = 60
    /// How long after a missing-child call its QA review is due when the 911 center's policy names
    /// no window (yet).
    public var qaReviewDefaultHours: Int = 72
    /// `HOMEWARD_SIGN_IN_RATE_LIMIT` / `HOMEWARD_SIGN_IN_RATE_WINDOW_SECONDS`: refused sign-ins
    /// accepted from one address per window before it must wait (default 30 per 15 minutes; 0 off).
    public var signInRateLimit: Int = 30
    /// `HOMEWARD_REQUIRE_SECOND_FACTOR`: who must sign in with an authenticator code as well as the
    /// password (off, clearinghouse or everyone; default off). Anyone may choose to.
    public var secondFactorRequirement: SecondFactorRequirement = .off
    /// `HOMEWARD_RETAIN_CLOSED_EPISODES_DAYS`, `…_TIPS_DAYS`, `…_CALLS_DAYS`, `…_DRAFTS_DAYS`: how long
    /// each kind of record keeps its personal details (default: kept; at least 30 days when set).
    public var retentionPolicy = RetentionPolicy()
    /// `HOMEWARD_FIELD_KEYS`: the keys that seal the sensitive free text at rest, `id:base64,…`, the
    /// first sealing new values. Required in production; in development a key is made once and kept
    /// in the data folder (`field-keys`) when none is given.
    public var fieldCipher: FieldCipher?
    public var signInRateWindowSeconds: Int = 900
    /// Tips accepted from one address within `tipRateWindowSeconds`; 0 turns the limit off.
    public var tipRateLimit: Int = 10
    public var tipRateWindowSeconds: Int = 600
    /// Days after which an open episode is long-term.
    public var longTermDays: Int = 30
    /// How long another instance may serve a cached public poster before checking it is current.
    public var posterCacheSeconds: Double = 1
    /// The clearinghouse's name as certificates and public pages print it.
    public var clearinghouseName: String = "Homeward Missing Children Clearinghouse"
    /// `HOMEWARD_LOG_LEVEL`: trace, debug, info (default), notice, warning, error, critical.
    public var logLevel: Logger.Level = .info
    /// `HOMEWARD_ESCALATION_INTERVAL_SECONDS`: how often clocks are checked for escalation (default 60).
    public var escalationIntervalSeconds: Int = 60
    /// The statutory clocks. The federal rules by default; a state with a stricter rule sets
    /// `HOMEWARD_POLICE_REPORT_HOURS`, `HOMEWARD_CLEARINGHOUSE_REPORT_HOURS` or
    /// `HOMEWARD_NCIC_ENTRY_HOURS` (shorter windows only: the federal law is the floor), and
    /// `HOMEWARD_CLOCK_WARNINGS` (fractions of the window, default `0.5,0.9`).
    public var clockDefinitions: [ClockDefinition] = ClockDefinition.federal
    /// The SMTP relay e-mails go through; unset, e-mail is off and only the inbox and webhooks carry
    /// messages. `HOMEWARD_SMTP_HOST`, `HOMEWARD_SMTP_PORT` (default 587), `HOMEWARD_SMTP_SECURITY`
    /// (`starttls`, the default; `tls` for implicit TLS; `none` for a relay on this machine),
    /// `HOMEWARD_SMTP_USER`, `HOMEWARD_SMTP_PASSWORD`, `HOMEWARD_MAIL_FROM` and
    /// `HOMEWARD_SMTP_CA_FILE` (authorities to trust beside the system's).
    public var mailRelay: MailRelay?
    /// `HOMEWARD_WEBHOOK_ALLOW`: the hosts (`*`, `cad.example.org`, `*.example.org`) and internal
    /// networks (`10.20.0.0/16`) webhooks may reach, comma-separated (default `*`: any host, public
    /// addresses only).
    public var webhookPolicy = OutboundAddressPolicy()
    /// `HOMEWARD_RETRY_SCHEDULE`: the waits between delivery attempts, such as `5s,30s,2m,10m,1h`.
    public var retrySchedule = RetrySchedule.standard
    /// `HOMEWARD_PFIF_DOMAIN`: the domain of PFIF record ids (`domain/poster.ID`); default: the host
    /// of the public address.
    public var pfifDomainSetting: String?
    public var pfifDomain: String { pfifDomainSetting ?? URL(string: publicBaseURL)?.host ?? "homeward.invalid" }
    /// Whether this process runs the background work (escalations, notices, long-term cases,
    /// deliveries, the session sweep). Always in a server; tests that run one pass at a time turn
    /// it off so that nothing races them.
    public var runsBackgroundWork = true
    /// `HOMEWARD_DELIVERY_INTERVAL_SECONDS`: how often the outbox is checked for messages due (default 5).
    public var deliveryIntervalSeconds: Int = 5
    /// `HOMEWARD_DELIVERY_LEASE_SECONDS`: how long a claimed outbox message stays one worker's before
    /// another may take it over (default 120; at least 30, twice the longest attempt). An instance
    /// killed mid-delivery holds its messages this long.
    public var deliveryLeaseSeconds: Int = 120

    public init() {}

    /// Where the data lives.
    public var databaseLocation: DatabaseLocation {
        if let databaseURL { return .postgres(url: databaseURL, readURL: databaseReadURL) }
        return .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("homeward.sqlite"))
    }

    /// Values given on the command line; nil where the flag was absent.
    public struct Flags: Sendable {
        public var dataDirectory: String?
        public var port: Int?
        public var demo: Bool = false

        public init(dataDirectory: String? = nil, port: Int? = nil, demo: Bool = false) {
            self.dataDirectory = dataDirectory
            self.port = port
            self.demo = demo
        }
    }

    /// Reads the configuration, reporting every invalid or inconsistent value at once.
    public static func load(
        environment variables: [String: String] = ProcessInfo.processInfo.environment, flags: Flags = Flags()
    ) throws -> HomewardConfiguration {
        var configuration = HomewardConfiguration()
        var read = VariableReader(variables: variables)
        configuration.readServer(&read, flags: flags)
        configuration.readSessions(&read, flags: flags)
        configuration.readPublicFace(&read)
        try configuration.readWork(&read)
        configuration.readDelivery(&read)
        configuration.readProduction(&read)
        if !read.problems.isEmpty { throw ConfigurationError(problems: read.problems) }
        return configuration
    }

    /// The environment, the address to listen on, the data folder and the database.
    private mutating func readServer(_ read: inout VariableReader, flags: Flags) {
        if let text = read.value("HOMEWARD_ENVIRONMENT") {
            if let environment = Environment(rawValue: text.lowercased()) {
                self.environment = environment
            } else {
                read.problems.append("HOMEWARD_ENVIRONMENT must be development or production (got “\(text)”)")
            }
        }
        self.secureCookies = self.environment == .production
        if let host = read.value("HOMEWARD_HOST") { self.host = host }
        if let port = flags.port ?? read.integer("HOMEWARD_PORT", in: 1...65535) {
            if (1...65535).contains(port) { self.port = port } else { read.problems.append("--port must be from 1 to 65535") }
        }
        if let directory = flags.dataDirectory ?? read.value("HOMEWARD_DATA_DIR") { self.dataDirectory = directory }
        if let url = read.value("DATABASE_URL") {
            let scheme = URLComponents(string: url)?.scheme
            if scheme == "postgres" || scheme == "postgresql", URLComponents(string: url)?.host?.isEmpty == false {
                self.databaseURL = url
            } else {
                read.problems.append("DATABASE_URL must look like postgres://user:password@host:5432/database")
            }
        }
        if let seconds = read.integer("HOMEWARD_RECENT_WRITE_SECONDS", in: 1...3600) { self.recentWriteSeconds = seconds }
        if let url = read.value("DATABASE_READ_URL") {
            let components = URLComponents(string: url)
            if self.databaseURL == nil {
                read.problems.append("DATABASE_READ_URL names a replica of DATABASE_URL's server; set DATABASE_URL too")
            } else if ["postgres", "postgresql"].contains(components?.scheme ?? ""), components?.host?.isEmpty == false {
                self.databaseReadURL = url
            } else {
                read.problems.append("DATABASE_READ_URL must look like postgres://user:password@replica-host:5432/database")
            }
        }
    }

    /// Demo data, cookies, sessions, sign-in lockouts, API tokens and request sizes.
    private mutating func readSessions(_ read: inout VariableReader, flags: Flags) {
        self.loadDemoData = flags.demo || (read.boolean("HOMEWARD_DEMO") ?? false)
        if let secure = read.boolean("HOMEWARD_SECURE_COOKIES") { self.secureCookies = secure }
        if let minutes = read.integer("HOMEWARD_SESSION_IDLE_MINUTES", in: 1...1440) {
            self.sessionPolicy.idleTimeout = TimeInterval(minutes * 60)
        }
        if let hours = read.integer("HOMEWARD_SESSION_HOURS", in: 1...168) {
            self.sessionPolicy.absoluteTimeout = TimeInterval(hours * 3600)
        }
        if let attempts = read.integer("HOMEWARD_LOCKOUT_ATTEMPTS", in: 1...100) { self.lockoutPolicy.maximumFailures = attempts }
        if let days = read.integer("HOMEWARD_API_TOKEN_DAYS", in: 1...1825) { self.apiTokenDays = days }
        if let minutes = read.integer("HOMEWARD_LOCKOUT_MINUTES", in: 1...1440) {
            self.lockoutPolicy.lockDuration = TimeInterval(minutes * 60)
        }
        if let bytes = read.integer("HOMEWARD_MAX_BODY_BYTES", in: 1024...(64 << 20)) { self.maxBodyBytes = bytes }
    }

    /// The clearinghouse's name and hotline, the trusted proxies, the metrics token and the public address.
    private mutating func readPublicFace(_ read: inout VariableReader) {
        if let name = read.value("HOMEWARD_CLEARINGHOUSE_NAME"), !name.isEmpty { self.clearinghouseName = name }
        if let hotline = read.value("HOMEWARD_HOTLINE"), !hotline.isEmpty { self.hotline = hotline }
        if let text = read.value("HOMEWARD_TRUSTED_PROXIES"), !text.isEmpty {
            let addresses = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if addresses.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" } }) {
                self.trustedProxies = Set(addresses)
            } else {
                read.problems.append("HOMEWARD_TRUSTED_PROXIES must be IP addresses separated by commas (got “\(text)”)")
            }
        }
        if let token = read.value("HOMEWARD_METRICS_TOKEN"), !token.isEmpty {
            if token.count >= 16 {
                self.metricsToken = token
            } else {
                read.problems.append("HOMEWARD_METRICS_TOKEN must have at least 16 characters")
            }
        }
        if let text = read.value("HOMEWARD_PUBLIC_URL"), !text.isEmpty {
            if let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host, !host.isEmpty,
                url.query == nil, url.fragment == nil, url.user == nil, url.path.isEmpty || url.path == "/"
            {
                self.publicURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                read.problems.append(
                    "HOMEWARD_PUBLIC_URL must be an http or https address with no path, such as https://homeward.example.org (got “\(text)”)"
                )
            }
        }
    }

    /// Tips, QA reviews, rate limits, retention, sealed fields, second factors, long-term cases, password cost and the legal clocks.
    private mutating func readWork(_ read: inout VariableReader) throws {
        if let minutes = read.integer("HOMEWARD_TIP_ACK_MINUTES", in: 5...1440) { self.tipAcknowledgeMinutes = minutes }
        if let hours = read.integer("HOMEWARD_QA_REVIEW_HOURS", in: 1...720) { self.qaReviewDefaultHours = hours }
        if let limit = read.integer("HOMEWARD_TIP_RATE_LIMIT", in: 0...100_000) { self.tipRateLimit = limit }
        if let limit = read.integer("HOMEWARD_SIGN_IN_RATE_LIMIT", in: 0...100_000) { self.signInRateLimit = limit }
        for kind in RetainedKind.allCases {
            if let days = read.integer(kind.configurationKey, in: RetentionPolicy.minimumDays...36_500) {
                self.retentionPolicy.days[kind] = days
            }
        }
        if let text = read.value("HOMEWARD_FIELD_KEYS") {
            do {
                self.fieldCipher = try FieldCipher.parse(text)
            } catch HomewardError.invalid(let errors) {
                read.problems += errors.entries.map { "\($0.field): \($0.message)" }
            }
        }
        if let text = read.value("HOMEWARD_REQUIRE_SECOND_FACTOR") {
            if let requirement = SecondFactorRequirement(rawValue: text.lowercased()) {
                self.secondFactorRequirement = requirement
            } else {
                read.problems.append("HOMEWARD_REQUIRE_SECOND_FACTOR must be off, clearinghouse or everyone (got “\(text)”)")
            }
        }
        if let seconds = read.integer("HOMEWARD_SIGN_IN_RATE_WINDOW_SECONDS", in: 1...86_400) {
            self.signInRateWindowSeconds = seconds
        }
        if let seconds = read.integer("HOMEWARD_TIP_RATE_WINDOW_SECONDS", in: 1...86_400) { self.tipRateWindowSeconds = seconds }
        if let days = read.integer("HOMEWARD_LONG_TERM_DAYS", in: 1...365) { self.longTermDays = days }
        if let cost = read.integer("HOMEWARD_BCRYPT_COST", in: 4...16) { self.bcryptCost = cost }
        if let seconds = read.integer("HOMEWARD_ESCALATION_INTERVAL_SECONDS", in: 5...3600) { self.escalationIntervalSeconds = seconds }
        for (key, kind) in [
            ("HOMEWARD_POLICE_REPORT_HOURS", ClockKind.policeReport), ("HOMEWARD_CLEARINGHOUSE_REPORT_HOURS", .clearinghouseReport),
            ("HOMEWARD_NCIC_ENTRY_HOURS", .ncicEntry),
        ] {
            let index = self.clockDefinitions.firstIndex { $0.kind == kind }!
            let federalHours = Int(self.clockDefinitions[index].window / 3600)
            if let hours = read.integer(key, in: 1...federalHours) { self.clockDefinitions[index].window = TimeInterval(hours * 3600) }
        }
        if let text = read.value("HOMEWARD_CLOCK_WARNINGS") {
            let fractions = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if fractions.isEmpty || fractions.contains(where: { $0 == nil || !(0.05...0.99).contains($0!) }) {
                read.problems.append("HOMEWARD_CLOCK_WARNINGS must be fractions between 0.05 and 0.99, such as 0.5,0.9 (got “\(text)”)")
            } else {
                for index in self.clockDefinitions.indices {
                    self.clockDefinitions[index].warningFractions = fractions.map { $0! }.sorted()
                }
            }
        }
    }

    /// E-mail, webhooks, delivery retries, the PFIF domain and logging.
    private mutating func readDelivery(_ read: inout VariableReader) {
        if let host = read.value("HOMEWARD_SMTP_HOST") {
            let security = MailRelay.Security(rawValue: read.value("HOMEWARD_SMTP_SECURITY")?.lowercased() ?? "starttls")
            if security == nil { read.problems.append("HOMEWARD_SMTP_SECURITY must be starttls, tls or none") }
            let from = read.value("HOMEWARD_MAIL_FROM")
            if from?.contains("@") != true { read.problems.append("HOMEWARD_MAIL_FROM must be the address e-mails come from") }
            let user = read.value("HOMEWARD_SMTP_USER")
            let password = read.value("HOMEWARD_SMTP_PASSWORD")
            if (user == nil) != (password == nil) { read.problems.append("HOMEWARD_SMTP_USER and HOMEWARD_SMTP_PASSWORD go together") }
            let caFile = read.value("HOMEWARD_SMTP_CA_FILE")
            if let caFile, (try? NIOSSLCertificate.fromPEMFile(caFile))?.isEmpty != false {
                read.problems.append("HOMEWARD_SMTP_CA_FILE must be a readable PEM file of certificates (got “\(caFile)”)")
            }
            self.mailRelay = MailRelay(
                host: host, port: read.integer("HOMEWARD_SMTP_PORT", in: 1...65535) ?? (security == .tls ? 465 : 587),
                security: security ?? .startTLS, user: user, password: password, from: from ?? "", caFile: caFile)
        }
        if let text = read.value("HOMEWARD_WEBHOOK_ALLOW") {
            let policy = OutboundAddressPolicy.parse(text)
            if policy.networks.contains(where: { IPNetwork($0) == nil }) {
                read.problems.append("HOMEWARD_WEBHOOK_ALLOW must list hosts and networks such as 10.20.0.0/16 (got “\(text)”)")
            } else {
                self.webhookPolicy = policy
            }
        }
        if let text = read.value("HOMEWARD_RETRY_SCHEDULE") {
            if let schedule = RetrySchedule.parse(text) {
                self.retrySchedule = schedule
            } else {
                read.problems.append("HOMEWARD_RETRY_SCHEDULE must be waits such as 5s,30s,2m,1h (got “\(text)”)")
            }
        }
        if let seconds = read.integer("HOMEWARD_DELIVERY_INTERVAL_SECONDS", in: 1...600) { self.deliveryIntervalSeconds = seconds }
        if let seconds = read.integer("HOMEWARD_DELIVERY_LEASE_SECONDS", in: 30...3600) { self.deliveryLeaseSeconds = seconds }
        if let domain = read.value("HOMEWARD_PFIF_DOMAIN") {
            if domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) && domain.contains(".") {
                self.pfifDomainSetting = domain.lowercased()
            } else {
                read.problems.append("HOMEWARD_PFIF_DOMAIN must be a domain name such as homeward.example.org (got “\(domain)”)")
            }
        }
        if let text = read.value("HOMEWARD_LOG_LEVEL") {
            if let level = Logger.Level(rawValue: text.lowercased()) {
                self.logLevel = level
            } else {
                read.problems.append("HOMEWARD_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
        }
    }

    /// What production refuses, and the webhook rule that follows from the environment.
    private mutating func readProduction(_ read: inout VariableReader) {
        if self.environment == .production {
            if self.loadDemoData {
                read.problems.append("demo data cannot be loaded when HOMEWARD_ENVIRONMENT is production")
            }
            if !self.secureCookies {
                read.problems.append("HOMEWARD_SECURE_COOKIES cannot be false in production")
            }
            if self.bcryptCost < 10 {
                read.problems.append("HOMEWARD_BCRYPT_COST must be at least 10 in production")
            }
            if self.fieldCipher == nil {
                read.problems.append(
                    "HOMEWARD_FIELD_KEYS is required in production: the sensitive fields are sealed with it (make a key with homeward rotate-keys --new-key)"
                )
            }
        }
        // Webhooks carry case facts: outside development they go over https only.
        self.webhookPolicy.requireHTTPS = self.environment != .development
    }
}

/// Reads environment variables, collecting every problem instead of stopping at the first.
struct VariableReader {
    let variables: [String: String]
    var problems: [String] = []

    /// The variable's value, trimmed; nil when unset or empty.
    func value(_ key: String) -> String? {
        variables[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The variable as a whole number within `range`; a problem and nil when it is something else.
    mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = value(key) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            problems.append("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got “\(text)”)")
            return nil
        }
        return number
    }

    /// The variable as true or false; a problem and nil when it is something else.
    mutating func boolean(_ key: String) -> Bool? {
        guard let text = value(key)?.lowercased() else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            problems.append("\(key) must be true or false (got “\(text)”)")
            return nil
        }
    }
}

/// The configuration could not be used; lists every problem found.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]
    public var description: String {
        "Homeward cannot start; fix the configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
