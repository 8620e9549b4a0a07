import Foundation
import HomewardTestSupport
import Testing

@testable import HomewardCore

/// A duty's proof is one fact whichever agency records it: a police case linked to a
/// missing-from-care report proves the report's duties, the report's proofs close the police
/// case's clock, and a difference between the two is flagged until a supervisor or the case
/// manager settles it. Fictional people and places only.
@Suite("Proofs shared by a police case and the report it is linked to")
struct LinkedProofsTests {
    typealias F = CallFixtures
    static let agency = Organization(
        id: OrganizationID("cw"), code: "cw", name: "Lakeshore County Children's Services", kind: .childWelfare, state: "IL",
        timeZone: "America/Chicago", createdAt: F.now)
    static let clearinghouse = Organization(
        id: OrganizationID("ch"), code: "ch", name: "Clearinghouse", kind: .clearinghouse, state: "VA", timeZone: "America/New_York",
        createdAt: F.now)

    /// The agency learned of it at 09:10 Chicago time; the 911 center took the report at 09:00.
    static func episode(receivedAt: Date = F.now + 600, lastSeenAt: Date? = F.now - 3600) -> MissingEpisode {
        MissingEpisode(
            id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: agency.id, status: .open, receivedAt: receivedAt,
            lastSeenAt: lastSeenAt, lastSeenCity: "Lakeshore", lastSeenState: "IL", circumstances: "Left the foster home.",
            guardian: Guardian(name: "Lakeshore County Children's Services", phone: "555-010-0100"),
            police: InvestigatingAgency(name: "Lakeshore Police Department", phone: "555-010-0200"), caseType: .endangeredRunaway,
            createdBy: UserID("w"), createdAt: receivedAt)
    }

    /// The police case opened from the 911 call, linked to the report, with its report number and
    /// NCIC entry (09:40) recorded by the investigator.
    static func linkedCase(nic: String = "M123456789", enteredAt: String = "2026-11-18T09:40") throws -> PoliceCase {
        let (_, opened) = try PoliceCaseTests.handOff(try PoliceCaseTests.call(PoliceCaseTests.described))
        let investigator = Recorder(user: UserID("inv"), organization: PoliceCaseTests.police, at: F.now + 3000)
        return try opened.recordingDetails(reportNumber: "26-4410", caseType: "endangered_runaway", at: F.now + 2000, by: UserID("inv"))
            .recordingNCICEntry(nic: nic, enteredAt: enteredAt, occurrence: nil, by: investigator)
            .linking(episode(), at: F.now + 3600, by: UserID("inv"))
    }

    static let filed = EpisodeEvent(
        id: EpisodeEventID("filed"), episodeID: EpisodeID("e1"), kind: .reportedToClearinghouse, occurredAt: F.now + 900,
        recordedAt: F.now + 900, recordedBy: UserID("w"), recordedByOrganization: agency.id, method: "Homeward report",
        reference: "MFC-2026-000001")

    func agencyProof(_ kind: EpisodeEventKind, reference: String, at: String, timeline: [EpisodeEvent] = [Self.filed]) throws
        -> EpisodeEvent
    {
        try Self.episode().recordingProof(
            kind, DutyProof(occurredAt: at, method: kind == .ncicEntered ? "NCIC terminal" : "phone", reference: reference),
            childBornOn: nil, timeline: timeline, by: Recorder(user: UserID("w"), organization: Self.agency, at: F.now + 4 * 3600),
            eventID: EpisodeEventID(kind.rawValue)
        ).event
    }

    @Test func the_police_cases_report_number_and_nic_close_the_reports_clocks() throws {
        let policeCase = try Self.linkedCase()
        let unlinked = StatutoryClocks.read(episode: Self.episode(), events: [Self.filed], at: F.now + 5 * 3600)
        #expect(unlinked.map(\.status.code) == ["running", "met_on_time", "not_started"])

        let events = [Self.filed] + policeCase.proofEvents
        let clocks = StatutoryClocks.read(episode: Self.episode(), events: events, at: F.now + 30 * 3600)
        #expect(clocks.map(\.status.code) == ["met_on_time", "met_on_time", "met_on_time"])
        // Police received the report when the 911 center took it: the NCIC clock runs from then.
        #expect(clocks[2].startedAt == F.now && clocks[2].proof?.reference == "M123456789" && clocks[2].proof?.at == F.now + 2400)
        #expect(clocks[0].proof?.reference == "26-4410" && clocks[0].proof?.recordedBy == UserID("inv"))
        let proof = try #require(policeCase.proofEvents.first)
        #expect(proof.policeCaseID == policeCase.id && proof.recordedByOrganization == PoliceCaseTests.police.id)
        #expect(proof.recordedAt == F.now + 2000)
        // Nothing is left for the escalation pass.
        let schedule = EpisodeSchedule.derive(ClockDefinition.federal, episode: Self.episode(), events: events, escalated: [])
        #expect(schedule.nextCheckAt == nil && schedule.openDeadline == nil)

        // Unlinked, the case proves nothing of any report.
        var unlinkedCase = policeCase
        unlinkedCase.episodeID = nil
        #expect(unlinkedCase.proofEvents.isEmpty)
    }

