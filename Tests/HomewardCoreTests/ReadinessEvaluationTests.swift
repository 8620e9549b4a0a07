import Foundation
import HomewardCore
import Testing

/// A small fictional agency, built up test by test.
private struct Agency {
    var kind: OrganizationKind
    var personnel: [Personnel] = []
    var training: [TrainingRecord] = []
    var policy: PolicyEvidence?

    init(_ kind: OrganizationKind) { self.kind = kind }

    mutating func hire(_ name: String, _ role: PersonnelRole, on date: String, courses: [(String, String)] = []) {
        let id = "p\(personnel.count + 1)"
        personnel.append(Personnel(id: id, employeeNumber: "E\(personnel.count + 1)", name: name, role: role, hireDate: day(date)))
        for (course, completed) in courses {
            training.append(TrainingRecord(id: "t\(training.count + 1)", personnelID: id, courseCode: course, completedOn: day(completed)))
        }
    }

    mutating func adoptModelPolicy(version: Int = 1) {
        policy = PolicyEvidence(
            version: version, fileName: "policy.pdf", sha256: String(repeating: "a", count: 64), uploadedOn: day("2026-01-05"),
            basis: .adopted, mappings: Self.completeQA)
    }

    static let completeQA: [String: PolicyMapping] = [
        "qa-reviewer": .init(itemID: "qa-reviewer", present: true, citation: "§9.1", statement: "Communications supervisor"),
        "qa-window": .init(itemID: "qa-window", present: true, citation: "§9.2", statement: "within 72 hours of the call"),
        "qa-process": .init(itemID: "qa-process", present: true, citation: "§9.3", statement: "Recording reviewed against the checklist"),
        "qa-training": .init(itemID: "qa-training", present: true, citation: "§9.4", statement: "All current and future staff trained"),
    ]

    var evidence: ReadinessEvidence { ReadinessEvidence(kind: kind, personnel: personnel, training: training, policy: policy) }
}

private func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

private func criterion(_ evaluation: ReadinessEvaluation, _ id: String) -> CriterionResult {
    evaluation.criteria.first { $0.id == id }!
}

@Suite("Readiness evaluation")
struct ReadinessEvaluationTests {
    let seed = ReadinessProgram.seedCriteria
    let modular = ReadinessProgram.modularScheme

    @Test("Shipped versions are valid and survive a JSON round trip")
    func shippedVersionsAreValid() throws {
        for program in ReadinessProgram.shipped {
            try program.validate()
            let decoded = try JSONDecoder().decode(ReadinessProgram.self, from: JSONEncoder().encode(program))
            #expect(decoded == program)
        }
    }

