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
            #expect(page.text.contains("Enter a whole number"))
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
            #expect((try wrong.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "child-age")
            let saved = try await client.api(
                .post, "/api/v1/calls/\(id)/answers", as: telecommunicator, json: #"{"item":"abduction-believed","value":"yes"}"#)
            #expect(saved.status == .created)
            let amber = try saved.json()["amber"] as? [[String: Any]]
            #expect(amber?.first { $0["id"] as? String == "amber-abduction" }?["standing"] as? String == "met")
            #expect(try await services.store.call(CallID(id))?.log.count == 3)

            // Another 911 center's reviewers see none of it; this one's see the review once the call ends.
            let reviews = try await client.api(.get, "/api/v1/qa-reviews", as: fixtures.account(.qaReviewer))
            #expect(reviews.status == .ok)
            #expect(try (reviews.json()["items"] as? [Any])?.isEmpty == true)
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
            #expect(try await services.store.callChecklists().map(\.code) == ["ans-1.101-2026", "ans-1.101-2027"])

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
}
