import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

/// Counts calls across tasks.
actor Counter {
    private(set) var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}

/// A webhook receiver on this machine: answers each message with the statuses given in turn (then
/// 200), and keeps every call as received.
actor WebhookReceiver {
    struct Call: Sendable {
        var id: String
        var timestamp: String
        var signature: String
        var body: Data
        /// The name the call was addressed to (the Host header).
        var host: String = ""
    }

    var calls: [Call] = []
    private var script: [String: [Int]] = [:]
    let statuses: [Int]

    init(statuses: [Int]) { self.statuses = statuses }

    func answer(_ call: Call) -> Int {
        calls.append(call)
        var left = script[call.id] ?? statuses
        let status = left.isEmpty ? 200 : left.removeFirst()
        script[call.id] = left
        return status
    }

    /// Serves until `body` returns; the receiver's address is given to it.
    static func serving<T: Sendable>(statuses: [Int], _ body: (WebhookReceiver, String) async throws -> T) async throws -> T {
        let receiver = WebhookReceiver(statuses: statuses)
        let router = Router()
        router.post("/hooks") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let call = Call(
                id: request.headers[.init("webhook-id")!] ?? "", timestamp: request.headers[.init("webhook-timestamp")!] ?? "",
                signature: request.headers[.init("webhook-signature")!] ?? "", body: Data(body.readableBytesView),
                host: request.head.authority ?? "")
            let status = await receiver.answer(call)
            return Response(status: .init(code: status))
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: quietLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var ports = stream.makeAsyncIterator()
            let port = await ports.next() ?? 0
            defer { group.cancelAll() }
            return try await body(receiver, "http://127.0.0.1:\(port)/hooks")
        }
    }
}

@Suite("Delivery of the outbox")
struct DeliveryTests {
    let start = Date(timeIntervalSince1970: 1_795_014_000)

    func services(_ store: SQLDataStore, clock: PinnedWallClock) async throws -> AppServices {
        var configuration = HomewardConfiguration()
        configuration.bcryptCost = 4
        configuration.webhookPolicy = .parse("*,127.0.0.0/8")
        configuration.retrySchedule = RetrySchedule(delays: [1, 1, 1, 1, 1], jitter: 0.2)
        return try await AppServices(configuration: configuration, store: store, clock: clock, logger: quietLogger)
    }

    func organization(_ store: SQLDataStore) async throws -> Organization {
        let organization = Organization(
            id: OrganizationID("cw"), code: "cw", name: "Lakeshore County Children's Services", kind: .childWelfare, state: "IL",
            timeZone: "America/Chicago", createdAt: start)
        try await store.createOrganization(organization, audit: audit("o"))
        return organization
    }

    func audit(_ action: String) -> AuditEntry {
        AuditEntry(occurredAt: start, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: "webhook")
    }

    func messages(_ count: Int, to endpoint: WebhookEndpoint, services: AppServices) -> [OutboxMessage] {
        (1...count).map { index in
            let id = "m\(index)-\(endpoint.id)"
            return OutboxMessage(
                id: id, eventID: "msg_\(id)", eventType: .clockBreach, organizationID: endpoint.organizationID, channel: .webhook,
                endpointID: endpoint.id, subject: "Case HW-2026-00000\(index): report to police is overdue",
                payload: EventPayload(type: .clockBreach, at: start, data: ["episodeId": "e\(index)"]).encoded(), nextAttemptAt: start,
                createdAt: start)
        }
    }

