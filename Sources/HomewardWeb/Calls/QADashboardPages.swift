import Foundation
import HomewardCore
import Hummingbird

/// The 911 center's QA dashboard over the last 12 months: reviews on time and overdue, compliance
/// by level, the items most often missed, each telecommunicator's monthly trend (a chart with its
/// numbers in a table beside it), the 2-hour NCIC outcome of the calls and the reviewers'
/// agreement; and the same calls as CSV.
enum QADashboardPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.qaDashboard, allowing: .reviewCalls, .page, scope: .none, summary: "The 911 center's QA dashboard",
                auditedRead: .init(action: .qaDashboardView, recordType: .qaDashboard), handler: show),
            Endpoint(
                .get, Routes.qaDashboardCSV, allowing: .reviewCalls, .page, scope: .none, summary: "The QA dashboard's calls as CSV",
                auditedRead: .init(action: .qaDashboardExport, recordType: .qaDashboard), handler: csv),
        ]
    }

    struct Count: Sendable {
        var label: String
        var count: Int
        var warning: Bool
    }

    struct Missed: Sendable {
        var title: String
        var missed: Int
        var applied: Int
    }

    struct TrendView: Sendable {
        var id: String
        var name: String
        var reviewed: Int
        var chart: String
        var cells: [String]
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var calls: Int
        var onTimePercent: String?
        var reviews: [Count]
        var levels: [Count]
        var missed: [Missed]
        var months: [String]
        var trends: [TrendView]
        var ncic: [Count]
        var calibration: String
        var csvHref: String
    }

    static func dashboard(_ context: SignedInContext, _ services: AppServices) async throws -> (QADashboard, [MissingChildCall], [QAReview])
    {
        let now = services.clock.now()
        let psap = context.organization
        let from = psap.twelveMonths(before: now)
        let calls = try await services.store.callsEnded(in: psap.id, from: from, until: now + 1)
        let reviews = try await services.store.qaReviews(in: psap.id, from: from, until: now + 1)
        let dashboard = QADashboard(
            calls: calls, reviews: reviews, checklists: try await services.store.callChecklists(),
            bands: try await services.store.scoreBands(),
            at: now, zone: psap.zone)
        return (dashboard, calls, reviews)
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (dashboard, _, _) = try await dashboard(context, services)
        let names = try await QAPracticeLoads.peopleNames(of: context.organization.id, services: services)
        let practice = dashboard.practice
        let model = Model(
            layout: .init(
                context: context, services: services, title: StaffText.text("staff.title.qaDashboard"),
                current: Routes.qaDashboard.path),
            calls: practice.calls, onTimePercent: practice.onTimePercent.map { "\($0)%" },
            reviews: [
                Count(
                    label: StaffText.text("staff.qaDashboard.reviewedWithinTheWindowHeading"), count: practice.reviewedOnTime,
                    warning: false),
                Count(
                    label: StaffText.text("staff.qaDashboard.reviewedLate"), count: practice.reviewedLate,
                    warning: practice.reviewedLate > 0),
                Count(label: StaffText.text("staff.qaDashboard.notReviewedInTime"), count: practice.overdue, warning: practice.overdue > 0),
                Count(label: StaffText.text("staff.qaDashboard.stillWithinTheWindow"), count: practice.pending, warning: false),
            ],
            levels: dashboard.levels.map { Count(label: $0.band.title, count: $0.count, warning: false) },
            missed: dashboard.mostMissed.map { Missed(title: $0.title, missed: $0.missed, applied: $0.applied) },
            months: dashboard.months.map { $0.iso.prefix(7).description },
            trends: dashboard.trends.enumerated().map { index, trend in
                TrendView(
                    id: "trend-\(index)", name: names[trend.telecommunicator] ?? "A former telecommunicator", reviewed: trend.reviewed,
                    chart: chart(trend.monthly, labelledBy: "trend-\(index)"), cells: trend.monthly.map { $0.map { "\($0)%" } ?? "–" })
            },
            ncic: [
                Count(label: StaffText.text("staff.qaDashboard.ncicEntrySupportedWithin"), count: dashboard.ncic.onTime, warning: false),
                Count(
                    label: StaffText.text("staff.qaDashboard.supportedAfter2Hours"), count: dashboard.ncic.late,
                    warning: dashboard.ncic.late > 0),
                Count(
                    label: StaffText.text("staff.qaDashboard.notConfirmedOnThe"), count: dashboard.ncic.notConfirmed,
                    warning: dashboard.ncic.notConfirmed > 0),
            ],
            calibration: dashboard.calibrated == 0
                ? StaffText.text("staff.qaDashboard.noCallReviewedTwice")
                : "\(dashboard.calibrated) call\(dashboard.calibrated == 1 ? "" : "s") reviewed twice: the reviewers agreed on "
                    + "\(dashboard.meanAgreement ?? 0)% of items" + (dashboard.meanKappa.map { " (Cohen's kappa \($0))" } ?? "") + ".",
            csvHref: Routes.qaDashboardCSV.path)
        return try services.views.page("qa-dashboard", model)
    }

    @Sendable static func csv(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (_, calls, reviews) = try await dashboard(context, services)
        let names = try await QAPracticeLoads.peopleNames(of: context.organization.id, services: services)
        let today = CivilDate(services.clock.now(), in: context.zone).iso
        return FileResponse.csv(
            QADashboard.csv(calls: calls, reviews: reviews, people: names, at: services.clock.now()),
            fileName: "qa-\(context.organization.code)-\(today).csv")
    }

    /// A line of monthly scores from 0 to 100%, with a point per reviewed month; months without a
    /// reviewed call leave a gap. Only numbers go into the SVG; its name is the heading it cites.
    static func chart(_ monthly: [Double?], labelledBy heading: String) -> String {
        let width = 360.0
        let height = 120.0
        let step = width / Double(max(monthly.count - 1, 1))
        func y(_ percent: Double) -> Double { 10 + (100 - percent) / 100 * (height - 20) }
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(heading)\">",
            "<line x1=\"0\" y1=\"\(y(100))\" x2=\"\(width)\" y2=\"\(y(100))\" stroke=\"#c9d0d8\"/>",
            "<line x1=\"0\" y1=\"\(y(50))\" x2=\"\(width)\" y2=\"\(y(50))\" stroke=\"#c9d0d8\" stroke-dasharray=\"4 4\"/>",
            "<line x1=\"0\" y1=\"\(y(0))\" x2=\"\(width)\" y2=\"\(y(0))\" stroke=\"#c9d0d8\"/>",
        ]
        var run: [String] = []
        func flush() {
            if run.count > 1 {
                parts.append("<polyline fill=\"none\" stroke=\"#0b4f8a\" stroke-width=\"2\" points=\"\(run.joined(separator: " "))\"/>")
            }
            run = []
        }
        for (index, value) in monthly.enumerated() {
            guard let value else {
                flush()
                continue
            }
            let point = "\((Double(index) * step).rounded()),\(y(value).rounded())"
            run.append(point)
            parts.append("<circle cx=\"\((Double(index) * step).rounded())\" cy=\"\(y(value).rounded())\" r=\"3.5\" fill=\"#0b4f8a\"/>")
        }
        flush()
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}
