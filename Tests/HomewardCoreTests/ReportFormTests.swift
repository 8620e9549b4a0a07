import Foundation
import HomewardCore
import Testing

@Suite("Report intake form")
struct ReportFormTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)  // 2026-11-18 09:00 CST
    let agency = Organization(
        id: OrganizationID("cw"), code: "cw", name: "Lakeshore County Children's Services", kind: .childWelfare, state: "IL",
        timeZone: "America/Chicago", createdAt: Date(timeIntervalSince1970: 0))
    let police = Organization(
        id: OrganizationID("pd"), code: "pd", name: "Maplewood Police Department", kind: .lawEnforcement, state: "IL",
        timeZone: "America/Chicago", ori: "IL0990200", phone: "555-010-3000", createdAt: Date(timeIntervalSince1970: 0))

    func complete() -> ReportForm {
        var form = ReportForm()
        form.firstName = "Jordan"
        form.lastName = "Testcase"
        form.dateOfBirth = "2011-04-12"
        form.sex = "F"
        form.race = "W"
        form.heightFeet = "5"
        form.heightInches = "3"
        form.weightPounds = "94"
        form.eyeColor = "BRO"
        form.hairColor = "BLK"
        form.receivedAt = "2026-11-18T07:30"
        form.lastSeenAt = "2026-11-17T21:00"
        form.lastSeenCity = "Maplewood"
        form.lastSeenState = "IL"
        form.circumstances = "Left the foster home after dinner."
        form.noEndangerments = true
        form.guardianName = "Lakeshore County Children's Services"
        form.guardianPhone = "555-010-2000"
        form.policeOrganizationID = "pd"
        form.caseType = "endangered_runaway"
        return form
    }

    func validate(_ form: ReportForm) throws -> ReportForm.Validated {
        try form.validated(
            agency: agency, reporter: UserID("u"), policeAgencies: [police], childID: ChildID("c"), episodeID: EpisodeID("e"), now: now)
    }

    @Test func a_complete_form_becomes_a_child_and_an_episode() throws {
        let result = try validate(complete())
        #expect(result.child.heightInches == 63)
        #expect(result.episode.receivedAt == now - 5400)
        #expect(result.episode.police.ori == "IL0990200")
        #expect(result.episode.police.phone == "555-010-3000")
        #expect(result.episode.police.reportNumber == nil)
        #expect(result.episode.endangerments.isEmpty)
    }

    @Test func an_empty_form_reports_every_required_field() {
        do {
            _ = try validate(ReportForm())
            Issue.record("expected errors")
        } catch HomewardError.invalid(let errors) {
            #expect(
                errors.entries.map(\.field) == [
                    "firstName", "lastName", "dateOfBirth", "sex", "heightFeet", "weightPounds", "receivedAt", "lastSeenCity",
                    "lastSeenState",
                    "circumstances", "endangerments", "guardianName", "guardianPhone", "policeName", "policePhone", "caseType",
                ])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func the_endangerment_question_must_be_answered_one_way() throws {
        var form = complete()
        form.noEndangerments = false
        #expect(throws: HomewardError.invalid("endangerments", "Tick every risk that applies, or confirm that none does.")) {
            try validate(form)
        }
        form.endangerments = ["trafficking_concern"]
        #expect(try validate(form).episode.endangerments == [.traffickingConcern])
    }

    @Test func an_impossible_height_is_refused() {
        var form = complete()
        form.heightFeet = "7"
        form.heightInches = "13"
        #expect(throws: HomewardError.invalid("heightFeet", "Enter the height in feet (1 to 8) and inches (0 to 11).")) {
            try validate(form)
        }
    }

    @Test func young_adults_get_their_case_type_and_adults_are_refused() throws {
        var form = complete()
        form.dateOfBirth = "2007-01-01"
        form.caseType = ""
        #expect(try validate(form).episode.caseType == .criticallyMissingYoungAdult)
        form.dateOfBirth = "2004-01-01"
        #expect(throws: HomewardError.self) { try validate(form) }
    }

    @Test func times_in_the_future_are_refused() {
        var form = complete()
        form.receivedAt = "2026-11-18T12:00"
        #expect(throws: HomewardError.invalid("receivedAt", "This time is in the future.")) { try validate(form) }
    }

    @Test func a_draft_keeps_every_field_as_typed() {
        var form = complete()
        form.heightInches = "13"
        form.endangerments = ["pregnancy", "autism_spectrum"]
        #expect(ReportForm(fields: form.fields) == form)
    }
}
