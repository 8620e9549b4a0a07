import Foundation
import HTTPTypes
import HomewardCore
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Testing

@testable import HomewardWeb

/// The handler in a pipeline built as the server builds it (NIO's HTTP/1 decoder and encoder, the
/// HTTP types codec), fed request bytes; answers are read back as the bytes the socket would send.
@Suite("Cached poster answers in the channel pipeline")
struct PublicPosterChannelTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// A response as read from the socket's bytes.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    static let catalogs = Catalogs([Catalog(language: "en", strings: [:]), Catalog(language: "es", strings: [:])])

    func channel() throws -> (EmbeddedChannel, PosterCache) {
        let cache = PosterCache(revalidateAfter: 1)
        let page = PosterCache.Rendition(status: 200, contentType: "text/html; charset=utf-8", body: Array("<p>poster</p>".utf8))
        cache.store("kitf", "page:en", page, revision: 1, status: .published, now: Self.now)
        let spanish = PosterCache.Rendition(
            status: 200, contentType: "text/html; charset=utf-8", body: Array("<p>cartel</p>".utf8), language: "es")
        cache.store("kitf", "page:es", spanish, revision: 1, status: .published, now: Self.now)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try channel.pipeline.syncOperations.addHandler(
            PublicPosterChannelHandler(cache: cache, catalogs: Self.catalogs, serverName: "Homeward", now: { Self.now }))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return (channel, cache)
    }

    func send(_ channel: EmbeddedChannel, _ path: String, method: String = "GET", headers: [String] = []) throws {
        let text =
            (["\(method) \(path) HTTP/1.1", "Host: h"] + headers + (method == "POST" ? ["Content-Length: 0"] : []))
            .joined(separator: "\r\n") + "\r\n\r\n"
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// What the application was handed.
    func passedOn(_ channel: EmbeddedChannel) throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    /// The application answers the oldest request it was handed.
    func applicationAnswers(_ channel: EmbeddedChannel) throws {
        var head = HTTPResponse(status: .accepted)
        head.headerFields[.contentLength] = "0"
        try channel.writeOutbound(HTTPResponsePart.head(head))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    /// Every answer written to the socket so far, in order.
    func answers(_ channel: EmbeddedChannel) throws -> [Answer] {
        var bytes = ByteBuffer()
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(var buffer) = data else { throw Unexpected() }
            bytes.writeBuffer(&buffer)
        }
        var text = Substring(String(buffer: bytes))
        var answers: [Answer] = []
        while let end = text.range(of: "\r\n\r\n") {
            let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(headers[parts[0].lowercased()] == nil, "one \(parts[0]) field")
                headers[parts[0].lowercased()] = parts[1]
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = end.upperBound
            let bodyEnd = text.utf8.index(bodyStart, offsetBy: length)
            answers.append(
                Answer(status: Int(lines[0].split(separator: " ")[1])!, headers: headers, body: String(text[bodyStart..<bodyEnd])))
            text = text[bodyEnd...]
        }
        #expect(text.isEmpty, "no partial answer left")
        return answers
    }

    @Test func a_cached_poster_is_answered_with_its_headers_and_nothing_reaches_the_application() throws {
        let (channel, _) = try channel()
        try send(channel, "/posters/kitf?utm_source=share")
        #expect(try passedOn(channel).isEmpty)
        let head = try #require(try answers(channel).first)
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "13")
        #expect(head.header("Cache-Control") == "public, no-cache")
        #expect(head.header("ETag") != nil && head.header("Content-Security-Policy") != nil)
        #expect(head.header("Date") == "Wed, 18 Nov 2026 11:06:40 GMT")
        #expect(head.header("Server") == "Homeward")
        #expect(head.header("Set-Cookie") == nil)
        #expect(head.body == "<p>poster</p>")
        #expect(channel.isActive)

        // A client holding this version gets a 304 with no body.
        try send(channel, "/posters/kitf", headers: ["If-None-Match: \(head.header("ETag")!)"])
        let notModified = try #require(try answers(channel).first)
        #expect(notModified.status == 304 && notModified.header("Content-Type") == nil && notModified.body.isEmpty)

        // The language is chosen as the page chooses it: the link's `lang`, else Accept-Language.
        try send(channel, "/posters/kitf", headers: ["Accept-Language: es-MX,es;q=0.9"])
        try send(channel, "/posters/kitf?lang=en", headers: ["Accept-Language: es"])
        try send(channel, "/posters/kitf?utm_source=x&lang=es")
        #expect(try passedOn(channel).isEmpty)
        #expect(try answers(channel).map(\.body) == ["<p>cartel</p>", "<p>poster</p>", "<p>cartel</p>"])
    }

    @Test func what_is_not_cached_or_current_goes_to_the_application() throws {
        let (channel, cache) = try channel()
        for (method, path) in [
            ("GET", "/posters/other"), ("GET", "/posters/kitf/tips"), ("GET", "/posters//kitf"), ("GET", "/episodes"),
            ("POST", "/posters/kitf"),
        ] {
            try send(channel, path, method: method)
            let parts = try passedOn(channel)
            guard case .head(let request) = parts.first else { throw Unexpected() }
            #expect(request.path == path && request.method.rawValue == method)
            try applicationAnswers(channel)
            #expect(try answers(channel).map(\.status) == [202])
        }
        cache.invalidate("kitf")
        try send(channel, "/posters/kitf")
        #expect(try !passedOn(channel).isEmpty)
    }

    @Test func a_pipelined_request_waits_behind_the_answer_before_it() throws {
        let (channel, _) = try channel()
        // The application is still answering a form post when a cached view arrives on the same
        // connection: the view goes the same way, so the answers keep the order of the requests.
        try send(channel, "/posters/kitf/tips", method: "POST")
        try send(channel, "/posters/kitf")
        #expect(try passedOn(channel).count == 4)
        #expect(try answers(channel).isEmpty)

        // Once both answers are written, the next view is answered in the pipeline again, after them.
        try applicationAnswers(channel)
        try applicationAnswers(channel)
        try send(channel, "/posters/kitf")
        #expect(try passedOn(channel).isEmpty)
        #expect(try answers(channel).map(\.status) == [202, 202, 200])
    }

    @Test func connection_close_is_honoured() throws {
        let (channel, _) = try channel()
        #expect(channel.isActive)
        try send(channel, "/posters/kitf", headers: ["Connection: close"])
        channel.embeddedEventLoop.run()
        #expect(try answers(channel).map(\.status) == [200])
        #expect(!channel.isActive)
    }

    @Test func dates_are_written_as_http_dates() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(1_798_761_599) == "Thu, 31 Dec 2026 23:59:59 GMT")
    }

    struct Unexpected: Error {}
}
