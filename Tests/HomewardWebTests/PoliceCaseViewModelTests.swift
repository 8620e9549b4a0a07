import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

/// The police case page's model is built from the loaded case with no reads: the investigating
/// agency works it while it is open, no other agency does, and the page names the child the call
/// was about.
@Suite("Police case page model")
struct PoliceCaseViewModelTests {
    typealias F = ModelFixtures
    let now = F.now
    let chicago = F.chicago
    let police = F.police
    let checklist = F.checklist

    func loaded() throws -> PoliceCaseLoads.Loaded {
        let call = try F.call([("child-name", "Wren Halloway"), ("child-age", "9"), ("last-seen-where", "Elm Street playground")])
        let handed = try call.handingOff(
            to: police, caseID: PoliceCaseID("case"), checklist: checklist, zone: chicago, at: now + 600, by: UserID("tc"))
        return PoliceCaseLoads.Loaded(
            policeCase: handed.policeCase, call: handed.call, checklist: checklist, police: police, psap: F.psap, linked: [])
    }

    func view(_ role: Role, in organization: OrganizationID) throws -> PoliceCaseView {
        PoliceCaseView(
            try loaded(), notice: nil, errors: FieldErrors(), typed: [:], report: nil, candidates: [], linkedProofs: nil,
            principal: F.principal(role, in: organization, kind: .lawEnforcement),
            zone: chicago, now: now + 900, layout: .bare(title: "Police case"))
    }

    @Test func the_investigating_agency_works_its_open_case_and_no_other_agency_does() throws {
        let own = try view(.investigator, in: police.id)
        #expect(own.isOpen && own.canWork && own.title.contains("Wren Halloway"))
        let other = try view(.investigator, in: OrganizationID("other-pd"))
        #expect(other.isOpen && !other.canWork)
    }
}
