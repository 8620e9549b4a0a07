import Foundation
import HomewardCore
import Testing

@Suite("Statutory clocks")
struct StatutoryClockTests {
    /// 2026-11-18 09:00 CST.
    let received = Date(timeIntervalSince1970: 1_795_014_000)
    let agency = OrganizationID("cw")
    let police = OrganizationID("pd")
    let caseworker = UserID("caseworker")
    let investigator = UserID("investigator")

    func episode(receivedAt: Date? = nil) -> MissingEpisode {
        MissingEpisode(
            id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: agency, status: .open, receivedAt: receivedAt ?? received,
            lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "Did not return from school.",
            guardian: Guardian(name: "Lakeshore County Children's Services", phone: "555-010-2000"),
            police: InvestigatingAgency(organizationID: police, name: "Maplewood Police Department", phone: "555-010-3000"),
            caseType: .endangeredRunaway, createdBy: caseworker, createdAt: received)
    }

    func event(_ kind: EpisodeEventKind, at: Date, method: String? = "phone", reference: String? = "R-1", id: String = UUID().uuidString)
        -> EpisodeEvent
    {
        EpisodeEvent(
            id: EpisodeEventID(id), episodeID: EpisodeID("e1"), kind: kind, occurredAt: at, recordedAt: at + 60,
            recordedBy: kind == .ncicEntered ? investigator : caseworker, recordedByOrganization: kind == .ncicEntered ? police : agency,
            method: method, reference: reference)
    }

    func reading(_ kind: ClockKind, events: [EpisodeEvent], at now: Date, episode: MissingEpisode? = nil) -> ClockReading {
        StatutoryClocks.read(episode: episode ?? self.episode(), events: events, at: now).first { $0.definition.kind == kind }!
    }

    @Test func a_fresh_report_has_two_running_clocks_and_ncic_waiting_for_police() {
        let clocks = StatutoryClocks.read(episode: episode(), events: [], at: received + 600)
        #expect(clocks.map(\.status) == [.running, .running, .notStarted])
        #expect(clocks[0].deadline == received + 86_400)
        #expect(clocks[0].remaining == TimeInterval(86_400 - 600))
    }

    @Test func a_police_report_within_24_hours_is_met_on_time_with_its_proof() {
        let report = event(.reportedToPolice, at: received + 3 * 3600, reference: "MPD-2026-0142", id: "ev-police")
        let clock = reading(.policeReport, events: [report], at: received + 30 * 3600)
        #expect(clock.status == .metOnTime)
        #expect(clock.proof?.reference == "MPD-2026-0142")
        #expect(clock.proof?.recordedBy == caseworker)
        #expect(clock.proof?.method == "phone")
    }

    @Test func a_report_after_the_deadline_is_met_late_and_stays_late() {
        let report = event(.reportedToClearinghouse, at: received + 26 * 3600)
        let clock = reading(.clearinghouseReport, events: [report], at: received + 400 * 86_400)
        #expect(clock.status == .metLate(by: 2 * 3600))
    }

    @Test func an_open_duty_past_its_deadline_is_breached() {
        let clock = reading(.policeReport, events: [], at: received + 25 * 3600)
        #expect(clock.status == .breached(by: 3600))
        #expect(clock.remaining == nil)
    }

    @Test func warnings_come_at_half_and_ninety_percent_of_the_window() {
        #expect(reading(.policeReport, events: [], at: received + 11 * 3600).status == .running)
        #expect(reading(.policeReport, events: [], at: received + 12 * 3600).status == .warning(fraction: 0.5))
        #expect(reading(.policeReport, events: [], at: received + 22 * 3600).status == .warning(fraction: 0.9))
        let keys = StatutoryClocks.crossedThresholds(reading(.policeReport, events: [], at: received + 25 * 3600), at: received + 25 * 3600)
        #expect(keys == ["0.50", "0.90", "breach"])
    }

