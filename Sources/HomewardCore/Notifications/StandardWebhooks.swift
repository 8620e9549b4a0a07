import Crypto
import Foundation

/// Webhook signing after Standard Webhooks 1.0: each delivery carries `webhook-id` (the same on
/// every retry), `webhook-timestamp` (Unix seconds) and `webhook-signature`, the base64 HMAC-SHA256
/// of `id.timestamp.body` under the endpoint's secret, as `v1,<base64>` (several, space-separated,
/// while a secret is being rotated).
public enum StandardWebhooks {
    /// An endpoint's signing secret: random bytes, shown once as `whsec_<base64>`.
    public struct Secret: Sendable, Equatable {
        public let bytes: [UInt8]

        public init(bytes: [UInt8]) { self.bytes = bytes }

        /// Reads `whsec_<base64>`; nil for anything else.
        public init?(_ text: String) {
            guard text.hasPrefix("whsec_"), let data = Data(base64Encoded: String(text.dropFirst(6))), data.count >= 16 else {
                return nil
            }
            bytes = Array(data)
        }

        /// 32 random bytes from the system's generator.
        public static func generate() -> Secret {
            var generator = SystemRandomNumberGenerator()
            return Secret(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        }

        /// `whsec_<base64>`, the form shown to the person who creates the endpoint.
        public var text: String { "whsec_" + Data(bytes).base64EncodedString() }
    }

    /// `v1,<base64>` for one secret.
    public static func signature(id: String, timestamp: Int, body: Data, secret: Secret) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: secret.bytes))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of a delivery, signed with every secret in force.
    public static func headers(id: String, timestamp: Int, body: Data, secrets: [Secret]) -> [(name: String, value: String)] {
        [
            ("webhook-id", id), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", secrets.map { signature(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")),
        ]
    }

    /// Whether a delivery is genuine: one of the `v1` signatures in `signatureHeader` matches
    /// under `secret` (compared in constant time) and the timestamp is within `tolerance` of `now`.
    public static func verify(
        id: String, timestamp: String, signatureHeader: String, body: Data, secret: Secret, now: Date,
        tolerance: TimeInterval = 300
    ) -> Bool {
        guard let seconds = Int(timestamp), abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance else { return false }
        let expected = Array(signature(id: id, timestamp: seconds, body: body, secret: secret).utf8)
        return signatureHeader.split(separator: " ").contains { candidate in
            let given = Array(candidate.utf8)
            guard given.count == expected.count else { return false }
            return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
