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

    @Test func a_hand_over_routes_every_tip_of_the_case_to_the_new_agency() throws {
        let second = Organization(
            id: OrganizationID("pd-2"), code: "pd-2", name: "Second Police", kind: .lawEnforcement, state: "IL",
            timeZone: "America/Chicago", createdAt: now)
        let record = EpisodeRecord(
            episode: MissingEpisode(
                id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: OrganizationID("cw"), status: .open, receivedAt: now,
                lastSeenCity: "Lakeshore", lastSeenState: "IL", circumstances: "Left.",
                guardian: Guardian(name: "g", phone: "555-010-0000"),
                police: InvestigatingAgency(organizationID: police, name: "First Police", phone: "555-010-0001"),
                caseType: .endangeredRunaway, caseManagerID: UserID("cm"), createdBy: UserID("w"), createdAt: now),
            child: Child(
                id: ChildID("c1"), organizationID: OrganizationID("cw"), firstName: "Wren", lastName: "Halloway",
                dateOfBirth: CivilDate(year: 2014, month: 1, day: 2)!, sex: .female, heightInches: 50, weightPounds: 60, createdAt: now),
            events: [])
        let tip = try TipRouting.accept(
            TipSubmission(seen: "Seen", place: "Park", when: "Now"), id: "t1", posterID: "p", episodeID: EpisodeID("e1"), police: police,
            at: now, acknowledgeWithin: 900, idempotencyKey: "k")
        let staff = [
            User(id: UserID("det2"), organizationID: second.id, email: "d@pd2.example", name: "d", roles: [.investigator], createdAt: now)
        ]
        #expect(throws: HomewardError.self) { try record.handingOver(to: second, reason: " ", policeStaff: staff, tips: [tip]) }
        var inactive = second
        inactive.active = false
        #expect(throws: HomewardError.self) { try record.handingOver(to: inactive, reason: "Why.", policeStaff: staff, tips: [tip]) }
        let handOver = try record.handingOver(to: second, reason: "Seen in their city.", policeStaff: staff, tips: [tip])
        #expect(handOver.episode.police.organizationID == second.id && handOver.previous.organizationID == police)
        #expect(handOver.tips.map(\.investigatingOrganizationID) == [second.id])
        #expect(handOver.recipients == [UserID("det2"), UserID("cm")])
        #expect(handOver.auditDetail == "from pd to pd-2 (1 tip now with pd-2: t1): Seen in their city.")
    }

    @Test func only_true_retries_share_a_key() throws {
        let sighting = TipSubmission(seen: "A girl in a green parka", place: "Station", when: "3 pm")
        let first = TipRetry.keys(slug: "s", address: "192.0.2.1", submission: sighting, clientKey: nil, at: now)
        // Within ten minutes the key is this period's or the one before.
        for later in [60.0, 299, 599] {
            let retry = TipRetry.keys(slug: "s", address: "192.0.2.1", submission: sighting, clientKey: nil, at: now + later)
            #expect(retry.key == first.key || retry.earlier.contains(first.key), "\(later)")
        }
        let muchLater = TipRetry.keys(slug: "s", address: "192.0.2.1", submission: sighting, clientKey: nil, at: now + 1300)
        #expect(muchLater.key != first.key && !muchLater.earlier.contains(first.key))
        let otherSender = TipRetry.keys(slug: "s", address: "192.0.2.2", submission: sighting, clientKey: nil, at: now)
        #expect(otherSender.key != first.key)
        let keyed = TipRetry.keys(slug: "s", address: "192.0.2.1", submission: sighting, clientKey: "abc", at: now)
        #expect(
            keyed.earlier.isEmpty
                && keyed.key == TipRetry.keys(slug: "s", address: "x", submission: sighting, clientKey: "abc", at: now + 86_400).key)
        #expect(try TipRetry.clientKey(nil) == nil && TipRetry.clientKey("  ") == nil && TipRetry.clientKey(" k ") == "k")
        #expect(throws: HomewardError.self) { try TipRetry.clientKey(String(repeating: "k", count: 201)) }
        #expect(throws: HomewardError.self) { try TipRetry.clientKey("k\u{7}") }
    }

    /// Accepting a tip is one command: a withdrawn poster refuses it, a bad one gets its field
    /// errors, a good one is routed with its key, recipients and audit entry, and the answer to a
    /// retry or a reused key is decided before anyone is told.
    @Test func accepting_a_tip_routes_it_keys_it_and_audits_it_without_its_words() throws {
        let sighting = TipSubmission(seen: "A girl in a green coat", place: "Bus station", when: "10 minutes ago")
        var route = TipRoute(
            posterID: "p", episodeID: EpisodeID("e"), status: .published, police: police, recipients: [UserID("det"), UserID("cm")])
        let accepted = try route.accepting(
            sighting, slug: "s", from: "192.0.2.1", clientKey: nil, id: "t1", at: now, acknowledgeWithin: 1800, requestID: "r1")
        #expect(accepted.tip.investigatingOrganizationID == police && accepted.tip.acknowledgeBy == now + 1800)
        #expect(
            accepted.tip.idempotencyKey == TipRetry.keys(slug: "s", address: "192.0.2.1", submission: sighting, clientKey: nil, at: now).key
        )
        #expect(accepted.tip.earlierKeys.count == 1 && accepted.recipients == [UserID("det"), UserID("cm")])
        #expect(accepted.audit.action == "tips.submit" && accepted.audit.recordID == "t1" && accepted.audit.targetOrganizationID == police)
        #expect(accepted.audit.detail == "2 recipients" && accepted.audit.requestID == "r1" && accepted.audit.actorUserID == nil)
        #expect(!(accepted.audit.detail ?? "").contains("green"))
        #expect(throws: HomewardError.self) {
            try route.accepting(
                TipSubmission(seen: "", place: "", when: ""), slug: "s", from: nil, clientKey: nil, id: "t2", at: now,
                acknowledgeWithin: 1800)
        }

        // A retry is answered with the stored tip; another tip under a used key is refused.
        let keyed = try route.accepting(sighting, slug: "s", from: nil, clientKey: "abc", id: "t3", at: now, acknowledgeWithin: 1800)
        #expect(keyed.tip.earlierKeys.isEmpty)
        #expect(try keyed.answer(stored: accepted.tip, created: false).tip.id == "t1")
        var other = accepted.tip
        other.submission.seen = "Someone else"
        #expect(throws: HomewardError.self) { try keyed.answer(stored: other, created: false) }
        #expect(try accepted.answer(stored: other, created: false).created == false)

        // The case changed hands before it was stored: the same tip goes to the agency investigating now.
        let current = TipRoute(
            posterID: "p", episodeID: EpisodeID("e"), status: .published, police: OrganizationID("pd-2"), recipients: [UserID("det2")])
        let again = accepted.rerouted(current)
        #expect(again.tip.id == "t1" && again.tip.investigatingOrganizationID == OrganizationID("pd-2"))
        #expect(again.recipients == [UserID("det2")] && again.audit.targetOrganizationID == OrganizationID("pd-2"))

        route.status = .withdrawn
        #expect(throws: HomewardError.self) {
            try route.accepting(sighting, slug: "s", from: nil, clientKey: nil, id: "t4", at: now, acknowledgeWithin: 1800)
        }
    }

    @Test func the_daily_digest_goes_at_most_once_a_day_and_never_for_a_day_without_tips() {
        let reader = User(
            id: UserID("sgt"), organizationID: police, email: "sgt@pd.example", name: "sgt", roles: [.supervisor], createdAt: now)
        #expect(TipDigest.start(lastSent: nil, at: now) == now - 86_400)
        #expect(TipDigest.start(lastSent: now - 3600, at: now) == nil)
        #expect(TipDigest.start(lastSent: now - 86_400, at: now) == now - 86_400)
        #expect(TipDigest.notice(count: 0, since: now, reader: reader) == nil)
        var departed = reader
        departed.active = false
        #expect(TipDigest.notice(count: 3, since: now, reader: departed) == nil)
        let one = TipDigest.notice(count: 1, since: now - 86_400, reader: reader)
        #expect(one?.titleKey == "staff.notice.tipDigest.title.one" && one?.delivery == .digestEmail)
        let many = TipDigest.notice(count: 12, since: now - 86_400, reader: reader)
        #expect(many?.textKey == "staff.notice.tipDigest.text.other" && many?.values["count"] == "12")
        #expect(many?.recipients.map(\.id) == [reader.id] && many?.organizations.isEmpty == true && many?.subject == .tipInbox)
    }
}