    @Test func an_event_without_a_reference_does_not_close_the_clock() {
        let unproven = event(.reportedToPolice, at: received + 3600, reference: nil, id: "ev-incomplete")
        let clock = reading(.policeReport, events: [unproven], at: received + 2 * 3600)
        #expect(clock.status == .running)
        #expect(clock.proof == nil)
        #expect(clock.incompleteProofs.first?.event == EpisodeEventID("ev-incomplete"))
        #expect(clock.incompleteProofs.first?.missing == ["a reference"])
        // Nor does it start the NCIC clock: police cannot be shown to have the report.
        #expect(reading(.ncicEntry, events: [unproven], at: received + 2 * 3600).status == .notStarted)
    }

    @Test func the_ncic_clock_starts_when_police_receive_the_report() {
        let report = event(.reportedToPolice, at: received + 5 * 3600)
        let running = reading(.ncicEntry, events: [report], at: received + 6 * 3600)
        #expect(running.startedAt == received + 5 * 3600)
        #expect(running.status == .warning(fraction: 0.5))
        let breached = reading(.ncicEntry, events: [report], at: received + 8 * 3600)
        #expect(breached.status == .breached(by: 3600))
        let entered = event(.ncicEntered, at: received + 6.5 * 3600, method: "NCIC terminal", reference: "M123456789")
        #expect(reading(.ncicEntry, events: [report, entered], at: received + 9 * 3600).status == .metOnTime)
    }

    @Test func a_police_report_before_the_agency_learned_of_it_counts_from_the_police_report() {
        // Police found out first (they picked the child's absence up on patrol) and told the agency.
        let report = event(.reportedToPolice, at: received - 3 * 3600)
        #expect(reading(.policeReport, events: [report], at: received).status == .metOnTime)
        let ncic = reading(.ncicEntry, events: [report], at: received)
        #expect(ncic.deadline == received - 3600)
        #expect(ncic.status == .breached(by: 3600))
    }

    @Test func the_window_is_24_real_hours_across_a_daylight_saving_change() {
        // 2026-03-07 20:00 CST; clocks spring forward at 02:00 on 2026-03-08.
        let saturdayEvening = Date(timeIntervalSince1970: 1_772_935_200)
        let clock = reading(.policeReport, events: [], at: saturdayEvening + 3600, episode: episode(receivedAt: saturdayEvening))
        #expect(clock.deadline == saturdayEvening + 86_400)
        let chicago = TimeZone(identifier: "America/Chicago")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = chicago
        let local = calendar.dateComponents([.day, .hour], from: clock.deadline!)
        // 24 hours later the wall clock reads 21:00, not 20:00: the day was 23 hours long.
        #expect(local.day == 8 && local.hour == 21)
    }

    @Test func clocks_run_the_same_for_a_young_adult_in_extended_foster_care() {
        let nineteen = Child(
            id: ChildID("c1"), organizationID: agency, firstName: "Rory", lastName: "Testcase",
            dateOfBirth: CivilDate(year: 2007, month: 6, day: 1)!, sex: .male, heightInches: 70, weightPounds: 160, createdAt: received)
        var adult = episode()
        adult.caseType = .criticallyMissingYoungAdult
        let chicago = TimeZone(identifier: "America/Chicago")!
        #expect(nineteen.dateOfBirth.age(on: CivilDate(received, in: chicago)) == 19)
        #expect(!adult.isThirteenOrYounger(child: nineteen, timeZone: chicago))
        let clocks = StatutoryClocks.read(episode: adult, events: [], at: received + 25 * 3600)
        #expect(clocks.map(\.status.code) == ["breached", "breached", "not_started"])
    }

    @Test func the_earliest_complete_proof_closes_the_clock() {
        let late = event(.reportedToPolice, at: received + 30 * 3600, reference: "B", id: "late")
        let early = event(.reportedToPolice, at: received + 2 * 3600, reference: "A", id: "early")
        let clock = reading(.policeReport, events: [late, early], at: received + 31 * 3600)
        #expect(clock.proof?.reference == "A")
        #expect(clock.status == .metOnTime)
    }

