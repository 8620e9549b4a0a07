import Foundation

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
public final class PinnedWallClock: WallClock, @unchecked Sendable {
    // Guarded by `lock`; the class is shared between a test and the code under test.
    private let lock = NSLock()
    private var instant: Date

    public init(_ instant: Date) { self.instant = instant }

    public func now() -> Date { lock.withLock { instant } }

    /// Moves the clock forward by `interval` seconds.
    public func advance(by interval: TimeInterval) { lock.withLock { instant += interval } }

    /// Sets the clock to `instant`.
    public func set(_ instant: Date) { lock.withLock { self.instant = instant } }
}
