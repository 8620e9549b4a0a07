import Foundation
import HomewardCore
import HomewardStore
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Every endpoint of the application, pages, API and operations, in one list: the router
/// registers exactly these, and the tests walk exactly these.
func allEndpoints(registry: PrometheusCollectorRegistry) -> [Endpoint] {
    let application =
        SignInPages.endpoints + SecondFactorPages.endpoints + HomePage.endpoints + AccountPages.endpoints + OrganizationPages.endpoints
        + UserPages.endpoints + APITokenPages.endpoints + AuditPages.endpoints + ReportPages.endpoints + EpisodePages.endpoints
        + NotificationPages.endpoints + CasePages.endpoints + EvidencePacket.endpoints
        + CompliancePages.endpoints + ChildSearchPages.endpoints + PhotoPages.endpoints + AdministrationAPI.endpoints + EpisodeAPI.endpoints
        + NotificationAPI.endpoints + ReadinessPages.endpoints + PolicyPages.endpoints + ReviewPages.endpoints + MemberPages.endpoints
        + ReadinessAPI.endpoints + PosterPages.endpoints + PublicPosterPages.endpoints + TipPages.endpoints
        + ReferralPages.endpoints + LongTermCasePages.endpoints + LexiconPages.endpoints + PosterReviewPages.endpoints
        + JurisdictionRulesPages.endpoints
        + QuickReferencePages.endpoints + CallPages.endpoints + PoliceCasePages.endpoints
        + WebhookPages.endpoints + PFIFFeed.endpoints + CaseWorkAPI.endpoints + PosterAPI.endpoints
        + QAReviewPages.endpoints
        + CallAPI.endpoints + QADashboardPages.endpoints + CallReferencePages.endpoints
    // Read once; a type the schema reader cannot read fails every request for the document (and its test).
    let openAPI = Result { try OpenAPIDocument.json(endpoints: application) }
    return application + OperationsEndpoints.endpoints(registry: registry, openAPI: { try openAPI.get() })
}

/// The process-wide metrics registry. swift-metrics allows one backend per process, so every
/// application built in this process (tests build many) shares it.
let metricsRegistry: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
}()

/// Builds the application: routes, middleware and background services. `homeward serve` and the
/// tests both call this, so what is tested is what runs.
public func buildApplication(services: AppServices) -> some ApplicationProtocol {
    let registry = metricsRegistry
    let router = Router(context: HomewardContext.self)
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(publicIsHTTPS: services.configuration.publicURL?.hasPrefix("https://") == true))
    router.add(middleware: RequestShapeMiddleware())
    // Authentication comes before error mapping, so that an error page still knows who is
    // signed in and can show the header and a working sign-out form.
    let endpoints = allEndpoints(registry: registry)
    router.add(middleware: AuthenticationMiddleware(services: services, kinds: EndpointKinds(endpoints)))
    router.add(middleware: ErrorMiddleware(services: services))
    // Routes that take files read up to the upload limit; every other reader keeps to its own.
    router.add(middleware: BodyLimitMiddleware(limit: services.configuration.maxUploadBytes))
    router.add(middleware: CSRFMiddleware(services: services, anonymousForms: endpoints.filter(\.takesAnonymousForms)))
    // Signed-in routes are a group whose context is Hummingbird's child context of the request's:
    // a request without a valid session or token stops at the group, unauthenticated.
    let signedIn = router.group(context: SignedInContext.self)
    for endpoint in endpoints {
        if endpoint.isSignedIn {
            signedIn.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
                try await endpoint.respond(to: request, context: context, services: services)
            }
        } else {
            router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context in
                try await endpoint.respond(to: request, context: context, services: services)
            }
        }
    }
    var logger = services.logger
    logger[metadataKey: "component"] = "http"
    let serverName = "Homeward"
    var application = Application(
        responder: HeadResponder(next: PublicPosterFastPath(next: router.buildResponder(), services: services)),
        server: .http1(
            configuration: .init(additionalChannelHandlers: [
                PublicPosterChannelHandler(
                    cache: services.posterCache, catalogs: services.views.catalogs, serverName: serverName,
                    now: { [clock = services.clock] in clock.now() })
            ])),
        configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port), serverName: serverName),
        logger: logger)
    if services.configuration.runsBackgroundWork {
        application.addServices(
            SessionSweeper(services: services), EscalationService(services: services), DeliveryService(services: services))
    }
    return application
}

/// Opens the configured database, brings its schema up to date and assembles the services.
public func makeServices(
    configuration: HomewardConfiguration, clock: any WallClock = SystemWallClock(),
    ids: any IdentifierGenerator = RandomIdentifierGenerator(), logger: Logger
) async throws -> AppServices {
    let store = try await SQLDataStore.open(
        configuration.databaseLocation, cipher: try DevelopmentFieldKey.cipher(for: configuration),
        clockDefinitions: configuration.clockDefinitions, logger: logger)
    do {
        try await StoredPhotoReencoding.run(store: store, clock: clock, logger: logger)
        return try await AppServices(configuration: configuration, store: store, clock: clock, ids: ids, logger: logger)
    } catch {
        try? await store.shutdown()
        throw error
    }
}

/// In development without `HOMEWARD_FIELD_KEYS`, the sensitive fields are still sealed: with a key
/// made once and kept in the data folder, readable by its owner only. Production names its keys.
public enum DevelopmentFieldKey {
    /// The configured keys, or in development the data folder's own key.
    public static func cipher(for configuration: HomewardConfiguration) throws -> FieldCipher? {
        try configuration.fieldCipher ?? loadOrCreate(configuration)
    }

    /// The configured keys, or in development the data folder's key if it has one: a restore must
    /// not make a key of its own, or the backup's fields could not be read with the right one.
    public static func existing(for configuration: HomewardConfiguration) throws -> FieldCipher? {
        if let cipher = configuration.fieldCipher { return cipher }
        guard configuration.environment == .development,
            let text = try? String(contentsOfFile: path(configuration), encoding: .utf8)
        else { return nil }
        return try FieldCipher.parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func path(_ configuration: HomewardConfiguration) -> String {
        (configuration.dataDirectory as NSString).appendingPathComponent("field-keys")
    }

    static func loadOrCreate(_ configuration: HomewardConfiguration) throws -> FieldCipher? {
        guard configuration.environment == .development else { return nil }
        let path = Self.path(configuration)
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return try FieldCipher.parse(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try OwnerOnlyFiles.createFolder(configuration.dataDirectory)
        let text = FieldCipher.newKeyText(id: "dev-1")
        guard FileManager.default.createFile(atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else { throw HomewardError.conflict("Cannot write the development field key to \(path).") }
        return try FieldCipher.parse(text)
    }
}

/// Removes ended sessions every few minutes. Any number of instances may run it against one
/// database: the delete is idempotent.
struct SessionSweeper: Service {
    let services: AppServices

    func run() async throws {
        let policy = services.configuration.sessionPolicy
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let removed = try await services.store.deleteSessions(expiredBefore: services.clock.now(), idleTimeout: policy.idleTimeout)
                if removed > 0 { services.logger.info("removed ended sessions", metadata: ["count": .stringConvertible(removed)]) }
            } catch {
                services.logger.warning("session sweep failed", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
            }
            try? await gracefulShutdownOrCancel(sleeping: .seconds(300))
        }
    }

    private func gracefulShutdownOrCancel(sleeping duration: Duration) async throws {
        try await cancelWhenGracefulShutdown {
            try await Task.sleep(for: duration)
        }
    }
}