    @Test(arguments: TestEngine.available)
    func two_workers_deliver_each_message_once_after_three_failures_with_the_same_id(_ engine: TestEngine) async throws {
        let clock = PinnedWallClock(start)
        try await withTestStore(engine) { store, database in
            let first = try await services(store, clock: clock)
            let otherStore = try await database.openStore()
            let second = try await services(otherStore, clock: clock)
            let organization = try await organization(store)
            try await WebhookReceiver.serving(statuses: [500, 503, 429]) { receiver, url in
                let (endpoint, secret) = try WebhookEndpoint.creating(
                    id: WebhookEndpointID("e1"), organization: organization.id, url: url, eventTypes: [],
                    policy: first.configuration.webhookPolicy, at: start)
                try await store.saveWebhookEndpoint(endpoint, audit: audit("webhooks.add"))
                let sent = messages(6, to: endpoint, services: first)
                try await store.enqueue(sent)

                let a = Deliveries(services: first, owner: "a")
                let b = Deliveries(services: second, owner: "b")
                for _ in 0..<8 {
                    // On SQLite one worker may find the database busy; it claims nothing and tries again.
                    async let one = a.runOnce()
                    async let two = b.runOnce()
                    _ = await ((try? one) ?? 0, (try? two) ?? 0)
                    clock.advance(by: 2)
                }

                let calls = await receiver.calls
                for message in sent {
                    let received = calls.filter { $0.id == message.eventID }
                    // Three failures, then the one success: the same id and bytes every time.
                    #expect(received.count == 4, "\(message.id)")
                    #expect(Set(received.map(\.body)) == [message.payload])
                    for call in received {
                        #expect(
                            StandardWebhooks.verify(
                                id: call.id, timestamp: call.timestamp, signatureHeader: call.signature, body: call.body, secret: secret,
                                now: clock.now()))
                    }
                    let stored = try #require(try await store.outboxMessage(message.id))
                    #expect(stored.state == .delivered && stored.attempts == 4 && stored.lastStatus == 200)
                    let attempts = try await store.deliveryAttempts(of: message.id)
                    #expect(attempts.map(\.status) == [500, 503, 429, 200])
                }
            }
            try await otherStore.shutdown()
        }
    }

    /// An endpoint given by name is called at the address that was checked: the name is resolved
    /// once, so a resolver that answers differently a moment later (DNS rebinding) cannot steer the
    /// call elsewhere. The name still goes in the Host header.
    @Test func a_named_endpoint_is_called_at_the_address_that_was_checked() async throws {
        let clock = PinnedWallClock(start)
        try await withTestStore(.sqlite) { store, _ in
            let services = try await services(store, clock: clock)
            let organization = try await organization(store)
            try await WebhookReceiver.serving(statuses: []) { receiver, url in
                let port = try #require(URLComponents(string: url)?.port)
                let named = "http://hooks.rebinding.example:\(port)/hooks"
                let (endpoint, _) = try WebhookEndpoint.creating(
                    id: WebhookEndpointID("named"), organization: organization.id, url: named, eventTypes: [],
                    policy: services.configuration.webhookPolicy, at: start)
                let lookups = Counter()
                var sender = WebhookSender(policy: services.configuration.webhookPolicy)
                // The first answer is the checked one; any later answer points at an address never checked.
                sender.resolve = { _ in await lookups.next() == 1 ? [IPAddress("127.0.0.1")!] : [IPAddress("127.0.0.2")!] }
                let outcome = await sender.send(messages(1, to: endpoint, services: services)[0], to: endpoint, now: start)
                #expect(outcome == .delivered(status: 200))
                #expect(await lookups.count == 1)
                let calls = await receiver.calls
                #expect(calls.count == 1 && calls.first?.host == "hooks.rebinding.example:\(port)")
            }
        }
    }

    @Test func a_gone_endpoint_is_disabled_and_internal_addresses_are_never_called() async throws {
        let clock = PinnedWallClock(start)
        try await withTestStore(.sqlite) { store, _ in
            let services = try await services(store, clock: clock)
            let organization = try await organization(store)
            try await WebhookReceiver.serving(statuses: [410]) { receiver, url in
                let (gone, _) = try WebhookEndpoint.creating(
                    id: WebhookEndpointID("gone"), organization: organization.id, url: url, eventTypes: [],
                    policy: services.configuration.webhookPolicy, at: start)
                try await store.saveWebhookEndpoint(gone, audit: audit("webhooks.add"))
                try await store.enqueue(messages(3, to: gone, services: services))
                let worker = Deliveries(services: services, owner: "a")
                try await worker.runOnce(limit: 1)
                let endpoint = try #require(try await store.webhookEndpoint(gone.id))
                #expect(!endpoint.active && endpoint.disabledReason?.contains("410") == true)
                // The message that met the 410 and those still waiting are dead letters, called once in all.
                #expect(try await store.outboxMessages(state: .dead, organization: organization.id, limit: 10).count == 3)
                #expect(await receiver.calls.count == 1)

                // Replayed after the endpoint came back: sent again, delivered.
                var restored = endpoint
                restored.active = true
                restored.disabledReason = nil
                try await store.saveWebhookEndpoint(restored, audit: audit("webhooks.enable"))
                try await store.replay("m1-gone", at: clock.now(), audit: audit("outbox.replay"))
                try await worker.runOnce()
                #expect(try await store.outboxMessage("m1-gone")?.state == .delivered)
                await #expect(throws: HomewardError.self) {
                    try await store.replay("m1-gone", at: clock.now(), audit: audit("outbox.replay"))
                }
            }

            // With the default list, an endpoint named for this machine is refused, never called.
            var strict = services.configuration
            strict.webhookPolicy = OutboundAddressPolicy()
            let guarded = try await AppServices(configuration: strict, store: store, clock: clock, logger: quietLogger)
            let sneaky = WebhookEndpoint(
                id: WebhookEndpointID("sneaky"), organizationID: organization.id, url: "http://localhost:9/hooks", eventTypes: [],
                secrets: [.generate()], createdAt: start)
            try await store.saveWebhookEndpoint(sneaky, audit: audit("webhooks.add"))
            try await store.enqueue(messages(1, to: sneaky, services: guarded))
            let worker = Deliveries(services: guarded, owner: "c")
            try await worker.runOnce()
            let refused = try #require(try await store.outboxMessage("m1-sneaky"))
            #expect(refused.state == .dead && refused.lastError?.contains("local or internal name") == true)

            // A public-looking name that resolves inside is never called either, and reads exactly
            // like a name that does not resolve: nothing tells the administrator how names resolve.
            let inside = try WebhookEndpoint.creating(
                id: WebhookEndpointID("inside"), organization: organization.id, url: "https://cad.rebinding.example/hooks",
                eventTypes: [], policy: strict.webhookPolicy, at: start
            ).endpoint
            var sender = WebhookSender(policy: strict.webhookPolicy)
            sender.resolve = { _ in [IPAddress("127.0.0.1")!] }
            let resolvedInside = await sender.send(messages(1, to: inside, services: guarded)[0], to: inside, now: start)
            sender.resolve = { _ in [] }
            let unresolved = await sender.send(messages(1, to: inside, services: guarded)[0], to: inside, now: start)
            #expect(resolvedInside == .retry(status: nil, retryAfter: nil, reason: WebhookSender.unreachable))
            #expect(resolvedInside == unresolved)
        }
    }
}