    @Test func a_linked_case_without_a_report_number_starts_the_ncic_clock_and_says_what_is_missing() throws {
        let (_, opened) = try PoliceCaseTests.handOff(try PoliceCaseTests.call(PoliceCaseTests.described))
        let linked = try opened.linking(Self.episode(), at: F.now + 3600, by: UserID("inv"))
        let clocks = StatutoryClocks.read(episode: Self.episode(), events: [Self.filed] + linked.proofEvents, at: F.now + 1800)
        #expect(clocks[0].status.isOpen && clocks[0].incompleteProofs.map(\.missing) == [["a reference"]])
        #expect(clocks[2].startedAt == F.now && clocks[2].status.isOpen)
    }

    @Test func the_agencys_nic_closes_the_police_cases_clock() throws {
        let (_, opened) = try PoliceCaseTests.handOff(try PoliceCaseTests.call(PoliceCaseTests.described))
        let linked = try opened.linking(Self.episode(), at: F.now + 3600, by: UserID("inv"))
        #expect(linked.ncicClock(at: F.now + 3 * 3600, linked: []) == .breached(by: 3600))
        let nic = try agencyProof(
            .ncicEntered, reference: "M123456789", at: "2026-11-18T10:30", timeline: [Self.filed] + linked.proofEvents)
        let timeline = [Self.filed, nic] + linked.proofEvents
        #expect(linked.ncicClock(at: F.now + 3 * 3600, linked: timeline) == .metOnTime)
        #expect(linked.ncicThresholds(at: F.now + 3 * 3600, linked: timeline).isEmpty)
        #expect(linked.ncicEntry(linked: timeline)?.recordedBy == Self.agency.id)
        let number = try agencyProof(.reportedToPolice, reference: "26-4410", at: "2026-11-18T09:15")
        #expect(linked.reportNumber(linked: [number])?.number == "26-4410")
        #expect(linked.reportNumber(linked: [number])?.recordedBy == Self.agency.id)
    }