    @Test func a_stricter_state_rule_is_data() {
        var oneHour = ClockDefinition.federal[2]
        oneHour.window = 3600
        let report = event(.reportedToPolice, at: received)
        let clock = StatutoryClocks.read(oneHour, episode: episode(), events: [report], at: received + 90 * 60)
        #expect(clock.status == .breached(by: 30 * 60))
    }

    @Test func durations_read_plainly() {
        #expect(DurationText.describe(3 * 3600 + 5 * 60) == "3 h 05 min")
        #expect(DurationText.describe(2 * 86_400 + 4 * 3600) == "2 days 4 h")
        #expect(DurationText.describe(-45 * 60) == "45 min")
    }
}

@Suite("Clocks tell the whole truth")
struct ClockTruthTests {
    let received = Date(timeIntervalSince1970: 1_795_000_000)

    func episode() -> MissingEpisode {
        MissingEpisode(
            id: EpisodeID("e"), childID: ChildID("c"), organizationID: OrganizationID("cw"), status: .open, receivedAt: received,
            lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "x", endangerments: [],
            guardian: Guardian(name: "G", phone: "5550102000"), police: InvestigatingAgency(name: "PD", phone: "5550103000"),
            caseType: .endangeredRunaway, createdBy: UserID("w"), createdAt: received)
    }

    func proof(claimed: Date, recorded: Date) -> EpisodeEvent {
        EpisodeEvent(
            id: EpisodeEventID("p"), episodeID: EpisodeID("e"), kind: .reportedToPolice, occurredAt: claimed, recordedAt: recorded,
            recordedBy: UserID("w"), recordedByOrganization: OrganizationID("cw"), method: "phone", reference: "R-1")
    }

    @Test func a_proof_entered_266_days_late_with_an_earlier_time_shows_it_was_entered_late() {
        let deadline = received + 24 * 3600
        let late = proof(claimed: received + 3600, recorded: deadline + 266 * 86_400)
        let reading = StatutoryClocks.read(ClockDefinition.federal[0], episode: episode(), events: [late], at: deadline + 267 * 86_400)
        #expect(reading.status == .metOnTime)
        #expect(reading.recordedAfterDeadline.map { Int($0.rounded()) } == 266 * 86_400)
        let honest = proof(claimed: received + 3600, recorded: received + 3700)
        #expect(
            StatutoryClocks.read(ClockDefinition.federal[0], episode: episode(), events: [honest], at: deadline).recordedAfterDeadline
                == nil)
        let report = ComplianceReport.compute(
            [EpisodeRecord(episode: episode(), child: .fixture, events: [late])], at: deadline + 300 * 86_400)
        #expect(report.duties[0].metOnTime == 1 && report.duties[0].recordedAfterDeadline == 1)
    }

    @Test func lateness_under_a_minute_reads_in_seconds() {
        #expect(DurationText.describe(40) == "40 s")
        #expect(DurationText.describe(0.2) == "1 s")
        #expect(DurationText.describe(61) == "1 min")
        let deadline = received + 24 * 3600
        let reading = StatutoryClocks.read(
            ClockDefinition.federal[0], episode: episode(), events: [proof(claimed: deadline + 40, recorded: deadline + 41)],
            at: deadline + 60)
        #expect(reading.status == .metLate(by: 40) && reading.lateness.met == 40)
        #expect(ClockDefinition.federal[2].referenceLabelInText == "NIC number")
    }
}

extension Child {
    static let fixture = Child(
        id: ChildID("c"), organizationID: OrganizationID("cw"), firstName: "Fixture", lastName: "Child",
        dateOfBirth: CivilDate(year: 2011, month: 1, day: 1)!, sex: .female, race: "W", heightInches: 60, weightPounds: 90,
        createdAt: Date(timeIntervalSince1970: 1_795_000_000))
}

