import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import Testing

@testable import HomewardWeb

/// Tribal agencies (Savanna's Act): a tribal police department without an ORI of its own
/// investigates a state agency's report end to end; the compliance report counts the case by tribe;
/// the child's tribal affiliation stays private.
@Suite("Tribal agencies")
struct TribalAgencyTests {
    @Test func a_tribal_police_department_investigates_a_state_agencys_report_and_the_report_counts_it_by_tribe() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let created = try await client.page(
                .post, "/organizations", as: admin, fixtures: fixtures,
                form: [
                    ("code", "red-cedar-pd"), ("name", "Red Cedar Tribal Police"), ("kind", "law_enforcement"), ("state", "IL"),
                    ("timeZone", "America/Chicago"), ("ori", ""), ("phone", "555-010-4400"), ("tribe", "Red Cedar Fictional Nation"),
                ])
            #expect(created.status == .seeOther)
            let tribal = try await services.store.organization(idOrCode: "red-cedar-pd")
            #expect(tribal.tribe == "Red Cedar Fictional Nation" && tribal.ori == nil)
            // A state police agency still needs its ORI.
            let noORI = try await client.page(
                .post, "/organizations", as: admin, fixtures: fixtures,
                form: [
                    ("code", "no-ori-pd"), ("name", "No ORI Police"), ("kind", "law_enforcement"), ("state", "IL"),
                    ("timeZone", "America/Chicago"),
                ])
            #expect(noORI.status == .unprocessableContent)
            let tribalInvestigator = try await TestAccounts.make(services, "tribal-investigator", .investigator, in: tribal)

            // The state agency reports the child to the tribal police.
            let caseworker = fixtures.account(.caseworker)
            let filed = try await client.page(
                .post, "/reports", as: caseworker, fixtures: fixtures,
                form: [
                    ("firstName", "Tamsin"), ("lastName", "Orrery"), ("dateOfBirth", "2012-03-04"), ("sex", "F"), ("heightFeet", "4"),
                    ("heightInches", "6"), ("weightPounds", "80"), ("receivedAt", "2026-11-18T01:00"), ("lastSeenCity", "Maplewood"),
                    ("lastSeenState", "IL"), ("caseType", "endangered_runaway"), ("circumstances", "Left during a visit."),
                    ("guardianName", "Fixture cw-a"), ("guardianPhone", "555-010-2000"), ("policeOrganizationID", tribal.id.rawValue),
                    ("tribalAffiliation", "Red Cedar Fictional Nation"), ("noEndangerments", "on"), ("intent", "file"),
                ])
            #expect(filed.status == .seeOther)
            let record = try #require(
                try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id, limit: 10))
                    .first { $0.child.lastName == "Orrery" })
            #expect(record.episode.police.organizationID == tribal.id && record.child.tribalAffiliation == "Red Cedar Fictional Nation")

            // The tribal police see the case, and record the NCIC entry.
            let page = try await client.page(.get, "/episodes/\(record.episode.id)", as: tribalInvestigator, fixtures: fixtures)
            #expect(page.status == .ok)
            #expect(page.text.contains("Red Cedar Tribal Police (investigating, Red Cedar Fictional Nation)"))
            #expect(page.text.contains("Fixture cw-a (reporting)"))
            let nic = try await client.api(
                .post, "/api/v1/episodes/\(record.episode.id)/events", as: tribalInvestigator,
                json: #"{"kind":"ncic_entered","occurredAt":"2026-11-18T10:30:00Z","method":"NCIC terminal","reference":"M223456789"}"#)
            #expect(nic.status == .created)
            // Another police agency does not.
            #expect(
                try await client.page(.get, "/episodes/\(record.episode.id)", as: fixtures.account(.investigator), fixtures: fixtures)
                    .status == .forbidden)

            // The compliance report and its CSV count the case by tribe and investigating agency.
            let supervisor = fixtures.account(.supervisor)
            let csv = try await client.page(
                .get, "/organizations/\(fixtures.agencyA.id)/compliance.csv?from=2026-11-01&until=2026-11-30", as: supervisor,
                fixtures: fixtures)
            #expect(csv.status == .ok)
            #expect(csv.text.contains("agency,from,until,tribe,investigating_agency,episodes"))
            #expect(csv.text.contains("Fixture cw-a,2026-11-01,2026-11-30,Red Cedar Fictional Nation,Red Cedar Tribal Police,1"))
            let report = try await client.page(
                .get, "/organizations/\(fixtures.agencyA.id)/compliance?from=2026-11-01&until=2026-11-30", as: supervisor,
                fixtures: fixtures)
            #expect(report.text.contains("By tribal affiliation") && report.text.contains("Red Cedar Fictional Nation"))
        }
    }
}
