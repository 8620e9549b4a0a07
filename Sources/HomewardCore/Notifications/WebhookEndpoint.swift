import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The identifier of a webhook endpoint.
public struct WebhookEndpointID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// An organization's address for webhooks: the events it wants (every event when empty), the
/// secrets its deliveries are signed with (two while one is being rotated), and whether it is
/// still in use (a 410 Gone disables it).
public struct WebhookEndpoint: Sendable, Equatable {
    public var id: WebhookEndpointID
    public var organizationID: OrganizationID
    public var url: String
    public var eventTypes: Set<EventType>
    /// The secrets in force, newest first; deliveries carry a signature for each.
    public var secrets: [StandardWebhooks.Secret]
    public var active: Bool
    public var disabledReason: String?
    public var createdAt: Date

    public init(
        id: WebhookEndpointID, organizationID: OrganizationID, url: String, eventTypes: Set<EventType>,
        secrets: [StandardWebhooks.Secret], active: Bool = true, disabledReason: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.url = url
        self.eventTypes = eventTypes
        self.secrets = secrets
        self.active = active
        self.disabledReason = disabledReason
        self.createdAt = Timestamp.truncated(createdAt)
    }

    /// Whether the endpoint takes events of `type`.
    public func wants(_ type: EventType) -> Bool { active && (eventTypes.isEmpty || eventTypes.contains(type)) }

    /// A new endpoint for `url`, checked against `policy`, with a new secret (returned once, for
    /// the person to copy).
    public static func creating(
        id: WebhookEndpointID, organization: OrganizationID, url: String, eventTypes: [String], policy: OutboundAddressPolicy,
        at instant: Date
    ) throws -> (endpoint: WebhookEndpoint, secret: StandardWebhooks.Secret) {
        var errors = FieldErrors()
        let url = url.trimmingCharacters(in: .whitespaces)
        if let problem = policy.problem(with: url) { errors.add("url", problem) }
        var types = Set<EventType>()
        for name in eventTypes where !name.isEmpty {
            if let type = EventType(rawValue: name) {
                types.insert(type)
            } else {
                errors.add("eventTypes", "\(name) is not an event type.")
            }
        }
        try errors.throwIfAny()
        let secret = StandardWebhooks.Secret.generate()
        return (
            WebhookEndpoint(id: id, organizationID: organization, url: url, eventTypes: types, secrets: [secret], createdAt: instant),
            secret
        )
    }

    /// A new secret first; the old one still signs until the organization removes it.
    public func rotatingSecret() -> (endpoint: WebhookEndpoint, secret: StandardWebhooks.Secret) {
        let secret = StandardWebhooks.Secret.generate()
        var endpoint = self
        endpoint.secrets = [secret] + secrets.prefix(1)
        return (endpoint, secret)
    }
}

/// Where webhooks may go: hosts on the configured list (`*` for any, `*.example.org` for a domain),
/// and only to public addresses unless a configured network (`127.0.0.0/8`, say) allows an
/// internal one, so that a webhook cannot be aimed at the clearinghouse's own network. A CAD on a
/// private network is a real receiver: the operator names its network, and then it may be reached.
public struct OutboundAddressPolicy: Sendable, Equatable {
    public var hosts: [String]
    public var networks: [String]
    /// Outside development every endpoint must use https.
    public var requireHTTPS: Bool

    public init(hosts: [String] = ["*"], networks: [String] = [], requireHTTPS: Bool = false) {
        self.hosts = hosts
        self.networks = networks
        self.requireHTTPS = requireHTTPS
    }

    /// Reads the configured list: host patterns and networks (anything with a `/`), comma-separated.
    public static func parse(_ text: String, requireHTTPS: Bool = false) -> OutboundAddressPolicy {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        return OutboundAddressPolicy(
            hosts: entries.filter { !$0.contains("/") }, networks: entries.filter { $0.contains("/") }, requireHTTPS: requireHTTPS)
    }

