import Foundation
import HomewardCore
import Testing

@Suite("Reporting commands")
struct ReportingCommandTests {
    let forms = ReportFormTests()
    var recorder: Recorder { Recorder(user: UserID("u"), organization: forms.agency, at: forms.now) }

    /// Identifiers in the order a command asks for them.
    final class Counter: @unchecked Sendable {
        var next = 0
        func id() -> String {
            next += 1
            return "id\(next)"
        }
    }

    func file(_ form: ReportForm, linked: LinkedChild? = nil, photo: ReencodedPhoto? = nil) throws -> FiledReport {
        let counter = Counter()
        return try ReportFiling.file(
            form, by: recorder, policeAgencies: [forms.police], linked: linked, photo: photo, newID: counter.id)
    }

    @Test func filing_closes_the_clearinghouse_clock_and_the_police_clock_when_the_report_number_is_known() throws {
        var form = forms.complete()
        form.policeReportNumber = "MPD-26-1"
        let photo = ReencodedPhoto(bytes: Data([1, 2, 3]), format: .jpeg, width: 10, height: 12)
        let report = try file(form, photo: photo)
        #expect(report.childIsNew)
        #expect(report.events.map(\.kind) == [.reportedToClearinghouse, .reportedToPolice])
        #expect(report.events[1].reference == "MPD-26-1" && report.events[1].occurredAt == forms.now)
        #expect(report.photo?.childID == report.child.id && report.photo?.episodeID == report.episode.id)
        #expect(report.photo?.bytes == Data([1, 2, 3]) && report.photo?.uploadedBy == UserID("u"))
        #expect(try file(forms.complete()).events.map(\.kind) == [.reportedToClearinghouse])
    }

    @Test func a_linked_child_must_be_the_agencys_own_with_no_open_episode() throws {
        var form = forms.complete()
        form.childDecision = "link:c-old"
        let earlier = Child(
            id: ChildID("c-old"), organizationID: forms.agency.id, firstName: "Jordan", lastName: "Testcase",
            dateOfBirth: CivilDate(year: 2011, month: 4, day: 12)!, sex: .female, heightInches: 60, weightPounds: 90,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        var closed = PublicTextScreenTests().record().episode
        closed.status = .closed
        closed.caseManagerID = UserID("manager")

        #expect(throws: HomewardError.invalid("childDecision", "The earlier record chosen is not one of your agency's children.")) {
            try file(form, linked: nil)
        }
        var foreign = earlier
        foreign.organizationID = OrganizationID("other")
        #expect(throws: HomewardError.self) { try file(form, linked: LinkedChild(child: foreign, episodes: [])) }
        var open = closed
        open.status = .open
        #expect(throws: HomewardError.self) { try file(form, linked: LinkedChild(child: earlier, episodes: [open])) }

        let report = try file(form, linked: LinkedChild(child: earlier, episodes: [closed]))
        #expect(!report.childIsNew && report.child.id == earlier.id && report.child.createdAt == earlier.createdAt)
        #expect(report.episode.caseManagerID == UserID("manager"))
    }

    func proof(_ kind: EpisodeEventKind, reference: String, at: String = "2026-11-18T08:15") throws -> (
        event: EpisodeEvent, episode: MissingEpisode?
    ) {
        try PublicTextScreenTests().record().episode.recordingProof(
            kind, DutyProof(occurredAt: at, method: "NCIC terminal", reference: reference), childBornOn: nil, timeline: [], by: recorder,
            eventID: EpisodeEventID("v"))
    }

