import Foundation
import HomewardCore
import Testing

/// Every notice is decided in Core: who is told, the catalog keys, and values that never name a
/// child.
@Suite("Notices decided in Core")
struct NoticeEventTests {
    typealias F = CallFixtures

    func person(_ id: String, _ roles: Set<Role>, in organization: OrganizationID, active: Bool = true) -> User {
        User(
            id: UserID(id), organizationID: organization, email: "\(id)@fixture.example", name: "Person \(id)", roles: roles,
            active: active, createdAt: Date(timeIntervalSince1970: 0))
    }

    @Test func the_ncic_alert_goes_to_the_agencys_active_investigators_and_supervisors_with_the_deadline() throws {
        let handed = try F.call(F.essentials).handingOff(
            to: F.police, caseID: PoliceCaseID("case"), checklist: F.checklist, zone: F.zone, at: F.now + 1800, by: F.telecommunicator)
        let staff = [
            person("det", [.investigator], in: F.police.id), person("sgt", [.supervisor], in: F.police.id),
            person("gone", [.investigator], in: F.police.id, active: false), person("clerk", [.agencyAdmin], in: F.police.id),
        ]
        let breach = handed.policeCase.ncicNotice(cad: "26-118842", threshold: "breach", police: F.police, staff: staff)
        #expect(breach.type == .clockBreach && breach.titleKey == "staff.notice.ncic.breach")
        #expect(breach.recipients.map(\.id.rawValue) == ["det", "sgt"] && breach.organizations == [F.police.id])
        #expect(breach.times["deadline"] == handed.policeCase.reportedAt + MissingChildCall.ncicWindow)
        #expect(breach.values["call"] == "911 case CAD 26-118842" && !breach.values.values.joined().contains("Wren"))
        let half = handed.policeCase.ncicNotice(cad: nil, threshold: "0.50", police: F.police, staff: staff)
        #expect(half.type == .clockWarning && half.titleKey == "staff.notice.ncic.half")
        #expect(half.values["call"]?.hasPrefix("911 case reported 2026-11-18") == true)
    }

    @Test func the_renewal_notice_goes_to_the_agencys_administrators_and_managers() {
        let start = CivilDate(iso: "2022-03-01")!
        let recognition = Recognition(
            id: "r1", organizationID: F.psap.id, applicationID: "a1", termStart: start, termEnd: start.adding(years: 5),
            certificateNumber: "MKR-2022-0001", policyVersion: nil, programCode: "mkrp-modular")
        let staff = [
            person("admin", [.agencyAdmin], in: F.psap.id), person("mgr", [.psapManager], in: F.psap.id),
            person("tc", [.telecommunicator], in: F.psap.id),
        ]
        let notice = recognition.renewalNotice(agency: F.psap, staff: staff)
        #expect(notice.type == .renewalOpen && notice.subject == .readiness(F.psap.id))
        #expect(notice.recipients.map(\.id.rawValue) == ["admin", "mgr"])
        #expect(notice.values == ["agency": "Lakeshore Regional 911", "termEnd": "2027-03-01"])
    }

    @Test func a_decision_tells_the_agency_and_saved_marks_tell_no_one() {
        let staff = [person("admin", [.agencyAdmin], in: F.psap.id), person("tc", [.telecommunicator], in: F.psap.id)]
        func outcome(_ decision: ApplicationStatus?, recognition: Recognition? = nil) -> ReviewOutcome {
            ReviewOutcome(
                applicationID: "a1", organizationID: F.psap.id, reviews: [], decision: decision, comment: "", recognition: recognition,
                reviewer: UserID("rev"), at: F.now)
        }
        #expect(outcome(nil).decidedNotice(agency: F.psap, staff: staff) == nil)
        let returned = outcome(.returned).decidedNotice(agency: F.psap, staff: staff)
        #expect(returned?.recipients.map(\.id.rawValue) == ["admin"] && returned?.threshold == "application_returned")
        let start = CivilDate(iso: "2026-11-18")!
        let approved = outcome(
            .approved,
            recognition: Recognition(
                id: "r1", organizationID: F.psap.id, applicationID: "a1", termStart: start, termEnd: start.adding(years: 5),
                certificateNumber: "MKR-2026-0001", policyVersion: nil, programCode: "mkrp-modular")
        ).decidedNotice(agency: F.psap, staff: staff)
        #expect(approved?.textKey == "staff.notice.approvedThrough.text" && approved?.values["termEnd"] == "2031-11-18")
    }
}