    /// Name endings that only ever mean a local or internal network.
    static let internalSuffixes = [
        ".localhost", ".local", ".internal", ".intranet", ".lan", ".home", ".corp", ".home.arpa", ".localdomain",
    ]

    /// Why `url` may not receive webhooks, or nil when it may (its addresses are checked again
    /// when it is called).
    public func problem(with url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let encodedHost = components.percentEncodedHost, !encodedHost.isEmpty
        else { return "Enter an http or https address, such as https://cad.example.org/homeward." }
        guard components.user == nil, components.password == nil else { return "Leave credentials out of the address." }
        if requireHTTPS && scheme != "https" { return "Use an https address; webhooks carry case facts." }
        var host = encodedHost.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        switch HostForm(host) {
        case .unreadable:
            return "Write the host as a name of letters, digits, dots and hyphens (punycode for other scripts) or as an IP address."
        case .unusualNumber:
            return "Write an IPv4 address as four numbers from 0 to 255 separated by dots."
        case .address(let literal):
            guard allowsHost(host) else { return "\(host) is not on the list of addresses webhooks may reach." }
            if !allows(literal) { return "\(host) is not a public address; webhooks go to public addresses only." }
        case .name:
            guard allowsHost(host) else { return "\(host) is not on the list of addresses webhooks may reach." }
            if !namesExplicitly(host)
                && (!host.contains(".") || host == "localhost" || Self.internalSuffixes.contains(where: host.hasSuffix))
            {
                return "\(host) is a local or internal name; webhooks go to public addresses only."
            }
        }
        return nil
    }

    public func allowsHost(_ host: String) -> Bool {
        hosts.contains { pattern in
            pattern == "*" || pattern == host || (pattern.hasPrefix("*.") && host.hasSuffix(pattern.dropFirst(1)))
        }
    }

    /// Whether the operator's list names `host` itself or its domain (not merely `*`).
    func namesExplicitly(_ host: String) -> Bool {
        hosts.contains { $0 != "*" && ($0 == host || ($0.hasPrefix("*.") && host.hasSuffix($0.dropFirst(1)))) }
    }

    /// Whether a resolved address may be called: a public one, or one inside a configured network.
    public func allows(_ address: IPAddress) -> Bool {
        if networks.contains(where: { IPNetwork($0)?.contains(address) == true }) { return true }
        return address.isPublic
    }
}

/// How a URL's host reads, judged the way a resolver would take it: `2130706433`, `0x7f000001`,
/// `127.1` and `0177.0.0.1` are all IPv4 addresses to the C library, so a host whose last label is
/// a number is an address, and only the usual dotted form is accepted.
enum HostForm: Equatable {
    case name
    case address(IPAddress)
    /// A number a resolver would read as an IPv4 address, written some other way.
    case unusualNumber
    case unreadable