    @Test("A version naming an unknown course is refused with the path of the mistake")
    func invalidVersion() {
        var program = seed
        program.code = "next"
        program.tracks[0].requirements[0].alternatives = [["CEO"], ["NOPE"]]
        program.effectiveFrom = "2027-13-01"
        #expect {
            try program.validate()
        } throws: { error in
            guard case HomewardError.invalid(let fields) = error else { return false }
            return fields["tracks[0].requirements[0].alternatives"] == "Unknown course NOPE." && fields["effectiveFrom"] != nil
        }
    }

    @Test("A new version takes effect today or later, never on a past day")
    func newVersionNotInThePast() throws {
        var program = modular
        program.code = "next"
        program.effectiveFrom = "2026-12-06"
        #expect {
            try program.validate(addedOn: day("2026-12-07"))
        } throws: { error in
            guard case HomewardError.invalid(let fields) = error else { return false }
            return fields["effectiveFrom"]?.contains("never on a past day") == true
        }
        program.effectiveFrom = "2026-12-07"
        try program.validate(addedOn: day("2026-12-07"))
    }

    @Test("The version in force on an application's date judges it")
    func versionInForce() {
        let programs = [modular, seed]
        #expect(ReadinessProgram.inForce(on: day("2017-12-31"), among: programs) == nil)
        #expect(ReadinessProgram.inForce(on: day("2024-12-31"), among: programs)?.code == seed.code)
        #expect(ReadinessProgram.inForce(on: day("2025-01-01"), among: programs)?.code == modular.code)

        // The same agency: MCDR-1 meets the published criteria and falls short of the modular ones.
        var agency = Agency(.lawEnforcement)
        agency.hire("Chief Rowan Testwood", .executive, on: "2010-01-01", courses: [("CEO", "2023-05-01")])
        agency.hire("Officer Lee Sample", .sworn, on: "2015-01-01", courses: [("MCDR-1", "2023-06-01")])
        agency.adoptModelPolicy()
        let before = ReadinessEvaluator.evaluate(
            agency.evidence, program: ReadinessProgram.inForce(on: day("2024-06-01"), among: programs)!, on: day("2024-06-01"))
        #expect(before.allMet)
        let after = ReadinessEvaluator.evaluate(
            agency.evidence, program: ReadinessProgram.inForce(on: day("2025-06-01"), among: programs)!, on: day("2025-06-01"))
        #expect(!after.allMet)
        #expect(
            criterion(after, "le-sworn-core").reason
                == "2 of 2 all sworn officers lack MECINTRO + MECPAT: Chief Rowan Testwood and Officer Lee Sample.")
    }

    @Test("Any one alternative meets a requirement; the reason names who lacks it")
    func anyOfCourses() {
        var agency = Agency(.lawEnforcement)
        agency.hire("Chief Rowan Testwood", .executive, on: "2010-01-01", courses: [("MCDR-2", "2022-02-02")])
        agency.hire("Officer Ada One", .sworn, on: "2015-01-01", courses: [("MCDR-1", "2023-01-01")])
        agency.hire("Officer Ben Two", .sworn, on: "2015-01-01", courses: [("MCDR", "2023-01-01")])
        agency.hire("Sergeant Cy Three", .supervisor, on: "2015-01-01")
        agency.hire("Detective Di Four", .investigator, on: "2015-01-01", courses: [("TBP", "2023-01-01")])
        agency.adoptModelPolicy()
        let result = ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20"))
        #expect(criterion(result, "le-executive").met)
        let sworn = criterion(result, "le-sworn")
        #expect(!sworn.met)
        #expect((sworn.done, sworn.total) == (2, 4))
        #expect(sworn.reason == "2 of 4 sworn personnel lack MCDR-1 or MCDR: Sergeant Cy Three and Detective Di Four.")
        #expect(sworn.responsible == ["Sergeant Cy Three", "Detective Di Four"])
        #expect(result.gaps.map(\.name) == ["Sergeant Cy Three", "Detective Di Four"])
        #expect(result.gapsCSV().contains("E4,Sergeant Cy Three,supervisor,Sworn personnel,MCDR-1 or MCDR,"))
        // A completion dated after the evaluation day does not count yet.
        agency.training.append(TrainingRecord(id: "late", personnelID: "p4", courseCode: "MCDR-1", completedOn: day("2026-12-01")))
        #expect(!criterion(ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20")), "le-sworn").met)
    }

    @Test("The modular scheme adds courses by role")
    func modularRoles() {
        var agency = Agency(.lawEnforcement)
        agency.hire(
            "Chief Rowan Testwood", .executive, on: "2010-01-01",
            courses: [("CEO", "2025-02-01"), ("MECINTRO", "2025-02-01"), ("MECPAT", "2025-02-01")])
        agency.hire("Sergeant Cy Three", .supervisor, on: "2015-01-01", courses: [("MECINTRO", "2025-03-01"), ("MECPAT", "2025-03-01")])
        agency.hire(
            "Detective Di Four", .investigator, on: "2015-01-01",
            courses: [("MECINTRO", "2025-03-01"), ("MECPAT", "2025-03-01"), ("MECCID", "2025-04-01")])
        agency.adoptModelPolicy()
        let result = ReadinessEvaluator.evaluate(agency.evidence, program: modular, on: day("2026-11-20"))
        #expect(criterion(result, "le-command").met)
        #expect(criterion(result, "le-sworn-core").met)
        #expect(criterion(result, "le-investigators").met)
        let supervisors = criterion(result, "le-supervisors")
        #expect(!supervisors.met)
        #expect(supervisors.responsible == ["Sergeant Cy Three"])
    }

    @Test("At renewal, executive training older than five years must be retaken")
    func executiveTrainingExpiresAtRenewal() {
        var agency = Agency(.psap)
        agency.hire("Director Morgan Testfield", .executive, on: "2012-01-01", courses: [("CEO", "2020-03-02")])
        agency.hire("Telecommunicator Avery Sample", .telecommunicator, on: "2019-01-01", courses: [("TBP", "2020-01-01")])
        agency.adoptModelPolicy()
        let baseline = RecognitionBaseline(termStart: day("2021-12-01"), termEnd: day("2026-12-01"), policyVersion: 1)
        let monitoring = ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-01"), baseline: baseline)
        #expect(monitoring.allMet)
        let renewal = ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-01"), baseline: baseline, renewal: true)
        let executive = criterion(renewal, "psap-executive")
        #expect(!executive.met)
        #expect(executive.reason == "Director Morgan Testfield’s CEO (2020-03-02) is older than 5 years and must be retaken for renewal.")
        // Staff training does not expire.
        #expect(criterion(renewal, "psap-telecommunicators").met)
        agency.training.append(TrainingRecord(id: "retake", personnelID: "p1", courseCode: "MCDR-2", completedOn: day("2026-10-01")))
        #expect(
            ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-01"), baseline: baseline, renewal: true).allMet)
    }

    @Test("New hires have the agency's training period; at renewal those hired since recognition must be trained")
    func newHires() {
        var agency = Agency(.psap)
        agency.hire("Director Morgan Testfield", .executive, on: "2012-01-01", courses: [("CEO", "2024-03-02")])
        agency.hire("Telecommunicator Avery Sample", .telecommunicator, on: "2019-01-01", courses: [("MCDR-1", "2020-01-01")])
        agency.hire("Telecommunicator Blair New", .telecommunicator, on: "2026-10-01")
        agency.adoptModelPolicy()
        var evidence = agency.evidence
        evidence.trainingDueDays = 90

        let early = ReadinessEvaluator.evaluate(evidence, program: seed, on: day("2026-11-20"))
        let staff = criterion(early, "psap-telecommunicators")
        #expect(staff.met)
        #expect(early.pending.map(\.name) == ["Telecommunicator Blair New"])
        #expect(early.pending.first?.dueOn == day("2026-12-30"))
        #expect(staff.reason.contains("1 new hire is within the training period (first due 2026-12-30)"))

        let late = ReadinessEvaluator.evaluate(evidence, program: seed, on: day("2027-01-05"))
        #expect(!criterion(late, "psap-telecommunicators").met)
        #expect(late.gaps.map(\.name) == ["Telecommunicator Blair New"])

        // Recognized since 2025: past the due date is a warning; at renewal there is no grace.
        let baseline = RecognitionBaseline(termStart: day("2025-01-10"), termEnd: day("2030-01-10"), policyVersion: 1)
        let watched = ReadinessEvaluator.evaluate(evidence, program: seed, on: day("2027-01-05"), baseline: baseline)
        #expect(
            watched.warnings == [
                "Telecommunicator Blair New (telecommunicator, hired 2026-10-01) passed the training due date 2026-12-30 without MCDR-1 or TBP."
            ])
        let renewal = ReadinessEvaluator.evaluate(evidence, program: seed, on: day("2026-11-20"), baseline: baseline, renewal: true)
        #expect(!criterion(renewal, "psap-telecommunicators").met)
        #expect(renewal.gaps.map(\.name) == ["Telecommunicator Blair New"])
    }

    @Test("A required share below one lets an agency meet a requirement with some untrained")
    func requiredShare() {
        var program = seed
        program.tracks[1].requirements[1].requiredShare = 0.5
        var agency = Agency(.psap)
        agency.hire("Director Morgan Testfield", .executive, on: "2012-01-01", courses: [("CEO", "2024-03-02")])
        agency.hire("Telecommunicator A", .telecommunicator, on: "2019-01-01", courses: [("TBP", "2020-01-01")])
        agency.hire("Telecommunicator B", .telecommunicator, on: "2019-01-01")
        agency.adoptModelPolicy()
        let result = criterion(
            ReadinessEvaluator.evaluate(agency.evidence, program: program, on: day("2026-11-20")), "psap-telecommunicators")
        #expect(result.met)
        #expect(result.reason.hasSuffix("50% required; 1 of 2 trained."))
    }

    @Test("A criterion over a role the agency does not have says so and follows the criteria's own rule")
    func absentRole() throws {
        var agency = Agency(.lawEnforcement)
        agency.hire(
            "Chief Rowan Testwood", .executive, on: "2010-01-01",
            courses: [("CEO", "2025-02-01"), ("MECINTRO", "2025-02-01"), ("MECPAT", "2025-02-01")])
        agency.hire("Officer Ash One", .sworn, on: "2015-01-01", courses: [("MECINTRO", "2025-03-01"), ("MECPAT", "2025-03-01")])
        agency.adoptModelPolicy()
        // A small department: no investigators and no supervisors. The modular criteria ask those
        // courses only of agencies that have them.
        let result = ReadinessEvaluator.evaluate(agency.evidence, program: modular, on: day("2026-11-20"))
        let investigators = criterion(result, "le-investigators")
        #expect(investigators.met && investigators.total == 0)
        #expect(
            investigators.reason
                == "Does not apply: the roster has no investigator, and the criteria ask this only of agencies that have them.")
        #expect(criterion(result, "le-supervisors").met)
        #expect(result.allMet)
        // A version that states no rule for it (recorded before the rule existed) keeps it unmet, saying why.
        var older = modular
        for t in older.tracks.indices {
            for r in older.tracks[t].requirements.indices { older.tracks[t].requirements[r].whenNoneHold = nil }
        }
        let strict = criterion(ReadinessEvaluator.evaluate(agency.evidence, program: older, on: day("2026-11-20")), "le-investigators")
        #expect(!strict.met && strict.reason.hasPrefix("The roster has no investigator:"))
        // A rule that would let a required role lapse is refused.
        var contradictory = modular
        contradictory.code = "bad"
        contradictory.tracks[0].requirements[0].whenNoneHold = .doesNotApply
        #expect(throws: HomewardError.self) { try contradictory.validate() }
    }

    @Test("An empty roster meets no criterion about a role, and each criterion names the roles it counts")
    func emptyRoster() {
        var agency = Agency(.psap)
        agency.adoptModelPolicy()
        let result = ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20"))
        let telecommunicators = criterion(result, "psap-telecommunicators")
        #expect(!telecommunicators.met)
        #expect(
            telecommunicators.reason
                == "The roster has no telecommunicator or supervisor: the criteria require telecommunicators trained in MCDR-1 or TBP; add them to the roster."
        )
        #expect(telecommunicators.total == 1 && telecommunicators.done == 0)
        #expect(telecommunicators.countedRoles?.isEmpty == false)
        #expect(!result.allMet)
    }

    @Test("An agency with no executive on the roster does not meet the executive requirement")
    func missingExecutive() {
        var agency = Agency(.psap)
        agency.hire("Telecommunicator A", .telecommunicator, on: "2019-01-01", courses: [("TBP", "2020-01-01")])
        let result = ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20"))
        #expect(criterion(result, "psap-executive").reason.hasPrefix("The roster has no executive (chief, sheriff or PSAP manager):"))
        #expect(criterion(result, "policy").reason == "No policy document uploaded.")
        #expect(!result.allMet)
    }

    @Test("An agency's own policy is checked component by component, and the QA section element by element")
    func ownPolicy() {
        var agency = Agency(.psap)
        agency.hire("Director Morgan Testfield", .executive, on: "2012-01-01", courses: [("CEO", "2024-03-02")])
        var mappings: [String: PolicyMapping] = [:]
        for component in ReadinessProgram.seedCriteria.track(for: .psap)!.components {
            mappings[component.id] = PolicyMapping(itemID: component.id, present: true, citation: "§\(mappings.count + 1)")
        }
        mappings["psap-checks"] = PolicyMapping(itemID: "psap-checks", present: false)
        mappings["psap-searched"] = nil
        mappings["qa-reviewer"] = Agency.completeQA["qa-reviewer"]
        mappings["qa-window"] = PolicyMapping(itemID: "qa-window", present: true, citation: "§9", statement: "promptly")
        mappings["qa-process"] = Agency.completeQA["qa-process"]
        agency.policy = PolicyEvidence(
            version: 2, fileName: "sop.docx", sha256: String(repeating: "b", count: 64), uploadedOn: day("2026-10-01"), basis: .own,
            mappings: mappings)
        let result = ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20"))
        let policy = criterion(result, "policy")
        #expect(!policy.met)
        #expect(policy.reason == "2 of 11 critical components not shown: Home searched (not mapped); Records checks (absent).")
        let qa = criterion(result, "quality-assurance")
        #expect(!qa.met)
        #expect(
            qa.reason
                == "QA review window “promptly” states no number of hours or days; QA section does not say that current and all future employees are trained."
        )
        #expect((qa.done, qa.total) == (2, 4))

        agency.policy!.mappings["qa-window"] = nil
        #expect(
            criterion(ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20")), "quality-assurance").reason
                .hasPrefix(
                    "QA section names no review window;"))

        agency.policy!.mappings["psap-searched"] = PolicyMapping(itemID: "psap-searched", present: true, citation: "§7")
        agency.policy!.mappings["psap-checks"] = PolicyMapping(
            itemID: "psap-checks", present: true, citation: "§8", review: .rejected, reviewComment: "§8 covers CAD only")
        #expect(
            criterion(ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20")), "policy").reason
                == "1 of 11 critical components not shown: Records checks (rejected: §8 covers CAD only).")
    }

    @Test("After recognition, a changed policy is a warning")
    func policyChangeWarning() {
        var agency = Agency(.lawEnforcement)
        agency.hire("Chief Rowan Testwood", .executive, on: "2010-01-01", courses: [("CEO", "2023-05-01")])
        agency.adoptModelPolicy(version: 3)
        let baseline = RecognitionBaseline(termStart: day("2025-01-10"), termEnd: day("2030-01-10"), policyVersion: 2)
        let result = ReadinessEvaluator.evaluate(agency.evidence, program: seed, on: day("2026-11-20"), baseline: baseline)
        #expect(result.warnings == ["The policy changed since recognition: version 3 was uploaded 2026-01-05 (recognized on version 2)."])
    }

    @Test("Review windows are read from words")
    func reviewWindows() {
        #expect(ReviewWindow.hours(in: "within 72 hours of the call") == 72)
        #expect(ReviewWindow.hours(in: "7 days after the call") == 168)
        #expect(ReviewWindow.hours(in: "2 weeks") == 336)
        #expect(ReviewWindow.hours(in: "as soon as possible") == nil)
        #expect(ReviewWindow.hours(in: "0 hours") == nil)
        #expect(ReviewWindow.reading("within 365 days") == .hours(8_760))
        #expect(ReviewWindow.reading("within 366 days") == .tooLong)
        #expect(ReviewWindow.reading("within 999999999999999999 days of the call") == .tooLong)
        #expect(ReviewWindow.reading("within 9223372036854775807 hours") == .tooLong)
        #expect(ReviewWindow.reading("within 99999999999999999999999999 weeks") == .tooLong)
        #expect(ReviewWindow.reading("within 0072 hours") == .hours(72))
    }
}

