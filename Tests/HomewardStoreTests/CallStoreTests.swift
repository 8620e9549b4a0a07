import Foundation
import HomewardCore
import HomewardTestSupport
import SQLKit
import Testing

@testable import HomewardStore

@Suite("Call store conformance")
struct CallStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let checklist = CallChecklist.telecommunicatorStandard

    func audit(_ action: String) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: "call")
    }

    /// Lakeshore Regional 911 with a telecommunicator and a QA reviewer, and a police agency (fictional).
    func prepare(_ store: SQLDataStore) async throws -> (
        psap: Organization, police: Organization, telecommunicator: UserID, reviewer: UserID
    ) {
        let psap = Organization(
            id: OrganizationID("psap"), code: "lakeshore", name: "Lakeshore Regional 911", kind: .psap, state: "IL",
            timeZone: "America/Chicago", createdAt: now)
        let police = Organization(
            id: OrganizationID("pd"), code: "lakeshore-pd", name: "Lakeshore Police Department", kind: .lawEnforcement, state: "IL",
            timeZone: "America/Chicago", createdAt: now)
        try await store.createOrganization(psap, audit: audit("o"))
        try await store.createOrganization(police, audit: audit("o"))
        for (id, role) in [("tc", Role.telecommunicator), ("qa", .qaReviewer)] {
            try await store.createUser(
                User(id: UserID(id), organizationID: psap.id, email: "\(id)@911.example", name: id, roles: [role], createdAt: now),
                passwordHash: nil, audit: audit("u"))
        }
        return (psap, police, UserID("tc"), UserID("qa"))
    }

    /// `call` with the answers police need before a hand-off, each recorded.
    func answered(_ call: MissingChildCall, in store: SQLDataStore, by telecommunicator: UserID) async throws -> MissingChildCall {
        var call = call
        for (item, value) in [("child-name", "Wren Halloway"), ("child-age", "9"), ("last-seen-where", "Elm Street playground")] {
            let (next, answer) = try call.answering(item, value, checklist: checklist, at: now + 60, by: telecommunicator)
            try await store.recordAnswer(answer, on: call.id, audit: audit("calls.answer"))
            call = next
        }
        return call
    }

    func open(_ store: SQLDataStore, _ psap: Organization, id: String = "call-1", key: IdempotencyKey? = nil) async throws
        -> MissingChildCall
    {
        let call = try MissingChildCall.open(
            id: CallID(id), psap: psap, checklist: checklist, cadIncident: "26-118842", at: now, by: UserID("tc"))
        return try await store.openCall(call, idempotencyKey: key, audit: audit("calls.open"))
    }

    @Test(arguments: TestEngine.available)
    func the_shipped_checklist_is_seeded_and_versions_can_be_added(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            #expect(try await store.callChecklists() == CallChecklist.shipped)
            try await store.seedCallChecklists(CallChecklist.shipped, at: now)
            var next = checklist
            next.code = "ans-1.101-2027"
            next.effectiveFrom = "2027-01-01"
            try await store.addCallChecklist(next, by: nil, at: now, audit: audit("checklists.add"))
            #expect(try await store.callChecklists().map(\.code) == CallChecklist.shipped.map(\.code) + [next.code])
            await #expect(throws: HomewardError.self) { try await store.addCallChecklist(next, by: nil, at: now, audit: audit("x")) }
        }
    }

    @Test(arguments: TestEngine.available)
    func score_bands_are_the_shipped_ones_until_others_are_published(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (_, _, _, reviewer) = try await prepare(store)
            #expect(try await store.scoreBands() == .shipped)
            var stricter = ScoreBands.shipped
            stricter.bands[0].minimumPercent = 98
            try await store.publishScoreBands(stricter, by: reviewer, at: now, audit: audit("bands.publish"))
            try await store.publishScoreBands(.shipped, by: reviewer, at: now + 1, audit: audit("bands.publish"))
            #expect(try await store.scoreBands() == .shipped)
        }
    }

    @Test(arguments: TestEngine.available)
    func a_call_and_its_answers_round_trip_and_a_key_opens_it_once(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (psap, _, telecommunicator, _) = try await prepare(store)
            var call = try await open(store, psap, key: IdempotencyKey("cad-1", requestDigest: "a"))
            for (index, (item, value)) in [("child-name", "Wren Halloway"), ("child-age", "9"), ("child-age", "10")].enumerated() {
                let (next, answer) = try call.answering(
                    item, value, checklist: checklist, at: now + Double(index + 1), by: telecommunicator)
                try await store.recordAnswer(answer, on: call.id, audit: audit("calls.answer"))
                call = next
            }
            #expect(try await store.call(call.id) == call)
            #expect(try await store.calls(in: psap.id, status: .open, limit: 10) == [call])
            #expect(try await store.calls(in: psap.id, status: .closed, limit: 10).isEmpty)
            // The same key gives back the call opened before; with other content it is refused.
            let again = try await open(store, psap, id: "call-2", key: IdempotencyKey("cad-1", requestDigest: "a"))
            #expect(again.id == call.id)
            #expect(try await store.call(CallID("call-2")) == nil)
            await #expect(throws: HomewardError.self) {
                try await open(store, psap, id: "call-3", key: IdempotencyKey("cad-1", requestDigest: "b"))
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func waiting_reviews_due_from_the_calls_end_are_moved_to_its_start_by_the_migration(_ engine: TestEngine) async throws {
        let database = try await TestDatabase.make(engine)
        defer { Task { await database.destroy() } }
        do {
            let store = try await database.openStore()
            let (psap, police, telecommunicator, _) = try await prepare(store)
            let call = try await answered(try await open(store, psap), in: store, by: telecommunicator)
            let (handed, policeCase) = try call.handingOff(
                to: police, caseID: PoliceCaseID("pc1"), checklist: checklist, zone: psap.zone, at: now + 5400, by: telecommunicator)
            var review = try QAReview.opening(
                id: QAReviewID("r1"), for: handed, section: QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: true),
                at: now + 5400)
            #expect(review.dueAt == call.openedAt + 72 * 3600)
            // As an earlier release stored it: 72 hours after the call's end.
            review.dueAt = now + 5400 + 72 * 3600
            try await store.endCall(handed, policeCase: policeCase, review: review, audit: audit("calls.hand_off"))
            try await store.engine.write { db in
                try await db.raw("DELETE FROM schema_migrations WHERE version = 26").run()
            }
            try await store.shutdown()
            let reopened = try await database.openStore()
            #expect(try await reopened.qaReview(review.id)?.dueAt == call.openedAt + 72 * 3600)
            try await reopened.shutdown()
        }
    }

    @Test(arguments: TestEngine.available)
    func ending_a_call_opens_its_review_in_one_transaction(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (psap, police, telecommunicator, reviewer) = try await prepare(store)
            let call = try await answered(try await open(store, psap), in: store, by: telecommunicator)
            let (handed, policeCase) = try call.handingOff(
                to: police, caseID: PoliceCaseID("pc1"), checklist: checklist, zone: psap.zone, at: now + 900, by: telecommunicator)
            let section = QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: true)
            var review = try QAReview.opening(id: QAReviewID("r1"), for: handed, section: section, at: now + 900)

            // A review naming a person who does not exist fails last: the call stays open, nothing is written.
            var broken = review
            broken.telecommunicator = UserID("nobody")
            await #expect(throws: (any Error).self) {
                try await store.endCall(handed, policeCase: policeCase, review: broken, audit: audit("calls.hand_off"))
            }
            #expect(try await store.call(call.id)?.status == .open)
            #expect(try await store.qaReviews(ofCall: call.id).isEmpty)
            #expect(try await store.policeCase(ofCall: call.id) == nil)

            try await store.endCall(handed, policeCase: policeCase, review: review, audit: audit("calls.hand_off"))
            #expect(try await store.call(call.id) == handed)
            #expect(try await store.policeCase(ofCall: call.id) == policeCase)
            #expect(try await store.policeCases(of: police.id, status: .open, limit: 10) == [policeCase])
            #expect(try await store.qaReviews(ofCall: call.id) == [review])
            #expect(try await store.pendingQAReviews(in: psap.id, limit: 10) == [review])
            #expect(try await store.callsEnded(in: psap.id, from: now, until: now + 3600).map(\.id) == [call.id])
            #expect(try await store.callsEnded(in: psap.id, from: now + 901, until: now + 3600).isEmpty)
            // An ended call takes no more answers, and does not end twice.
            let late = CallAnswer(itemID: "child-age", value: "11", at: now + 1000, by: telecommunicator)
            await #expect(throws: HomewardError.self) { try await store.recordAnswer(late, on: call.id, audit: audit("calls.answer")) }
            var second = review
            second.id = QAReviewID("r2")
            await #expect(throws: HomewardError.self) {
                try await store.endCall(handed, policeCase: nil, review: second, audit: audit("calls.hand_off"))
            }

            // Submitted once; a calibration review once.
            let scores = checklist.scoredItems(branchShown: false).map { ItemReview(itemID: $0.id, score: .done) }
            review = try review.submitting(
                scores, findings: "Good call.", followUpTraining: ["MECTEL"], call: handed, checklist: checklist, bands: .shipped,
                by: reviewer, at: now + 7200)
            try await store.submitQAReview(review, audit: audit("qa.submit"))
            #expect(try await store.qaReview(review.id) == review)
            await #expect(throws: HomewardError.self) { try await store.submitQAReview(review, audit: audit("qa.submit")) }
            #expect(try await store.pendingQAReviews(in: psap.id, limit: 10).isEmpty)
            let calibration = try QAReview.opening(
                id: QAReviewID("r3"), for: handed, section: section, isCalibration: true, at: now + 8000)
            try await store.addQAReview(calibration, audit: audit("qa.calibrate"))
            var another = calibration
            another.id = QAReviewID("r4")
            await #expect(throws: HomewardError.self) { try await store.addQAReview(another, audit: audit("qa.calibrate")) }
            #expect(try await store.qaReviews(ofCall: call.id).map(\.id) == [review.id, calibration.id])
            #expect(try await store.qaReviews(in: psap.id, from: now, until: now + 9000).count == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func a_police_case_changes_only_from_its_current_version_and_links_a_report(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (psap, police, telecommunicator, _) = try await prepare(store)
            let call = try await answered(try await open(store, psap), in: store, by: telecommunicator)
            let (handed, opened) = try call.handingOff(
                to: police, caseID: PoliceCaseID("pc1"), checklist: checklist, zone: psap.zone, at: now + 900, by: telecommunicator)
            let review = try QAReview.opening(
                id: QAReviewID("r1"), for: handed, section: QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: true),
                at: now + 900)
            try await store.endCall(handed, policeCase: opened, review: review, audit: audit("calls.hand_off"))

            // A child-welfare agency's report of the same child.
            let agency = Organization(
                id: OrganizationID("cw"), code: "cw", name: "Lakeshore County Children's Services", kind: .childWelfare, state: "IL",
                timeZone: "America/Chicago", createdAt: now)
            try await store.createOrganization(agency, audit: audit("o"))
            try await store.createUser(
                User(id: UserID("w"), organizationID: agency.id, email: "w@cw.example", name: "w", roles: [.caseworker], createdAt: now),
                passwordHash: nil, audit: audit("u"))
            let child = Child(
                id: ChildID("c1"), organizationID: agency.id, firstName: "Wren", lastName: "Halloway",
                dateOfBirth: CivilDate(year: 2017, month: 3, day: 4)!, sex: .female, heightInches: 50, weightPounds: 60, createdAt: now)
            let episode = try await store.fileReport(
                child: child, childIsNew: true,
                episode: MissingEpisode(
                    id: EpisodeID("e1"), childID: child.id, organizationID: agency.id, status: .open, receivedAt: now, lastSeenCity: "X",
                    lastSeenState: "IL", circumstances: "x", guardian: Guardian(name: "g", phone: "555-010-0000"),
                    police: InvestigatingAgency(name: "Lakeshore Police Department", phone: "555-010-0000"),
                    caseType: .endangeredRunaway, createdBy: UserID("w"), createdAt: now),
                events: [
                    EpisodeEvent(
                        id: EpisodeEventID("filed"), episodeID: EpisodeID("e1"), kind: .reportedToClearinghouse, occurredAt: now,
                        recordedAt: now, recordedBy: UserID("w"), recordedByOrganization: agency.id, method: "Homeward report",
                        reference: "MFC-1")
                ], deletingDraft: nil, idempotencyKey: nil, audit: audit("f"))

            let investigator = UserID("tc")
            let detailed = try opened.recordingDetails(
                reportNumber: "26-4410", caseType: "endangered_runaway", at: now + 1000, by: UserID("tc"))
            let linked = try opened.linking(episode, at: now + 1100, by: investigator)
            try await store.updatePoliceCase(detailed, audit: audit("police_cases.details"))
            // Made from the version before the change just stored: refused, and nothing of it is kept.
            await #expect(throws: HomewardError.self) { try await store.updatePoliceCase(linked, audit: audit("police_cases.link")) }
            var stored = try #require(try await store.policeCase(opened.id))
            #expect(stored.version == 2 && stored.reportNumber == "26-4410" && stored.episodeID == nil)

            try await store.updatePoliceCase(
                try stored.linking(episode, at: now + 1200, by: investigator), audit: audit("police_cases.link"))
            stored = try #require(try await store.policeCase(opened.id))
            #expect(stored.episodeID == episode.id && stored.reportNumber == "26-4410" && stored.version == 3)
            #expect(try await store.policeCases(linkedTo: episode.id).map(\.id) == [opened.id])

            // The police case's report number proves the report to police on the agency's report:
            // one fact, read from the police case, with who recorded it.
            var record = try #require(try await store.episodeRecord(episode.id))
            var clocks = record.clocks(at: now + 5000)
            #expect(clocks[0].status == .metOnTime && clocks[0].proof?.reference == "26-4410")
            #expect(clocks[0].proof?.recordedBy == investigator && clocks[2].startedAt == now && clocks[2].status.isOpen)
            #expect(try await store.episodesDue(at: now + 7200, after: nil, limit: 10).map(\.record.episode.id) == [episode.id])
            #expect(
                try await store.policeCasesAwaitingNCIC(reportedBy: now + 9000, after: nil, limit: 10).map(\.policeCase.id) == [opened.id])

            // The agency's NIC closes the police case's clock too, and nothing escalates afterwards.
            try await store.appendEvent(
                EpisodeEvent(
                    id: EpisodeEventID("nic"), episodeID: episode.id, kind: .ncicEntered, occurredAt: now + 3000, recordedAt: now + 3100,
                    recordedBy: UserID("w"), recordedByOrganization: agency.id, method: "NCIC terminal", reference: "M123456789"),
                updating: nil, audit: audit("episodes.ncic_entered"))
            #expect(try await store.policeCasesAwaitingNCIC(reportedBy: now + 9000, after: nil, limit: 10).isEmpty)
            #expect(try await store.openPoliceCaseCounts(of: police.id, at: now + 9000).awaitingNCIC == 0)
            record = try #require(try await store.episodeRecord(episode.id))
            clocks = record.clocks(at: now + 9000)
            #expect(clocks.map(\.status.code) == ["met_on_time", "met_on_time", "met_on_time"])
            #expect(try await store.episodesDue(at: now + 40 * 3600, after: nil, limit: 10).isEmpty)

            // The police record their own entry: both stay on the timeline; the earliest closes.
            stored = try #require(try await store.policeCase(opened.id))
            let entry = try stored.recordingNCICEntry(
                nic: "M123456789", enteredAt: "2026-11-18T09:40", occurrence: nil,
                by: Recorder(user: investigator, organization: police, at: now + 9500))
            try await store.updatePoliceCase(entry, audit: audit("police_cases.ncic_entry"))
            record = try #require(try await store.episodeRecord(episode.id))
            #expect(record.events.filter { $0.kind == .ncicEntered }.map(\.id.rawValue) == ["pc1/ncic-entry", "nic"])
            #expect(record.clocks(at: now + 9600)[2].proof?.eventID == EpisodeEventID("pc1/ncic-entry"))
            #expect(ProofDifference.find(in: record.events).map(\.duty) == [.ncicEntered])
            stored = try #require(try await store.policeCase(opened.id))
            #expect(stored.ncicRecordedAt == now + 9500 && stored.reportNumberRecordedBy == investigator)
            try await store.updatePoliceCase(
                try stored.closing(reason: "Found at a friend's house.", at: now + 5000, by: investigator),
                audit: audit("police_cases.close"))
            #expect(try await store.policeCases(of: police.id, status: .open, limit: 10).isEmpty)
            #expect(try await store.policeCases(of: police.id, status: .closed, limit: 10).map(\.id) == [opened.id])
        }
    }
}
