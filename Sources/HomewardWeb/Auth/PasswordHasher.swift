import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the event loops: a hash takes a noticeable fraction of a second by design,
/// and an event loop must never block that long.
struct PasswordHasher: Sendable {
    let cost: Int

    /// A hash that verifies nothing, compared against when an e-mail address is unknown so that a
    /// failed sign-in takes the same time whether or not the account exists.
    static let decoyHash = Bcrypt.hash("homeward-decoy-password", cost: 10)

    func hash(_ password: String) async throws -> String {
        let cost = UInt8(self.cost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let hash = hash ?? Self.decoyHash
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
