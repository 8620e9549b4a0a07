import Foundation

/// Whether the audited action went ahead.
public enum AuditOutcome: String, Codable, Sendable, CaseIterable {
    case allowed
    case denied
    case failed
}

/// What is about to be recorded: who did what to which record, from where. The store gives it a
/// place in the chain.
public struct AuditEntry: Sendable, Equatable {
    public var occurredAt: Date
    public var actorUserID: UserID?
    public var actorOrganizationID: OrganizationID?
    /// A stable verb such as `users.create`, `sign_in.failed` or `users.list` (``AuditAction/name``).
    public var action: String
    public var outcome: AuditOutcome
    /// The kind of record touched (`user`, `organization`, ...).
    public var recordType: String
    public var recordID: String?
    /// The organization whose data it was, so an agency can see its own part of the trail.
    public var targetOrganizationID: OrganizationID?
    /// The client's network address.
    public var address: String?
    public var requestID: String?
    /// A short, non-personal detail (a reason for a denial, the fields changed); never names,
    /// dates of birth or free text about a person.
    public var detail: String?

    /// An entry for an act named by its ``AuditAction`` on a record of ``AuditRecordType``.
    public init(
        occurredAt: Date, actorUserID: UserID?, actorOrganizationID: OrganizationID?, action: AuditAction,
        outcome: AuditOutcome = .allowed, recordType: AuditRecordType, recordID: String? = nil,
        targetOrganizationID: OrganizationID? = nil, address: String? = nil, requestID: String? = nil,
        detail: String? = nil
    ) {
        self.init(
            occurredAt: occurredAt, actorUserID: actorUserID, actorOrganizationID: actorOrganizationID, action: action.name,
            outcome: outcome, recordType: recordType.rawValue, recordID: recordID, targetOrganizationID: targetOrganizationID,
            address: address, requestID: requestID, detail: detail)
    }

    /// An entry as the trail stores it, its verb and record type as text: for reading stored rows
    /// back (and for tests), never for recording a new act.
    package init(
        occurredAt: Date, actorUserID: UserID?, actorOrganizationID: OrganizationID?, action: String,
        outcome: AuditOutcome = .allowed, recordType: String, recordID: String? = nil,
        targetOrganizationID: OrganizationID? = nil, address: String? = nil, requestID: String? = nil,
        detail: String? = nil
    ) {
        self.occurredAt = Timestamp.truncated(occurredAt)
        self.actorUserID = actorUserID
        self.actorOrganizationID = actorOrganizationID
        self.action = action
        self.outcome = outcome
        self.recordType = recordType
        self.recordID = recordID
        self.targetOrganizationID = targetOrganizationID
        self.address = address
        self.requestID = requestID
        self.detail = detail
    }
}

/// A recorded audit event: an entry with its place in the chain.
public struct AuditEvent: Sendable, Equatable, Identifiable {
    /// Position in the chain, from 1, without gaps.
    public var sequence: Int64
    public var entry: AuditEntry
    /// The hash of the event before this one (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 of `previousHash` and this event's canonical text.
    public var hash: String

    public var id: Int64 { sequence }

    public init(sequence: Int64, entry: AuditEntry, previousHash: String, hash: String) {
        self.sequence = sequence
        self.entry = entry
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The hash chain over the audit trail. Each event's hash covers the previous event's hash, so
/// editing or deleting any row breaks every link after it.
public enum AuditChain {
    /// The previous hash of the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The canonical text of an event: every field in a fixed order, each escaped so that no field
    /// can imitate a separator.
    public static func canonicalText(sequence: Int64, entry: AuditEntry) -> String {
        let fields: [String?] = [
            String(sequence), Timestamp.format(entry.occurredAt), entry.actorUserID?.rawValue,
            entry.actorOrganizationID?.rawValue, entry.action, entry.outcome.rawValue, entry.recordType,
            entry.recordID, entry.targetOrganizationID?.rawValue, entry.address, entry.requestID, entry.detail,
        ]
        return fields.map { field in
            guard let field else { return "~" }
            // Backslash becomes two backslashes, then a bar gets a backslash before it.
            guard field.utf8.contains(where: { $0 == 0x5C || $0 == 0x7C }) else { return "'" + field }
            var escaped: [UInt8] = [0x27]
            for byte in field.utf8 {
                if byte == 0x5C || byte == 0x7C { escaped.append(0x5C) }
                escaped.append(byte)
            }
            return String(decoding: escaped, as: UTF8.self)
        }.joined(separator: "|")
    }

    /// The hash of an event at `sequence` following `previousHash`.
    public static func hash(sequence: Int64, entry: AuditEntry, previousHash: String) -> String {
        SHA256Digest.hex(previousHash + "\n" + canonicalText(sequence: sequence, entry: entry))
    }

    /// The event that `entry` becomes when appended after `last` (nil for an empty trail).
    public static func append(_ entry: AuditEntry, after last: (sequence: Int64, hash: String)?) -> AuditEvent {
        let sequence = (last?.sequence ?? 0) + 1
        let previous = last?.hash ?? genesisHash
        return AuditEvent(
            sequence: sequence, entry: entry, previousHash: previous,
            hash: hash(sequence: sequence, entry: entry, previousHash: previous)
        )
    }

    /// A broken link: the first event that does not follow from the one before it.
    public struct Break: Sendable, Equatable, CustomStringConvertible {
        public var sequence: Int64
        public var reason: String
        public var description: String { "audit event \(sequence): \(reason)" }
    }

    /// Checks the chain one batch at a time. Feed events in sequence order; the first break wins.
    public struct Verifier: Sendable {
        private var last: (sequence: Int64, hash: String)?
        public private(set) var checked: Int64 = 0
        public private(set) var firstBreak: Break?

        public init() {}

        /// Checks the next events of the trail.
        public mutating func check(_ events: [AuditEvent]) {
            for event in events where firstBreak == nil {
                let expectedSequence = (last?.sequence ?? 0) + 1
                let expectedPrevious = last?.hash ?? AuditChain.genesisHash
                if event.sequence != expectedSequence {
                    firstBreak = Break(sequence: event.sequence, reason: "expected event \(expectedSequence) here; events are missing")
                } else if event.previousHash != expectedPrevious {
                    firstBreak = Break(
                        sequence: event.sequence, reason: "does not link to the event before it (that event was changed or removed)")
                } else if event.hash != AuditChain.hash(sequence: event.sequence, entry: event.entry, previousHash: event.previousHash) {
                    firstBreak = Break(sequence: event.sequence, reason: "its contents do not match its hash (the event was changed)")
                }
                last = (event.sequence, event.hash)
                checked += 1
            }
        }
    }
}