@Suite("Webhook endpoints and deliveries over HTTP")
struct WebhookPagesTests {
    @Test func an_administrator_adds_an_endpoint_sees_its_secret_once_and_replays_a_dead_letter() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            let organization = admin.organization.id
            let path = "/organizations/\(organization)/webhooks"
            var page = try await client.page(
                .post, path, as: admin, fixtures: fixtures, form: [("url", "http://10.0.0.8/hooks"), ("eventTypes", "clock.breach")])
            #expect(page.status == .unprocessableContent && page.text.contains("not a public address"))
            page = try await client.page(
                .post, path, as: admin, fixtures: fixtures,
                form: [("url", "https://records.example.org/homeward"), ("eventTypes", "clock.breach"), ("eventTypes", "tip.received")])
            #expect(page.status == .created)
            let secret = try #require(page.text.firstMatch(of: /whsec_[A-Za-z0-9+\/=]+/)).output
            #expect(StandardWebhooks.Secret(String(secret)) != nil)
            page = try await client.page(.get, path, as: admin, fixtures: fixtures)
            #expect(page.text.contains("records.example.org") && !page.text.contains(String(secret)))
            let endpoint = try #require(try await services.store.webhookEndpoints(of: organization).first)
            #expect(endpoint.eventTypes == [.clockBreach, .tipReceived])

