import Foundation
import HomewardTestSupport
import Testing

@testable import HomewardCore

@Suite("The missing-child call checklist")
struct CallChecklistTests {
    typealias F = CallFixtures

    @Test func the_shipped_checklist_is_sound_data() {
        #expect(F.checklist.problems.isEmpty)
        var broken = F.checklist
        broken.autismTrigger = "child-name"
        broken.dispatch.append(ChecklistItem(id: "caller-name", title: "Twice", answer: .text))
        broken.amber.append(AmberCriterion(id: "x", title: "X", rule: .yes("missing-item")))
        #expect(broken.problems.count == 4)
    }

    @Test func the_version_in_force_is_the_latest_that_took_effect() {
        var later = F.checklist
        later.code = "later"
        later.effectiveFrom = "2027-03-01"
        #expect(CallChecklist.inForce(on: "2026-11-18", among: [later, F.checklist])?.code == F.checklist.code)
        #expect(CallChecklist.inForce(on: "2027-03-01", among: [F.checklist, later])?.code == "later")
        #expect(CallChecklist.inForce(on: "2025-12-31", among: [F.checklist]) == nil)
    }

    @Test func answers_are_checked_as_they_are_given() throws {
        #expect(try AnswerKind.yesNo.normalized(" YES ") == "yes")
        #expect(throws: AnswerKind.AnswerProblem.self) { try AnswerKind.yesNo.normalized("maybe") }
        #expect(throws: AnswerKind.AnswerProblem.self) { try AnswerKind.number.normalized("nine") }
        #expect(throws: AnswerKind.AnswerProblem.self) { try AnswerKind.date.normalized("2016-02-30") }
        #expect(try AnswerKind.date.normalized("2016-02-29") == "2016-02-29")
        #expect(throws: AnswerKind.AnswerProblem.self) { try AnswerKind.text.normalized(String(repeating: "a", count: 2001)) }
    }
}

@Suite("Working a missing-child call")
struct MissingChildCallTests {
    typealias F = CallFixtures

