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
        var choicesHref: String
        var nextHref: String?
        var firstHref: String?
    }

    struct Choice: Sendable {
        var value: String
        var label: String
        var checked: Bool
        /// A legal clock: always e-mailed, shown checked and fixed.
        var fixed: Bool
    }

    struct ChoicesModel: Sendable {
        var layout: LayoutModel
        var action: String
        var choices: [Choice]
        var tipDigest: Bool
        var emailOn: Bool
        var notice: String?
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(.get, Routes.notifications, allowing: .viewHome, .page, scope: .none, summary: "My notifications", handler: show),
            Endpoint(
                .post, Routes.markNotificationRead, allowing: .viewHome, .page, scope: .none,
                summary: "Mark a notification read",
                handler: markRead),
            Endpoint(
                .get, Routes.notificationChoices, allowing: .chooseNotifications, .page, scope: .none,
                summary: "Which messages reach me by e-mail", handler: choices),
            Endpoint(
                .post, Routes.notificationChoices, allowing: .chooseNotifications, .page, scope: .none,
                summary: "Choose which messages reach me by e-mail", handler: choose),
        ]
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let zone = context.local
        let after = Paging.after(request)
        let size = ListChoice.pageSize
        let page = PageOf(
            try await services.store.inbox(of: context.user.id, after: after, limit: size + 1), size: size,
            cursor: { PageCursor(at: $0.createdAt, id: $0.id) })
        let links = Paging.links(Routes.notifications.path, [:], next: page.next, onFirstPage: after == nil)
        let rows = page.rows.map { n in
            Row(
                id: n.id, title: n.title, body: n.body, when: zone.format(n.createdAt), unread: n.readAt == nil,
                caseHref: n.threshold.hasPrefix("tip")
                    ? Routes.tips.path
                    : n.threshold.hasPrefix("application_")
                        ? Routes.readiness(n.organizationID)
                        : n.episodeID.map { Routes.episode($0) } ?? n.qaReviewID.map { Routes.qaReview($0) }
                            ?? n.policeCaseID.map { Routes.policeCase($0) } ?? Routes.notifications.path,
                readAction: Routes.markNotificationRead(n.id))
        }
        return try services.views.page(
            "notifications",
            Model(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.notifications"),
                    current: Routes.notifications.path), rows: rows,
                choicesHref: Routes.notificationChoices.path, nextHref: links.next, firstHref: links.first))
    }

    @Sendable static func choices(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let preferences = try await services.store.notificationPreferences(of: context.user.id)
        return try services.views.page(
            "notification-choices",
            ChoicesModel(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.eMailChoices"),
                    current: Routes.notifications.path),
                action: Routes.notificationChoices.path,
                choices: EventType.allCases.map {
                    Choice(
                        value: $0.rawValue, label: $0.title, checked: $0.isLegalClock || !preferences.emailOff.contains($0),
                        fixed: $0.isLegalClock)
                }, tipDigest: preferences.tipDigest, emailOn: services.configuration.mailRelay != nil,
                notice: request.uri.queryParameters.get("done") == "saved" ? StaffText.text("staff.notification.saved") : nil))
    }

    @Sendable static func choose(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.form(limit: services.configuration.maxBodyBytes)
        let preferences = try NotificationPreferences.choosing(emailed: form.values("email"), tipDigest: form["tipDigest"] == "on")
        try await services.store.setNotificationPreferences(
            preferences, of: context.user.id,
            audit: services.auditEntry(
                context, action: .notificationsChoose, recordType: .user, recordID: context.user.id.rawValue,
                organization: context.organization.id))
        return .redirect(to: Routes.notificationChoices.path + "?done=saved", type: .normal)
    }

    @Sendable static func markRead(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        // Only the recipient's own rows change; another person's id simply matches nothing.
        try await services.store.markRead(
            context.parameters.get(.notification) ?? "", by: context.user.id, at: services.clock.now())
        return .redirect(to: Routes.notifications.path, type: .normal)
    }
}
