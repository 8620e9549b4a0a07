import Foundation
import HomewardCore
import HomewardTestSupport
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

/// A case's legal clock alerts: who owes the duty hears of it, with the case manager, in words
/// from the catalog that name the case, never the child.
@Suite("Clock alerts decided in Core")
struct ClockAlertTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let agency = OrganizationID("cw")
    let police = OrganizationID("pd")
    let clearinghouse = OrganizationID("ch")

    func person(_ id: String, _ roles: Set<Role>, in organization: OrganizationID, active: Bool = true) -> User {
        User(
            id: UserID(id), organizationID: organization, email: "\(id)@fixture.example", name: "Person \(id)", roles: roles,
            active: active, createdAt: now)
    }

    func episode(caseManager: UserID?) -> MissingEpisode {
        MissingEpisode(
            id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: agency, status: .open, caseNumber: "HW-2026-000042",
            receivedAt: now - 30 * 3600,
            lastSeenCity: "Lakeshore", lastSeenState: "IL", circumstances: "Left.", guardian: Guardian(name: "g", phone: "555-010-0000"),
            police: InvestigatingAgency(organizationID: police, name: "Lakeshore Police", phone: "555-010-0001"),
            caseType: .endangeredRunaway, caseManagerID: caseManager, createdBy: UserID("w"),
            createdAt: now - 30 * 3600)
    }

    @Test func those_who_owe_the_duty_and_the_case_manager_are_told_each_once() {
        let reporting = [
            person("cw1", [.caseworker], in: agency), person("sup", [.supervisor, .caseworker], in: agency),
            person("admin", [.agencyAdmin], in: agency), person("gone", [.caseworker], in: agency, active: false),
        ]
        let policeStaff = [person("det", [.investigator], in: police), person("tc", [.telecommunicator], in: police)]
        let managers = [person("cm1", [.caseManager], in: clearinghouse), person("cm2", [.caseManager], in: clearinghouse)]
        let assigned = episode(caseManager: UserID("cm2"))
        #expect(
            ClockAlert.recipients(
                of: assigned, clock: .policeReport, reportingStaff: reporting, policeStaff: policeStaff, caseManagers: managers
            )
            .map(\.id.rawValue) == ["cw1", "sup", "cm2"])
        #expect(
            ClockAlert.recipients(
                of: assigned, clock: .ncicEntry, reportingStaff: reporting, policeStaff: policeStaff, caseManagers: managers
            )
            .map(\.id.rawValue) == ["det", "cm2"])
        // No case manager assigned (or one who has left): every case manager.
        #expect(
            ClockAlert.recipients(
                of: episode(caseManager: nil), clock: .clearinghouseReport, reportingStaff: reporting, policeStaff: [],
                caseManagers: managers
            ).map(\.id.rawValue) == ["cw1", "sup", "cm1", "cm2"])
    }

    @Test func the_alert_names_the_case_and_duty_and_calls_the_owing_agencys_webhooks() throws {
        let record = EpisodeRecord(
            episode: episode(caseManager: nil),
            child: Child(
                id: ChildID("c1"), organizationID: agency, firstName: "Wren", lastName: "Halloway",
                dateOfBirth: CivilDate(year: 2014, month: 1, day: 2)!, sex: .female, heightInches: 50, weightPounds: 60, createdAt: now),
            events: [])
        let reading = try #require(record.clocks(at: now).first { $0.definition.kind == .policeReport })
        let breach = ClockAlert.notice(record.episode, reading: reading, threshold: "breach", recipients: [])
        #expect(breach.type == .clockBreach && breach.titleKey == "staff.notice.clock.breach" && breach.clockKind == .policeReport)
        #expect(breach.values["caseNumber"] == "HW-2026-000042" && breach.values["duty"] == "report to police")
        #expect(breach.organizations == [agency] && breach.subject == .episode(EpisodeID("e1")) && breach.times["deadline"] != nil)
        #expect(!(breach.values.values.joined() + breach.data.values.joined()).contains("Halloway"))
        let ncic = try #require(record.clocks(at: now).first { $0.definition.kind == .ncicEntry })
        let half = ClockAlert.notice(record.episode, reading: ncic, threshold: "0.50", recipients: [])
        #expect(half.type == .clockWarning && half.titleKey == "staff.notice.clock.half" && half.organizations == [police])
    }
}