@Suite("Local times around daylight-saving changes")
struct LocalTimeReadingTests {
    let chicago = TimeZone(identifier: "America/Chicago")!
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func a_time_in_the_spring_gap_is_named_as_skipped() {
        #expect(LocalDateTime.read("2026-03-08T02:30", in: chicago) == .skipped)
        var errors = FieldErrors()
        #expect(LocalDateTime.instant("2026-03-08T02:30", field: "at", in: chicago, now: now, missing: "", errors: &errors) == nil)
        #expect(errors["at"]?.contains("did not happen in America/Chicago: the clocks jumped forward") == true)
    }

    @Test func a_time_in_the_autumn_overlap_asks_which_and_takes_the_answer() {
        guard case .ambiguous(let first, let second) = LocalDateTime.read("2026-11-01T01:30", in: chicago) else {
            Issue.record("not ambiguous")
            return
        }
        #expect(Timestamp.format(first) == "2026-11-01T06:30:00.000Z" && Timestamp.format(second) == "2026-11-01T07:30:00.000Z")
        var errors = FieldErrors()
        #expect(LocalDateTime.instant("2026-11-01T01:30", field: "at", in: chicago, now: now, missing: "", errors: &errors) == nil)
        #expect(errors["at"]?.contains("happened twice in America/Chicago") == true)
        #expect(errors["at"]?.contains("(daylight time, UTC−5)") == true && errors["at"]?.contains("(standard time, UTC−6)") == true)
        var none = FieldErrors()
        #expect(
            LocalDateTime.instant("2026-11-01T01:30", occurrence: "second", field: "at", in: chicago, now: now, missing: "", errors: &none)
                == second)
        #expect(none.isEmpty)
    }

    @Test func the_api_takes_only_times_with_an_offset() {
        #expect(LocalDateTime.read("2026-11-18T17:30", in: chicago, requireOffset: true) == .unreadable)
        #expect(
            LocalDateTime.read("2026-11-18T17:30:00-06:00", in: chicago, requireOffset: true)
                == .instant(Timestamp.parse("2026-11-18T23:30:00.000Z")!))
        #expect(LocalDateTime.read("2026-11-18T17:30", in: chicago) == .instant(Timestamp.parse("2026-11-18T23:30:00.000Z")!))
        // Every way of naming the offset, and offsets that cannot be.
        let instant = LocalDateTime.Reading.instant(Timestamp.parse("2026-11-18T23:30:00.000Z")!)
        for text in [
            "2026-11-18T23:30:00Z", "2026-11-18T23:30Z", "2026-11-18T17:30-0600", "2026-11-19T05:00:00+05:30", "2026-11-18 17:30:00-06:00",
        ] {
            #expect(LocalDateTime.read(text, in: chicago, requireOffset: true) == instant, "\(text)")
        }
        for text in ["2026-11-18T17:30:00-15:00", "2026-11-18T17:30:00+05:60", "2026-13-18T17:30:00Z", "17:30-06:00", "Z", "-06:00"] {
            #expect(LocalDateTime.read(text, in: chicago, requireOffset: true) == .unreadable, "\(text)")
        }
    }
}

@Suite("The order of the work queue")
struct CaseQueueOrderTests {
    @Test func a_case_about_to_breach_comes_before_cases_whose_clocks_are_all_met() {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let aboutToBreach = (deadline: Optional(now + 600), unassigned: false, received: now - 86_000)
        let allMet = (deadline: Optional<Date>.none, unassigned: true, received: now - 60)
        let breached = (deadline: Optional(now - 3600), unassigned: false, received: now - 200_000)
        let later = (deadline: Optional(now + 20 * 3600), unassigned: true, received: now - 4 * 3600)
        let cases = [allMet, later, aboutToBreach, breached]
        let ordered = cases.sorted { CaseAttention.precedes($0, $1) }.map(\.deadline)
        #expect(ordered == [breached.deadline, aboutToBreach.deadline, later.deadline, allMet.deadline])
    }
}
