import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

/// The police case page's model is built from the loaded case with no reads: the investigating
/// agency works it while it is open, no other agency does, and the page names the child the call
/// was about.
@Suite("Police case page model")
struct PoliceCaseViewModelTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let chicago = TimeZone(identifier: "America/Chicago")!
    let psap = Organization(
        id: OrganizationID("psap"), code: "lakeshore", name: "Lakeshore Regional 911", kind: .psap, state: "IL",
        timeZone: "America/Chicago", createdAt: Date(timeIntervalSince1970: 0))
    let police = Organization(
        id: OrganizationID("pd"), code: "lakeshore-pd", name: "Lakeshore Police Department", kind: .lawEnforcement, state: "IL",
        timeZone: "America/Chicago", createdAt: Date(timeIntervalSince1970: 0))
    let checklist = CallChecklist.telecommunicatorStandard

    func loaded() throws -> PoliceCaseLoads.Loaded {
        var call = try MissingChildCall.open(
            id: CallID("call"), psap: psap, checklist: checklist, cadIncident: "26-118842", at: now, by: UserID("tc"))
        for (index, (item, value)) in [("child-name", "Wren Halloway"), ("child-age", "9"), ("last-seen-where", "Elm Street playground")]
            .enumerated()
        {
            call = try call.answering(item, value, checklist: checklist, at: now + Double(60 * (index + 1)), by: UserID("tc")).0
        }
        let handed = try call.handingOff(
            to: police, caseID: PoliceCaseID("case"), checklist: checklist, zone: chicago, at: now + 600, by: UserID("tc"))
        return PoliceCaseLoads.Loaded(
            policeCase: handed.policeCase, call: handed.call, checklist: checklist, police: police, psap: psap, linked: [])
    }

    func view(_ role: Role, in organization: OrganizationID) throws -> PoliceCaseView {
        PoliceCaseView(
            try loaded(), notice: nil, errors: FieldErrors(), typed: [:], report: nil, candidates: [], linkedProofs: nil,
            principal: Principal(
                userID: UserID("u"), organizationID: organization, organizationKind: .lawEnforcement, roles: [role], credential: .session),
            zone: chicago, now: now + 900, layout: .bare(title: "Police case"))
    }

    @Test func the_investigating_agency_works_its_open_case_and_no_other_agency_does() throws {
        let own = try view(.investigator, in: police.id)
        #expect(own.isOpen && own.canWork && own.title.contains("Wren Halloway"))
        let other = try view(.investigator, in: OrganizationID("other-pd"))
        #expect(other.isOpen && !other.canWork)
    }
}
