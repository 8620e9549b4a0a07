import Foundation
import Synchronization

/// The source of the current time. Injected everywhere a rule depends on time, so that tests can
/// pin it: deadline and expiry logic is untestable otherwise.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The machine's clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until a test moves it.
public final class PinnedWallClock: WallClock, Sendable {
    // Shared between a test and the code under test.
    private let instant: Mutex<Date>

    public init(_ instant: Date) { self.instant = Mutex(instant) }

    public func now() -> Date { instant.withLock { $0 } }

    /// Moves the clock forward by `interval` seconds.
    public func advance(by interval: TimeInterval) { instant.withLock { $0 += interval } }

    /// Sets the clock to `instant`.
    public func set(_ instant: Date) { self.instant.withLock { $0 = instant } }
}
