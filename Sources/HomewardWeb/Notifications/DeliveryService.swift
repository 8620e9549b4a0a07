import AsyncHTTPClient
import Foundation
import HomewardCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// Delivers the outbox: claims the messages due (with a lease, so any number of instances share
/// one PostgreSQL and each message goes out once), sends each e-mail through the SMTP relay and
/// each webhook to its endpoint, and records every attempt with the message's new state. A failure
/// waits as the retry schedule says (at least what `Retry-After` asks); a spent schedule, a 410 or
/// a permanent refusal ends in the dead letters, which administrators see and can replay.
struct DeliveryService: Service {
    let services: AppServices

    func run() async throws {
        let deliveries = Deliveries(services: services)
        let interval = Duration.seconds(services.configuration.deliveryIntervalSeconds)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let count = try await deliveries.runOnce()
                if count > 0 { services.logger.info("outbox messages attempted", metadata: ["count": .stringConvertible(count)]) }
            } catch {
                services.logger.warning(
                    "an outbox pass failed", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// One worker's deliveries, callable from tests and the service alike.
final class Deliveries: Sendable {
    let services: AppServices
    /// This worker's name on the leases it takes.
    let owner: String
    let webhooks: WebhookSender

    init(services: AppServices, owner: String = "worker-\(UUID().uuidString.prefix(8))") {
        self.services = services
        self.owner = owner
        self.webhooks = WebhookSender(policy: services.configuration.webhookPolicy)
    }

    /// Attempts every message due now; returns how many were attempted.
    @discardableResult
    func runOnce(limit: Int = 50) async throws -> Int {
        let now = services.clock.now()
        let claimed = try await services.store.claimDueMessages(
            owner: owner, now: now, lease: TimeInterval(services.configuration.deliveryLeaseSeconds), limit: limit)
        await withTaskGroup(of: Void.self) { group in
            for message in claimed {
                group.addTask { await self.attempt(message) }
            }
        }
        return claimed.count
    }

    private func attempt(_ message: OutboxMessage) async {
        do {
            var disabling: WebhookEndpointID?
            let outcome = try await send(message)
            if case .gone = outcome { disabling = message.endpointID }
            let (updated, attempt, _) = message.recording(
                outcome, at: services.clock.now(), schedule: services.configuration.retrySchedule, random: Double.random(in: 0..<1))
            try await services.store.recordAttempt(attempt, message: updated, owner: owner, disabling: disabling)
        } catch {
            services.logger.error(
                "an outbox attempt could not be recorded",
                metadata: ["message_id": .string(message.id), "error_type": .string(String(reflecting: type(of: error)))])
        }
    }

    private func send(_ message: OutboxMessage) async throws -> AttemptOutcome {
        switch message.channel {
        case .email:
            guard let relay = services.configuration.mailRelay else {
                return .retry(status: nil, retryAfter: nil, reason: "No SMTP relay is configured.")
            }
            guard let id = message.recipient, let person = try await services.store.user(id), person.active else {
                return .rejected(status: nil, reason: "The recipient's account is closed.")
            }
            let email = EmailMessage(
                from: relay.from, to: person.email, subject: message.subject, text: message.text, link: nil,
                messageID: "<\(message.eventID)@\(URL(string: services.configuration.publicBaseURL)?.host ?? "homeward.invalid")>",
                date: services.clock.now())
            do {
                try await SMTPClient(relay: relay).send(email, to: person.email)
                return .delivered(status: 250)
            } catch let failure as SMTPClient.Failure {
                return failure.permanent
                    ? .rejected(status: failure.code, reason: failure.description)
                    : .retry(status: failure.code, retryAfter: nil, reason: failure.description)
            }
        case .webhook:
            guard let id = message.endpointID, let endpoint = try await services.store.webhookEndpoint(id), endpoint.active else {
                return .rejected(status: nil, reason: "The endpoint is disabled.")
            }
            return await webhooks.send(message, to: endpoint, now: services.clock.now())
        }
    }
}

/// Calls webhook endpoints: the address checked against the allow-list before every call (the
/// name resolved, each address public or in an allowed network), redirects never followed, 15 s
/// at most, the body signed after Standard Webhooks. The call goes to the address that was
/// checked: a name is not resolved a second time, so a name that answers differently a moment
/// later (DNS rebinding) cannot steer the call to an address the check refused.
struct WebhookSender: Sendable {
    /// The client for endpoints given by address, like the library's shared one but refusing
    /// redirects; it lives as long as the process, so it is never shut down.
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration(pinning: [:]))

    static func configuration(pinning: [String: String]) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(15)))
        configuration.decompression = .disabled
        // The name still goes in the Host header and TLS server name; only the connection is pinned.
        configuration.dnsOverride = pinning
        return configuration
    }

    let policy: OutboundAddressPolicy
    /// What an attempt that never left says, whatever the name resolved to.
    static let unreachable = "The endpoint is not reachable at a public address."
    /// How a name is resolved (the system's resolver; a test gives its own).
    var resolve: @Sendable (String) async -> [IPAddress] = { await WebhookSender.resolve($0) }

    func send(_ message: OutboxMessage, to endpoint: WebhookEndpoint, now: Date) async -> AttemptOutcome {
        if let problem = policy.problem(with: endpoint.url) { return .rejected(status: nil, reason: problem) }
        guard let host = URLComponents(string: endpoint.url)?.host else {
            return .rejected(status: nil, reason: "The address is unreadable.")
        }
        let addresses = await resolve(host)
        // A name that does not resolve and one that resolves to an address webhooks may not reach
        // read alike and are tried again alike, so the log tells no one how names resolve inside.
        guard !addresses.isEmpty, addresses.allSatisfy(policy.allows) else {
            return .retry(status: nil, retryAfter: nil, reason: Self.unreachable)
        }
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Homeward-Webhooks/1")
        let timestamp = Int(now.timeIntervalSince1970)
        for (name, value) in StandardWebhooks.headers(
            id: message.eventID, timestamp: timestamp, body: message.payload, secrets: endpoint.secrets)
        {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: message.payload))
        // A name is called at the first address checked, through a client of its own for this call.
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let pinned = IPAddress(bare) == nil
        let client =
            pinned
            ? HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration(pinning: [host: addresses[0].text]))
            : Self.client
        let outcome: AttemptOutcome
        do {
            let response = try await client.execute(request, timeout: .seconds(15))
            // The answer's body is not needed; read a little so the connection can be reused.
            _ = try? await response.body.collect(upTo: 4096)
            outcome = .http(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"), now: now)
        } catch {
            outcome = .retry(status: nil, retryAfter: nil, reason: "The call failed: \(String(describing: type(of: error))).")
        }
        if pinned { try? await client.shutdown() }
        return outcome
    }

    /// Every address `host` resolves to (or the literal address itself).
    static func resolve(_ host: String) async -> [IPAddress] {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if let literal = IPAddress(bare) { return [literal] }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var result: UnsafeMutablePointer<addrinfo>?
                guard getaddrinfo(bare, nil, &hints, &result) == 0 else { return continuation.resume(returning: []) }
                defer { freeaddrinfo(result) }
                var addresses: [IPAddress] = []
                var cursor = result
                while let info = cursor {
                    if let address = info.pointee.ai_addr {
                        switch Int32(info.pointee.ai_family) {
                        case AF_INET:
                            address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                                var raw = v4.pointee.sin_addr
                                addresses.append(IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) }))
                            }
                        case AF_INET6:
                            address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                                var raw = v6.pointee.sin6_addr
                                addresses.append(IPAddress(bytes: withUnsafeBytes(of: &raw) { Array($0) }))
                            }
                        default: break
                        }
                    }
                    cursor = info.pointee.ai_next
                }
                continuation.resume(returning: addresses)
            }
        }
    }
}