            // The API: another endpoint, its secret in the answer; a rotation keeps the old secret signing.
            let added = try await client.api(
                .post, "/api/v1/organizations/\(organization)/webhooks", as: admin, json: #"{"url":"https://cad.example.org/hooks"}"#)
            #expect(added.status == .created)
            let id = try #require(try added.json()["id"] as? String)
            #expect((try added.json()["secret"] as? String)?.hasPrefix("whsec_") == true)
            let rotated = try await client.api(.post, "/api/v1/organizations/\(organization)/webhooks/\(id)/rotate", as: admin)
            #expect(rotated.status == .ok)
            #expect(try await services.store.webhookEndpoint(WebhookEndpointID(id))?.secrets.count == 2)
            let list = try await client.api(.get, "/api/v1/organizations/\(organization)/webhooks", as: admin)
            #expect((try list.json()["items"] as? [[String: Any]])?.allSatisfy { $0["secret"] == nil } == true)

            // A dead letter is listed and sent again.
            let now = services.clock.now()
            try await services.store.enqueue([
                OutboxMessage(
                    id: "dead-1", eventID: "msg_dead-1", eventType: .clockBreach, organizationID: organization, channel: .webhook,
                    endpointID: endpoint.id, subject: "x", state: .dead, attempts: 1, nextAttemptAt: now, createdAt: now,
                    lastStatus: 500, lastError: "HTTP 500")
            ])
            page = try await client.page(.get, "/organizations/\(organization)/deliveries?state=dead", as: admin, fixtures: fixtures)
            #expect(page.status == .ok && page.text.contains("HTTP 500") && page.text.contains("Send again"))
            page = try await client.page(.post, "/organizations/\(organization)/deliveries/dead-1/replay", as: admin, fixtures: fixtures)
            #expect(page.status == .seeOther)
            #expect(try await services.store.outboxMessage("dead-1")?.state == .pending)
            // No longer a dead letter: not replayed twice.
            let again = try await client.api(.post, "/api/v1/organizations/\(organization)/deliveries/dead-1/replay", as: admin)
            #expect(again.status == .conflict)

            // Another organization's administrator reaches none of it.
            let other = try await client.page(.get, path, as: fixtures.adminB, fixtures: fixtures)
            #expect(other.status == .forbidden)
        }
    }

    @Test func every_mutating_request_is_answered_once_per_idempotency_key() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.agencyAdmin)
            let path = "/api/v1/organizations/\(admin.organization.id)/webhooks"
            func send(_ body: String, key: String) async throws -> TestResponse {
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(admin.apiToken)"
                headers[.contentType] = "application/json"
                headers[IdempotentRequests.header] = key
                return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { $0 }
            }
            let body = #"{"url":"https://records.example.org/hooks"}"#
            let first = try await send(body, key: "add-endpoint-1")
            let retry = try await send(body, key: "add-endpoint-1")
            #expect(first.status == .created && retry.status == .created)
            #expect(try retry.json()["id"] as? String == first.json()["id"] as? String)
            #expect(retry.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(try await services.store.webhookEndpoints(of: admin.organization.id).count == 1)
            // The same key with another request is refused and changes nothing.
            let other = try await send(#"{"url":"https://cad.example.org/hooks"}"#, key: "add-endpoint-1")
            #expect(other.status == .unprocessableContent)
            #expect(try await services.store.webhookEndpoints(of: admin.organization.id).count == 1)
            // A refused request keeps nothing: corrected, the same key does the work.
            #expect(try await send(#"{"url":"http://10.1.1.1/"}"#, key: "add-endpoint-2").status == .unprocessableContent)
            #expect(try await send(#"{"url":"https://cad.example.org/hooks"}"#, key: "add-endpoint-2").status == .created)
            #expect(try await services.store.webhookEndpoints(of: admin.organization.id).count == 2)
            // A key longer than 200 characters is refused.
            #expect(
                try await send(String(repeating: "k", count: 10), key: String(repeating: "x", count: 201)).status == .unprocessableContent)
        }
    }

    @Test func a_person_chooses_what_reaches_them_by_email_but_not_the_legal_clocks() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            var page = try await client.page(.get, "/account/notifications", as: caseworker, fixtures: fixtures)
            #expect(page.status == .ok && page.text.contains("value=\"clock.breach\" checked disabled"))
            page = try await client.page(
                .post, "/account/notifications", as: caseworker, fixtures: fixtures, form: [("email", "tip.received"), ("tipDigest", "on")])
            #expect(page.status == .seeOther)
            let chosen = try await services.store.notificationPreferences(of: caseworker.user.id)
            #expect(chosen.tipDigest && chosen.emailOff.contains(.qaReviewOverdue) && !chosen.emailOff.contains(.tipReceived))
            #expect(chosen.emailsAtOnce(.clockBreach))
        }
    }
}