    @Test func different_numbers_are_kept_both_the_earliest_closes_and_the_difference_is_settled_once() throws {
        let policeCase = try Self.linkedCase(nic: "M123456789", enteredAt: "2026-11-18T09:40")
        let agencyNIC = try agencyProof(
            .ncicEntered, reference: "M987654321", at: "2026-11-18T09:50", timeline: [Self.filed] + policeCase.proofEvents)
        let samePolice = try agencyProof(.reportedToPolice, reference: "26-4410", at: "2026-11-18T09:15")
        var events = [Self.filed, agencyNIC, samePolice] + policeCase.proofEvents
        let clocks = StatutoryClocks.read(episode: Self.episode(), events: events, at: F.now + 5 * 3600)
        #expect(clocks[2].proof?.reference == "M123456789")

        let differences = ProofDifference.find(in: events)
        #expect(differences.count == 1)
        let difference = try #require(differences.first)
        #expect(difference.duty == .ncicEntered && difference.settlement == nil)
        #expect(difference.summary.contains("M987654321") && difference.summary.contains("M123456789"))

        let at = F.now + 6 * 3600
        let investigator = Recorder(user: UserID("inv"), organization: PoliceCaseTests.police, at: at)
        #expect(throws: HomewardError.self) {
            try difference.settling(note: "Ours is right.", roles: [.investigator], by: investigator, eventID: EpisodeEventID("s"))
        }
        let caseworker = Recorder(user: UserID("w"), organization: Self.agency, at: at)
        #expect(throws: HomewardError.self) {
            try difference.settling(note: "Ours is right.", roles: [.supervisor], by: caseworker, eventID: EpisodeEventID("s"))
        }
        let supervisor = Recorder(user: UserID("sgt"), organization: PoliceCaseTests.police, at: at)
        #expect(throws: HomewardError.invalid("note", "Say which record is right and why.")) {
            try difference.settling(note: "  ", roles: [.supervisor], by: supervisor, eventID: EpisodeEventID("s"))
        }
        let settlement = try ProofDifference.settling(
            difference.id, in: events, note: "The terminal printout shows M123456789; the agency copied it wrong.",
            roles: [.supervisor], by: supervisor, eventID: EpisodeEventID("s"))
        events.append(settlement)
        #expect(ProofDifference.find(in: events).first?.settlement?.id == EpisodeEventID("s"))
        let manager = Recorder(user: UserID("cm"), organization: Self.clearinghouse, at: at)
        #expect(throws: HomewardError.self) {
            try ProofDifference.settling(
                difference.id, in: events, note: "Again.", roles: [.caseManager], by: manager, eventID: EpisodeEventID("t"))
        }
        // A change to the police record is a new difference to settle.
        let corrected = try Self.linkedCase(nic: "M555555555", enteredAt: "2026-11-18T09:40")
        let again = ProofDifference.find(in: [Self.filed, agencyNIC, settlement] + corrected.proofEvents)
        #expect(again.count == 1 && again.first?.settlement == nil && again.first?.id != difference.id)
        #expect(throws: Never.self) {
            try again[0].settling(note: "Both checked with NCIC.", roles: [.caseManager], by: manager, eventID: EpisodeEventID("u"))
        }
    }

    @Test func the_same_numbers_at_other_times_differ_only_for_the_ncic_entry() throws {
        let policeCase = try Self.linkedCase(enteredAt: "2026-11-18T09:40")
        // The agency phoned police at 09:15; the 911 call was at 09:00: two real reports, one number.
        let report = try agencyProof(.reportedToPolice, reference: "26-4410", at: "2026-11-18T09:15")
        let sameEntry = try agencyProof(
            .ncicEntered, reference: "M123456789", at: "2026-11-18T09:40", timeline: [Self.filed] + policeCase.proofEvents)
        #expect(ProofDifference.find(in: [Self.filed, report, sameEntry] + policeCase.proofEvents).isEmpty)
        let laterEntry = try agencyProof(
            .ncicEntered, reference: "M123456789", at: "2026-11-18T10:05", timeline: [Self.filed] + policeCase.proofEvents)
        let found = ProofDifference.find(in: [Self.filed, report, laterEntry] + policeCase.proofEvents)
        #expect(found.map(\.duty) == [.ncicEntered] && found[0].summary.contains("25 min later"))
    }

    @Test func linking_says_what_each_side_brought() throws {
        let policeCase = try Self.linkedCase()
        let agencyNIC = try agencyProof(
            .ncicEntered, reference: "M987654321", at: "2026-11-18T09:50", timeline: [Self.filed] + policeCase.proofEvents)
        let reconciliation = LinkReconciliation(linked: policeCase, reportEvents: [Self.filed, agencyNIC])
        #expect(reconciliation.policeProofs == [.reportedToPolice, .ncicEntered])
        #expect(reconciliation.agencyProofs == [.ncicEntered])
        #expect(reconciliation.differences.count == 1)
        #expect(reconciliation.summary.contains("One difference"))
    }

    @Test func a_proof_cannot_predate_its_duty() throws {
        // A police report dated 2013 on a case received in 2026.
        #expect(throws: HomewardError.self) { try agencyProof(.reportedToPolice, reference: "13-0001", at: "2013-05-01T10:00") }
        // Before the agency learned of it, and before the child was last seen: impossible.
        #expect(throws: HomewardError.self) { try agencyProof(.reportedToClearinghouse, reference: "X-1", at: "2026-11-18T09:05") }
        #expect(throws: HomewardError.self) { try agencyProof(.reportedToPolice, reference: "26-1", at: "2026-11-18T07:30") }
        // Police learning first (after the child was last seen, before the agency knew) is kept: a start.
        let policeFirst = try agencyProof(.reportedToPolice, reference: "26-1", at: "2026-11-18T08:30")
        #expect(policeFirst.occurredAt == F.now - 1800)
        // The NCIC entry comes after police received the report.
        #expect(throws: HomewardError.self) {
            try agencyProof(.ncicEntered, reference: "M123456789", at: "2026-11-18T08:20", timeline: [Self.filed, policeFirst])
        }
        #expect(throws: Never.self) {
            try agencyProof(.ncicEntered, reference: "M123456789", at: "2026-11-18T08:40", timeline: [Self.filed, policeFirst])
        }
        // Without a report to police yet, not before police could have had one.
        #expect(throws: HomewardError.self) { try agencyProof(.ncicEntered, reference: "M123456789", at: "2026-11-18T07:30") }
        let message = try #require(Self.episode().proofProblem(.reportedToPolice, at: F.now - 4 * 3600, timeline: [], zone: F.zone))
        #expect(message == "The report to police cannot come before the child was last seen (2026-11-18 08:00 CST).")
    }
}
