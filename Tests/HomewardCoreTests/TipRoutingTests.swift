import Foundation
import HomewardCore
import Testing

@Suite("Tip routing and who reads tips")
struct TipRoutingTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let police = OrganizationID("pd")

    func principal(_ role: Role, _ kind: OrganizationKind, in organization: OrganizationID) -> Principal {
        Principal(userID: UserID("u"), organizationID: organization, organizationKind: kind, roles: [role], credential: .session)
    }

    @Test func tips_go_to_active_investigators_and_supervisors_and_the_case_manager() {
        func user(_ id: String, _ role: Role, active: Bool = true) -> User {
            User(
                id: UserID(id), organizationID: police, email: "\(id)@pd.example", name: id, roles: [role], active: active, createdAt: now)
        }
        let staff = [
            user("det", .investigator), user("sgt", .supervisor), user("gone", .investigator, active: false), user("admin", .agencyAdmin),
        ]
        #expect(TipRouting.recipients(policeStaff: staff, caseManager: UserID("cm")) == [UserID("det"), UserID("sgt"), UserID("cm")])
        #expect(TipRouting.recipients(policeStaff: [], caseManager: nil).isEmpty)
    }

    @Test func only_the_investigating_agency_and_clearinghouse_case_staff_read_a_cases_tips() {
        let investigator = principal(.investigator, .lawEnforcement, in: police)
        let otherPolice = principal(.investigator, .lawEnforcement, in: OrganizationID("other-pd"))
        let caseManager = principal(.caseManager, .clearinghouse, in: OrganizationID("ch"))
        let caseworker = principal(.caseworker, .childWelfare, in: OrganizationID("cw"))
        let analyst = principal(.analyst, .clearinghouse, in: OrganizationID("ch"))
        #expect(AccessPolicy.readsTips(of: police, investigator))
        #expect(AccessPolicy.readsTips(of: police, caseManager))
        #expect(!AccessPolicy.readsTips(of: police, otherPolice))
        #expect(!AccessPolicy.readsTips(of: police, caseworker))
        #expect(!AccessPolicy.readsTips(of: police, analyst))
        #expect(!AccessPolicy.readsTips(of: nil, investigator))
        #expect(AccessPolicy.tipScope(investigator) == police && AccessPolicy.tipScope(caseManager) == nil)
    }

    @Test func a_tip_is_taken_in_with_its_acknowledgement_time_or_refused_with_field_errors() throws {
        let tip = try TipRouting.accept(
            TipSubmission(seen: "A girl in a green coat", place: "Bus station", when: "10 minutes ago"), id: "t", posterID: "p",
            episodeID: EpisodeID("e"), police: police, at: now, acknowledgeWithin: 1800, idempotencyKey: "k")
        #expect(tip.acknowledgeBy == now + 1800 && tip.investigatingOrganizationID == police && tip.receivedAt == nil)
        #expect(throws: HomewardError.self) {
            try TipRouting.accept(
                TipSubmission(seen: "", place: "", when: ""), id: "t", posterID: "p", episodeID: EpisodeID("e"), police: police, at: now,
                acknowledgeWithin: 1800, idempotencyKey: "k")
        }
        #expect(TipMark(rawValue: "not-actionable")?.actionable == false && TipMark.received.actionable == nil)
        #expect(TipMark(rawValue: "ignore") == nil)
    }

    @Test func a_flood_of_tips_is_counted_up_to_ten_thousand_and_said_so() {
        #expect(TipCounts.text(0) == "0" && TipCounts.text(999) == "999" && TipCounts.text(9_999) == "9,999")
        #expect(TipCounts.text(TipCounts.limit) == "10,000")
        #expect(TipCounts.text(TipCounts.limit + 1) == "10,000 or more")
    }
}
