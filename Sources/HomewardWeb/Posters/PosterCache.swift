import Foundation
import HomewardCore

/// Rendered public poster responses (page, PDF, photos, JSON), kept per slug with the poster's
/// revision. A request is answered from memory; after `revalidateAfter` seconds the next request
/// checks the revision in the database (one indexed read), so a change made by another instance,
/// a withdrawal at recovery included, is seen within that time, and at once on this instance,
/// whose writes invalidate the entry.
final class PosterCache: @unchecked Sendable {
    struct Entry: Sendable {
        var revision: Int
        var status: PosterStatus
        var checkedAt: Date
        var renditions: [String: Rendition]
    }

    /// One rendered answer: its bytes and headers' content type.
    struct Rendition: Sendable {
        var status: Int
        var contentType: String
        var body: [UInt8]
    }

    // Guarded by `lock`.
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    let revalidateAfter: TimeInterval

    init(revalidateAfter: TimeInterval) {
        self.revalidateAfter = revalidateAfter
    }

    /// The cached rendition `kind` of `slug`, if it is known to be current at `now`.
    func fresh(_ slug: String, _ kind: String, now: Date) -> Rendition? {
        lock.withLock {
            guard let entry = entries[slug], now.timeIntervalSince(entry.checkedAt) < revalidateAfter else { return nil }
            return entry.renditions[kind]
        }
    }

    /// After a database check: keeps the entry when the revision is the same (renewing its
    /// check time) and drops it otherwise; returns the rendition if still current.
    func confirm(_ slug: String, _ kind: String, revision: Int, now: Date) -> Rendition? {
        lock.withLock {
            guard var entry = entries[slug], entry.revision == revision else {
                entries[slug] = nil
                return nil
            }
            entry.checkedAt = now
            entries[slug] = entry
            return entry.renditions[kind]
        }
    }

    func store(_ slug: String, _ kind: String, _ rendition: Rendition, revision: Int, status: PosterStatus, now: Date) {
        lock.withLock {
            var entry = entries[slug] ?? Entry(revision: revision, status: status, checkedAt: now, renditions: [:])
            if entry.revision != revision { entry = Entry(revision: revision, status: status, checkedAt: now, renditions: [:]) }
            entry.renditions[kind] = rendition
            entries[slug] = entry
        }
    }

    func invalidate(_ slug: String) {
        lock.withLock { entries[slug] = nil }
    }
}

/// A sliding-window limit per key (the sender's address): at most `limit` events per `window`.
/// Excess is refused with the seconds until the oldest event leaves the window; nothing is dropped
/// silently.
final class RateLimiter: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var events: [String: [Date]] = [:]
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Counts an event for `key` at `now`; nil when allowed, or the seconds to wait.
    func acquire(_ key: String, now: Date) -> Int? {
        guard limit > 0 else { return nil }
        return lock.withLock {
            var recent = (events[key] ?? []).filter { now.timeIntervalSince($0) < window }
            if recent.count >= limit {
                events[key] = recent
                return max(1, Int((window - now.timeIntervalSince(recent[0])).rounded(.up)))
            }
            recent.append(now)
            events[key] = recent
            if events.count > 100_000 { events = events.filter { !$0.value.isEmpty && now.timeIntervalSince($0.value.last!) < window } }
            return nil
        }
    }

    /// Gives back an event that did not lead to a stored tip (it failed validation).
    func release(_ key: String) {
        lock.withLock {
            if var recent = events[key], !recent.isEmpty {
                recent.removeLast()
                events[key] = recent
            }
        }
    }
}
