import Foundation
import HomewardCore
import Hummingbird

/// A person's inbox: escalations of the clocks they answer for.
enum NotificationPages {
    struct Row: Sendable {
        var id: String
        var title: String
        var body: String
        var when: String
        var unread: Bool
        var caseHref: String
        var readAction: String
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var rows: [Row]
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.notifications, allowing: .viewHome, .page, scope: .none, summary: "My notifications", handler: show),
            Endpoint(
                .post, Routes.markNotificationRead, allowing: .viewHome, .page, scope: .none,
                summary: "Mark a notification read",
                handler: markRead),
        ]
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let zone = context.local
        let rows = try await services.store.inbox(of: context.user.id, limit: 200).map { n in
            Row(
                id: n.id, title: n.title, body: n.body, when: zone.format(n.createdAt), unread: n.readAt == nil,
                caseHref: n.episodeID.map { Routes.episode($0) } ?? n.qaReviewID.map { Routes.qaReview($0) } ?? Routes.notifications.path,
                readAction: Routes.markNotificationRead(n.id))
        }
        return try services.views.page(
            "notifications",
            Model(
                layout: .init(context: context, services: services, title: "Notifications", current: Routes.notifications.path), rows: rows)
        )
    }

    @Sendable static func markRead(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        // Only the recipient's own rows change; another person's id simply matches nothing.
        try await services.store.markRead(
            context.parameters.get("notification") ?? "", by: context.user.id, at: services.clock.now())
        return .redirect(to: Routes.notifications.path, type: .normal)
    }
}
