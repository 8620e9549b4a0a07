import Foundation
import HTTPTypes
import HomewardCore
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

@Suite("Calls and their QA review over HTTP")
struct CallPagesTests {
    /// Takes a call as the fixtures' telecommunicator; returns its address.
    func takeCall(_ client: any TestClientProtocol, _ fixtures: Fixtures) async throws -> String {
        let opened = try await client.page(
            .post, "/calls", as: fixtures.account(.telecommunicator), fixtures: fixtures, form: [("cadIncident", "26-118842")])
        #expect(opened.status == .seeOther)
        let location = try #require(opened.headers[.location])
        #expect(location.hasPrefix("/calls/") && !location.contains("#"))
        return location
    }

    @Test func a_call_is_worked_answer_by_answer_and_the_next_question_takes_the_focus() async throws {
        try await withTestApplication { client, services, fixtures in
            let telecommunicator = fixtures.account(.telecommunicator)
            let path = try await takeCall(client, fixtures)
            var page = try await client.page(.get, path, as: telecommunicator, fixtures: fixtures)
            #expect(page.status == .ok)
            #expect(page.text.contains("CAD 26-118842"))
            #expect(page.text.contains("id=\"f-caller-name\" name=\"value\" value=\"\" autocomplete=\"off\" type=\"text\" autofocus"))
            #expect(page.text.contains("accesskey=\"n\""))

            // A value the item does not take comes back beside it, as typed, in focus; nothing is saved.
            page = try await client.page(
                .post, "\(path)/answers", as: telecommunicator, fixtures: fixtures, form: [("item", "child-age"), ("value", "nine")])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("Enter the child&#39;s age in whole years, from 0 to 20."))
            #expect(page.text.contains("value=\"nine\""))
            let id = CallID(String(path.split(separator: "/").last!))
            #expect(try await services.store.call(id)?.log.isEmpty == true)

            // Saved answers survive a reload; the question after the one saved takes the focus.
            let saved = try await client.page(
                .post, "\(path)/answers", as: telecommunicator, fixtures: fixtures,
                form: [("item", "child-name"), ("value", "Wren Halloway")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "\(path)?saved=child-name")
            page = try await client.page(.get, "\(path)?saved=child-name", as: telecommunicator, fixtures: fixtures)
            #expect(page.text.contains("value=\"Wren Halloway\""))
            #expect(page.text.contains("id=\"f-child-age\" name=\"value\" value=\"\" autocomplete=\"off\" type=\"number\""))
            #expect(page.text.components(separatedBy: " autofocus").count == 2)

            // The autism branch appears once it is indicated.
            #expect(!page.text.contains("Water searched and secured"))
            _ = try await client.page(
                .post, "\(path)/answers", as: telecommunicator, fixtures: fixtures, form: [("item", "needs-autism"), ("value", "yes")])
            page = try await client.page(.get, path, as: telecommunicator, fixtures: fixtures)
            #expect(page.text.contains("Water searched and secured"))
            #expect(try await services.store.call(id)?.log.map(\.itemID) == ["child-name", "needs-autism"])

            // The responding officer's sheet: one PDF page, the autism warning first.
            let sheet = try await client.page(.get, "\(path)/sheet.pdf", as: telecommunicator, fixtures: fixtures)
            #expect(sheet.status == .ok && sheet.headers[.contentType] == "application/pdf")
            let bytes = String(decoding: sheet.body.readableBytesView, as: UTF8.self)
            #expect(bytes.hasPrefix("%PDF") && bytes.contains("/Count 1"))

            // A QA reviewer reads the call as it stands, with nothing to answer.
            let read = try await client.page(.get, path, as: fixtures.account(.qaReviewer), fixtures: fixtures)
            #expect(read.status == .ok && read.text.contains("value=\"Wren Halloway\""))
            #expect(!read.text.contains(">Save</button>") && !read.text.contains("autofocus"))
        }
    }

