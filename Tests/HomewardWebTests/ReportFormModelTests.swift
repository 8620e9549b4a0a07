import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

/// The report form's model is built from what was typed and what was loaded, with no reads: a
/// refused report shows every answer again with its message, the police agencies of the state
/// to choose from, and the reader's drafts by the child's name.
@Suite("Report form model")
struct ReportFormModelTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    func organization(_ id: String, _ kind: OrganizationKind, name: String, ori: String? = nil) -> Organization {
        Organization(
            id: OrganizationID(id), code: id, name: name, kind: kind, state: "IL", timeZone: "America/Chicago", ori: ori, createdAt: now)
    }

    @Test func a_refused_report_shows_every_answer_again_with_its_message() {
        let agency = organization("cw", .childWelfare, name: "Lakeshore DCFS")
        let police = organization("pd", .lawEnforcement, name: "Lakeshore Police", ori: "IL0160000")
        var form = ReportForm()
        form.firstName = "Wren"
        form.lastSeenCity = "Lakeshore"
        var errors = FieldErrors()
        errors.add("lastName", "Enter the child's last name.")
        let draft = ReportDraft(
            id: "d1", organizationID: agency.id, createdBy: UserID("cw1"), updatedAt: now,
            fields: ["firstName": "Eliot", "lastName": "Marrowfield"])
        let model = ReportPages.model(
            form, draftID: "d2", errors: errors,
            loaded: ReportPages.Loaded(police: [police], drafts: [draft], rules: AppliedRules(nil, federal: ClockDefinition.federal)),
            organization: agency, zone: LocalTime(agency.zone), layout: .bare(title: "Report"), savedNotice: nil)
        let fields = model.sections.flatMap(\.fields) + model.circumstancesSection.fields + model.policeSection.fields
        #expect(fields.first { $0.name == "firstName" }?.value == "Wren")
        #expect(fields.first { $0.name == "lastName" }?.error == "Enter the child's last name.")
        #expect(fields.first { $0.name == "lastSeenCity" }?.value == "Lakeshore")
        // The agency's own time zone is named where the duties start.
        #expect(fields.first { $0.name == "receivedAt" }?.hint?.contains("America/Chicago") == true)
        let agencies = fields.first { $0.name == "policeOrganizationID" }?.options.map(\.value)
        #expect(agencies == ["pd", ""])
        #expect(model.drafts.map(\.title) == ["Eliot Marrowfield"] && model.draftID == "d2" && model.errors.count == 1)
    }
}
