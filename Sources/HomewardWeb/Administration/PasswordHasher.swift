import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the event loops: a hash takes a noticeable fraction of a second by design,
/// and an event loop must never block that long.
package struct PasswordHasher: Sendable {
    let cost: Int
    /// A hash that verifies nothing, compared against when an e-mail address is unknown so that a
    /// failed sign-in takes the same time whether or not the account exists: made with the same
    /// cost as every real hash, since the cost decides the time.
    let decoyHash: String

    init(cost: Int) {
        self.cost = cost
        self.decoyHash = Bcrypt.hash("homeward-decoy-password", cost: UInt8(cost))
    }

    package func hash(_ password: String) async throws -> String {
        let cost = UInt8(self.cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let hash = hash ?? decoyHash
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
