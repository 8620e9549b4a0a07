import Foundation
import HomewardCore
import Hummingbird

extension WebhookPages {
    struct WebhookJSON: Codable, Sendable, APISchema {
        static let schemaName = "WebhookEndpoint"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "eventTypes": .described("The event types sent to it; empty for every event."), "createdAt": .dateTime,
                    "secret": .described("whsec_… — in the answer that creates or rotates it only. Verify deliveries with it."),
                ])
        }

        var id: String
        var url: String
        var eventTypes: [String]
        var active: Bool
        var disabledReason: String?
        var createdAt: String
        var secret: String?

        init(_ endpoint: WebhookEndpoint, secret: StandardWebhooks.Secret? = nil) {
            id = endpoint.id.rawValue
            url = endpoint.url
            eventTypes = endpoint.eventTypes.map(\.rawValue).sorted()
            active = endpoint.active
            disabledReason = endpoint.disabledReason
            createdAt = Timestamp.format(endpoint.createdAt)
            self.secret = secret?.text
        }
    }

    struct NewWebhookJSON: Codable, Sendable, APISchema {
        static let schemaName = "NewWebhookEndpoint"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["eventTypes": .described("Event types such as clock.breach; none or empty for every event.")])
        }

        var url: String
        var eventTypes: [String]?
    }

    struct DeliveryJSON: Codable, Sendable, APISchema {
        static let schemaName = "Delivery"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "state": .values(of: OutboxState.self), "channel": .values(of: DeliveryChannel.self),
                    "eventId": .described("The webhook-id of every attempt."), "createdAt": .dateTime, "nextAttemptAt": .dateTime,
                    "deliveredAt": .dateTime,
                ])
        }

        var id: String
        var eventId: String
        var type: String
        var channel: String
        var endpointId: String?
        var recipientId: String?
        var state: String
        var attempts: Int
        var nextAttemptAt: String
        var createdAt: String
        var deliveredAt: String?
        var lastStatus: Int?
        var lastError: String?

        init(_ message: OutboxMessage) {
            id = message.id
            eventId = message.eventID
            type = message.eventType.rawValue
            channel = message.channel.rawValue
            endpointId = message.endpointID?.rawValue
            recipientId = message.recipient?.rawValue
            state = message.state.rawValue
            attempts = message.attempts
            nextAttemptAt = Timestamp.format(message.nextAttemptAt)
            createdAt = Timestamp.format(message.createdAt)
            deliveredAt = message.deliveredAt.map(Timestamp.format)
            lastStatus = message.lastStatus
            lastError = message.lastError
        }
    }

    @Sendable static func apiList(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        return try APIResponse.json(
            APIResponse.List(items: try await services.store.webhookEndpoints(of: organization.id).map { WebhookJSON($0) }))
    }

    @Sendable static func apiAdd(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(NewWebhookJSON.self, limit: services.configuration.maxBodyBytes)
        let organization = try await organization(context, services)
        let (endpoint, secret) = try await adding(
            url: body.url, eventTypes: body.eventTypes ?? [], to: organization, context: context, services: services)
        return try APIResponse.json(WebhookJSON(endpoint, secret: secret), status: .created)
    }

    @Sendable static func apiRotate(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        let endpoint = try await endpoint(of: organization, context, services)
        let secret = try await rotating(endpoint, context: context, services: services)
        guard let rotated = try await services.store.webhookEndpoint(endpoint.id) else { throw HomewardError.notFound("webhook endpoint") }
        return try APIResponse.json(WebhookJSON(rotated, secret: secret))
    }

    @Sendable static func apiDeliveries(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        let state = try request.uri.queryParameters.get("state").map { text -> OutboxState in
            guard let state = OutboxState(rawValue: String(text)) else {
                throw HomewardError.invalid("state", "Use pending, delivered or dead.")
            }
            return state
        }
        let messages = try await services.store.outboxMessages(state: state, organization: organization.id, limit: 200)
        return try APIResponse.json(APIResponse.List(items: messages.map(DeliveryJSON.init)))
    }

    @Sendable static func apiReplay(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        let id = context.parameters.get(.message) ?? ""
        try await replaying(id, of: organization, context: context, services: services)
        guard let message = try await services.store.outboxMessage(id) else { throw HomewardError.notFound("message") }
        return try APIResponse.json(DeliveryJSON(message))
    }
}

extension OutboxState: SchemaEnumeration {}
extension DeliveryChannel: SchemaEnumeration {}
