import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    // MARK: Webhook endpoints

    public func webhookEndpoints(of organization: OrganizationID) async throws -> [WebhookEndpoint] {
        try await engine.read { db in
            try await db.raw(
                "SELECT * FROM webhook_endpoints WHERE organization_id = \(bind: organization.rawValue) ORDER BY created_at, id"
            ).all().map(self.endpoint(from:))
        }
    }

    public func webhookEndpoint(_ id: WebhookEndpointID) async throws -> WebhookEndpoint? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM webhook_endpoints WHERE id = \(bind: id.rawValue)").first().map(self.endpoint(from:))
        }
    }

    public func saveWebhookEndpoint(_ endpoint: WebhookEndpoint, audit: AuditEntry) async throws {
        let types = endpoint.eventTypes.map(\.rawValue).sorted().joined(separator: ",")
        let secrets = endpoint.secrets.map(\.text).joined(separator: " ")
        try await audited(audit) { db in
            try await db.raw(
                """
                INSERT INTO webhook_endpoints (id, organization_id, url, event_types, secrets, active, disabled_reason, created_at)
                VALUES (\(bind: endpoint.id.rawValue), \(bind: endpoint.organizationID.rawValue), \(bind: endpoint.url), \(bind: types),
                    \(bind: self.sealed(secrets, "webhook_endpoints.secrets")), \(bind: endpoint.active), \(bind: endpoint.disabledReason), \(bind: stored(endpoint.createdAt)))
                ON CONFLICT (id) DO UPDATE SET url = excluded.url, event_types = excluded.event_types, secrets = excluded.secrets,
                    active = excluded.active, disabled_reason = excluded.disabled_reason
                """
            ).run()
        }
    }

    func endpoint(from row: any SQLRow) throws -> WebhookEndpoint {
        let secrets = try opened(try row.string("secrets"), "webhook_endpoints.secrets").split(separator: " ").compactMap {
            StandardWebhooks.Secret(String($0))
        }
        return WebhookEndpoint(
            id: WebhookEndpointID(try row.string("id")), organizationID: OrganizationID(try row.string("organization_id")),
            url: try row.string("url"),
            eventTypes: Set(try row.string("event_types").split(separator: ",").compactMap { EventType(rawValue: String($0)) }),
            secrets: secrets, active: try row.bool("active"), disabledReason: try row.optionalString("disabled_reason"),
            createdAt: try row.date("created_at"))
    }

    // MARK: The outbox

    public func enqueue(_ messages: [OutboxMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await engine.write { db in try await Self.insertOutbox(messages, in: db) }
    }

    static func insertOutbox(_ messages: [OutboxMessage], in db: any SQLDatabase) async throws {
        for m in messages {
            try await db.raw(
                """
                INSERT INTO outbox (id, event_id, event_type, organization_id, channel, recipient_id, endpoint_id, subject, text, payload,
                    state, attempts, next_attempt_at, created_at, delivered_at, last_status, last_error)
                VALUES (\(bind: m.id), \(bind: m.eventID), \(bind: m.eventType.rawValue), \(bind: m.organizationID.rawValue),
                    \(bind: m.channel.rawValue), \(bind: m.recipient?.rawValue), \(bind: m.endpointID?.rawValue), \(bind: m.subject),
                    \(bind: m.text), \(bind: String(decoding: m.payload, as: UTF8.self)), \(bind: m.state.rawValue), \(bind: m.attempts),
                    \(bind: stored(m.nextAttemptAt)), \(bind: stored(m.createdAt)), \(bind: stored(m.deliveredAt)), \(bind: m.lastStatus),
                    \(bind: m.lastError))
                """
            ).run()
        }
    }

    public func claimDueMessages(owner: String, now: Date, lease: TimeInterval, limit: Int) async throws -> [OutboxMessage] {
        let due = SweepQuery.outboxDue(at: now, limit: limit, lock: engine.kind == .postgres)
        return try await engine.write { db in
            try await db.raw(
                """
                UPDATE outbox SET lease_owner = \(bind: owner), lease_until = \(bind: stored(now + lease))
                WHERE id IN (\(due))
                RETURNING *
                """
            ).all().map(Self.outboxMessage(from:)).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
        }
    }

    public func recordAttempt(
        _ attempt: DeliveryAttempt, message m: OutboxMessage, owner: String, disabling endpoint: WebhookEndpointID?
    ) async throws {
        try await engine.write { db in
            let held = try await db.raw(
                """
                UPDATE outbox SET state = \(bind: m.state.rawValue), attempts = \(bind: m.attempts),
                    next_attempt_at = \(bind: stored(m.nextAttemptAt)), delivered_at = \(bind: stored(m.deliveredAt)),
                    last_status = \(bind: m.lastStatus), last_error = \(bind: m.lastError), lease_owner = NULL, lease_until = NULL
                WHERE id = \(bind: m.id) AND lease_owner = \(bind: owner)
                RETURNING id
                """
            ).all()
            guard !held.isEmpty else { throw HomewardError.conflict("Another worker holds this message now.") }
            try await db.raw(
                """
                INSERT INTO delivery_attempts (message_id, number, attempted_at, outcome, status, error)
                VALUES (\(bind: attempt.messageID), \(bind: attempt.number), \(bind: stored(attempt.at)), \(bind: attempt.outcome),
                    \(bind: attempt.status), \(bind: attempt.error))
                """
            ).run()
            if let endpoint {
                try await db.raw(
                    """
                    UPDATE webhook_endpoints SET active = \(bind: false),
                        disabled_reason = \(bind: "The endpoint answered 410 Gone at \(Timestamp.formatSeconds(attempt.at)).")
                    WHERE id = \(bind: endpoint.rawValue)
                    """
                ).run()
                // What was still waiting for it goes to the dead letters with it.
                try await db.raw(
                    """
                    UPDATE outbox SET state = 'dead', last_error = 'The endpoint is disabled.'
                    WHERE endpoint_id = \(bind: endpoint.rawValue) AND state = 'pending'
                    """
                ).run()
            }
        }
    }

    public func outboxMessage(_ id: String) async throws -> OutboxMessage? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM outbox WHERE id = \(bind: id)").first().map(Self.outboxMessage(from:))
        }
    }

    public func outboxMessages(state: OutboxState?, organization: OrganizationID?, limit: Int) async throws -> [OutboxMessage] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM outbox
                WHERE (\(bind: organization?.rawValue ?? "") = '' OR organization_id = \(bind: organization?.rawValue ?? ""))
                \(unsafeRaw: state.map { "AND state = '\($0.rawValue)'" } ?? "")
                ORDER BY created_at DESC, id LIMIT \(bind: max(1, min(limit, 500)))
                """
            ).all().map(Self.outboxMessage(from:))
        }
    }

    public func deliveryAttempts(of message: String) async throws -> [DeliveryAttempt] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM delivery_attempts WHERE message_id = \(bind: message) ORDER BY number").all().map { row in
                DeliveryAttempt(
                    messageID: try row.string("message_id"), number: try row.int("number"), at: try row.date("attempted_at"),
                    outcome: try row.string("outcome"), status: try row.optionalInt("status"), error: try row.optionalString("error"))
            }
        }
    }

    public func replay(_ id: String, at instant: Date, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            let changed = try await db.raw(
                """
                UPDATE outbox SET state = 'pending', next_attempt_at = \(bind: stored(instant)), lease_owner = NULL, lease_until = NULL
                WHERE id = \(bind: id) AND state = 'dead'
                RETURNING id
                """
            ).all()
            guard !changed.isEmpty else { throw HomewardError.conflict("Only a message in the dead letters is replayed.") }
        }
    }

    static func outboxMessage(from row: any SQLRow) throws -> OutboxMessage {
        guard let type = EventType(rawValue: try row.string("event_type")),
            let channel = DeliveryChannel(rawValue: try row.string("channel")),
            let state = OutboxState(rawValue: try row.string("state"))
        else { throw StoreError.corruptRow("outbox \(try row.string("id"))") }
        return OutboxMessage(
            id: try row.string("id"), eventID: try row.string("event_id"), eventType: type,
            organizationID: OrganizationID(try row.string("organization_id")), channel: channel,
            recipient: try row.optionalString("recipient_id").map(UserID.init(rawValue:)),
            endpointID: try row.optionalString("endpoint_id").map(WebhookEndpointID.init(rawValue:)), subject: try row.string("subject"),
            text: try row.string("text"), payload: Data(try row.string("payload").utf8), state: state, attempts: try row.int("attempts"),
            nextAttemptAt: try row.date("next_attempt_at"), createdAt: try row.date("created_at"),
            deliveredAt: try row.optionalDate("delivered_at"), lastStatus: try row.optionalInt("last_status"),
            lastError: try row.optionalString("last_error"))
    }

    // MARK: Preferences

    public func notificationPreferences(of user: UserID) async throws -> NotificationPreferences {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM notification_preferences WHERE user_id = \(bind: user.rawValue)").first()
            else { return NotificationPreferences() }
            return NotificationPreferences(
                emailOff: Set(try row.string("email_off").split(separator: ",").compactMap { EventType(rawValue: String($0)) }),
                tipDigest: try row.bool("tip_digest"))
        }
    }

    public func setNotificationPreferences(_ preferences: NotificationPreferences, of user: UserID, audit: AuditEntry) async throws {
        let off = preferences.emailOff.map(\.rawValue).sorted().joined(separator: ",")
        try await audited(audit) { db in
            try await db.raw(
                """
                INSERT INTO notification_preferences (user_id, email_off, tip_digest)
                VALUES (\(bind: user.rawValue), \(bind: off), \(bind: preferences.tipDigest))
                ON CONFLICT (user_id) DO UPDATE SET email_off = excluded.email_off, tip_digest = excluded.tip_digest
                """
            ).run()
        }
    }
}
