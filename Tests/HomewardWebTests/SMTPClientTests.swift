import Foundation
import HomewardCore
import NIOCore
import NIOPosix
import Testing

@testable import HomewardWeb

/// The SMTP client's failures are its own and come in time: a relay that accepts the connection
/// and never answers ends the attempt at the timeout, so it cannot hold up the other deliveries.
/// (Conversations with a real relay, with and without TLS, are in the browser suite.)
@Suite("SMTP client")
struct SMTPClientTests {
    @Test func a_relay_that_never_answers_fails_at_the_timeout() async throws {
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { _ in MultiThreadedEventLoopGroup.singleton.next().makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = try #require(silent.localAddress?.port)
        let relay = MailRelay(host: "127.0.0.1", port: port, security: .none, user: nil, password: nil, from: "alerts@homeward.example")
        let client = SMTPClient(relay: relay, timeout: .seconds(1))
        let message = EmailMessage(
            from: relay.from, to: "someone@example.org", subject: "Subject", text: "Text", link: nil, messageID: "<m@homeward.example>",
            date: Date(timeIntervalSince1970: 1_795_014_000))
        do {
            try await client.send(message, to: "someone@example.org")
            Issue.record("a silent relay took the message")
        } catch let failure as SMTPClient.Failure {
            #expect(failure.stage == "timed out" && !failure.permanent)
        }
    }

    @Test func a_relay_that_is_not_there_fails_as_a_connection_problem() async throws {
        let relay = MailRelay(host: "127.0.0.1", port: 9, security: .startTLS, user: nil, password: nil, from: "alerts@homeward.example")
        let message = EmailMessage(
            from: relay.from, to: "someone@example.org", subject: "Subject", text: "Text", link: nil, messageID: "<m@homeward.example>",
            date: Date(timeIntervalSince1970: 1_795_014_000))
        await #expect(throws: SMTPClient.Failure.self) { try await SMTPClient(relay: relay).send(message, to: "someone@example.org") }
    }
}
