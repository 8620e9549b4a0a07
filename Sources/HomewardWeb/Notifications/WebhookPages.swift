import Foundation
import HomewardCore
import Hummingbird

/// An organization's webhook endpoints (added with a secret shown once, rotated, switched off and
/// on) and its outbox: every e-mail and webhook with its state and attempts, the dead letters
/// replayable. Pages for administrators and the same over the API for their systems.
enum WebhookPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.webhooks, allowing: .manageWebhooks, .page, scope: .organization,
                summary: "An organization's webhook endpoints", handler: list),
            Endpoint(
                .post, Routes.webhooks, allowing: .manageWebhooks, .page, scope: .organization, summary: "Add a webhook endpoint",
                handler: add),
            Endpoint(
                .post, Routes.rotateWebhook, allowing: .manageWebhooks, .page, scope: .organization,
                summary: "Give a webhook endpoint a new secret", handler: rotate),
            Endpoint(
                .post, Routes.switchWebhook, allowing: .manageWebhooks, .page, scope: .organization,
                summary: "Switch a webhook endpoint off or on", handler: switchOver),
            Endpoint(
                .get, Routes.deliveries, allowing: .manageDeliveries, .page, scope: .organization,
                summary: "An organization's outbox and dead letters", handler: deliveries),
            Endpoint(
                .post, Routes.replayDelivery, allowing: .manageDeliveries, .page, scope: .organization,
                summary: "Send a dead letter again", handler: replay),
            Endpoint(
                .get, Routes.apiWebhooks, allowing: .manageWebhooks, .api, scope: .organization,
                summary: "An organization's webhook endpoints", handler: apiList),
            Endpoint(
                .post, Routes.apiWebhooks, allowing: .manageWebhooks, .api, scope: .organization,
                summary: "Add a webhook endpoint; its secret is in this answer only", handler: apiAdd),
            Endpoint(
                .post, Routes.apiRotateWebhook, allowing: .manageWebhooks, .api, scope: .organization,
                summary: "Give a webhook endpoint a new secret; the old one signs too until the next rotation", handler: apiRotate),
            Endpoint(
                .get, Routes.apiDeliveries, allowing: .manageDeliveries, .api, scope: .organization,
                summary: "An organization's outbox messages, newest first", handler: apiDeliveries),
            Endpoint(
                .post, Routes.apiReplayDelivery, allowing: .manageDeliveries, .api, scope: .organization,
                summary: "Send a dead letter again", handler: apiReplay),
        ]
    }

    // MARK: Commands shared by the pages and the API

    static func organization(_ context: SignedInContext, _ services: AppServices) async throws -> Organization {
        try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
    }

    /// The endpoint of the path, when it is the organization's.
    static func endpoint(of organization: Organization, _ context: SignedInContext, _ services: AppServices) async throws
        -> WebhookEndpoint
    {
        guard let endpoint = try await services.store.webhookEndpoint(WebhookEndpointID(context.parameters.get(.endpoint) ?? "")),
            endpoint.organizationID == organization.id
        else { throw HomewardError.notFound("webhook endpoint") }
        return endpoint
    }

    static func adding(
        url: String, eventTypes: [String], to organization: Organization, context: SignedInContext, services: AppServices
    ) async throws -> (WebhookEndpoint, StandardWebhooks.Secret) {
        let (endpoint, secret) = try WebhookEndpoint.creating(
            id: WebhookEndpointID(services.ids.next()), organization: organization.id, url: url, eventTypes: eventTypes,
            policy: services.configuration.webhookPolicy, at: services.clock.now())
        try await services.store.saveWebhookEndpoint(
            endpoint,
            audit: services.auditEntry(
                context, action: .webhooksAdd, recordType: .webhookEndpoint, recordID: endpoint.id.rawValue,
                organization: organization.id, detail: endpoint.url))
        return (endpoint, secret)
    }

    static func rotating(_ endpoint: WebhookEndpoint, context: SignedInContext, services: AppServices) async throws
        -> StandardWebhooks.Secret
    {
        let (rotated, secret) = endpoint.rotatingSecret()
        try await services.store.saveWebhookEndpoint(
            rotated,
            audit: services.auditEntry(
                context, action: .webhooksRotate, recordType: .webhookEndpoint, recordID: endpoint.id.rawValue,
                organization: endpoint.organizationID))
        return secret
    }

    static func replaying(_ message: String, of organization: Organization, context: SignedInContext, services: AppServices)
        async throws
    {
        guard let stored = try await services.store.outboxMessage(message), stored.organizationID == organization.id else {
            throw HomewardError.notFound("message")
        }
        try await services.store.replay(
            stored.id, at: services.clock.now(),
            audit: services.auditEntry(
                context, action: .deliveriesReplay, recordType: .outboxMessage, recordID: stored.id, organization: organization.id))
    }

    // MARK: Pages

    struct EndpointRow: Sendable {
        var url: String
        var events: String
        var status: String
        var active: Bool
        var created: String
        var rotateAction: String
        var switchAction: String
    }

    struct EventChoice: Sendable {
        var value: String
        var label: String
        var checked: Bool
    }

    struct ListModel: Sendable {
        var layout: LayoutModel
        var organizationName: String
        var rows: [EndpointRow]
        var action: String
        var url: String
        var urlError: String?
        var events: [EventChoice]
        var newSecret: String?
        var newURL: String?
        var deliveriesHref: String
    }

    static func model(
        _ context: SignedInContext, _ services: AppServices, organization: Organization, typed: (url: String, events: [String]) = ("", []),
        errors: FieldErrors = FieldErrors(), secret: (url: String, text: String)? = nil
    ) async throws -> ListModel {
        let rows = try await services.store.webhookEndpoints(of: organization.id).map { endpoint in
            EndpointRow(
                url: endpoint.url,
                events: endpoint.eventTypes.isEmpty
                    ? StaffText.text("staff.webhook.everyEvent") : endpoint.eventTypes.map(\.rawValue).sorted().joined(separator: ", "),
                status: endpoint.active
                    ? StaffText.text("staff.webhook.active") : "Off" + (endpoint.disabledReason.map { ": \($0)" } ?? ""),
                active: endpoint.active,
                created: context.local.format(endpoint.createdAt), rotateAction: Routes.rotateWebhook(organization.id, endpoint.id),
                switchAction: Routes.switchWebhook(organization.id, endpoint.id))
        }
        return ListModel(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.webhooks", ["name": organization.name]),
                current: Routes.webhooks(organization.id)),
            organizationName: organization.name, rows: rows, action: Routes.webhooks(organization.id), url: typed.url,
            urlError: errors["url"] ?? errors["eventTypes"],
            events: EventType.allCases.map {
                EventChoice(value: $0.rawValue, label: "\($0.title) (\($0.rawValue))", checked: typed.events.contains($0.rawValue))
            },
            newSecret: secret?.text, newURL: secret?.url, deliveriesHref: Routes.deliveries(organization.id))
    }

    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        return try services.views.page("webhooks", try await model(context, services, organization: organization))
    }

    @Sendable static func add(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let organization = try await organization(context, services)
        do {
            let (endpoint, secret) = try await adding(
                url: form["url"], eventTypes: form.values("eventTypes"), to: organization, context: context, services: services)
            // The secret is in this one answer only.
            return try services.views.page(
                "webhooks", try await model(context, services, organization: organization, secret: (endpoint.url, secret.text)),
                status: .created)
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "webhooks",
                try await model(
                    context, services, organization: organization, typed: (form["url"], form.values("eventTypes")), errors: errors),
                status: .unprocessableContent)
        }
    }

    @Sendable static func rotate(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        let endpoint = try await endpoint(of: organization, context, services)
        let secret = try await rotating(endpoint, context: context, services: services)
        return try services.views.page(
            "webhooks", try await model(context, services, organization: organization, secret: (endpoint.url, secret.text)))
    }

    @Sendable static func switchOver(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        var endpoint = try await endpoint(of: organization, context, services)
        endpoint.active.toggle()
        endpoint.disabledReason = endpoint.active ? nil : StaffText.text("staff.webhook.switchedOffByAn")
        try await services.store.saveWebhookEndpoint(
            endpoint,
            audit: services.auditEntry(
                context, action: endpoint.active ? .webhooksEnable : .webhooksDisable, recordType: .webhookEndpoint,
                recordID: endpoint.id.rawValue, organization: organization.id))
        return .redirect(to: Routes.webhooks(organization.id), type: .normal)
    }

    struct DeliveryRow: Sendable {
        var created: String
        var type: String
        var channel: String
        var state: String
        var attempts: Int
        var last: String
        var replayAction: String?
    }

    struct DeliveriesModel: Sendable {
        var layout: LayoutModel
        var organizationName: String
        var rows: [DeliveryRow]
        var filter: FieldView
        var webhooksHref: String
    }

    @Sendable static func deliveries(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        let state = try request.uri.queryParameters.get("state").flatMap { text -> OutboxState? in
            guard !text.isEmpty else { return nil }
            guard let state = OutboxState(rawValue: String(text)) else {
                throw HomewardError.invalid("state", StaffText.text("staff.webhook.usePendingDeliveredOr"))
            }
            return state
        }
        let rows = try await services.store.outboxMessages(state: state, organization: organization.id, limit: 200).map { message in
            DeliveryRow(
                created: context.local.format(message.createdAt), type: message.eventType.rawValue, channel: message.channel.rawValue,
                state: message.state.rawValue, attempts: message.attempts,
                last: [message.lastStatus.map { "\($0)" }, message.lastError].compactMap { $0 }.joined(separator: " · "),
                replayAction: message.state == .dead ? Routes.replayDelivery(organization.id, message.id) : nil)
        }
        return try services.views.page(
            "deliveries",
            DeliveriesModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.deliveries", ["name": organization.name]),
                    current: Routes.deliveries(organization.id)),
                organizationName: organization.name, rows: rows,
                filter: .select(
                    "state", StaffText.text("staff.webhook.show"), state?.rawValue ?? "",
                    options: [
                        ("", StaffText.text("staff.webhook.everyMessage")), ("pending", StaffText.text("staff.webhook.waiting")),
                        ("delivered", StaffText.text("staff.webhook.delivered")), ("dead", StaffText.text("staff.webhook.deadLetters")),
                    ],
                    errors: FieldErrors()),
                webhooksHref: Routes.webhooks(organization.id)))
    }

    @Sendable static func replay(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let organization = try await organization(context, services)
        try await replaying(context.parameters.get(.message) ?? "", of: organization, context: context, services: services)
        return .redirect(to: Routes.deliveries(organization.id) + "?state=pending", type: .normal)
    }
}
