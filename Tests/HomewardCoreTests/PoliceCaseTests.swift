import Foundation
import HomewardTestSupport
import Testing

@testable import HomewardCore

/// A call handed to police becomes their case, with the NCIC worksheet filled from the call.
/// Fictional people and places only.
@Suite("Police cases from 911 calls")
struct PoliceCaseTests {
    typealias F = CallFixtures
    static let structured = CallChecklist.telecommunicatorStandardStructured
    static let police: Organization = {
        var police = F.police
        police.ori = "IL0160000"
        return police
    }()

    /// A call on the structured checklist with `answers` given a minute apart.
    static func call(_ answers: [(String, String)]) throws -> MissingChildCall {
        var call = try MissingChildCall.open(
            id: CallID("call"), psap: F.psap, checklist: structured, cadIncident: "26-118842", at: F.now, by: F.telecommunicator)
        for (index, (item, value)) in answers.enumerated() {
            call = try call.answering(item, value, checklist: structured, at: F.now + Double(60 * (index + 1)), by: F.telecommunicator).0
        }
        return call
    }

    static let described: [(String, String)] = [
        (CallItem.childName, "Ana Sofia Garcia Lopez"), (CallItem.childLastName, "Garcia Lopez"), (CallItem.childDateOfBirth, "2016-05-09"),
        (CallItem.childSex, "F"), (CallItem.childRace, "W"), (CallItem.childHeight, "4'2\""), (CallItem.childWeight, "61 lb"),
        (CallItem.childHair, "BRO"), (CallItem.childEyes, "HAZ"), (CallItem.childDescription, "Glasses with red frames"),
        (CallItem.childClothing, "Yellow raincoat"), (CallItem.lastSeenWhere, "Harbor Middle School gate"),
    ]

    static func handOff(_ call: MissingChildCall, at instant: Date = F.now + 1800) throws -> (MissingChildCall, PoliceCase) {
        let handed = try call.handingOff(
            to: police, caseID: PoliceCaseID("pc"), checklist: structured, zone: F.zone, at: instant, by: F.telecommunicator)
        return (handed.call, handed.policeCase)
    }

    var recorder: Recorder { Recorder(user: UserID("inv"), organization: Self.police, at: F.now + 3 * 3600) }

    @Test func the_structured_checklist_is_sound_and_in_force_from_november_25() {
        for checklist in CallChecklist.shipped { #expect(checklist.problems.isEmpty, "\(checklist.code)") }
        #expect(CallChecklist.inForce(on: "2026-11-24", among: CallChecklist.shipped)?.code == F.checklist.code)
        #expect(CallChecklist.inForce(on: "2026-11-25", among: CallChecklist.shipped)?.code == Self.structured.code)
        var broken = Self.structured
        broken.sections[1].items[4].options = nil
        broken.sections[0].items[0].options = [ChecklistOption(value: "x", label: "X")]
        broken.sections = broken.sections.filter { $0.id != "last-seen" }
        #expect(broken.problems.count == 3)
    }

    @Test func coded_answers_take_only_what_is_offered_and_measures_are_read_as_said() throws {
        let sex = try #require(Self.structured.item(CallItem.childSex))
        #expect(try sex.normalized(" F ") == "F")
        #expect(throws: AnswerKind.AnswerProblem.self) { try sex.normalized("X") }
        #expect(sex.display("M") == "Male")
        let height = try #require(Self.structured.item(CallItem.childHeight))
        for said in ["4-10", "4'10\"", "4 ft 10 in", "58", "58 in"] { #expect(try height.normalized(said) == "4-10", "\(said)") }
        #expect(try height.normalized("4") == "4-0")
        for impossible in ["9-2", "4-12", "tall", "1-2-3"] {
            #expect(throws: AnswerKind.AnswerProblem.self, "\(impossible)") { try height.normalized(impossible) }
        }
        #expect(height.display("4-10") == "4 ft 10 in")
        let weight = try #require(Self.structured.item(CallItem.childWeight))
        #expect(try weight.normalized("85 lbs") == "85")
        for impossible in ["0", "1000", "eighty"] {
            #expect(throws: AnswerKind.AnswerProblem.self, "\(impossible)") { try weight.normalized(impossible) }
        }
        // A refused answer names its item and stores nothing.
        let call = try Self.call([])
        #expect(
            throws: HomewardError.invalid(
                CallItem.childHeight, "Enter the height in feet and inches, such as 4-10 (or in inches, such as 58).")
        ) {
            try call.answering(CallItem.childHeight, "tall", checklist: Self.structured, at: F.now, by: F.telecommunicator)
        }
    }

    @Test func the_hand_off_opens_the_police_case_with_the_report_time_and_a_suggested_type() throws {
        let (call, policeCase) = try Self.handOff(try Self.call(F.essentials))
        #expect(call.status == .handedOff && call.handedOffTo == Self.police.id)
        #expect(policeCase.reportedAt == F.now && policeCase.handedOffAt == F.now + 1800 && policeCase.callID == call.id)
        #expect(policeCase.policeID == Self.police.id && policeCase.psapID == F.psap.id && policeCase.status == .open)

        func suggested(_ answers: [(String, String)]) throws -> CaseType {
            try Self.handOff(try Self.call(F.essentials + answers)).1.caseType
        }
        #expect(
            try suggested([(CallItem.abductionBelieved, "yes"), (CallItem.custody, "Custody order; the father took her")])
                == .familyAbduction)
        #expect(try suggested([(CallItem.abductionBelieved, "yes"), (CallItem.custody, "None")]) == .nonfamilyAbduction)
        #expect(try suggested([(CallItem.autism, "yes"), (CallItem.childAge, "15")]) == .lostInjuredOtherwiseMissing)
        #expect(try suggested([(CallItem.childAge, "15")]) == .endangeredRunaway)
        #expect(try suggested([(CallItem.childAge, "19")]) == .criticallyMissingYoungAdult)
    }

