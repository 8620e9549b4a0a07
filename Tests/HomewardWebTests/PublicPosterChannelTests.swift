import Foundation
import HTTPTypes
import HomewardCore
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import HomewardWeb

@Suite("Cached poster answers in the channel pipeline")
struct PublicPosterChannelTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    func channel() throws -> (EmbeddedChannel, PosterCache) {
        let cache = PosterCache(revalidateAfter: 1)
        let page = PosterCache.Rendition(status: 200, contentType: "text/html; charset=utf-8", body: Array("<p>poster</p>".utf8))
        cache.store("kitf", "page", page, revision: 1, status: .published, now: Self.now)
        let handler = PublicPosterChannelHandler(cache: cache, serverName: "Homeward", now: { Self.now })
        let channel = EmbeddedChannel(handler: handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return (channel, cache)
    }

    func get(_ path: String, _ headers: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: .get, scheme: nil, authority: "h", path: path, headerFields: headers))
    }

    @Test func a_cached_poster_is_answered_with_its_headers_and_nothing_reaches_the_application() throws {
        let (channel, _) = try channel()
        try channel.writeInbound(get("/posters/kitf?utm_source=share"))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
        guard case .head(let head) = try channel.readOutbound(as: HTTPResponsePart.self) else { throw Unexpected() }
        #expect(head.status == .ok)
        #expect(head.headerFields[.contentLength] == "13")
        #expect(head.headerFields[.cacheControl] == "public, no-cache")
        #expect(head.headerFields[.eTag] != nil && head.headerFields[.contentSecurityPolicy] != nil)
        #expect(head.headerFields[.date] == "Wed, 18 Nov 2026 11:06:40 GMT")
        #expect(head.headerFields[.server] == "Homeward")
        #expect(head.headerFields[.setCookie] == nil)
        guard case .body(let body) = try channel.readOutbound(as: HTTPResponsePart.self) else { throw Unexpected() }
        #expect(String(buffer: body) == "<p>poster</p>")
        guard case .end = try channel.readOutbound(as: HTTPResponsePart.self) else { throw Unexpected() }
        #expect(channel.isActive)

        // A client holding this version gets a 304 with no body.
        var conditional = HTTPFields()
        conditional[.ifNoneMatch] = head.headerFields[.eTag]!
        try channel.writeInbound(get("/posters/kitf", conditional))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        guard case .head(let notModified) = try channel.readOutbound(as: HTTPResponsePart.self) else { throw Unexpected() }
        #expect(notModified.status == .notModified && notModified.headerFields[.contentType] == nil)
        guard case .end = try channel.readOutbound(as: HTTPResponsePart.self) else { throw Unexpected() }
    }

    @Test func what_is_not_cached_or_current_goes_to_the_application() throws {
        let (channel, cache) = try channel()
        for part in [
            get("/posters/other"), get("/posters/kitf/tips"), get("/posters//kitf"), get("/episodes"),
            .head(HTTPRequest(method: .post, scheme: nil, authority: "h", path: "/posters/kitf", headerFields: [:])),
        ] {
            try channel.writeInbound(part)
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == part)
            try channel.writeOutbound(HTTPResponsePart.end(nil))
            _ = try channel.readOutbound(as: HTTPResponsePart.self)
        }
        cache.invalidate("kitf")
        try channel.writeInbound(get("/posters/kitf"))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) != nil)
    }

    @Test func a_pipelined_request_waits_behind_the_answer_before_it() throws {
        let (channel, _) = try channel()
        // The application is still answering a form post when a cached view arrives on the same
        // connection: the view goes the same way, so the answers keep the order of the requests.
        try channel.writeInbound(HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: "h", path: "/posters/kitf/tips")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        try channel.writeInbound(get("/posters/kitf"))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        var passedOn: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { passedOn.append(part) }
        #expect(passedOn.count == 4)
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)

        // Once both answers are written, the next view is answered in the pipeline again.
        for _ in 0..<2 {
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
        }
        while try channel.readOutbound(as: HTTPResponsePart.self) != nil {}
        try channel.writeInbound(get("/posters/kitf"))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
        guard case .head(let head) = try channel.readOutbound(as: HTTPResponsePart.self) else { throw Unexpected() }
        #expect(head.status == .ok)
    }

    @Test func connection_close_is_honoured() throws {
        let (channel, _) = try channel()
        var headers = HTTPFields()
        headers[.connection] = "close"
        #expect(channel.isActive)
        try channel.writeInbound(get("/posters/kitf", headers))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.run()
        guard case .head = try channel.readOutbound(as: HTTPResponsePart.self) else { throw Unexpected() }
        #expect(!channel.isActive)
    }

    @Test func dates_are_written_as_http_dates() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(1_798_761_599) == "Thu, 31 Dec 2026 23:59:59 GMT")
    }

    struct Unexpected: Error {}
}
