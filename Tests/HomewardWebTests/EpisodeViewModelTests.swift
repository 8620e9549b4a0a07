import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

/// The case page's model is built from values by a pure builder: what each reader may do shows as
/// forms and links, private details stay behind their permission, and a refused form keeps what
/// was typed. No store, no server.
@Suite("Case page model")
struct EpisodeViewModelTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let agency = OrganizationID("cw")
    let police = OrganizationID("pd")
    let chicago = TimeZone(identifier: "America/Chicago")!

    func record() -> EpisodeRecord {
        EpisodeRecord(
            episode: MissingEpisode(
                id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: agency, status: .open, caseNumber: "HW-2026-000042",
                receivedAt: now - 3 * 3600, lastSeenCity: "Lakeshore", lastSeenState: "IL", circumstances: "Left after school.",
                guardian: Guardian(name: "Agency duty officer", phone: "555-010-0000"),
                police: InvestigatingAgency(organizationID: police, name: "Lakeshore Police", phone: "555-010-0001"),
                caseType: .endangeredRunaway, caseManagerID: UserID("cm"), createdBy: UserID("cw1"), createdAt: now - 3 * 3600),
            child: Child(
                id: ChildID("c1"), organizationID: agency, firstName: "Wren", lastName: "Halloway",
                dateOfBirth: CivilDate(year: 2014, month: 1, day: 2)!, sex: .female, heightInches: 50, weightPounds: 60,
                createdAt: now - 3 * 3600),
            events: [])
    }

    func loaded(tips: [Tip]?) -> EpisodeView.Loaded {
        EpisodeView.Loaded(
            record: record(), names: [UserID("cm"): "Casey Manager"], agenciesInvolved: "Lakeshore DCFS, Lakeshore Police",
            policeAgencies: [:], linkedProofs: nil, referrals: [], suggestions: [], tips: tips, tasks: [], poster: nil,
            photos: [("p1", now - 3600)], callCases: [])
    }

    func reader(_ role: Role, in organization: OrganizationID, kind: OrganizationKind) -> EpisodeView.Reader {
        EpisodeView.Reader(
            principal: Principal(
                userID: UserID("u"), organizationID: organization, organizationKind: kind, roles: [role], credential: .session),
            zone: chicago, now: now, longTermDays: 90)
    }

    @Test func the_caseworker_records_the_agencys_reports_and_the_investigator_the_ncic_entry() {
        let caseworker = EpisodeView.detailModel(
            loaded(tips: nil), reader: reader(.caseworker, in: agency, kind: .childWelfare), layout: .bare(title: "Case"),
            forms: EpisodeView.FormState())
        #expect(
            caseworker.forms.map(\.action) == [
                Routes.recordPoliceReport(EpisodeID("e1")), Routes.recordClearinghouseReport(EpisodeID("e1")),
            ])
        #expect(caseworker.caseManager == "Casey Manager" && caseworker.childName == "Wren Halloway")
        #expect(caseworker.facts.contains { $0.value == "Lakeshore DCFS, Lakeshore Police" })
        #expect(caseworker.recovery != nil && caseworker.photos.count == 1 && !caseworker.longTerm)
        // The agency that reported the child does not read its tips: no count, no link.
        #expect(caseworker.tipsHref == nil && caseworker.tipCount == 0)

        let investigator = EpisodeView.detailModel(
            loaded(tips: []), reader: reader(.investigator, in: police, kind: .lawEnforcement), layout: .bare(title: "Case"),
            forms: EpisodeView.FormState())
        #expect(investigator.forms.map(\.action) == [Routes.recordNCICEntry(EpisodeID("e1"))])
        #expect(investigator.tipsHref == Routes.tips.path)
    }

    @Test func a_refused_proof_keeps_what_was_typed_and_says_why() {
        var errors = FieldErrors()
        errors.add("reference", "Give the police report number.")
        let model = EpisodeView.detailModel(
            loaded(tips: nil), reader: reader(.caseworker, in: agency, kind: .childWelfare), layout: .bare(title: "Case"),
            forms: EpisodeView.FormState(proof: (.reportedToPolice, errors, "2026-11-18T09:15"), notice: "Saved."))
        let form = model.forms.first { $0.action == Routes.recordPoliceReport(EpisodeID("e1")) }
        #expect(form?.occurredAt == "2026-11-18T09:15" && form?.errors.map(\.field) == ["reference"])
        #expect(model.forms.first { $0.action == Routes.recordClearinghouseReport(EpisodeID("e1")) }?.errors.isEmpty == true)
        #expect(model.notice == "Saved.")
    }
}
