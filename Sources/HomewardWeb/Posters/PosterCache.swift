import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird
import NIOCore
import Synchronization

/// Rendered public poster responses (page, PDF, photos, JSON), kept per slug with the poster's
/// revision. A request is answered from memory; after `revalidateAfter` seconds the next request
/// checks the revision in the database (one indexed read), so a change made by another instance,
/// a withdrawal at recovery included, is seen within that time, and at once on this instance,
/// whose writes invalidate the entry.
final class PosterCache: Sendable {
    struct Entry: Sendable {
        var revision: Int
        var status: PosterStatus
        var checkedAt: Date
        var renditions: [String: Rendition]
    }

    /// One rendered answer, ready to send: status, headers (security headers included) and body.
    /// A shown poster carries an ETag and `no-cache`, so every shared cache asks again each time
    /// (a 304 when nothing changed) and a withdrawn poster is never served from one; a withdrawn or
    /// missing poster's answer is `no-store`.
    struct Rendition: Sendable {
        let body: ByteBuffer
        /// Set on a shown poster's answer, the only one a client may hold and revalidate.
        let etag: String?
        /// The full answer's head (with its length) and the 304's, made once.
        private let fullHead: HTTPResponse
        private let notModifiedHead: HTTPResponse
        /// The same two heads as HTTP/1.1 bytes, up to the `Date` and `Server` fields, which the
        /// connection adds as it answers.
        private let fullHeadBytes: ByteBuffer
        private let notModifiedHeadBytes: ByteBuffer

        /// `language` marks a page negotiated by `Accept-Language` (shared caches keep each language apart).
        init(status: Int, contentType: String, body: [UInt8], language: String? = nil) {
            var headers = HTTPFields()
            var etag: String?
            headers[.contentType] = contentType
            if let language {
                headers[.contentLanguage] = language
                headers[.vary] = "Accept-Language"
            }
            if status == 200 {
                etag = "\"" + SHA256Digest.hex(of: body).prefix(32) + "\""
                headers[.eTag] = etag
                headers[.cacheControl] = "public, no-cache"
            } else {
                headers[.cacheControl] = "no-store"
            }
            SecurityHeadersMiddleware.apply(to: &headers)
            self.etag = etag
            self.body = ByteBuffer(bytes: body)
            var full = headers
            full[.contentLength] = String(body.count)
            fullHead = HTTPResponse(status: .init(code: status), headerFields: full)
            var notModified = headers
            notModified[.contentType] = nil
            notModifiedHead = HTTPResponse(status: .notModified, headerFields: notModified)
            fullHeadBytes = Self.encode(fullHead)
            notModifiedHeadBytes = Self.encode(notModifiedHead)
        }

        /// A head as HTTP/1.1 writes it: the status line and one line per field, without the blank
        /// line that ends it.
        private static func encode(_ head: HTTPResponse) -> ByteBuffer {
            var bytes = ByteBuffer()
            let reason = [HTTPResponse.Status.ok, .notModified, .notFound, .gone].first { $0.code == head.status.code }?.reasonPhrase ?? ""
            bytes.writeString("HTTP/1.1 \(head.status.code) \(reason)\r\n")
            for field in head.headerFields { bytes.writeString("\(field.name.rawName): \(field.value)\r\n") }
            return bytes
        }

        /// Whether a client whose `If-None-Match` is `held` has this version already (or asks with `*`).
        private func isHeld(by held: String?) -> Bool {
            guard let etag, let held else { return false }
            return held.split(separator: ",").contains {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag.replacingOccurrences(of: "W/", with: "") == etag || tag == "*"
            }
        }

        /// The answer as bytes for a connection to write as they are: the head up to its `Date` and
        /// `Server` fields, and the body (nil for a 304).
        func encodedAnswer(ifNoneMatch held: String?) -> (head: ByteBuffer, body: ByteBuffer?) {
            isHeld(by: held) ? (notModifiedHeadBytes, nil) : (fullHeadBytes, body)
        }

        /// The answer to `request`: 304 with no body when the client already holds this version.
        func response(to request: Request) -> Response {
            let (head, body) = answer(ifNoneMatch: request.headers[.ifNoneMatch])
            return Response(status: head.status, headers: head.headerFields, body: body.map { .init(byteBuffer: $0) } ?? .init())
        }

        /// The response head and body for a request whose `If-None-Match` is `held`: a 304 with
        /// no body when it names this version (or `*`).
        func answer(ifNoneMatch held: String?) -> (HTTPResponse, ByteBuffer?) {
            isHeld(by: held) ? (notModifiedHead, nil) : (fullHead, body)
        }
    }

    /// The renditions and the tip routes, by slug, behind one lock.
    private struct State {
        var entries: [String: Entry] = [:]
        var routes: [String: (route: TipService.RoutedPoster, revision: Int, loadedAt: Date, checkedAt: Date)] = [:]
    }

    private let state = Mutex(State())
    let revalidateAfter: TimeInterval

    init(revalidateAfter: TimeInterval) {
        self.revalidateAfter = revalidateAfter
    }

    /// The cached rendition `kind` of `slug`, if it is known to be current at `now`.
    func fresh(_ slug: String, _ kind: String, now: Date) -> Rendition? {
        state.withLock { state in
            guard let entry = state.entries[slug], now.timeIntervalSince(entry.checkedAt) < revalidateAfter else { return nil }
            return entry.renditions[kind]
        }
    }

