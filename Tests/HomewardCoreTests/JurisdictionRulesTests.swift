import Foundation
import HomewardCore
import Testing

/// State rules as data: a stricter state shortens a window, a change takes effect forward only,
/// and an episode keeps the version in force when its agency learned of the child.
@Suite("Jurisdiction rules")
struct JurisdictionRulesTests {
    let received = Date(timeIntervalSince1970: 1_795_014_000)
    let chicago = TimeZone(identifier: "America/Chicago")!
    let admin = UserID("admin")

    func episode(receivedAt: Date) -> MissingEpisode {
        MissingEpisode(
            id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: OrganizationID("cw"), status: .open, receivedAt: receivedAt,
            lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "Did not return from school.",
            guardian: Guardian(name: "Lakeshore County Children's Services", phone: "555-010-2000"),
            police: InvestigatingAgency(name: "Maplewood Police Department", phone: "555-010-3000"), caseType: .endangeredRunaway,
            createdBy: UserID("caseworker"), createdAt: receivedAt)
    }

    func twelveHourState(version: Int = 1, hours: Int = 12, from: Date) -> JurisdictionRules {
        JurisdictionRules(
            state: "IL", version: version, effectiveFrom: from, windowHours: ["police_report": hours, "clearinghouse_report": hours],
            childUnder: 21, citation: "325 ILCS 40/7.3 (fictional citation for tests)", note: "Stricter state window",
            recordedBy: admin, recordedAt: from)
    }

    @Test func a_state_with_a_twelve_hour_window_breaches_where_federal_rules_still_run() {
        let rules = AppliedRules(twelveHourState(from: received - 86_400), federal: ClockDefinition.federal)
        let at = received + 13 * 3600
        let state = StatutoryClocks.read(rules.definitions, episode: episode(receivedAt: received), events: [], at: at)
        let federal = StatutoryClocks.read(ClockDefinition.federal, episode: episode(receivedAt: received), events: [], at: at)
        #expect(state.map(\.status.code) == ["breached", "breached", "not_started"])
        #expect(state.first?.deadline == received + 12 * 3600)
        // Under the federal 24 hours the same case is past its first warning, not breached.
        #expect(federal.map(\.status.code) == ["warning", "warning", "not_started"])
        // The NCIC duty is not one the state changed: it keeps the federal 2 hours.
        #expect(rules.definitions.last?.window == TimeInterval(2 * 3600))
        #expect(rules.summary == "Illinois rules, version 1 (325 ILCS 40/7.3 (fictional citation for tests))")
        #expect(AppliedRules(nil, federal: ClockDefinition.federal).summary.hasPrefix("Federal rules"))
    }

    @Test func an_episode_keeps_the_version_in_force_when_its_agency_learned_of_the_child() {
        let first = twelveHourState(version: 1, hours: 12, from: received - 86_400)
        let second = twelveHourState(version: 2, hours: 6, from: received + 3600)
        let versions = [second, first]
        // Reported before the change: version 1, whenever it is read.
        #expect(JurisdictionRules.inForce(versions, state: "IL", at: received)?.version == 1)
        // Reported after it: version 2. Another state, or a time before any version: federal.
        #expect(JurisdictionRules.inForce(versions, state: "IL", at: received + 7200)?.version == 2)
        #expect(JurisdictionRules.inForce(versions, state: "WY", at: received) == nil)
        #expect(JurisdictionRules.inForce(versions, state: "IL", at: received - 2 * 86_400) == nil)
    }

