/// A first-come, first-served gate that lets `capacity` tasks through at once. It serializes work on
/// an SQLite connection: a transaction must not interleave with another caller's statements.
actor AsyncGate {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) { available = capacity }

    /// Runs `body` once a place is free.
    func withPlace<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func leave() {
        if waiters.isEmpty {
            available += 1
        } else {
            // Hand the place straight to the next waiter so no newcomer can overtake it.
            waiters.removeFirst().resume()
        }
    }
}