    /// After a database check: keeps the entry when the revision is the same (renewing its
    /// check time) and drops it otherwise; returns the rendition if still current.
    func confirm(_ slug: String, _ kind: String, revision: Int, now: Date) -> Rendition? {
        state.withLock { state in
            guard var entry = state.entries[slug], entry.revision == revision else {
                state.entries[slug] = nil
                return nil
            }
            entry.checkedAt = now
            state.entries[slug] = entry
            return entry.renditions[kind]
        }
    }

    func store(_ slug: String, _ kind: String, _ rendition: Rendition, revision: Int, status: PosterStatus, now: Date) {
        state.withLock { state in
            var entry = state.entries[slug] ?? Entry(revision: revision, status: status, checkedAt: now, renditions: [:])
            if entry.revision != revision { entry = Entry(revision: revision, status: status, checkedAt: now, renditions: [:]) }
            entry.renditions[kind] = rendition
            state.entries[slug] = entry
        }
    }

    /// How many renditions are held, over every poster (for tests and metrics).
    var renditionCount: Int { state.withLock { state in state.entries.values.reduce(0) { $0 + $1.renditions.count } } }

    func invalidate(_ slug: String) {
        state.withLock { state in
            state.entries[slug] = nil
            state.routes[slug] = nil
        }
    }

    // MARK: Tip routes

    // Where a poster's tips go (`TipService.RoutedPoster`) is kept like the renditions, and
    // reloaded at least every minute so a new investigator starts receiving tips without waiting for
    // the poster to change.

    let routeMaxAge: TimeInterval = 60

    func freshRoute(_ slug: String, now: Date) -> TipService.RoutedPoster? {
        state.withLock { state in
            guard let entry = state.routes[slug], now.timeIntervalSince(entry.checkedAt) < revalidateAfter else { return nil }
            return entry.route
        }
    }

    func confirmRoute(_ slug: String, revision: Int, now: Date) -> TipService.RoutedPoster? {
        state.withLock { state in
            guard var entry = state.routes[slug], entry.revision == revision, now.timeIntervalSince(entry.loadedAt) < routeMaxAge else {
                state.routes[slug] = nil
                return nil
            }
            entry.checkedAt = now
            state.routes[slug] = entry
            return entry.route
        }
    }

    /// Drops the cached route of `slug`: the store found it stale (the case changed hands).
    func forgetRoute(_ slug: String) {
        state.withLock { state in state.routes[slug] = nil }
    }

    func storeRoute(_ slug: String, _ route: TipService.RoutedPoster, revision: Int, now: Date) {
        state.withLock { state in state.routes[slug] = (route, revision, now, now) }
    }
}

/// Answers a public poster page, PDF or photo straight from the cache, ahead of the router and
/// every middleware: a flood of views of a shared poster costs a dictionary lookup each. Anything
/// not cached and current goes the normal way (and is cached there).
struct PublicPosterFastPath<Next: HTTPResponder>: HTTPResponder where Next.Context == HomewardContext {
    let next: Next
    let services: AppServices

    func respond(to request: Request, context: HomewardContext) async throws -> Response {
        if request.method == .get,
            let (slug, kind) = PosterCache.key(
                path: request.uri.description, acceptLanguage: request.headers[.acceptLanguage], catalogs: services.views.catalogs),
            let hit = services.posterCache.fresh(slug, kind, now: services.clock.now())
        {
            return hit.response(to: request)
        }
        return try await next.respond(to: request, context: context)
    }

}

extension PosterCache {
    /// The cache key (slug and rendition) of a public poster GET: `/posters/{slug}` and
    /// `/posters/{slug}.pdf` in the language the request asks for (`page:es`, `pdf:en`), and
    /// `/posters/{slug}/photos/{n}`. `target` is the path with its query, if any.
    static func key(path target: some StringProtocol, acceptLanguage: String?, catalogs: Catalogs) -> (String, String)? {
        let whole = Substring(target).utf8
        let mark = whole.firstIndex(of: UInt8(ascii: "?"))
        let path = Substring(whole[..<(mark ?? whole.endIndex)])
        if let values = Routes.publicPosterPhoto.parameters(in: path) { return (values[0], "photo\(values[1])") }
        guard let name = Routes.publicPoster.parameters(in: path)?.first else { return nil }
        let query = mark.map { Substring(whole[whole.index(after: $0)...]) } ?? ""
        let language = catalogs.negotiate(chosen: chosenLanguage(query: query), acceptLanguage: acceptLanguage)
        return name.hasSuffix(".pdf") ? (String(name.dropLast(4)), "pdf:\(language)") : (name, "page:\(language)")
    }

    /// The `lang` of a query string (`a=1&lang=es`), percent-decoded, if there is one.
    static func chosenLanguage(query: Substring) -> String? {
        for pair in query.split(separator: "&") where pair.hasPrefix("lang=") {
            return String(pair.dropFirst(5)).removingPercentEncoding
        }
        return nil
    }

}

extension PosterCache {
    /// A public answer that changes when any poster is published or withdrawn: an ETag and
    /// `public, no-cache`, as the poster page has, so a shared cache asks again every time and a
    /// withdrawal reaches every reader at once (304 when nothing changed).
    static func revalidated(_ body: [UInt8], contentType: String, language: String? = nil, request: Request) -> Response {
        PosterCache.Rendition(status: 200, contentType: contentType, body: body, language: language).response(to: request)
    }
}
