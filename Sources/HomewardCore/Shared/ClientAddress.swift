import Foundation

/// The address a request came from. Behind a load balancer every request arrives from the balancer;
/// when the peer is one of the configured trusted proxies, the client is the last address in
/// `X-Forwarded-For` that is not itself a trusted proxy. A header from anyone else is ignored:
/// otherwise a sender could name a new address with each request and escape every per-address limit.
public enum ClientAddress {
    public static func resolve(peer: String?, forwardedFor: String?, trustedProxies: Set<String>) -> String? {
        guard let peer, trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trustedProxies.contains(hop) {
            return isAddress(hop) ? hop : peer
        }
        return peer
    }

    /// Whether `text` looks like an IPv4 or IPv6 address (digits, hex, dots and colons only).
    static func isAddress(_ text: String) -> Bool {
        (2...45).contains(text.count) && text.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
    }
}
