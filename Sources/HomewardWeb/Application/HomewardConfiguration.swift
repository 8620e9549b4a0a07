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
        var problems: [String] = []
        func value(_ key: String) -> String? {
            variables[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got “\(text)”)")
                return nil
            }
            return number
        }
        func boolean(_ key: String) -> Bool? {
            guard let text = value(key)?.lowercased() else { return nil }
            switch text {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                problems.append("\(key) must be true or false (got “\(text)”)")
                return nil
            }
        }

        if let text = value("HOMEWARD_ENVIRONMENT") {
            if let environment = Environment(rawValue: text.lowercased()) {
                configuration.environment = environment
            } else {
                problems.append("HOMEWARD_ENVIRONMENT must be development or production (got “\(text)”)")
            }
        }
        configuration.secureCookies = configuration.environment == .production
        if let host = value("HOMEWARD_HOST") { configuration.host = host }
        if let port = flags.port ?? integer("HOMEWARD_PORT", in: 1...65535) {
            if (1...65535).contains(port) { configuration.port = port } else { problems.append("--port must be from 1 to 65535") }
        }
        if let directory = flags.dataDirectory ?? value("HOMEWARD_DATA_DIR") { configuration.dataDirectory = directory }
        if let url = value("DATABASE_URL") {
            let scheme = URLComponents(string: url)?.scheme
            if scheme == "postgres" || scheme == "postgresql", URLComponents(string: url)?.host?.isEmpty == false {
                configuration.databaseURL = url
            } else {
                problems.append("DATABASE_URL must look like postgres://user:password@host:5432/database")
            }
        }
        if let seconds = integer("HOMEWARD_RECENT_WRITE_SECONDS", in: 1...3600) { configuration.recentWriteSeconds = seconds }
        if let url = value("DATABASE_READ_URL") {
            let components = URLComponents(string: url)
            if configuration.databaseURL == nil {
                problems.append("DATABASE_READ_URL names a replica of DATABASE_URL's server; set DATABASE_URL too")
            } else if ["postgres", "postgresql"].contains(components?.scheme ?? ""), components?.host?.isEmpty == false {
                configuration.databaseReadURL = url
            } else {
                problems.append("DATABASE_READ_URL must look like postgres://user:password@replica-host:5432/database")
            }
        }
        configuration.loadDemoData = flags.demo || (boolean("HOMEWARD_DEMO") ?? false)
        if let secure = boolean("HOMEWARD_SECURE_COOKIES") { configuration.secureCookies = secure }
        if let minutes = integer("HOMEWARD_SESSION_IDLE_MINUTES", in: 1...1440) {
            configuration.sessionPolicy.idleTimeout = TimeInterval(minutes * 60)
        }
        if let hours = integer("HOMEWARD_SESSION_HOURS", in: 1...168) {
            configuration.sessionPolicy.absoluteTimeout = TimeInterval(hours * 3600)
        }
        if let attempts = integer("HOMEWARD_LOCKOUT_ATTEMPTS", in: 1...100) { configuration.lockoutPolicy.maximumFailures = attempts }
        if let days = integer("HOMEWARD_API_TOKEN_DAYS", in: 1...1825) { configuration.apiTokenDays = days }
        if let minutes = integer("HOMEWARD_LOCKOUT_MINUTES", in: 1...1440) {
            configuration.lockoutPolicy.lockDuration = TimeInterval(minutes * 60)
        }
        if let bytes = integer("HOMEWARD_MAX_BODY_BYTES", in: 1024...(64 << 20)) { configuration.maxBodyBytes = bytes }
        if let name = value("HOMEWARD_CLEARINGHOUSE_NAME"), !name.isEmpty { configuration.clearinghouseName = name }
        if let hotline = value("HOMEWARD_HOTLINE"), !hotline.isEmpty { configuration.hotline = hotline }
        if let text = value("HOMEWARD_TRUSTED_PROXIES"), !text.isEmpty {
            let addresses = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if addresses.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" } }) {
                configuration.trustedProxies = Set(addresses)
            } else {
                problems.append("HOMEWARD_TRUSTED_PROXIES must be IP addresses separated by commas (got “\(text)”)")
            }
        }
        if let token = value("HOMEWARD_METRICS_TOKEN"), !token.isEmpty {
            if token.count >= 16 {
                configuration.metricsToken = token
            } else {
                problems.append("HOMEWARD_METRICS_TOKEN must have at least 16 characters")
            }
        }
        if let text = value("HOMEWARD_PUBLIC_URL"), !text.isEmpty {
            if let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host, !host.isEmpty,
                url.query == nil, url.fragment == nil, url.user == nil, url.path.isEmpty || url.path == "/"
            {
                configuration.publicURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                problems.append(
                    "HOMEWARD_PUBLIC_URL must be an http or https address with no path, such as https://homeward.example.org (got “\(text)”)"
                )
            }
        }
        if let minutes = integer("HOMEWARD_TIP_ACK_MINUTES", in: 5...1440) { configuration.tipAcknowledgeMinutes = minutes }
        if let hours = integer("HOMEWARD_QA_REVIEW_HOURS", in: 1...720) { configuration.qaReviewDefaultHours = hours }
        if let limit = integer("HOMEWARD_TIP_RATE_LIMIT", in: 0...100_000) { configuration.tipRateLimit = limit }
        if let limit = integer("HOMEWARD_SIGN_IN_RATE_LIMIT", in: 0...100_000) { configuration.signInRateLimit = limit }
        for kind in RetainedKind.allCases {
            if let days = integer(kind.configurationKey, in: RetentionPolicy.minimumDays...36_500) {
                configuration.retentionPolicy.days[kind] = days
            }
        }
        if let text = value("HOMEWARD_FIELD_KEYS") {
            do {
                configuration.fieldCipher = try FieldCipher.parse(text)
            } catch HomewardError.invalid(let errors) {
                problems += errors.entries.map { "\($0.field): \($0.message)" }
            }
        }
        if let text = value("HOMEWARD_REQUIRE_SECOND_FACTOR") {
            if let requirement = SecondFactorRequirement(rawValue: text.lowercased()) {
                configuration.secondFactorRequirement = requirement
            } else {
                problems.append("HOMEWARD_REQUIRE_SECOND_FACTOR must be off, clearinghouse or everyone (got “\(text)”)")
            }
        }
        if let seconds = integer("HOMEWARD_SIGN_IN_RATE_WINDOW_SECONDS", in: 1...86_400) {
            configuration.signInRateWindowSeconds = seconds
        }
        if let seconds = integer("HOMEWARD_TIP_RATE_WINDOW_SECONDS", in: 1...86_400) { configuration.tipRateWindowSeconds = seconds }
        if let days = integer("HOMEWARD_LONG_TERM_DAYS", in: 1...365) { configuration.longTermDays = days }
        if let cost = integer("HOMEWARD_BCRYPT_COST", in: 4...16) { configuration.bcryptCost = cost }
        if let seconds = integer("HOMEWARD_ESCALATION_INTERVAL_SECONDS", in: 5...3600) { configuration.escalationIntervalSeconds = seconds }
        for (key, kind) in [
            ("HOMEWARD_POLICE_REPORT_HOURS", ClockKind.policeReport), ("HOMEWARD_CLEARINGHOUSE_REPORT_HOURS", .clearinghouseReport),
            ("HOMEWARD_NCIC_ENTRY_HOURS", .ncicEntry),
        ] {
            let index = configuration.clockDefinitions.firstIndex { $0.kind == kind }!
            let federalHours = Int(configuration.clockDefinitions[index].window / 3600)
            if let hours = integer(key, in: 1...federalHours) { configuration.clockDefinitions[index].window = TimeInterval(hours * 3600) }
        }
        if let text = value("HOMEWARD_CLOCK_WARNINGS") {
            let fractions = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            if fractions.isEmpty || fractions.contains(where: { $0 == nil || !(0.05...0.99).contains($0!) }) {
                problems.append("HOMEWARD_CLOCK_WARNINGS must be fractions between 0.05 and 0.99, such as 0.5,0.9 (got “\(text)”)")
            } else {
                for index in configuration.clockDefinitions.indices {
                    configuration.clockDefinitions[index].warningFractions = fractions.map { $0! }.sorted()
                }
            }
        }
        if let host = value("HOMEWARD_SMTP_HOST") {
            let security = MailRelay.Security(rawValue: value("HOMEWARD_SMTP_SECURITY")?.lowercased() ?? "starttls")
            if security == nil { problems.append("HOMEWARD_SMTP_SECURITY must be starttls, tls or none") }
            let from = value("HOMEWARD_MAIL_FROM")
            if from?.contains("@") != true { problems.append("HOMEWARD_MAIL_FROM must be the address e-mails come from") }
            let user = value("HOMEWARD_SMTP_USER")
            let password = value("HOMEWARD_SMTP_PASSWORD")
            if (user == nil) != (password == nil) { problems.append("HOMEWARD_SMTP_USER and HOMEWARD_SMTP_PASSWORD go together") }
            let caFile = value("HOMEWARD_SMTP_CA_FILE")
            if let caFile, (try? NIOSSLCertificate.fromPEMFile(caFile))?.isEmpty != false {
                problems.append("HOMEWARD_SMTP_CA_FILE must be a readable PEM file of certificates (got “\(caFile)”)")
            }
            configuration.mailRelay = MailRelay(
                host: host, port: integer("HOMEWARD_SMTP_PORT", in: 1...65535) ?? (security == .tls ? 465 : 587),
                security: security ?? .startTLS, user: user, password: password, from: from ?? "", caFile: caFile)
        }
        if let text = value("HOMEWARD_WEBHOOK_ALLOW") {
            let policy = OutboundAddressPolicy.parse(text)
            if policy.networks.contains(where: { IPNetwork($0) == nil }) {
                problems.append("HOMEWARD_WEBHOOK_ALLOW must list hosts and networks such as 10.20.0.0/16 (got “\(text)”)")
            } else {
                configuration.webhookPolicy = policy
            }
        }
        if let text = value("HOMEWARD_RETRY_SCHEDULE") {
            if let schedule = RetrySchedule.parse(text) {
                configuration.retrySchedule = schedule
            } else {
                problems.append("HOMEWARD_RETRY_SCHEDULE must be waits such as 5s,30s,2m,1h (got “\(text)”)")
            }
        }
        if let seconds = integer("HOMEWARD_DELIVERY_INTERVAL_SECONDS", in: 1...600) { configuration.deliveryIntervalSeconds = seconds }
        if let seconds = integer("HOMEWARD_DELIVERY_LEASE_SECONDS", in: 30...3600) { configuration.deliveryLeaseSeconds = seconds }
        if let domain = value("HOMEWARD_PFIF_DOMAIN") {
            if domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) && domain.contains(".") {
                configuration.pfifDomainSetting = domain.lowercased()
            } else {
                problems.append("HOMEWARD_PFIF_DOMAIN must be a domain name such as homeward.example.org (got “\(domain)”)")
            }
        }
        if let text = value("HOMEWARD_LOG_LEVEL") {
            if let level = Logger.Level(rawValue: text.lowercased()) {
                configuration.logLevel = level
            } else {
                problems.append("HOMEWARD_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
        }
        if configuration.environment == .production {
            if configuration.loadDemoData {
                problems.append("demo data cannot be loaded when HOMEWARD_ENVIRONMENT is production")
            }
            if !configuration.secureCookies {
                problems.append("HOMEWARD_SECURE_COOKIES cannot be false in production")
            }
            if configuration.bcryptCost < 10 {
                problems.append("HOMEWARD_BCRYPT_COST must be at least 10 in production")
            }
            if configuration.fieldCipher == nil {
                problems.append(
                    "HOMEWARD_FIELD_KEYS is required in production: the sensitive fields are sealed with it (make a key with homeward rotate-keys --new-key)"
                )
            }
        }
        // Webhooks carry case facts: outside development they go over https only.
        configuration.webhookPolicy.requireHTTPS = configuration.environment != .development
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return configuration
    }
}

/// The configuration could not be used; lists every problem found.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]
    public var description: String {
        "Homeward cannot start; fix the configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