@Suite("CSV and roster import")
struct RosterImportTests {
    let today = CivilDate(iso: "2026-11-20")!

    @Test("Quoted fields keep commas, quotes and line breaks")
    func parsesQuotedFields() throws {
        let records = try CSV.parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n\n")
        #expect(records.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
        #expect(throws: CSV.SyntaxError(line: 2, message: "A quoted field is never closed.")) { try CSV.parse("a\n\"open") }
        #expect(CSV.field("=cmd()") == "'=cmd()")
        #expect(CSV.field("a,b") == "\"a,b\"")
    }

    @Test("One bad row imports nothing and is reported by line and column")
    func badRowRefusesAll() throws {
        var counter = 0
        let text = """
            employee_number,name,role,hire_date,active
            T-100,Morgan Testfield,executive,2012-01-01,yes
            T-101,Avery Sample,telecommunicator,2019-02-30,yes
            T-102,Blair Example,dispatcher,2020-05-05,
            """
        let preview = try RosterImport.personnel(text, existing: [], today: today) {
            counter += 1
            return "id\(counter)"
        }
        #expect(!preview.canImport)
        #expect(
            preview.errors == [ImportRowError(line: 3, column: "hire_date", message: "“2019-02-30” is not a date; write it as YYYY-MM-DD.")]
        )
        #expect(preview.rows.map(\.role) == [.executive, .telecommunicator])
    }

    @Test("A roster import updates people by employee number")
    func updatesByNumber() throws {
        let existing = [Personnel(id: "keep", employeeNumber: "T-100", name: "Old Name", role: .telecommunicator, hireDate: today)]
        let preview = try RosterImport.personnel(
            "Employee_Number,Name,Role,Hire_Date\nt-100,New Name,supervisor,2020-01-01\nT-200,Other Person,civilian,2021-01-01\n",
            existing: existing, today: today, newID: { "new" })
        #expect(preview.canImport)
        #expect((preview.added, preview.updated) == (1, 1))
        #expect(preview.rows[0].id == "keep" && preview.rows[0].name == "New Name" && preview.rows[0].employeeNumber == "T-100")
    }

    @Test("Training rows must name a person on the roster, a known course and a past date")
    func trainingRows() throws {
        let roster = [Personnel(id: "p1", employeeNumber: "T-100", name: "Avery Sample", role: .telecommunicator, hireDate: today)]
        let preview = try RosterImport.training(
            "employee_number,course,completed_on,reference\nT-100,tbp,2026-01-02,LMS-1\nT-999,MCDR-1,2026-01-02,\nT-100,XYZ,2027-01-01,\n",
            roster: roster, existing: [], courses: ["TBP", "MCDR-1"], today: today, newID: { "t" })
        #expect(preview.rows.map(\.courseCode) == ["TBP"])
        #expect(preview.errors.map { "\($0.line):\($0.column)" } == ["3:employee_number", "4:course", "4:completed_on"])
        #expect(throws: HomewardError.invalid("file", "The header lacks the columns employee_number, course, completed_on.")) {
            try RosterImport.training("name\nx\n", roster: roster, existing: [], courses: ["TBP"], today: today, newID: { "t" })
        }
    }
}

@Suite("Personnel roles")
struct PersonnelRoleTests {
    @Test func ordinals_are_the_roles_places() {
        #expect(PersonnelRole.allCases.map(\.ordinal) == Array(0..<UInt8(PersonnelRole.allCases.count)))
        #expect(PersonnelRole(roster: "Dispatcher") == .telecommunicator)
        #expect(PersonnelRole(roster: "command staff") == .commandStaff)
        #expect(PersonnelRole(roster: "mayor") == nil)
    }
}