    @Test func the_ncic_worksheet_is_filled_from_the_call_and_lists_what_police_still_need() throws {
        let (call, opened) = try Self.handOff(try Self.call(Self.described + [(CallItem.childInCare, "yes")]))
        var subject = NCICSubject(call: call, checklist: Self.structured, policeCase: opened, police: Self.police, zone: F.zone)
        #expect(subject.lastName == "Garcia Lopez" && subject.firstName == "Ana" && subject.middleName == "Sofia")
        var sheet = NCICEntrySheet.build(subject)
        // Only the report number is missing: police give it.
        #expect(sheet.problems.map(\.field) == ["OCA"])
        let detailed = try opened.recordingDetails(
            reportNumber: " 26-4410 ", caseType: "endangered_runaway", at: F.now + 3600, by: UserID("inv"))
        subject = NCICSubject(call: call, checklist: Self.structured, policeCase: detailed, police: Self.police, zone: F.zone)
        sheet = NCICEntrySheet.build(subject)
        #expect(sheet.isReady)
        let fields = Dictionary(sheet.fields.map { ($0.code, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(fields["NAM"] == "GARCIA LOPEZ, ANA SOFIA" && fields["SEX"] == "F" && fields["HGT"] == "402" && fields["WGT"] == "061")
        #expect(fields["DOB"] == "20160509" && fields["EYE"] == "HAZ" && fields["OCA"] == "26-4410" && fields["ORI"] == "IL0160000")
        #expect(fields["MIS"]?.hasPrefix("MISSING FROM FOSTER CARE.") == true)
        #expect(fields["MIS"]?.contains("HARBOR MIDDLE SCHOOL GATE") == true)

        // Not in care: the remarks do not say so. A thin call lists every missing field.
        let (home, homeCase) = try Self.handOff(try Self.call(Self.described + [(CallItem.childInCare, "no")]))
        let homeSheet = NCICEntrySheet.build(
            NCICSubject(call: home, checklist: Self.structured, policeCase: homeCase, police: Self.police, zone: F.zone))
        #expect(homeSheet.fields.first { $0.code == "MIS" }?.value.contains("FOSTER CARE") == false)
        let (thin, thinCase) = try Self.handOff(try Self.call(F.essentials))
        let thinSheet = NCICEntrySheet.build(
            NCICSubject(call: thin, checklist: Self.structured, policeCase: thinCase, police: Self.police, zone: F.zone))
        #expect(Set(thinSheet.problems.map(\.field)) == ["SEX", "RAC", "DOB", "HGT", "WGT", "EYE", "HAI", "OCA"])
    }

    @Test func police_record_the_report_number_and_the_ncic_entry_that_stops_the_clock() throws {
        let (_, opened) = try Self.handOff(try Self.call(F.essentials))
        #expect(throws: HomewardError.self) {
            try opened.recordingDetails(reportNumber: "26/4410", caseType: "endangered_runaway", at: F.now, by: UserID("inv"))
        }
        #expect(throws: HomewardError.self) {
            try opened.recordingDetails(reportNumber: "26-4410", caseType: "kidnap", at: F.now, by: UserID("inv"))
        }
        #expect(throws: HomewardError.self) {
            try opened.recordingDetails(
                reportNumber: String(repeating: "9", count: 21), caseType: "endangered_runaway", at: F.now, by: UserID("inv"))
        }

        #expect(opened.ncicClock(at: F.now + 3600, linked: []) == .running)
        if case .warning = opened.ncicClock(at: F.now + 6000, linked: []) {} else { Issue.record("past three quarters of the window") }
        #expect(opened.ncicClock(at: F.now + 3 * 3600, linked: []) == .breached(by: 3600))

        // Local times on the agency's clock (Chicago, UTC-6 in November): the report was taken at 09:00.
        #expect(throws: HomewardError.self) {
            try opened.recordingNCICEntry(nic: "123", enteredAt: "2026-11-18T09:30", occurrence: nil, by: recorder)
        }
        #expect(throws: HomewardError.self) {
            try opened.recordingNCICEntry(nic: "M123456789", enteredAt: "2026-11-18T08:00", occurrence: nil, by: recorder)
        }
        let onTime = try opened.recordingNCICEntry(nic: "m 123456789", enteredAt: "2026-11-18T09:30", occurrence: nil, by: recorder)
        #expect(onTime.ncicNumber == "M123456789" && onTime.ncicEnteredAt == F.now + 1800 && onTime.ncicRecordedBy == UserID("inv"))
        #expect(onTime.ncicClock(at: F.now + 5 * 3600, linked: []) == .metOnTime)
        let late = try opened.recordingNCICEntry(nic: "M123456789", enteredAt: "2026-11-18T11:30", occurrence: nil, by: recorder)
        #expect(late.ncicClock(at: F.now + 5 * 3600, linked: []) == .metLate(by: 1800))
    }

    @Test func a_confirmed_report_is_linked_once_and_a_closed_case_no_longer_changes() throws {
        let (call, opened) = try Self.handOff(try Self.call(Self.described))
        var episode = MissingEpisode(
            id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: OrganizationID("cw"), status: .draft, receivedAt: F.now,
            lastSeenCity: "Lakeshore", lastSeenState: "IL", circumstances: "Left the foster home.",
            guardian: Guardian(name: "Lakeshore County Children's Services", phone: "555-010-0100"),
            police: InvestigatingAgency(name: "Lakeshore Police Department", phone: "555-010-0200"), caseType: .endangeredRunaway,
            createdBy: UserID("w"), createdAt: F.now)
        #expect(throws: HomewardError.self) { try opened.linking(episode, at: F.now, by: UserID("inv")) }
        episode.status = .open
        let linked = try opened.linking(episode, at: F.now + 60, by: UserID("inv"))
        #expect(linked.episodeID == episode.id && linked.linkedBy == UserID("inv"))
        #expect(throws: HomewardError.self) { try linked.linking(episode, at: F.now + 120, by: UserID("inv")) }

        // The search offers only open reports of a child with the call's date of birth and a close name.
        let child = Child(
            id: ChildID("c1"), organizationID: OrganizationID("cw"), firstName: "Ana", middleName: "Sofia", lastName: "Garcia Lopez",
            dateOfBirth: CivilDate(year: 2016, month: 5, day: 9)!, sex: .female, heightInches: 50, weightPounds: 61, createdAt: F.now)
        let query = try #require(PoliceCase.childQuery(call))
        let hit = ChildSearchHit(child: child, latestEpisode: episode, nameDistance: query.distance(to: child))
        #expect(hit.nameDistance == 0 && PoliceCase.isPossibleReport(hit, of: call))
        var otherBirthday = hit
        otherBirthday.child.dateOfBirth = CivilDate(year: 2016, month: 5, day: 10)!
        #expect(!PoliceCase.isPossibleReport(otherBirthday, of: call))
        var closed = hit
        closed.latestEpisode?.status = .closed
        #expect(!PoliceCase.isPossibleReport(closed, of: call))

        #expect(throws: HomewardError.self) { try linked.closing(reason: "  ", at: F.now, by: UserID("inv")) }
        let done = try linked.closing(reason: "Found safe at a friend's house.", at: F.now + 7200, by: UserID("inv"))
        #expect(done.status == .closed)
        #expect(throws: HomewardError.self) {
            try done.recordingDetails(reportNumber: "26-1", caseType: "endangered_runaway", at: F.now, by: UserID("inv"))
        }
    }

    /// The NCIC clock of a police case escalates at the federal warning points and the deadline,
    /// counted from the report to the 911 center, and not once the entry is recorded.
    @Test func the_ncic_clock_crosses_its_warning_points_and_deadline_until_the_entry() throws {
        let (_, policeCase) = try Self.handOff(try Self.call(Self.described))
        let start = policeCase.reportedAt
        #expect(policeCase.ncicThresholds(at: start + 59 * 60, linked: []) == [])
        #expect(policeCase.ncicThresholds(at: start + 61 * 60, linked: []) == ["0.50"])
        #expect(policeCase.ncicThresholds(at: start + 110 * 60, linked: []) == ["0.50", "0.90"])
        #expect(policeCase.ncicThresholds(at: start + 121 * 60, linked: []) == ["0.50", "0.90", "breach"])
        #expect(PoliceCase.firstNCICWarning == 3600)
        var entered = policeCase
        entered.ncicEnteredAt = start + 100 * 60
        #expect(entered.ncicThresholds(at: start + 121 * 60, linked: []) == [])
        var closed = policeCase
        closed.status = .closed
        #expect(closed.ncicThresholds(at: start + 121 * 60, linked: []) == [])
    }
}
