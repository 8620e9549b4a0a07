import Foundation
import HomewardCore
import Hummingbird

/// The clearinghouse's review of posters: the versions waiting for a second person's approval, and
/// the live posters that the screen in force (a newer lexicon, a fact added to the case since)
/// marks. A live poster stays live; what is listed is for a person to look at.
enum PosterReviewPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.posterReview, allowing: .managePoster, .page, scope: .none,
                summary: "Posters waiting for approval, and live posters the screen marks", handler: page)
        ]
    }

    /// The most live posters screened again on one view.
    static let rescreenLimit = 500

    struct Row: Sendable {
        var href: String
        var child: String
        var detail: String
        var findings: [String]
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var waiting: [Row]
        var marked: [Row]
        var screened: Int
    }

    @Sendable static func page(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let local = context.local
        var waiting: [Row] = []
        for poster in try await services.store.postersAwaitingApproval(limit: 200) {
            guard let request = poster.pendingApproval, let record = try await services.store.episodeRecord(poster.episodeID) else {
                continue
            }
            let author = try await services.store.user(request.requestedBy)?.name ?? request.requestedBy.rawValue
            waiting.append(
                Row(
                    href: Routes.poster(poster.episodeID), child: record.child.fullName,
                    detail: StaffText.text("staff.poster.requestedBy", ["name": author, "time": local.format(request.requestedAt)]),
                    findings: request.highlights.map(\.sentence)))
        }
        var marked: [Row] = []
        var screened = 0
        var cursor: PageCursor?
        while screened < rescreenLimit {
            let page = try await services.store.publishedPosters(state: nil, after: cursor, limit: 100)
            for poster in page {
                guard let live = poster.published, let record = try await services.store.episodeRecord(poster.episodeID) else { continue }
                screened += 1
                let posterCase = try await PosterLoads.posterCase(record, zone: context.zone, services: services)
                let findings = posterCase.rescreen(live)
                if !findings.isEmpty {
                    marked.append(
                        Row(
                            href: Routes.poster(poster.episodeID), child: record.child.fullName,
                            detail: StaffText.text("staff.posterReview.publishedAt", ["time": local.format(live.publishedAt)]),
                            findings: findings.map { $0.fragment.isEmpty ? $0.reason : $0.sentence }))
                }
            }
            guard page.count == 100, let last = page.last else { break }
            cursor = PageCursor(at: last.publishedAt ?? last.createdAt, id: last.slug)
        }
        return try services.views.page(
            "poster-review",
            Model(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.posterReview"),
                    current: Routes.posterReview.path),
                waiting: waiting, marked: marked, screened: screened))
    }
}
