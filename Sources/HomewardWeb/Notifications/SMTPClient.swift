import Foundation
import HomewardCore
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import Synchronization

/// A small SMTP client (RFC 5321) over SwiftNIO, enough to hand a message to the configured relay:
/// EHLO, STARTTLS or implicit TLS (certificates verified), AUTH PLAIN, MAIL FROM, RCPT TO, DATA,
/// QUIT. One connection per message; the outbox retries what fails. Every way a conversation can
/// fail (a refused certificate, a dropped connection, a relay that stops answering) ends in a
/// ``Failure`` within the timeout, so a bad relay never holds up the other deliveries.
struct SMTPClient: Sendable {
    /// A reply that ends the conversation: transient (4xx, a dropped connection, a timeout) or not (5xx).
    struct Failure: Error, Sendable {
        var code: Int?
        var stage: String
        var permanent: Bool { (code ?? 0) >= 500 }
        var description: String { "SMTP \(stage) failed" + (code.map { " with \($0)" } ?? "") }
    }

    let relay: MailRelay
    /// This machine's name in EHLO.
    var clientName = "homeward.invalid"
    var timeout: Duration = .seconds(30)

    /// Sends `message` to `recipient`; throws ``Failure`` and nothing else.
    func send(_ message: EmailMessage, to recipient: String) async throws {
        let timedOut = Flag()
        do {
            try await converse(message, to: recipient, timedOut: timedOut)
        } catch let failure as Failure {
            throw timedOut.isSet ? Failure(code: nil, stage: "timed out") : failure
        } catch is NIOSSLError {
            throw Failure(code: nil, stage: "TLS handshake (the relay's certificate is not trusted for its name)")
        } catch {
            throw timedOut.isSet ? Failure(code: nil, stage: "timed out") : Failure(code: nil, stage: "conversation")
        }
    }

    private func tlsHandler() throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = relay.caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        let context = try NIOSSLContext(configuration: configuration)
        return try NIOSSLClientHandler(context: context, serverHostname: relay.host)
    }

    private func converse(_ message: EmailMessage, to recipient: String, timedOut: Flag) async throws {
        let implicitTLS = relay.security == .tls
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: relay.host, port: relay.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicitTLS { try channel.pipeline.syncOperations.addHandler(try tlsHandler()) }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(code: nil, stage: "connection")
        }
        // The deadline closes the connection, which ends every read and write still waiting.
        let seconds = Int64(timeout.components.seconds)
        let deadline = channel.channel.eventLoop.scheduleTask(in: .seconds(seconds)) { [raw = channel.channel] in
            timedOut.set()
            raw.close(promise: nil)
        }
        defer { deadline.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            /// One reply (its code), read to its last line ("250 ok" after any "250-...").
            func reply(_ stage: String, expecting expected: ClosedRange<Int>) async throws -> [String] {
                var text: [String] = []
                while true {
                    guard let buffer = try await lines.next() else { throw Failure(code: nil, stage: stage) }
                    let line = String(buffer: buffer).trimmingCharacters(in: .init(charactersIn: "\r"))
                    text.append(line)
                    guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure(code: nil, stage: stage) }
                    if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                        guard expected.contains(code) else { throw Failure(code: code, stage: stage) }
                        return text
                    }
                }
            }
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }

            _ = try await reply("greeting", expecting: 220...220)
            try await say("EHLO \(clientName)")
            var capabilities = try await reply("EHLO", expecting: 250...250)
            if relay.security == .startTLS {
                guard capabilities.contains(where: { $0.uppercased().contains("STARTTLS") }) else {
                    throw Failure(code: nil, stage: "STARTTLS (the relay does not offer it)")
                }
                try await say("STARTTLS")
                _ = try await reply("STARTTLS", expecting: 220...220)
                let raw = channel.channel
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(try self.tlsHandler(), position: .first)
                }.get()
                try await say("EHLO \(clientName)")
                capabilities = try await reply("EHLO", expecting: 250...250)
            }
            if let user = relay.user, let password = relay.password {
                let token = Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString()
                try await say("AUTH PLAIN \(token)")
                _ = try await reply("AUTH", expecting: 235...235)
            }
            try await say("MAIL FROM:<\(relay.from)>")
            _ = try await reply("MAIL FROM", expecting: 250...250)
            try await say("RCPT TO:<\(recipient)>")
            _ = try await reply("RCPT TO", expecting: 250...251)
            try await say("DATA")
            _ = try await reply("DATA", expecting: 354...354)
            // Dot-stuffing: a line that starts with a dot gets a second one.
            let body = message.rendered().components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }
                .joined(separator: "\r\n")
            try await outbound.write(ByteBuffer(string: body + (body.hasSuffix("\r\n") ? "" : "\r\n") + ".\r\n"))
            _ = try await reply("message", expecting: 250...250)
            try await say("QUIT")
            _ = try? await reply("QUIT", expecting: 221...221)
        }
    }
}

/// A flag one task sets and another reads.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
