import Foundation
import Testing

@testable import HomewardCore

@Suite("The outbox: signing, retries, addresses, e-mail")
struct OutboxTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    @Test func signatures_follow_standard_webhooks_and_verify_in_constant_time() throws {
        // The specification's own example.
        let secret = try #require(StandardWebhooks.Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let body = Data(#"{"test": 2432232314}"#.utf8)
        let signature = StandardWebhooks.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body, secret: secret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let sent = Date(timeIntervalSince1970: 1_614_265_330)
        #expect(
            StandardWebhooks.verify(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatureHeader: "v1,bm90LWl0 \(signature)", body: body,
                secret: secret, now: sent + 10))
        // Another body, another id, a stale timestamp or another secret fail.
        #expect(
            !StandardWebhooks.verify(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatureHeader: signature, body: Data("{}".utf8),
                secret: secret, now: sent))
        #expect(
            !StandardWebhooks.verify(
                id: "msg_other", timestamp: "1614265330", signatureHeader: signature, body: body, secret: secret, now: sent))
        #expect(
            !StandardWebhooks.verify(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatureHeader: signature, body: body, secret: secret,
                now: sent + 3600))
        #expect(
            !StandardWebhooks.verify(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", signatureHeader: signature, body: body,
                secret: StandardWebhooks.Secret.generate(), now: sent))

        // During a rotation both secrets sign; a generated secret reads back from its text.
        let fresh = StandardWebhooks.Secret.generate()
        #expect(StandardWebhooks.Secret(fresh.text) == fresh && fresh.text.hasPrefix("whsec_"))
        #expect(StandardWebhooks.Secret("whsec_short") == nil && StandardWebhooks.Secret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") == nil)
        let headers = StandardWebhooks.headers(id: "msg_1", timestamp: 1, body: body, secrets: [fresh, secret])
        #expect(headers.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers[2].value.split(separator: " ").count == 2)
    }

    @Test func retries_back_off_with_jitter_honour_retry_after_and_end_in_the_dead_letters() throws {
        let schedule = RetrySchedule(delays: [10, 60, 600], jitter: 0.2)
        #expect(schedule.delay(afterAttempt: 1, retryAfter: nil, random: 0) == 8)
        #expect(schedule.delay(afterAttempt: 1, retryAfter: nil, random: 0.999)! < 12.01)
        #expect(schedule.delay(afterAttempt: 2, retryAfter: 300, random: 0.5) == 300)
        #expect(schedule.delay(afterAttempt: 4, retryAfter: nil, random: 0.5) == nil)
        // A receiver asking for centuries gets a week: the next attempt must stay a storable time.
        #expect(schedule.delay(afterAttempt: 1, retryAfter: 9e15, random: 0.5) == RetrySchedule.longestRetryAfter)
        #expect(RetrySchedule.parse("5s, 30s,2m ,1h")?.delays == [5, 30, 120, 3600])
        #expect(RetrySchedule.parse("5s,soon") == nil && RetrySchedule.parse("") == nil)

        var message = OutboxMessage(
            id: "m1", eventID: "msg_m1", eventType: .clockBreach, organizationID: OrganizationID("o"), channel: .webhook,
            endpointID: WebhookEndpointID("e"), subject: "s", nextAttemptAt: now, createdAt: now)
        var outcome = AttemptOutcome.http(status: 503, retryAfter: "120", now: now)
        #expect(outcome == .retry(status: 503, retryAfter: 120, reason: "HTTP 503"))
        var attempt: DeliveryAttempt
        (message, attempt, _) = message.recording(outcome, at: now, schedule: schedule, random: 0.5)
        #expect(message.state == .pending && message.attempts == 1 && message.nextAttemptAt == now + 120)
        #expect(attempt.number == 1 && attempt.status == 503 && attempt.outcome == "failed")
        outcome = .http(status: 500, retryAfter: nil, now: now)
        (message, _, _) = message.recording(outcome, at: now + 200, schedule: schedule, random: 0.5)
        (message, _, _) = message.recording(outcome, at: now + 300, schedule: schedule, random: 0.5)
        #expect(message.state == .pending && message.nextAttemptAt == now + 900)
        (message, attempt, _) = message.recording(outcome, at: now + 900, schedule: schedule, random: 0.5)
        #expect(message.state == .dead && message.attempts == 4 && attempt.number == 4)

        // A replay sends it again from now; a 2xx delivers; a 410 disables the endpoint.
        message = try message.replaying(at: now + 1000)
        #expect(message.state == .pending && message.nextAttemptAt == now + 1000)
        #expect(throws: HomewardError.self) { try message.replaying(at: now) }
        let (delivered, _, _) = message.recording(
            .http(status: 204, retryAfter: nil, now: now), at: now + 1001, schedule: schedule, random: 0)
        #expect(delivered.state == .delivered && delivered.deliveredAt == now + 1001)
        let (gone, _, disable) = message.recording(
            .http(status: 410, retryAfter: nil, now: now), at: now + 1001, schedule: schedule, random: 0)
        #expect(gone.state == .dead && disable)
        let httpDate = "Wed, 18 Nov 2026 15:01:00 GMT"
        #expect(RetryAfter.seconds(httpDate, now: Date(timeIntervalSince1970: 1_795_014_000)) == 60)
    }

    @Test func webhooks_reach_only_allowed_hosts_and_public_addresses() throws {
        let open = OutboundAddressPolicy()
        #expect(open.problem(with: "https://cad.example.org/hooks") == nil)
        for address in [
            "http://127.0.0.1:8080/", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://192.168.0.9/",
            "http://100.64.1.1/", "http://[fd00::1]/", "http://[::ffff:10.0.0.1]/",
        ] {
            #expect(open.problem(with: address) != nil, "\(address)")
        }
        #expect(open.problem(with: "ftp://cad.example.org/") != nil)
        #expect(open.problem(with: "https://user:pw@cad.example.org/") != nil)
        let local = OutboundAddressPolicy.parse("*.example.org, 127.0.0.0/8")
        #expect(local.problem(with: "http://127.0.0.1:9000/") != nil)  // the host list does not name it
        #expect(local.problem(with: "https://cad.example.org/") == nil && local.problem(with: "https://example.net/") != nil)
        let tests = OutboundAddressPolicy.parse("*,127.0.0.0/8")
        #expect(tests.problem(with: "http://127.0.0.1:9000/") == nil)
        #expect(tests.allows(IPAddress("127.0.0.1")!) && !tests.allows(IPAddress("10.0.0.1")!))
        #expect(IPAddress("8.8.8.8")!.isPublic && IPAddress("2606:4700::1111")!.isPublic)
        // Written back as a connection takes it.
        #expect(IPAddress("203.0.113.7")!.text == "203.0.113.7" && IPAddress("2001:DB8:0::7")!.text == "2001:db8::7")
        #expect(
            IPNetwork("10.20.0.0/16")!.contains(IPAddress("10.20.9.9")!) && !IPNetwork("10.20.0.0/16")!.contains(IPAddress("10.21.0.1")!))
        #expect(IPNetwork("10.0.0.0/33") == nil)

        for address in [
            "http://localhost/", "http://LOCALHOST./", "http://api.localhost/", "http://intranet/", "http://printer.local/",
            "http://cad.internal/", "http://router.home.arpa/", "http://2130706433/", "http://0x7f000001/", "http://127.1/",
            "http://0/", "http://0177.0.0.1/", "http://127.0.0.1./", "http://[::7f00:1]/", "http://[::127.0.0.1]/",
            "http://[64:ff9b::7f00:1]/", "http://[64:ff9b::a00:1]/", "http://[64:ff9b:1::1]/", "http://[fec0::1]/",
            "http://[fe80::1%25eth0]/", "http://[2002:7f00:1::]/", "http://[2001::1]/", "http://[2001:db8::1]/", "http://[100::1]/",
            "http://192.0.2.10/", "http://198.51.100.10/", "http://203.0.113.10/", "http://192.88.99.1/", "http://240.0.0.1/",
            "http://255.255.255.255/", "http://127%2e0%2e0%2e1/", "http://ｌｏｃａｌｈｏｓｔ/",
        ] {
            #expect(open.problem(with: address) != nil, "\(address)")
        }
        // Public addresses, written plainly, in any of the forms that carry one.
        for address in [
            "https://8.8.8.8/", "https://[2606:4700::1111]/", "https://[64:ff9b::808:808]/", "https://[2002:808:808::1]/",
            "https://[::ffff:8.8.8.8]/", "https://cad.example.org./hooks",
        ] {
            #expect(open.problem(with: address) == nil, "\(address)")
        }
        // An operator who names a CAD's private network or host lets it through; https outside development.
        let cad = OutboundAddressPolicy.parse("*, cad.internal, 10.20.0.0/16")
        #expect(cad.problem(with: "http://cad.internal/hooks") == nil && cad.problem(with: "http://10.20.1.5/") == nil)
        #expect(cad.problem(with: "http://10.21.1.5/") != nil)
        let production = OutboundAddressPolicy.parse("*", requireHTTPS: true)
        #expect(production.problem(with: "http://cad.example.org/") != nil)
        #expect(production.problem(with: "https://cad.example.org/") == nil)

        let (endpoint, secret) = try WebhookEndpoint.creating(
            id: WebhookEndpointID("e1"), organization: OrganizationID("o"), url: "https://cad.example.org/hooks",
            eventTypes: ["clock.breach"], policy: open, at: now)
        #expect(endpoint.secrets == [secret] && endpoint.wants(.clockBreach) && !endpoint.wants(.tipReceived))
        #expect(throws: HomewardError.self) {
            try WebhookEndpoint.creating(
                id: WebhookEndpointID("e2"), organization: OrganizationID("o"), url: "http://10.0.0.5/", eventTypes: ["nope"],
                policy: open, at: now)
        }
        let (rotated, newSecret) = endpoint.rotatingSecret()
        #expect(rotated.secrets == [newSecret, secret])
    }

    @Test func an_email_has_both_parts_a_stable_id_and_no_header_injection() throws {
        let email = EmailMessage(
            from: "alerts@homeward.example", to: "caseworker@agency.example",
            subject: "Case HW-2026-000123: report to police is overdue\r\nBcc: x@evil.example",
            text: "Deadline 2026-11-18 15:00 UTC.", link: "https://homeward.example/episodes/e1?a=1&b=2",
            messageID: "<msg_1@homeward.example>",
            date: now)
        let rendered = email.rendered()
        #expect(rendered.contains("Message-ID: <msg_1@homeward.example>\r\n"))
        #expect(!rendered.contains("\r\nBcc:"))
        #expect(rendered.contains("Content-Type: text/plain; charset=utf-8") && rendered.contains("Content-Type: text/html; charset=utf-8"))
        #expect(rendered.contains("Date: Wed, 18 Nov 2026 15:00:00 +0000"))
        let parts = rendered.components(separatedBy: "Content-Transfer-Encoding: base64\r\n\r\n").dropFirst().map {
            String(
                decoding: Data(base64Encoded: $0.components(separatedBy: "\r\n--")[0].replacingOccurrences(of: "\r\n", with: "")) ?? Data(),
                as: UTF8.self)
        }
        #expect(
            parts.count == 2 && parts[0].contains("Deadline 2026-11-18")
                && parts[1].contains("href=\"https://homeward.example/episodes/e1?a=1&amp;b=2\""))
        #expect(EmailMessage.headerText("Fall \u{e9}") == "=?UTF-8?B?RmFsbCDDqQ==?=")
    }

    @Test func the_legal_clocks_always_email_and_tips_can_wait_for_the_digest() throws {
        let quiet = try NotificationPreferences.choosing(emailed: [], tipDigest: true)
        #expect(quiet.emailsAtOnce(.clockBreach) && quiet.emailsAtOnce(.clockWarning))
        #expect(!quiet.emailsAtOnce(.tipReceived) && !quiet.emailsAtOnce(.qaReviewOverdue))
        let some = try NotificationPreferences.choosing(emailed: ["qa_review.overdue", "tip.received"], tipDigest: false)
        #expect(some.emailsAtOnce(.qaReviewOverdue) && some.emailsAtOnce(.tipReceived) && !some.emailsAtOnce(.renewalOpen))
        #expect(throws: HomewardError.self) { try NotificationPreferences.choosing(emailed: ["everything"], tipDigest: false) }
        #expect(NotificationPreferences().emailsAtOnce(.renewalOpen))

        let payload = EventPayload(type: .clockBreach, at: now, data: ["episodeId": "e1", "link": "https://h.example/episodes/e1"])
        #expect(
            String(decoding: payload.encoded(), as: UTF8.self)
                == #"{"data":{"episodeId":"e1","link":"https://h.example/episodes/e1"},"timestamp":"2026-11-18T15:00:00Z","type":"clock.breach"}"#
        )
    }
}