    @Test func an_ended_call_opens_its_review_and_a_qa_reviewer_scores_it() async throws {
        try await withTestApplication { client, services, fixtures in
            let telecommunicator = fixtures.account(.telecommunicator)
            let reviewer = fixtures.account(.qaReviewer)
            let path = try await takeCall(client, fixtures)
            let refused = try await client.page(.post, "\(path)/close", as: telecommunicator, fixtures: fixtures, form: [("reason", "")])
            #expect(refused.status == .unprocessableContent)
            let closed = try await client.page(
                .post, "\(path)/close", as: telecommunicator, fixtures: fixtures, form: [("reason", "Found asleep in the basement.")])
            #expect(closed.status == .seeOther)
            let page = try await client.page(.get, path, as: telecommunicator, fixtures: fixtures)
            #expect(page.text.contains("Closed: Found asleep in the basement."))
            #expect(!page.text.contains("autofocus"))

            let reviews = try await services.store.pendingQAReviews(in: fixtures.psap.id, limit: 10)
            let review = try #require(reviews.first)
            #expect(review.dueAt == services.clock.now() + 72 * 3600)
            let list = try await client.page(.get, "/qa-reviews", as: reviewer, fixtures: fixtures)
            #expect(list.text.contains("/qa-reviews/\(review.id)"))
            // The reviewer the QA section names is told the review is due.
            let told = try await services.store.inbox(of: reviewer.user.id, limit: 20)
            #expect(told.contains { $0.qaReviewID == review.id && $0.threshold == "due" && $0.body.contains("/qa-reviews/\(review.id)") })

            // An incomplete review comes back with every item to fix marked.
            let items = CallChecklist.telecommunicatorStandard.scoredItems(branchShown: false)
            var form = [("findings", "Quick, complete call."), ("training", "MECTEL")]
            form += items.dropFirst().map { ("score-\($0.id)", "done") }
            let incomplete = try await client.page(.post, "/qa-reviews/\(review.id)", as: reviewer, fixtures: fixtures, form: form)
            #expect(incomplete.status == .unprocessableContent)
            #expect(incomplete.text.contains("1 items need a score"))
            form.append(("score-\(items[0].id)", "not_done"))
            form.append(("grade-\(items[0].id)", "minor"))
            let submitted = try await client.page(.post, "/qa-reviews/\(review.id)", as: reviewer, fixtures: fixtures, form: form)
            #expect(submitted.status == .seeOther)
            let stored = try #require(try await services.store.qaReview(review.id))
            #expect(stored.reviewer == reviewer.user.id && stored.level == "high" && stored.findings == "Quick, complete call.")
            #expect(try await services.store.pendingQAReviews(in: fixtures.psap.id, limit: 10).isEmpty)

            // The manager scores the same call again, blind: the first review stays closed to them until theirs is in.
            let manager = fixtures.account(.psapManager)
            let own = try await client.page(.post, "/qa-reviews/\(review.id)/calibrate", as: reviewer, fixtures: fixtures)
            #expect(own.status == .forbidden)
            let calibrate = try await client.page(.post, "/qa-reviews/\(review.id)/calibrate", as: manager, fixtures: fixtures)
            #expect(calibrate.status == .seeOther)
            let second = try #require(calibrate.headers[.location])
            #expect(try await client.page(.get, "/qa-reviews/\(review.id)", as: manager, fixtures: fixtures).status == .forbidden)
            #expect(try await client.page(.get, second, as: manager, fixtures: fixtures).text.contains("calibration, scored blind"))
            let blind = try await client.page(.post, second, as: manager, fixtures: fixtures, form: form)
            #expect(blind.status == .seeOther)
            #expect(try await client.page(.get, "/qa-reviews/\(review.id)", as: manager, fixtures: fixtures).status == .ok)

            // The readiness page shows the QA section in practice beside the written one.
            let readiness = try await client.page(
                .get, Routes.readiness(fixtures.psap.id), as: fixtures.account(.psapManager), fixtures: fixtures)
            #expect(
                readiness.text.contains("<strong class=\"big-number\">100.0%</strong> of missing-child calls reviewed within the window"))
            #expect(readiness.text.contains("Of 1 missing-child call that ended in the last 12 months, 1 was reviewed within the window"))

            // The follow-up training asked for shows among the roster's training needs.
            let roster = try await client.page(
                .get, Routes.readinessRoster(fixtures.psap.id), as: fixtures.account(.psapManager), fixtures: fixtures)
            #expect(roster.text.contains("Training needs from QA reviews"))
            #expect(roster.text.contains("<td>\(fixtures.account(.telecommunicator).user.name)</td><td>MECTEL</td>"))

            // The dashboard counts it on time; the CSV lists the call.
            let dashboard = try await client.page(.get, "/qa-dashboard", as: fixtures.account(.psapManager), fixtures: fixtures)
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("<dt>Reviewed within the window</dt><dd class=\"\">1</dd>"))
            #expect(dashboard.text.contains("<dt>High compliance</dt><dd>1</dd>"))
            #expect(dashboard.text.contains("role=\"img\" aria-labelledby=\"trend-0\""))
            #expect(dashboard.text.contains("1 call reviewed twice: the reviewers agreed on 100.0% of items"))
            let csv = try await client.page(.get, "/qa-dashboard.csv", as: reviewer, fixtures: fixtures)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.split(separator: "\r\n").count == 2 && csv.text.contains(",closed,") && csv.text.contains(",yes,high,"))
        }
    }

    @Test func the_home_pages_of_a_911_center_show_its_calls_and_reviews() async throws {
        try await withTestApplication { client, _, fixtures in
            var home = try await client.page(.get, "/", as: fixtures.account(.telecommunicator), fixtures: fixtures)
            #expect(!home.text.contains("open missing-child call"))
            let path = try await takeCall(client, fixtures)
            home = try await client.page(.get, "/", as: fixtures.account(.telecommunicator), fixtures: fixtures)
            #expect(home.text.contains("1 open missing-child call"))
            _ = try await client.page(
                .post, "\(path)/close", as: fixtures.account(.telecommunicator), fixtures: fixtures, form: [("reason", "Found.")])
            home = try await client.page(.get, "/", as: fixtures.account(.qaReviewer), fixtures: fixtures)
            #expect(home.text.contains("1 call to review"))
            home = try await client.page(.get, "/", as: fixtures.account(.psapManager), fixtures: fixtures)
            #expect(home.text.contains("1 call to review"))
        }
    }

    @Test func a_cad_system_opens_a_call_once_and_records_answers() async throws {
        try await withTestApplication { client, services, fixtures in
            let telecommunicator = fixtures.account(.telecommunicator)
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(telecommunicator.apiToken)"
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("Idempotency-Key")!] = "cad-26-118842"
            let body =
                #"{"cadIncident":"26-118842","answers":[{"item":"child-name","value":"Wren Halloway"},{"item":"child-age","value":"9"}]}"#
            let first = try await client.execute(uri: "/api/v1/calls", method: .post, headers: headers, body: .init(string: body)) { $0 }
            let second = try await client.execute(uri: "/api/v1/calls", method: .post, headers: headers, body: .init(string: body)) { $0 }
            #expect(first.status == .created && second.status == .created)
            let id = try #require(try first.json()["id"] as? String)
            #expect(try second.json()["id"] as? String == id)
            #expect(first.headers[.location] == "/api/v1/calls/\(id)")
            #expect(try await services.store.calls(in: fixtures.psap.id, status: nil, limit: 10).count == 1)
            #expect((try first.json()["answers"] as? [[String: Any]])?.map { $0["item"] as? String } == ["child-name", "child-age"])

            // A wrong answer is a problem naming the item; nothing is recorded.
            let wrong = try await client.api(
                .post, "/api/v1/calls/\(id)/answers", as: telecommunicator, json: #"{"item":"child-age","value":"nine"}"#)
            #expect(wrong.status == .unprocessableContent)
            // An age of 150 or a birth in 2200 is no missing child: refused beside the item.
            for (item, value) in [("child-age", "150"), ("child-age", "21"), ("child-dob", "2200-01-01"), ("child-dob", "1980-05-01")] {
                let impossible = try await client.api(
                    .post, "/api/v1/calls/\(id)/answers", as: telecommunicator, json: #"{"item":"\#(item)","value":"\#(value)"}"#)
                #expect(impossible.status == .unprocessableContent, "\(item) \(value)")
            }
            #expect((try wrong.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "child-age")
            let saved = try await client.api(
                .post, "/api/v1/calls/\(id)/answers", as: telecommunicator, json: #"{"item":"abduction-believed","value":"yes"}"#)
            #expect(saved.status == .created)
            let amber = try saved.json()["amber"] as? [[String: Any]]
            #expect(amber?.first { $0["id"] as? String == "amber-abduction" }?["standing"] as? String == "met")
            #expect(try await services.store.call(CallID(id))?.log.count == 3)

            // The CAD system hands the call to police: a missing answer is a problem naming it.
            let thin = try await client.api(
                .post, "/api/v1/calls/\(id)/hand-off", as: telecommunicator, json: #"{"agency":"\#(fixtures.police.id)"}"#)
            #expect(thin.status == .unprocessableContent)
            #expect((try thin.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "last-seen-where")
            _ = try await client.api(
                .post, "/api/v1/calls/\(id)/answers", as: telecommunicator, json: #"{"item":"last-seen-where","value":"Elm Street"}"#)
            let elsewhere = try await client.api(
                .post, "/api/v1/calls/\(id)/hand-off", as: telecommunicator, json: #"{"agency":"\#(fixtures.psap.id)"}"#)
            #expect(elsewhere.status == .unprocessableContent)
            let handed = try await client.api(
                .post, "/api/v1/calls/\(id)/hand-off", as: telecommunicator, json: #"{"agency":"\#(fixtures.police.id)"}"#)
            #expect(handed.status == .created)
            let policeCase = try #require(try handed.json()["policeCaseId"] as? String)
            #expect(try await services.store.policeCase(PoliceCaseID(policeCase))?.callID == CallID(id))
            #expect((try handed.json()["call"] as? [String: Any])?["status"] as? String == "handed_off")

            // The 911 center's reviewers see the review the hand-off opened.
            let reviews = try await client.api(.get, "/api/v1/qa-reviews", as: fixtures.account(.qaReviewer))
            #expect(reviews.status == .ok)
            #expect(try (reviews.json()["items"] as? [[String: Any]])?.map { $0["callId"] as? String } == [id])
        }
    }

    @Test func the_clearinghouse_adds_checklist_versions_and_publishes_score_bands_checked_as_data() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let page = try await client.page(.get, "/call-reference", as: admin, fixtures: fixtures)
            #expect(page.status == .ok && page.text.contains("ans-1.101-2026") && page.text.contains("In force"))

            let broken = try await client.page(
                .post, "/call-reference/checklists", as: admin, fixtures: fixtures, form: [("checklist", "{")])
            #expect(broken.status == .unprocessableContent && broken.text.contains("does not describe a checklist version"))
            var next = CallChecklist.telecommunicatorStandard
            next.code = "ans-1.101-2027"
            next.effectiveFrom = "2027-01-01"
            next.autismTrigger = "child-name"
            let encoder = JSONEncoder()
            var refused = try await client.page(
                .post, "/call-reference/checklists", as: admin, fixtures: fixtures,
                form: [("checklist", String(decoding: try encoder.encode(next), as: UTF8.self))])
            #expect(refused.status == .unprocessableContent && refused.text.contains("must be a yes/no question"))
            next.autismTrigger = "needs-autism"
            let added = try await client.page(
                .post, "/call-reference/checklists", as: admin, fixtures: fixtures,
                form: [("checklist", String(decoding: try encoder.encode(next), as: UTF8.self))])
            #expect(added.status == .seeOther)
            #expect(try await services.store.callChecklists().map(\.code) == ["ans-1.101-2026", "ans-1.101-2026.2", "ans-1.101-2027"])

            var bands = ScoreBands.shipped
            bands.bands.removeLast()
            refused = try await client.page(
                .post, "/call-reference/score-bands", as: admin, fixtures: fixtures,
                form: [("bands", String(decoding: try encoder.encode(bands), as: UTF8.self))])
            #expect(refused.status == .unprocessableContent && refused.text.contains("The last level must take every review"))
            bands = ScoreBands.shipped
            bands.bands[0].minimumPercent = 98
            let published = try await client.page(
                .post, "/call-reference/score-bands", as: admin, fixtures: fixtures,
                form: [("bands", String(decoding: try encoder.encode(bands), as: UTF8.self))])
            #expect(published.status == .seeOther)
            #expect(try await services.store.scoreBands() == bands)
        }
    }

    /// 2026-12-02: calls open with the structured checklist.
    static let december = PinnedWallClock(Date(timeIntervalSince1970: 1_796_220_000))

    @Test func a_handed_off_call_becomes_the_police_case_with_its_ncic_worksheet_and_the_childs_report() async throws {
        try await withTestApplication(clock: Self.december) { client, services, fixtures in
            let telecommunicator = fixtures.account(.telecommunicator)
            let investigator = fixtures.account(.investigator)
            let path = try await takeCall(client, fixtures)
            let id = CallID(String(path.split(separator: "/").last!))
            #expect(try await services.store.call(id)?.checklistCode == CallChecklist.telecommunicatorStandardStructured.code)

            // Without an agency, or before police have who and where: refused beside the field, nothing written.
            var page = try await client.page(.post, "\(path)/hand-off", as: telecommunicator, fixtures: fixtures, form: [("agency", "")])
            #expect(page.status == .unprocessableContent && page.text.contains("Choose the police agency responding to the call."))
            page = try await client.page(
                .post, "\(path)/hand-off", as: telecommunicator, fixtures: fixtures, form: [("agency", fixtures.police.id.rawValue)])
            #expect(
                page.status == .unprocessableContent && page.text.contains("Ask the child&#39;s name before handing the call to police."))
            #expect(page.text.contains("<option value=\"\(fixtures.police.id)\" selected>"))
            #expect(try await services.store.call(id)?.status == .open)

            // The fixture episode's child, described as NCIC records a missing person.
            for (item, value) in [
                (CallItem.childName, "Fixture Child"), (CallItem.childLastName, "Child"), (CallItem.childDateOfBirth, "2011-04-12"),
                (CallItem.childSex, "F"), (CallItem.childRace, "W"), (CallItem.childHeight, "5 ft 3 in"), (CallItem.childWeight, "94"),
                (CallItem.childHair, "BLK"), (CallItem.childEyes, "BRO"), (CallItem.lastSeenWhere, "Maplewood Park"),
                (CallItem.childInCare, "yes"), (CallItem.childCareAgency, fixtures.agencyA.name),
            ] {
                let saved = try await client.page(
                    .post, "\(path)/answers", as: telecommunicator, fixtures: fixtures, form: [("item", item), ("value", value)])
                #expect(saved.status == .seeOther, "\(item)")
            }
            page = try await client.page(.get, path, as: telecommunicator, fixtures: fixtures)
            #expect(page.text.contains("value=\"5 ft 3 in\"") && page.text.contains("<option value=\"BLK\" selected>Black</option>"))
            page = try await client.page(
                .post, "\(path)/hand-off", as: telecommunicator, fixtures: fixtures, form: [("agency", fixtures.police.id.rawValue)])
            #expect(page.status == .seeOther)
            let call = try #require(try await services.store.call(id))
            #expect(call.status == .handedOff && call.handedOffTo == fixtures.police.id)
            #expect(try await services.store.qaReviews(ofCall: id).count == 1)
            let policeCase = try #require(try await services.store.policeCase(ofCall: id))
            #expect(policeCase.policeID == fixtures.police.id && policeCase.reportedAt == call.openedAt)
            page = try await client.page(.get, path, as: telecommunicator, fixtures: fixtures)
            #expect(page.text.contains("Handed to police (\(fixtures.police.name))"))

            // The investigator finds it, with the worksheet filled from the call and the child's report offered.
            let casePath = "/police-cases/\(policeCase.id)"
            page = try await client.page(.get, "/police-cases", as: investigator, fixtures: fixtures)
            #expect(page.status == .ok && page.text.contains(casePath) && page.text.contains("Fixture Child"))
            page = try await client.page(.get, casePath, as: investigator, fixtures: fixtures)
            #expect(page.status == .ok)
            for line in ["NAM/CHILD, FIXTURE", "SEX/F", "HGT/503", "WGT/094", "DOB/20110412", "HAI/BLK", "MIS/MISSING FROM FOSTER CARE."] {
                #expect(page.text.contains(line), "\(line)")
            }
            #expect(page.text.contains("The caller said the child is in foster care"))
            #expect(page.text.contains("value=\"\(fixtures.episode.id)\""))

            page = try await client.page(
                .post, "\(casePath)/details", as: investigator, fixtures: fixtures,
                form: [("reportNumber", "26/4410"), ("caseType", "endangered_runaway")])
            #expect(page.status == .unprocessableContent && page.text.contains("only letters, digits and hyphens"))
            #expect(page.text.contains("value=\"26/4410\""))
            page = try await client.page(
                .post, "\(casePath)/details", as: investigator, fixtures: fixtures,
                form: [("reportNumber", "mpd-26-4410"), ("caseType", "endangered_runaway")])
            #expect(page.status == .seeOther)
            page = try await client.page(
                .post, "\(casePath)/link", as: investigator, fixtures: fixtures, form: [("episode", "episode-not-offered")])
            #expect(page.status == .unprocessableContent)
            page = try await client.page(
                .post, "\(casePath)/link", as: investigator, fixtures: fixtures, form: [("episode", fixtures.episode.id.rawValue)])
            #expect(page.status == .seeOther)
            page = try await client.page(
                .post, "\(casePath)/ncic-entry", as: investigator, fixtures: fixtures,
                form: [("nic", "M12345"), ("enteredAt", "2026-12-01T23:30")])
            #expect(page.status == .unprocessableContent && page.text.contains("A NIC is a letter and 9 digits"))
            let local = LocalDateTime.format(services.clock.now(), in: fixtures.police.zone)
            page = try await client.page(
                .post, "\(casePath)/ncic-entry", as: investigator, fixtures: fixtures, form: [("nic", "M123456789"), ("enteredAt", local)])
            #expect(page.status == .seeOther)
            let stored = try #require(try await services.store.policeCase(policeCase.id))
            #expect(stored.reportNumber == "MPD-26-4410" && stored.episodeID == fixtures.episode.id && stored.ncicNumber == "M123456789")
            #expect(stored.ncicClock(at: services.clock.now(), linked: []) == .metOnTime)
            page = try await client.page(.get, casePath, as: investigator, fixtures: fixtures)
            #expect(page.text.contains("OCA/MPD-26-4410") && page.text.contains("Linked to the missing-from-care report"))

            // The child-welfare agency's case page points back to the call and the police case.
            page = try await client.page(.get, "/episodes/\(fixtures.episode.id)", as: investigator, fixtures: fixtures)
            #expect(page.text.contains("911 call to \(fixtures.psap.name)") && page.text.contains("NIC M123456789"))
            #expect(page.text.contains("href=\"\(casePath)\""))
            page = try await client.page(.get, "/episodes/\(fixtures.episode.id)", as: fixtures.account(.caseworker), fixtures: fixtures)
            #expect(page.text.contains("911 call to \(fixtures.psap.name)") && !page.text.contains("href=\"\(casePath)\""))

            let sheet = try await client.page(.get, "\(casePath)/sheet.pdf", as: investigator, fixtures: fixtures)
            #expect(sheet.status == .ok && sheet.headers[.contentType] == "application/pdf")
        }
    }
}
