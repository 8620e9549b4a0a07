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
/// internal one, so that a webhook cannot be aimed at the clearinghouse's own network.
public struct OutboundAddressPolicy: Sendable, Equatable {
    public var hosts: [String]
    public var networks: [String]

    public init(hosts: [String] = ["*"], networks: [String] = []) {
        self.hosts = hosts
        self.networks = networks
    }

    /// Reads the configured list: host patterns and networks (anything with a `/`), comma-separated.
    public static func parse(_ text: String) -> OutboundAddressPolicy {
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        return OutboundAddressPolicy(hosts: entries.filter { !$0.contains("/") }, networks: entries.filter { $0.contains("/") })
    }

    /// Why `url` may not receive webhooks, or nil when it may (its addresses are checked again
    /// when it is called).
    public func problem(with url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = components.host?.lowercased(), !host.isEmpty
        else { return "Enter an http or https address, such as https://cad.example.org/homeward." }
        guard components.user == nil, components.password == nil else { return "Leave credentials out of the address." }
        guard allowsHost(host) else { return "\(host) is not on the list of addresses webhooks may reach." }
        if let literal = IPAddress(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))), !allows(literal) {
            return "\(host) is an internal address; webhooks go to public addresses only."
        }
        return nil
    }

    public func allowsHost(_ host: String) -> Bool {
        hosts.contains { pattern in
            pattern == "*" || pattern == host || (pattern.hasPrefix("*.") && host.hasSuffix(pattern.dropFirst(1)))
        }
    }

    /// Whether a resolved address may be called: a public one, or one inside a configured network.
    public func allows(_ address: IPAddress) -> Bool {
        if networks.contains(where: { IPNetwork($0)?.contains(address) == true }) { return true }
        return address.isPublic
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

    /// Not loopback, private, link-local, shared (CGNAT), multicast, reserved or unspecified; an
    /// IPv4-mapped IPv6 address is judged as its IPv4 address.
    public var isPublic: Bool {
        if bytes.count == 16 {
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
                return IPAddress(bytes: Array(bytes[12...])).isPublic
            }
            if bytes.allSatisfy({ $0 == 0 }) || (bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1) { return false }
            if bytes[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
            if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
            if bytes[0] == 0xFF { return false }  // multicast
            return true
        }
        let (a, b) = (bytes[0], bytes[1])
        switch a {
        case 0, 10, 127: return false
        case 100 where b & 0xC0 == 64: return false  // 100.64.0.0/10
        case 169 where b == 254: return false
        case 172 where b & 0xF0 == 16: return false
        case 192 where b == 168: return false
        case 192 where b == 0 && bytes[2] == 0: return false
        case 198 where b & 0xFE == 18: return false
        case 224...255: return false
        default: return true
        }
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
