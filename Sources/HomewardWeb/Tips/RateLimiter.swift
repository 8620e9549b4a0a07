import Foundation
import Synchronization

/// A sliding-window limit per key (the sender's address): at most `limit` events per `window`.
/// Excess is refused with the seconds until the oldest event leaves the window; nothing is dropped
/// silently.
final class RateLimiter: Sendable {
    private let events = Mutex<[String: [Date]]>([:])
    let limit: Int
    let window: TimeInterval

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Counts an event for `key` at `now`; nil when allowed, or the seconds to wait.
    func acquire(_ key: String, now: Date) -> Int? {
        guard limit > 0 else { return nil }
        return events.withLock { events in
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
        events.withLock { events in
            if var recent = events[key], !recent.isEmpty {
                recent.removeLast()
                events[key] = recent
            }
        }
    }
}