    @Test func only_a_911_center_opens_calls_and_the_cad_number_is_kept_trimmed() throws {
        let call = try F.openCall()
        #expect(call.cadIncident == "26-118842" && call.status == .open && call.checklistCode == F.checklist.code)
        #expect(throws: HomewardError.self) {
            try MissingChildCall.open(
                id: CallID("x"), psap: F.police, checklist: F.checklist, cadIncident: nil, at: F.now, by: F.telecommunicator)
        }
    }

    @Test func every_answer_is_kept_with_its_time_and_the_latest_counts() throws {
        var call = try F.call([("child-name", "Wren Halloway"), ("child-age", "9")])
        let (changed, answer) = try call.answering("child-age", "10", checklist: F.checklist, at: F.now + 600, by: F.telecommunicator)
        call = changed
        #expect(answer == CallAnswer(itemID: "child-age", value: "10", at: F.now + 600, by: F.telecommunicator))
        #expect(call.value("child-age") == "10")
        #expect(call.log.count == 3 && call.log[1].value == "9")
        // Clearing an answer removes it from the current answers, and the log keeps the clearing.
        call = try call.answering("child-name", "", checklist: F.checklist, at: F.now + 660, by: F.telecommunicator).0
        #expect(call.answers["child-name"] == nil && call.log.count == 4)
    }

    @Test func a_wrong_answer_or_an_unknown_item_is_a_field_error_and_changes_nothing() throws {
        let call = try F.openCall()
        for (item, value) in [("child-age", "nine"), ("no-such-item", "x"), ("needs-autism", "perhaps")] {
            do {
                _ = try call.answering(item, value, checklist: F.checklist, at: F.now, by: F.telecommunicator)
                Issue.record("\(item) accepted \(value)")
            } catch HomewardError.invalid(let errors) {
                #expect(errors[item] != nil)
            }
        }
    }

    @Test func the_autism_branch_opens_on_a_yes() throws {
        #expect(try !F.call([("needs-autism", "no")]).autismBranchShown(F.checklist))
        let call = try F.call([("needs-autism", "yes")])
        #expect(call.autismBranchShown(F.checklist))
        #expect(F.checklist.scoredItems(branchShown: true).contains { $0.id == "autism-water" })
        #expect(!F.checklist.scoredItems(branchShown: false).contains { $0.id == "autism-water" })
    }

    @Test func a_call_is_handed_off_only_with_who_and_where_and_then_cannot_change() throws {
        let thin = try F.call([("child-name", "Wren Halloway")])
        do {
            _ = try thin.handingOff(
                to: F.police, caseID: PoliceCaseID("case"), checklist: F.checklist, zone: F.zone, at: F.now + 900, by: F.telecommunicator
            ).call
            Issue.record("handed off without the age or the place")
        } catch HomewardError.invalid(let errors) {
            #expect(errors["child-age"] != nil && errors["last-seen-where"] != nil && errors["child-name"] == nil)
        }
        #expect(throws: HomewardError.self) {
            try F.call(F.essentials).handingOff(
                to: F.psap, caseID: PoliceCaseID("case"), checklist: F.checklist, zone: F.zone, at: F.now, by: F.telecommunicator
            ).call
        }
        let handed = try F.call(F.essentials).handingOff(
            to: F.police, caseID: PoliceCaseID("case"), checklist: F.checklist, zone: F.zone, at: F.now + 900, by: F.telecommunicator
        ).call
        #expect(handed.status == .handedOff && handed.handedOffTo == F.police.id && handed.endedAt == F.now + 900)
        #expect(throws: HomewardError.self) {
            try handed.answering("child-age", "10", checklist: F.checklist, at: F.now + 960, by: F.telecommunicator)
        }
        #expect(throws: HomewardError.self) { try handed.closing(reason: "Found", at: F.now, by: F.telecommunicator) }
    }

    @Test func a_call_closes_with_a_reason() throws {
        #expect(throws: HomewardError.self) { try F.openCall().closing(reason: " ", at: F.now, by: F.telecommunicator) }
        let closed = try F.openCall().closing(
            reason: "Child found asleep in the basement during the call.", at: F.now + 300, by: F.telecommunicator)
        #expect(closed.status == .closed && closed.endedAt == F.now + 300)
    }

    @Test func the_ncic_clock_runs_two_hours_from_the_report() throws {
        let call = try F.openCall()
        #expect(call.ncicClock(at: F.now + 3600) == .running)
        #expect(call.ncicClock(at: F.now + 6000) == .warning(fraction: 6000 / 7200))
        #expect(call.ncicClock(at: F.now + 7500) == .breached(by: 300))
        let onTime = try call.answering("dispatch-ncic", "done", checklist: F.checklist, at: F.now + 5400, by: F.telecommunicator).0
        #expect(onTime.ncicClock(at: F.now + 9000) == .metOnTime)
        let late = try call.answering("dispatch-ncic", "done", checklist: F.checklist, at: F.now + 7300, by: F.telecommunicator).0
        #expect(late.ncicClock(at: F.now + 9000) == .metLate(by: 100))
    }
}

@Suite("The AMBER check on a call")
struct AmberCheckTests {
    typealias F = CallFixtures

    @Test func nothing_known_says_so() throws {
        let check = AmberCheck(try F.openCall(), checklist: F.checklist, zone: F.zone)
        #expect(check.readings.allSatisfy { $0.standing == .unknown })
        #expect(!check.mayMeet && check.hint.hasPrefix("Not enough is known"))
    }

    @Test func every_criterion_met_may_meet_with_its_evidence() throws {
        let call = try F.call([
            ("abduction-believed", "yes"), ("danger-believed", "yes"), ("child-description", "Slight, brown hair, 4 ft 2"),
            ("child-clothing", "Yellow raincoat"), ("suspect-vehicle", "Grey hatchback"), ("child-dob", "2017-05-02"),
            ("dispatch-ncic", "done"),
        ])
        let check = AmberCheck(call, checklist: F.checklist, zone: F.zone)
        #expect(check.mayMeet)
        #expect(check.hint.hasPrefix("May meet"))
        let age = try #require(check.readings.first { $0.criterion.id == "amber-age" })
        #expect(age.evidence == ["Date of birth: 2017-05-02"])
    }