    @Test func a_nic_is_a_letter_and_nine_digits_and_is_kept_on_the_episode() throws {
        let (event, episode) = try proof(.ncicEntered, reference: " m123 456 789 ")
        #expect(event.reference == "M123456789" && episode?.ncicNumber == "M123456789")
        #expect(event.occurredAt == Date(timeIntervalSince1970: 1_795_014_000 - 45 * 60))
        for bad in ["123456789", "MM23456789", "M12345678", "M１２３４５６７８９"] {
            #expect(throws: HomewardError.invalid("reference", "A NIC is a letter and 9 digits, such as M123456789.")) {
                try proof(.ncicEntered, reference: bad)
            }
        }
        #expect(NICNumber.normalized("x000000001") == "X000000001")
    }

    @Test func a_police_proof_needs_a_report_number_and_a_time_not_in_the_future() throws {
        let (event, episode) = try proof(.reportedToPolice, reference: "mpd-26-9")
        #expect(event.reference == "MPD-26-9" && episode?.police.reportNumber == "MPD-26-9")
        #expect(throws: HomewardError.self) { try proof(.reportedToPolice, reference: String(repeating: "9", count: 21)) }
        #expect(throws: HomewardError.self) { try proof(.reportedToPolice, reference: "") }
        #expect(throws: HomewardError.self) { try proof(.reportedToPolice, reference: "R1", at: "2026-11-19T08:15") }
        #expect(throws: HomewardError.invalid("kind", "This event does not prove a duty.")) { try proof(.note, reference: "x") }
    }

    func entry(_ kind: String, confirm: Bool = true) -> CaseEntry {
        CaseEntry(
            kind: kind, occurredAt: "2026-11-18T08:15", note: "Unharmed; tired.", place: "Maplewood library", by: "Officer Quenell",
            confirmRecovery: confirm)
    }

    func publishedPoster() -> Poster {
        var poster = Poster(id: "p", episodeID: EpisodeID("e"), slug: "s", createdBy: UserID("m"), createdAt: forms.now)
        poster.status = .published
        return poster
    }

    @Test func a_recovery_is_confirmed_opens_its_tasks_and_withdraws_the_published_poster() throws {
        var record = PublicTextScreenTests().record()
        record.episode.ncicNumber = "M123456789"
        let counter = Counter()
        let unconfirmed = #expect(throws: HomewardError.self) {
            try record.recording(entry("recovered", confirm: false), poster: publishedPoster(), by: recorder, newID: counter.id)
        }
        if case .invalid(let errors)? = unconfirmed {
            #expect(errors["confirmRecovery"]?.contains("the public poster will be withdrawn at once") == true)
        }
        let recorded = try record.recording(entry("recovered"), poster: publishedPoster(), by: recorder, newID: counter.id)
        #expect(recorded.episode?.status == .recovered)
        #expect(recorded.tasks.map(\.kind) == [.returnInterview, .traffickingScreening, .ncicCancel])
        #expect(recorded.withdrawnPoster?.status == .withdrawn && recorded.withdrawnPoster?.withdrawnReason == "recovered")
        #expect(recorded.event.method == "Officer Quenell" && recorded.event.reference == "Maplewood library")

        var recovered = record
        recovered.episode.status = .recovered
        #expect(throws: HomewardError.self) {
            try recovered.recording(entry("recovered"), poster: nil, by: recorder, newID: counter.id)
        }
    }

    @Test func located_moves_an_open_case_and_a_note_changes_nothing_else() throws {
        let record = PublicTextScreenTests().record()
        let counter = Counter()
        let located = try record.recording(entry("located"), poster: publishedPoster(), by: recorder, newID: counter.id)
        #expect(located.episode?.status == .located && located.withdrawnPoster == nil && located.tasks.isEmpty)
        let note = try record.recording(entry("note"), poster: nil, by: recorder, newID: counter.id)
        #expect(note.episode == nil && note.event.kind == .note)
        #expect(throws: HomewardError.invalid("kind", "Choose what to record.")) {
            var bad = entry("assigned")
            bad.note = "x"
            return try record.recording(bad, poster: nil, by: recorder, newID: counter.id)
        }
    }

    @Test func a_correction_keeps_what_the_report_does_not_describe_and_refuses_what_has_its_own_action() throws {
        var record = try file(forms.complete()).asRecord
        record.episode.status = .located
        record.episode.caseNumber = "HW-2026-000042"
        record.episode.ncicNumber = "M123456789"
        let (child, episode, before) = try record.correcting(
            ["lastSeenCity": "Lakeview", "weightPounds": "96"], agency: forms.agency, policeAgencies: [forms.police], at: forms.now,
            investigatingAgencyRoute: "/route")
        #expect(before["lastSeenCity"] == "Maplewood" && episode.lastSeenCity == "Lakeview" && child.weightPounds == 96)
        #expect(episode.status == .located && episode.caseNumber == "HW-2026-000042" && episode.ncicNumber == "M123456789")
        let refused = #expect(throws: HomewardError.self) {
            try record.correcting(
                ["policeReportNumber": "R-1", "caseNumber": "x", "policeOrganizationID": "other"], agency: forms.agency,
                policeAgencies: [forms.police], at: forms.now, investigatingAgencyRoute: "/route")
        }
        if case .invalid(let fields)? = refused {
            #expect(fields["policeReportNumber"] == "Record the police report as an event with its proof.")
            #expect(fields["caseNumber"] == "This field cannot be changed.")
            #expect(fields["policeOrganizationID"] == "The investigating agency changes by its own action: POST /route.")
        }
    }
}

extension FiledReport {
    var asRecord: EpisodeRecord { EpisodeRecord(episode: episode, child: child, events: events) }
}
