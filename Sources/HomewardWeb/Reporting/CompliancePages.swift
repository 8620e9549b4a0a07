import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// An agency's compliance with its reporting duties over a period, as a page with a chart and
/// as CSV. Both come from the same computation, so they always agree.
enum CompliancePages {
    struct Row: Sendable {
        var title: String
        var metOnTime: Int
        var metLate: Int
        var breached: Int
        var open: Int
        var notStarted: Int
        var median: String
        var recordedAfterDeadline: Int
    }

    struct Model: Sendable {
        var layout: LayoutModel
        var organizationName: String
        var from: String
        var until: String
        var episodes: Int
        var rows: [Row]
        var chart: String
        var csvHref: String
        var action: String
        var error: String?
        var tribes: [TribeRow]
    }

    struct TribeRow: Sendable {
        var tribe: String
        var agency: String
        var episodes: Int
    }

    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: .complianceView, recordType: .organization)
        return [
            Endpoint(
                .get, Routes.compliance, allowing: .viewCompliance, .page, scope: .organization,
                summary: "Compliance report",
                auditedRead: read, handler: page),
            Endpoint(
                .get, Routes.complianceCSV, allowing: .viewCompliance, .page, scope: .organization,
                summary: "Compliance report as CSV",
                auditedRead: read,
                handler: csv),
        ]
    }

    /// The period from the query (`from`, `until`, inclusive dates in the agency's zone), by
    /// default the last 90 days.
    static func period(_ request: Request, zone: TimeZone, now: Date) -> (CivilDate, CivilDate, String?) {
        let today = CivilDate(now, in: zone)
        let defaultFrom = CivilDate(now - 89 * 86_400, in: zone)
        let fromText = request.uri.queryParameters.get("from") ?? ""
        let untilText = request.uri.queryParameters.get("until") ?? ""
        let from = fromText.isEmpty ? defaultFrom : CivilDate(iso: fromText)
        let until = untilText.isEmpty ? today : CivilDate(iso: untilText)
        guard let from, let until else { return (defaultFrom, today, StaffText.text("staff.compliance.datesMustLookLike")) }
        guard from <= until else { return (defaultFrom, today, "“From” must come before “until”.") }
        return (from, until, nil)
    }

    static func compute(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws
        -> (Organization, CivilDate, CivilDate, ComplianceReport, String?)
    {
        let organization = try await services.store.organization(idOrCode: context.parameters.get(.org) ?? "")
        guard organization.kind == .childWelfare else { throw HomewardError.notFound("compliance report for this kind of organization") }
        let zone = organization.zone
        let now = services.clock.now()
        let (from, until, error) = period(request, zone: zone, now: now)
        let start = from.start(in: zone)
        let end = until.adding(days: 1).start(in: zone)
        var filter = EpisodeFilter(reportingOrganization: organization.id, limit: 1000)
        filter.receivedIn = start..<max(start, end)
        let records = try await services.store.everyEpisodeRecord(matching: filter)
        return (
            organization, from, until, ComplianceReport.compute(records, definitions: services.configuration.clockDefinitions, at: now),
            error
        )
    }

    @Sendable static func page(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, from, until, report, error) = try await compute(request, context, services)
        let rows = report.duties.map { duty in
            Row(
                title: duty.title, metOnTime: duty.metOnTime, metLate: duty.metLate, breached: duty.breached, open: duty.open,
                notStarted: duty.notStarted,
                median: duty.medianSeconds.map { DurationText.describe($0) } ?? "—", recordedAfterDeadline: duty.recordedAfterDeadline)
        }
        return try services.views.page(
            "compliance",
            Model(
                layout: .init(
                    context: context, services: services, title: StaffText.text("staff.title.compliance", ["name": organization.name]),
                    current: Routes.compliance(organization.id)),
                organizationName: organization.name, from: from.iso, until: until.iso, episodes: report.episodes, rows: rows,
                chart: ComplianceChart.svg(report),
                csvHref: Routes.compliance(organization.id) + ".csv?from=\(from.iso)&until=\(until.iso)",
                action: Routes.compliance(organization.id), error: error,
                tribes: report.byTribe.map { TribeRow(tribe: $0.tribe, agency: $0.investigatingAgency, episodes: $0.episodes) }))
    }

    @Sendable static func csv(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (organization, from, until, report, error) = try await compute(request, context, services)
        if let error { throw HomewardError.invalid("from", error) }
        return FileResponse.csv(
            report.csv(agency: organization.name, from: from, until: until),
            fileName: "compliance-\(organization.code)-\(from.iso)-\(until.iso).csv")
    }
}

/// The compliance chart: one stacked bar per duty, with every segment labelled in words and
/// numbers as well as color, drawn as inline SVG (no script, prints well).
enum ComplianceChart {
    static func svg(_ report: ComplianceReport) -> String {
        let width = 720.0
        let labelWidth = 250.0
        let barWidth = width - labelWidth - 20
        let rowHeight = 54.0
        let segments: [(String, String, KeyPath<ComplianceReport.DutyLine, Int>)] = [
            ("on time", "#1d6b35", \.metOnTime), ("late", "#b86e00", \.metLate), ("breached", "#a4161a", \.breached),
            ("open", "#0b4f8a", \.open), ("not started", "#8a94a0", \.notStarted),
        ]
        let height = Double(report.duties.count) * rowHeight + 40
        var parts: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"chart-title\">",
            "<title id=\"chart-title\">How each duty was met over \(report.episodes) episode\(report.episodes == 1 ? "" : "s")</title>",
        ]
        for (row, duty) in report.duties.enumerated() {
            let y = Double(row) * rowHeight + 10
            parts.append("<text x=\"0\" y=\"\(y + 20)\" class=\"chart-label\">\(escape(duty.title))</text>")
            let total = max(duty.total, 1)
            var x = labelWidth
            var legend: [String] = []
            for (name, color, path) in segments {
                let count = duty[keyPath: path]
                guard count > 0 else { continue }
                let w = barWidth * Double(count) / Double(total)
                parts.append(
                    "<rect x=\"\(fmt(x))\" y=\"\(y + 4)\" width=\"\(fmt(w))\" height=\"22\" fill=\"\(color)\"><title>\(count) \(name)</title></rect>"
                )
                x += w
                legend.append("\(count) \(name)")
            }
            let summary = legend.isEmpty ? "no episodes" : legend.joined(separator: " · ")
            parts.append("<text x=\"\(Int(labelWidth))\" y=\"\(y + 44)\" class=\"chart-note\">\(escape(summary))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func escape(_ text: String) -> String { Markup.escaped(text) }
}