    @Test func a_no_or_an_age_over_17_does_not_meet_yet_and_names_the_criterion() throws {
        let call = try F.call([("abduction-believed", "no"), ("child-age", "17")])
        var check = AmberCheck(call, checklist: F.checklist, zone: F.zone)
        #expect(check.readings.first { $0.criterion.id == "amber-age" }?.standing == .met)
        #expect(check.hint.contains("Reasonable belief that an abduction occurred"))
        check = AmberCheck(try F.call([("child-dob", "2008-01-01")]), checklist: F.checklist, zone: F.zone)
        #expect(check.readings.first { $0.criterion.id == "amber-age" }?.standing == .notMet)
    }
}

@Suite("The QA review of a call")
struct QAReviewTests {
    typealias F = CallFixtures

    func handedOff(_ extra: [(String, String)] = []) throws -> MissingChildCall {
        try F.call(F.essentials + extra).handingOff(
            to: F.police, caseID: PoliceCaseID("case"), checklist: F.checklist, zone: F.zone, at: F.now + 1800, by: F.telecommunicator
        ).call
    }

    func allDone(_ call: MissingChildCall, except: [String: ItemReview] = [:]) -> [ItemReview] {
        F.checklist.scoredItems(branchShown: call.autismBranchShown(F.checklist)).map {
            except[$0.id] ?? ItemReview(itemID: $0.id, score: .done)
        }
    }

    func open(_ call: MissingChildCall, hours: Int = 72) throws -> QAReview {
        try QAReview.opening(
            id: QAReviewID("r"), for: call, section: QASection(reviewer: .role(.qaReviewer), windowHours: hours, stated: true),
            at: F.now + 1800)
    }

