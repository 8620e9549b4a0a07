import Foundation
import HomewardCore
import Hummingbird

/// The caller's notifications, for systems that show them elsewhere.
enum NotificationAPI {
    struct NotificationJSON: Codable, Sendable, APISchema {
        static let schemaName = "Notification"
        static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["createdAt": .dateTime, "readAt": .dateTime]) }

        var id: String
        /// The case and clock, for a clock's escalation.
        var episodeId: String?
        var clock: String?
        /// The review, for an overdue QA review.
        var qaReviewId: String?
        var threshold: String
        var title: String
        var body: String
        var createdAt: String
        var readAt: String?
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.apiNotifications, allowing: .viewHome, .api, scope: .none,
                summary: "The caller's notifications, newest first",
                handler: list)
        ]
    }

    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var errors = FieldErrors()
        let after = Paging.cursor(request, errors: &errors)
        try errors.throwIfAny()
        let page = PageOf(
            try await services.store.inbox(of: context.user.id, after: after, limit: 101), size: 100,
            cursor: { PageCursor(at: $0.createdAt, id: $0.id) })
        let items = page.rows.map {
            NotificationJSON(
                id: $0.id, episodeId: $0.episodeID?.rawValue, clock: $0.clockKind?.rawValue, qaReviewId: $0.qaReviewID?.rawValue,
                threshold: $0.threshold, title: $0.title,
                body: $0.body,
                createdAt: Timestamp.format($0.createdAt), readAt: $0.readAt.map(Timestamp.format))
        }
        return try APIResponse.json(APIResponse.Page(items, next: page.next))
    }
}