    init(_ host: String) {
        if host.contains(":") || host.hasPrefix("[") {
            // No zone identifiers (`%25eth0`) and nothing but an IPv6 address between the brackets.
            let inner = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            if let literal = IPAddress(inner), literal.bytes.count == 16, !inner.contains("%") {
                self = .address(literal)
            } else {
                self = .unreadable
            }
            return
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard host.count <= 253, host.allSatisfy({ allowed.contains($0) }) else {
            self = .unreadable
            return
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else {
            self = .unreadable
            return
        }
        let last = labels[labels.count - 1]
        let numeric = last.allSatisfy(\.isNumber) || (last.hasPrefix("0x") && last.dropFirst(2).allSatisfy(\.isHexDigit))
        guard numeric else {
            self = .name
            return
        }
        // The dotted form: four decimal numbers 0–255 without leading zeros.
        let dotted =
            labels.count == 4
            && labels.allSatisfy { label in
                label.allSatisfy(\.isNumber) && label.count <= 3 && (label == "0" || !label.hasPrefix("0"))
                    && Int(label).map { $0 <= 255 } == true
            }
        if dotted, let literal = IPAddress(host) {
            self = .address(literal)
        } else {
            self = .unusualNumber
        }
    }
}

/// An IPv4 or IPv6 address, as bytes.
public struct IPAddress: Sendable, Equatable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var description: String { bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : "IPv6" }

    /// The address as written for a connection: `203.0.113.7` or `2001:db8::7`.
    public var text: String {
        var buffer = [CChar](repeating: 0, count: 64)
        var raw = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        guard inet_ntop(family, &raw, &buffer, socklen_t(buffer.count)) != nil else { return description }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the address is on the public internet. IPv4: not this-network, private, loopback,
    /// link-local, shared (CGNAT), protocol-assignment, documentation (TEST-NET-1/2/3), relay,
    /// benchmarking, multicast or reserved. IPv6: global unicast (2000::/3) only, without the
    /// documentation, Teredo and other IETF blocks; an address that carries an IPv4 address
    /// (IPv4-mapped, NAT64 well-known prefix, 6to4) is judged as that IPv4 address, and the
    /// IPv4-compatible, site-local, unique-local, link-local and multicast ranges are all internal.
    public var isPublic: Bool {
        if bytes.count == 16 { return isPublicIPv6 }
        guard bytes.count == 4 else { return false }
        let (a, b, c) = (bytes[0], bytes[1], bytes[2])
        switch a {
        case 0, 10, 127: return false
        case 100 where b & 0xC0 == 64: return false  // 100.64.0.0/10 shared
        case 169 where b == 254: return false  // link-local
        case 172 where b & 0xF0 == 16: return false
        case 192 where b == 168: return false
        case 192 where b == 0 && (c == 0 || c == 2): return false  // protocol assignments, TEST-NET-1
        case 192 where b == 88 && c == 99: return false  // 6to4 relay anycast
        case 198 where b & 0xFE == 18: return false  // benchmarking
        case 198 where b == 51 && c == 100: return false  // TEST-NET-2
        case 203 where b == 0 && c == 113: return false  // TEST-NET-3
        case 224...255: return false  // multicast, reserved, broadcast
        default: return true
        }
    }

    private var isPublicIPv6: Bool {
        func embedded(_ range: Range<Int>) -> Bool { IPAddress(bytes: Array(bytes[range])).isPublic }
        func starts(_ prefix: [UInt8]) -> Bool { bytes.starts(with: prefix) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return embedded(12..<16) }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return false }  // ::, ::1 and IPv4-compatible
        if starts([0x00, 0x64, 0xFF, 0x9B]) {
            // NAT64: the well-known prefix carries an IPv4 address; the local-use one is internal.
            return bytes[4..<12].allSatisfy({ $0 == 0 }) ? embedded(12..<16) : false
        }
        guard bytes[0] & 0xE0 == 0x20 else { return false }  // only 2000::/3 is global unicast
        if starts([0x20, 0x02]) { return embedded(2..<6) }  // 6to4
        if starts([0x20, 0x01, 0x0D, 0xB8]) { return false }  // documentation
        if starts([0x3F, 0xFF]) && bytes[2] & 0xF0 == 0 { return false }  // documentation 3fff::/20
        if starts([0x20, 0x01]) && bytes[2] & 0xFE == 0 { return false }  // 2001::/23: Teredo and IETF blocks
        return true
    }
}

/// A network in CIDR form, such as `127.0.0.0/8` or `fd00::/8`.
public struct IPNetwork: Sendable, Equatable {
    public var address: IPAddress
    public var prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let prefix = Int(parts[1]),
            (0...(address.bytes.count * 8)).contains(prefix)
        else { return nil }
        self.address = address
        self.prefix = prefix
    }

    public func contains(_ other: IPAddress) -> Bool {
        guard other.bytes.count == address.bytes.count else { return false }
        var left = prefix
        for (mine, theirs) in zip(address.bytes, other.bytes) where left > 0 {
            let bits = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if mine & mask != theirs & mask { return false }
            left -= bits
        }
        return true
    }
}