    @Test func the_qa_section_gives_the_window_and_the_reviewer() {
        let people = [
            User(
                id: UserID("m"), organizationID: F.psap.id, email: "m@911.example", name: "Dana Quillfeather", roles: [.qaReviewer],
                createdAt: F.now)
        ]
        func policy(_ reviewer: String, _ window: String) -> PolicyEvidence {
            PolicyEvidence(
                version: 1, fileName: "sop.pdf", sha256: "00", uploadedOn: CivilDate(iso: "2026-01-05")!, basis: .own,
                mappings: [
                    "qa-reviewer": PolicyMapping(itemID: "qa-reviewer", present: true, statement: reviewer),
                    "qa-window": PolicyMapping(itemID: "qa-window", present: true, statement: window),
                ])
        }
        #expect(
            QASection.adopted(from: policy("Dana Quillfeather, QA coordinator", "within 7 days"), people: people, fallbackHours: 72)
                == QASection(reviewer: .person(UserID("m")), windowHours: 168, stated: true))
        #expect(
            QASection.adopted(from: policy("The PSAP Manager", "48 hours"), people: people, fallbackHours: 72).reviewer
                == .role(.psapManager))
        #expect(
            QASection.adopted(from: nil, people: people, fallbackHours: 72)
                == QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: false))
    }

    @Test func a_review_opens_when_the_call_ends_due_within_the_window_from_the_calls_start() throws {
        #expect(throws: HomewardError.self) { try open(try F.openCall()) }
        let call = try handedOff()
        let review = try open(call, hours: 72)
        // "The length of time after receiving the call": from its start, not its end half an hour later.
        #expect(call.endedAt == call.openedAt + 1800)
        #expect(review.dueAt == call.openedAt + 72 * 3600 && review.telecommunicator == F.telecommunicator)
        #expect(!review.isOverdue(at: review.dueAt) && review.isOverdue(at: review.dueAt + 1))
    }

    @Test func every_item_is_scored_and_every_deviation_graded() throws {
        let call = try handedOff()
        let review = try open(call)
        var scores = allDone(call)
        scores.removeFirst()
        scores[0] = ItemReview(itemID: scores[0].itemID, score: .notDone)
        scores[1] = ItemReview(itemID: scores[1].itemID, score: .done, grade: .minor)
        scores.append(ItemReview(itemID: "autism-water", score: .done))
        do {
            _ = try review.submitting(
                scores, findings: "", followUpTraining: [], call: call, checklist: F.checklist, bands: .shipped, by: F.reviewer, at: F.now)
            Issue.record("accepted an incomplete review")
        } catch HomewardError.invalid(let errors) {
            // The missing item, the ungraded deviation, the grade without one, the branch item the call did not open.
            #expect(errors.entries.count == 4)
            #expect(errors["autism-water"] != nil)
        }
    }

    @Test func the_level_comes_from_the_bands() throws {
        let call = try handedOff()
        let review = try open(call)
        let perfect = try review.submitting(
            allDone(call), findings: "Textbook call.", followUpTraining: [], call: call, checklist: F.checklist, bands: .shipped,
            by: F.reviewer, at: F.now + 7200)
        #expect(perfect.level == "high" && perfect.percent == 100 && perfect.wasOnTime)
        let missed = try review.submitting(
            allDone(call, except: ["search-home": ItemReview(itemID: "search-home", score: .notDone, grade: .critical)]),
            findings: "The home was not searched.", followUpTraining: ["MECTEL", " "], call: call, checklist: F.checklist,
            bands: .shipped, by: F.reviewer, at: F.now + 7200)
        #expect(missed.level == "low")  // 97.4% done (38 of 39), but a critical deviation rules out the three best levels
        #expect(missed.score.deviations == [.critical: 1] && missed.followUpTraining == ["MECTEL"])
        #expect(throws: HomewardError.self) {
            try missed.submitting(
                allDone(call), findings: "", followUpTraining: [], call: call, checklist: F.checklist, bands: .shipped, by: F.reviewer,
                at: F.now)
        }
    }

    @Test func calibration_is_a_second_reviewers_once_the_first_is_in() throws {
        let call = try handedOff()
        let review = try open(call)
        #expect(throws: HomewardError.self) { try review.calibrating(id: QAReviewID("c"), by: UserID("m"), windowHours: 72, at: F.now) }
        let first = try review.submitting(
            allDone(call), findings: "", followUpTraining: [], call: call, checklist: F.checklist, bands: .shipped, by: F.reviewer,
            at: F.now)
        for person in [F.reviewer, F.telecommunicator] {
            #expect(throws: HomewardError.self) { try first.calibrating(id: QAReviewID("c"), by: person, windowHours: 72, at: F.now) }
        }
        let second = try first.calibrating(id: QAReviewID("c"), by: UserID("m"), windowHours: 24, at: F.now)
        #expect(second.isCalibration && second.assignee == .person(UserID("m")) && second.items.isEmpty && second.dueAt == F.now + 86_400)
        // The page offers calibration exactly when the command would take it.
        #expect(!review.mayBeCalibrated(by: UserID("m")) && first.mayBeCalibrated(by: UserID("m")))
        #expect(!first.mayBeCalibrated(by: F.reviewer) && !first.mayBeCalibrated(by: F.telecommunicator))
        #expect(!second.mayBeCalibrated(by: UserID("n")))
    }

    @Test func a_telecommunicator_does_not_review_their_own_call() throws {
        let call = try handedOff()
        #expect(throws: HomewardError.self) {
            try open(call).submitting(
                allDone(call), findings: "", followUpTraining: [], call: call, checklist: F.checklist, bands: .shipped,
                by: F.telecommunicator, at: F.now)
        }
    }

    @Test func the_bands_are_checked_as_data_and_the_last_takes_everything() {
        #expect(ScoreBands.shipped.problems.isEmpty)
        #expect(ScoreBands.shipped.band(percent: 12, deviations: [.critical: 9]).level == "non_compliant")
        #expect(ScoreBands.shipped.band(percent: 91, deviations: [.major: 1]).level == "compliant")
        #expect(ScoreBands.shipped.band(percent: 91, deviations: [.major: 2]).level == "partial")
        #expect(ScoreBands(bands: [ComplianceBand(level: "a", title: "A", minimumPercent: 50)]).problems.count == 1)
    }

    @Test func calibration_measures_agreement_beyond_chance() throws {
        let call = try handedOff()
        let review = try open(call)
        let first = try review.submitting(
            allDone(call), findings: "", followUpTraining: [], call: call, checklist: F.checklist, bands: .shipped, by: F.reviewer,
            at: F.now)
        #expect(Calibration(first, first).percent == 100 && Calibration(first, first).kappa == nil)  // all "done": chance agrees too
        let items = F.checklist.scoredItems(branchShown: false).map(\.id)
        let a = QAReview(
            id: QAReviewID("a"), callID: call.id, psapID: F.psap.id, telecommunicator: F.telecommunicator, assignee: .role(.qaReviewer),
            openedAt: F.now, dueAt: F.now,
            items: items.enumerated().map { ItemReview(itemID: $1, score: $0 % 2 == 0 ? .done : .notApplicable) })
        var b = a
        b.items[0].score = .notApplicable
        let calibration = Calibration(a, b)
        #expect(calibration.compared == items.count && calibration.agreed == items.count - 1)
        #expect((calibration.kappa ?? 0) > 0.8 && (calibration.kappa ?? 1) < 1)
    }

    @Test func practice_counts_the_calls_reviewed_within_the_window() throws {
        let calls = try (0..<4).map { index in
            var call = try F.call(F.essentials).handingOff(
                to: F.police, caseID: PoliceCaseID("case"), checklist: F.checklist, zone: F.zone, at: F.now + Double(index * 3600),
                by: F.telecommunicator
            ).call
            call.id = CallID("call-\(index)")
            return call
        }
        func review(_ call: MissingChildCall, submittedAfter hours: Double?, calibration: Bool = false) -> QAReview {
            QAReview(
                id: QAReviewID("r-\(call.id)-\(calibration)"), callID: call.id, psapID: F.psap.id, telecommunicator: F.telecommunicator,
                assignee: .role(.qaReviewer), openedAt: call.endedAt!, dueAt: call.endedAt! + 72 * 3600, isCalibration: calibration,
                reviewer: hours == nil ? nil : F.reviewer, submittedAt: hours.map { call.endedAt! + $0 * 3600 })
        }
        let reviews = [
            review(calls[0], submittedAfter: 10), review(calls[0], submittedAfter: 100, calibration: true),
            review(calls[1], submittedAfter: 80), review(calls[2], submittedAfter: nil),
        ]
        let practice = QAPractice(calls: calls, reviews: reviews, from: F.now - 1, until: F.now + 86_400, at: F.now + 100 * 3600)
        #expect(practice.calls == 4 && practice.reviewedOnTime == 1 && practice.reviewedLate == 1)
        #expect(practice.overdue == 2 && practice.pending == 0)  // call 2 overdue, call 3 never given a review
        #expect(practice.onTimePercent == 25)
    }
}