    @Test func a_new_version_is_checked_whole_and_never_takes_effect_in_the_past() throws {
        let now = received
        var draft = JurisdictionRulesDraft(
            state: "il", effectiveFrom: "2026-11-18", policeReportHours: "12", clearinghouseReportHours: "24", ncicEntryHours: "",
            warningPercents: "90, 50", childUnder: "21", requiredFields: ["race", "marks"], clearinghouseName: "Illinois State Police",
            clearinghousePhone: "217-555-0100", citation: "325 ILCS 40/7.3", note: "Twelve-hour report window")
        let made = try draft.validated(latest: nil, federal: ClockDefinition.federal, zone: chicago, by: admin, at: now)
        #expect(made.state == "IL" && made.version == 1 && made.effectiveFrom == now)
        // A window equal to the federal one is no change; warnings are sorted.
        #expect(made.windowHours == ["police_report": 12] && made.warningPercents == [50, 90] && made.childUnder == 21)
        #expect(made.requiredFields == ["race", "marks"])
        #expect(try draft.validated(latest: made, federal: ClockDefinition.federal, zone: chicago, by: admin, at: now).version == 2)

        draft.effectiveFrom = "2026-11-01"
        draft.policeReportHours = "36"
        draft.warningPercents = "0, 120"
        draft.childUnder = "25"
        draft.requiredFields = ["ssn"]
        draft.clearinghousePhone = "12"
        draft.citation = " "
        draft.note = ""
        draft.clearinghouseName = "Two\nlines"
        do {
            _ = try draft.validated(latest: nil, federal: ClockDefinition.federal, zone: chicago, by: admin, at: now)
            Issue.record("A draft with every field wrong was accepted")
        } catch let HomewardError.invalid(errors) {
            #expect(
                Set(errors.entries.map(\.field)) == [
                    "effectiveFrom", "policeReportHours", "warningPercents", "childUnder", "requiredFields", "clearinghousePhone",
                    "citation", "note", "clearinghouseName",
                ])
        }
    }

    @Test func a_version_takes_effect_at_midnight_in_its_state_wherever_it_was_recorded() throws {
        let newYork = TimeZone(identifier: "America/New_York")!
        let recordedAt = try #require(LocalDateTime.parse("2026-12-01T10:00", in: newYork))
        let draft = JurisdictionRulesDraft(
            state: "IL", effectiveFrom: "2027-01-01", policeReportHours: "12", clearinghouseReportHours: "", ncicEntryHours: "",
            warningPercents: "", childUnder: "21", requiredFields: [], clearinghouseName: "", clearinghousePhone: "",
            citation: "325 ILCS 40/7.3 (fictional citation for tests)", note: "Twelve-hour report window")
        // Recorded by an administrator whose organization keeps Eastern time.
        let made = try draft.validated(latest: nil, federal: ClockDefinition.federal, zone: newYork, by: admin, at: recordedAt)
        #expect(made.effectiveFrom == LocalDateTime.parse("2027-01-01T00:00", in: chicago))
        // An Illinois report at 23:10 CST on New Year's Eve keeps the rules before it; at 00:10 it has the new ones.
        let lateOnTheEve = try #require(LocalDateTime.parse("2026-12-31T23:10", in: chicago))
        let justAfter = try #require(LocalDateTime.parse("2027-01-01T00:10", in: chicago))
        #expect(JurisdictionRules.inForce([made], state: "IL", at: lateOnTheEve) == nil)
        #expect(JurisdictionRules.inForce([made], state: "IL", at: justAfter)?.version == 1)
        // Every state and territory has a zone for its dates.
        #expect(USState.names.keys.allSatisfy { USState.zone(of: $0) != nil })
        // "Today" is the state's today: at 00:30 Eastern on 2 December it is still 1 December in Honolulu.
        let hawaii = JurisdictionRulesDraft(
            state: "HI", effectiveFrom: "2026-12-01", policeReportHours: "12", clearinghouseReportHours: "", ncicEntryHours: "",
            warningPercents: "", childUnder: "21", requiredFields: [], clearinghouseName: "", clearinghousePhone: "",
            citation: "HRS (fictional citation for tests)", note: "Twelve-hour report window")
        let eastern = try #require(LocalDateTime.parse("2026-12-02T00:30", in: newYork))
        #expect(
            try hawaii.validated(latest: nil, federal: ClockDefinition.federal, zone: newYork, by: admin, at: eastern).effectiveFrom
                == eastern)
    }
}

@Suite("Referral suggestions")
struct ReferralSuggestionTests {
    func episode(_ caseType: CaseType, _ endangerments: Set<Endangerment> = []) -> MissingEpisode {
        MissingEpisode(
            id: EpisodeID("e1"), childID: ChildID("c1"), organizationID: OrganizationID("cw"), status: .open, receivedAt: Date(),
            lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "x", endangerments: endangerments,
            guardian: Guardian(name: "g", phone: "555-010-2000"), police: InvestigatingAgency(name: "p", phone: "555-010-3000"),
            caseType: caseType, createdBy: UserID("cw"), createdAt: Date())
    }

    @Test func team_adam_is_suggested_for_a_critical_case_and_not_for_every_case() {
        #expect(Referral.suggestions(for: episode(.nonfamilyAbduction), longTerm: false).first == .teamAdam)
        #expect(Referral.suggestions(for: episode(.familyAbduction), longTerm: false).first == .teamAdam)
        #expect(Referral.suggestions(for: episode(.endangeredRunaway, [.withEndangeringPerson]), longTerm: false).first == .teamAdam)
        let ordinary = Referral.suggestions(for: episode(.endangeredRunaway, [.traffickingConcern]), longTerm: true)
        #expect(ordinary == [.traffickingRecovery, .forensicImaging, .familyAdvocacy, .teamHope])
        #expect(ReferralKind.teamAdam.title == "Team Adam (rapid on-site support)")
    }
}
