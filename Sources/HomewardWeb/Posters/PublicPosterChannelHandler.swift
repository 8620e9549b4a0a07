import Foundation
import HTTPTypes
import HomewardCore
import NIOCore
import NIOHTTPTypes

/// Answers a public poster GET whose rendition is cached and current inside the connection's
/// channel pipeline, before the request reaches Swift concurrency: a shared poster viewed by many
/// costs a parse, a dictionary lookup and a write of bytes encoded once (the head up to its `Date`,
/// and the body), which go to the socket past the HTTP encoders. Everything else (and every request on the
/// connection while an earlier one is still being answered, so answers keep their order) goes on
/// to the application unchanged, where `PublicPosterFastPath` and the router take it.
final class PublicPosterChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let cache: PosterCache
    private let catalogs: Catalogs
    private let now: @Sendable () -> Date
    private let serverName: String
    /// Requests passed on whose answer has not yet been written to the end.
    private var forwarded = 0
    /// The answer to the request being read, when this handler answers it.
    private var answer: Answer?
    private var date = HTTPDate()
    /// The context of a handler at the socket end of the pipeline, through which encoded answers
    /// are written; nil until this handler is added.
    private var socketEnd: ChannelHandlerContext?

    private enum Answer {
        /// Bytes to write as they are, with the `Date` and `Server` fields still to add.
        case encoded(head: ByteBuffer, body: ByteBuffer?, date: String)
        /// A head and body for the HTTP encoder (an answer that closes the connection, say).
        case parts(head: HTTPResponse, body: ByteBuffer?, close: Bool)
    }

    init(cache: PosterCache, catalogs: Catalogs, serverName: String, now: @escaping @Sendable () -> Date) {
        self.cache = cache
        self.catalogs = catalogs
        self.serverName = serverName
        self.now = now
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let end = SocketEnd()
        do {
            try context.pipeline.syncOperations.addHandler(end, position: .first)
            socketEnd = try context.pipeline.syncOperations.context(handler: end)
        } catch {
            // Without it, answers take the HTTP encoder's way.
            socketEnd = nil
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let request):
            let instant = now()
            if forwarded == 0, request.method == .get, let path = request.path,
                let (slug, kind) = PosterCache.key(
                    path: path, acceptLanguage: request.headerFields[.acceptLanguage], catalogs: catalogs),
                let hit = cache.fresh(slug, kind, now: instant)
            {
                let held = request.headerFields[.ifNoneMatch]
                let close = request.headerFields[.connection]?.lowercased() == "close"
                if socketEnd != nil, !close {
                    let (head, body) = hit.encodedAnswer(ifNoneMatch: held)
                    answer = .encoded(head: head, body: body, date: date.string(at: instant))
                } else {
                    var (head, body) = hit.answer(ifNoneMatch: held)
                    head.headerFields[.date] = date.string(at: instant)
                    head.headerFields[.server] = serverName
                    answer = .parts(head: head, body: body, close: close)
                }
            } else {
                forwarded += 1
                context.fireChannelRead(data)
            }
        case .body:
            if answer == nil { context.fireChannelRead(data) }
        case .end:
            switch answer {
            case nil:
                context.fireChannelRead(data)
            case .encoded(let head, let body, let date)?:
                answer = nil
                // Every earlier answer on this connection has passed here already (nothing is
                // forwarded and unanswered), so these bytes follow them on the socket.
                guard let socketEnd else { return }
                var bytes = context.channel.allocator.buffer(capacity: head.readableBytes + serverName.utf8.count + 48)
                bytes.writeImmutableBuffer(head)
                bytes.writeString("Server: \(serverName)\r\nDate: \(date)\r\n\r\n")
                socketEnd.write(NIOAny(bytes), promise: nil)
                if let body { socketEnd.write(NIOAny(body), promise: nil) }
                socketEnd.flush()
            case .parts(let head, let body, let close)?:
                answer = nil
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                if let body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
                if close {
                    let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                    context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
                } else {
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { forwarded = max(0, forwarded - 1) }
        context.write(data, promise: promise)
    }
}

/// A handler at the socket end of a connection's pipeline: what is written from its context goes
/// to the socket as it is.
private final class SocketEnd: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData
}

/// The `Date` header value (RFC 9110 IMF-fixdate), formatted once a second.
struct HTTPDate {
    private var second = Int.min
    private var text = ""
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func string(at instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        if seconds != second {
            second = seconds
            text = Self.format(seconds)
        }
        return text
    }

    static func format(_ seconds: Int) -> String {
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let civil = CivilDate(epochDay: day)
        let inDay = seconds - day * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[((day % 7) + 7) % 7]), \(two(civil.day)) \(months[civil.month - 1]) \(civil.year) "
            + "\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60)) GMT"
    }
}