@Suite("The QA dashboard")
struct QADashboardTests {
    typealias F = CallFixtures

    @Test func it_counts_levels_missed_items_trends_the_ncic_outcome_and_agreement() throws {
        let checklist = F.checklist
        var calls: [MissingChildCall] = []
        var reviews: [QAReview] = []
        // Three calls a month apart: the last two skip the home search; the first confirms NCIC late.
        for index in 0..<3 {
            let opened = F.now - Double((2 - index) * 31) * 86_400
            var call = try MissingChildCall.open(
                id: CallID("c\(index)"), psap: F.psap, checklist: checklist, cadIncident: nil, at: opened, by: F.telecommunicator)
            for (item, value) in F.essentials {
                call = try call.answering(item, value, checklist: checklist, at: opened + 60, by: F.telecommunicator).0
            }
            call = try call.answering(
                "dispatch-ncic", "done", checklist: checklist, at: opened + (index == 0 ? 3 : 1) * 3600, by: F.telecommunicator
            ).0
            call = try call.handingOff(
                to: F.police, caseID: PoliceCaseID("case"), checklist: F.checklist, zone: F.zone, at: opened + 4 * 3600,
                by: F.telecommunicator
            ).call
            calls.append(call)
            let scores = checklist.scoredItems(branchShown: false).map {
                index > 0 && $0.id == "search-home"
                    ? ItemReview(itemID: $0.id, score: .notDone, grade: .critical) : ItemReview(itemID: $0.id, score: .done)
            }
            let review = try QAReview.opening(
                id: QAReviewID("r\(index)"), for: call, section: QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: true),
                at: call.endedAt!)
            reviews.append(
                try review.submitting(
                    scores, findings: "", followUpTraining: [], call: call, checklist: checklist, bands: .shipped, by: F.reviewer,
                    at: call.endedAt! + 3600))
        }
        var second = try QAReview.opening(
            id: QAReviewID("cal"), for: calls[0], section: QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: true),
            isCalibration: true, at: calls[0].endedAt!)
        second = try second.submitting(
            reviews[0].items, findings: "", followUpTraining: [], call: calls[0], checklist: checklist, bands: .shipped,
            by: UserID("manager"), at: calls[0].endedAt! + 7200)
        reviews.append(second)

        let dashboard = QADashboard(
            calls: calls, reviews: reviews, checklists: [checklist], bands: .shipped, at: F.now + 5 * 3600, zone: F.zone)
        #expect(dashboard.practice.calls == 3 && dashboard.practice.reviewedOnTime == 3)
        #expect(dashboard.levels.first { $0.band.level == "high" }?.count == 1)
        #expect(dashboard.levels.first { $0.band.level == "low" }?.count == 2)
        #expect(
            dashboard.mostMissed == [
                QADashboard.MissedItem(itemID: "search-home", title: "Home and surroundings searched", missed: 2, applied: 3)
            ])
        #expect(dashboard.months.count == 12 && dashboard.months.last == CivilDate(year: 2026, month: 11, day: 1))
        let trend = try #require(dashboard.trends.first)
        #expect(trend.telecommunicator == F.telecommunicator && trend.reviewed == 3)
        #expect(trend.monthly.suffix(3) == [100, 97.4, 97.4])
        #expect(dashboard.ncic == QADashboard.NCICOutcome(onTime: 2, late: 1, notConfirmed: 0))
        #expect(dashboard.calibrated == 1 && dashboard.meanAgreement == 100)

        let csv = QADashboard.csv(calls: calls, reviews: reviews, people: [F.telecommunicator: "Skyler Testfield"], at: F.now)
        #expect(csv.split(separator: "\r\n").count == 4)
        #expect(csv.contains("c0,,") && csv.contains("Skyler Testfield") && csv.contains(",high,100.0,late"))
    }

    @Test func an_impossible_age_or_date_of_birth_is_refused_as_it_is_given() throws {
        let call = try MissingChildCall.open(
            id: CallID("bounds"), psap: F.psap, checklist: F.checklist, cadIncident: nil, at: F.now, by: F.telecommunicator)
        for (item, value, message) in [
            ("child-age", "150", "Enter the child's age in whole years, from 0 to 20."),
            ("child-age", "-1", "Enter the child's age in whole years, from 0 to 20."),
            ("child-dob", "2200-01-01", "A date of birth cannot come after the call."),
            ("child-dob", "1990-01-01", "A missing child is at most 20: check the year of birth."),
        ] {
            #expect(throws: HomewardError.invalid(item, message)) {
                try call.answering(item, value, checklist: F.checklist, at: F.now, by: F.telecommunicator)
            }
        }
        #expect(throws: Never.self) {
            try call.answering("child-dob", "2009-04-12", checklist: F.checklist, at: F.now, by: F.telecommunicator)
        }
        #expect(throws: Never.self) { try call.answering("child-age", "20", checklist: F.checklist, at: F.now, by: F.telecommunicator) }
    }

    @Test func an_attestation_names_only_the_statements() throws {
        let all = PublicationAttestation.Item.allCases.map(\.rawValue)
        #expect(try PublicationAttestation.reading(all, attestedBy: UserID("cm"), at: F.now).isComplete)
        #expect(throws: HomewardError.self) {
            try PublicationAttestation.reading(all + ["everything_is_fine"], attestedBy: UserID("cm"), at: F.now)
        }
    }
}
