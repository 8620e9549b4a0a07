import Foundation
import HTTPTypes
import HomewardCore
import HomewardStore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardDemo
@testable import HomewardWeb

@Suite("Compliance report")
struct ComplianceTests {
    @Test func the_page_and_the_csv_agree_on_the_demo_agency() async throws {
        try await withTestStore(.sqlite) { store, _ in
            var configuration = HomewardConfiguration()
            configuration.bcryptCost = 4
            let clock = PinnedWallClock(Date(timeIntervalSince1970: 1_795_014_000))
            let services = try await AppServices(configuration: configuration, store: store, clock: clock, logger: quietLogger)
            try await DemoData.load(into: services)
            let agency = try #require(try await store.organization(code: "cw-lakeshore"))
            let records = try await store.episodeRecords(matching: EpisodeFilter(reportingOrganization: agency.id))
            let report = ComplianceReport.compute(records, at: clock.now())
            #expect(report.episodes == 9)
            let police = report.duties[0]
            // Running, warning (open); on time x5 (incl. the repeat's earlier episode and the two
            // children with published posters); late; breached.
            #expect(police.metOnTime == 5 && police.metLate == 1 && police.breached == 1 && police.open == 2)
            #expect(report.duties[1].metLate == 1)

            let application = buildApplication(services: services)
            let admin = try #require(try await store.user(email: "admin@demo.homeward.example"))
            let key = "session-compliance-" + String(repeating: "k", count: 20)
            try await store.createSession(
                SessionRecord(
                    keyHash: SHA256Digest.hex(key), userID: admin.id, createdAt: clock.now(), lastSeenAt: clock.now(),
                    expiresAt: clock.now() + 3600))
            try await application.test(.router) { client in
                var headers = HTTPFields()
                headers[.cookie] = "homeward_session=\(key)"
                let query = "?from=2026-01-01&until=2026-12-31"
                let page = try await client.execute(uri: "/organizations/\(agency.id)/compliance\(query)", method: .get, headers: headers) {
                    $0
                }
                let csv = try await client.execute(
                    uri: "/organizations/\(agency.id)/compliance.csv\(query)", method: .get, headers: headers
                ) { $0 }
                #expect(page.status == .ok)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = String(buffer: csv.body).split(separator: "\r\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
                #expect(
                    lines[0] == [
                        "agency", "from", "until", "duty", "episodes", "met_on_time", "met_late", "breached", "open", "not_started",
                        "median_minutes", "recorded_after_deadline",
                    ])
                let html = String(buffer: page.body)
                for (line, duty) in zip(lines.dropFirst(), report.duties) {
                    #expect(line[3] == duty.kind.rawValue)
                    #expect(Int(line[5]) == duty.metOnTime && Int(line[6]) == duty.metLate && Int(line[7]) == duty.breached)
                    #expect(Int(line[11]) == duty.recordedAfterDeadline)
                    #expect(
                        html.contains(
                            "<th scope=\"row\">\(duty.title)</th><td>\(line[5])</td><td>\(line[6])</td><td>\(line[7])</td><td>\(line[8])</td>"
                        ))
                }
                #expect(html.contains("<svg"))
                #expect(html.contains("1 breached"))
            }
        }
    }

    @Test func csv_fields_are_quoted_and_defused() {
        #expect(ComplianceReport.csvField("Smith, Jones") == "\"Smith, Jones\"")
        #expect(ComplianceReport.csvField("=HYPERLINK(1)") == "'=HYPERLINK(1)")
        #expect(ComplianceReport.csvField("-3.5") == "-3.5")
    }
}
