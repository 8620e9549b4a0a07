import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Testing

@Suite("Readiness store conformance")
struct ReadinessStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    func audit(_ action: String) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: "test")
    }

    func prepare(_ store: SQLDataStore) async throws -> (Organization, User) {
        let psap = Organization(
            id: OrganizationID("psap"), code: "psap", name: "Lakeview 911", kind: .psap, state: "IL", timeZone: "America/Chicago",
            createdAt: now)
        try await store.createOrganization(psap, audit: audit("o"))
        let admin = User(id: UserID("a"), organizationID: psap.id, email: "a@x.example", name: "A", roles: [.agencyAdmin], createdAt: now)
        try await store.createUser(admin, passwordHash: nil, audit: audit("u"))
        return (psap, admin)
    }

    @Test(arguments: TestEngine.available)
    func shipped_programs_are_seeded_once_and_versions_can_be_added(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            #expect(try await store.readinessPrograms().map(\.code) == ["mkrp-2018", "mkrp-modular"])
            try await store.seedReadinessPrograms(ReadinessProgram.shipped, at: now)
            var next = ReadinessProgram.modularScheme
            next.code = "mkrp-2027"
            next.effectiveFrom = "2027-01-01"
            try await store.addReadinessProgram(next, by: nil, at: now, audit: audit("program.add"))
            let programs = try await store.readinessPrograms()
            #expect(programs.map(\.code) == ["mkrp-2018", "mkrp-modular", "mkrp-2027"])
            #expect(programs.last == next)
            await #expect(throws: HomewardError.self) {
                try await store.addReadinessProgram(next, by: nil, at: now, audit: audit("program.add"))
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func roster_training_and_policy_round_trip(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (psap, admin) = try await prepare(store)
            let hire = CivilDate(iso: "2020-02-03")!
            var people = [
                Personnel(id: "p1", employeeNumber: "T-1", name: "Avery Sample", role: .telecommunicator, hireDate: hire),
                Personnel(id: "p2", employeeNumber: "T-2", name: "Morgan Testfield", role: .executive, hireDate: hire),
            ]
            try await store.savePersonnel(people, in: psap.id, at: now, audit: audit("roster.import"))
            people[0].active = false
            try await store.savePersonnel([people[0]], in: psap.id, at: now, audit: audit("roster.import"))
            #expect(try await store.personnel(in: psap.id) == [people[0], people[1]])

            let record = TrainingRecord(id: "t1", personnelID: "p1", courseCode: "TBP", completedOn: hire, reference: "LMS-9")
            try await store.addTrainingRecords([record], in: psap.id, by: admin.id, at: now, audit: audit("training.import"))
            var again = record
            again.id = "t2"
            try await store.addTrainingRecords([again], in: psap.id, by: admin.id, at: now, audit: audit("training.import"))
            #expect(try await store.trainingRecords(in: psap.id) == [record])

            try await store.setTrainingDueDays(90, of: psap.id, audit: audit("profile"))
            #expect(try await store.trainingDueDays(of: psap.id) == 90)

            let pdf = Data("%PDF-1.4 fictional policy".utf8)
            let first = try await store.addPolicy(
                pdf, fileName: "sop.pdf", contentType: "application/pdf", basis: .own, in: psap.id, by: admin.id, at: now,
                documentID: "doc1", audit: audit("policy.upload"))
            #expect(first.version == 1 && first.sha256 == SHA256Digest.hex(of: pdf) && first.size == pdf.count)
            try await store.savePolicyMappings(
                [PolicyMapping(itemID: "psap-priority", present: true, citation: "§2")], of: psap.id, by: admin.id, at: now,
                audit: audit("policy.map"))
            try await store.reviewPolicyMappings(
                [MappingReview(itemID: "psap-priority", state: .confirmed, comment: "")], of: psap.id, by: admin.id, at: now,
                audit: audit("policy.review"))
            #expect(try await store.policyMappings(of: psap.id)["psap-priority"]?.review == .confirmed)
            // Saving the same mapping keeps the confirmation; a new document sends it back to pending.
            try await store.savePolicyMappings(
                [PolicyMapping(itemID: "psap-priority", present: true, citation: "§2")], of: psap.id, by: admin.id, at: now,
                audit: audit("policy.map"))
            #expect(try await store.policyMappings(of: psap.id)["psap-priority"]?.review == .confirmed)
            let second = try await store.addPolicy(
                pdf + Data(" v2".utf8), fileName: "sop-v2.pdf", contentType: "application/pdf", basis: .own, in: psap.id, by: admin.id,
                at: now, documentID: "doc2", audit: audit("policy.upload"))
            #expect(second.version == 2)
            #expect(try await store.currentPolicy(of: psap.id)?.fileName == "sop-v2.pdf")
            #expect(try await store.policyBytes(of: psap.id, version: 1)?.1 == pdf)
            #expect(try await store.policyMappings(of: psap.id)["psap-priority"]?.review == .pending)
        }
    }

    @Test(arguments: TestEngine.available)
    func one_open_application_and_recognition_on_approval_listed_only_within_its_term(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (psap, admin) = try await prepare(store)
            let evidence = ReadinessEvidence(kind: .psap, personnel: [], training: [], policy: nil)
            let evaluation = ReadinessEvaluator.evaluate(evidence, program: .modularScheme, on: CivilDate(iso: "2026-11-18")!)
            let application = ReadinessApplication(
                id: "app1", organizationID: psap.id, kind: .initial, programCode: "mkrp-modular", submittedAt: now, submittedBy: admin.id,
                signerName: "Morgan Testfield", signerTitle: "Director", affirmations: ["statements-true"],
                snapshot: ApplicationSnapshot(evidence: evidence, evaluation: evaluation, policyFileName: nil, policySHA256: nil))
            try await store.addApplication(application, audit: audit("application.submit"))
            var duplicate = application
            duplicate.id = "app2"
            await #expect(throws: HomewardError.conflict("An application from this agency is already under review.")) {
                try await store.addApplication(duplicate, audit: audit("application.submit"))
            }
            #expect(try await store.applications(in: .submitted, limit: 10).map(\.id) == ["app1"])
            #expect(try await store.application("app1")?.snapshot.evaluation == evaluation)

            let start = CivilDate(iso: "2026-11-18")!
            let recognition = Recognition(
                id: "r1", organizationID: psap.id, applicationID: "app1", termStart: start, termEnd: start.adding(years: 5),
                certificateNumber: "MKR-2026-0001", policyVersion: nil, programCode: "mkrp-modular")
            try await store.decideApplication(
                "app1", status: .approved, comment: "", by: admin.id, at: now, recognition: recognition, audit: audit("application.approve")
            )
            await #expect(throws: HomewardError.self) {
                try await store.decideApplication(
                    "app1", status: .returned, comment: "late", by: admin.id, at: now, recognition: nil, audit: audit("application.return"))
            }
            #expect(try await store.recognitions(of: psap.id) == [recognition])
            #expect(try await store.members(on: start).map(\.name) == ["Lakeview 911"])
            #expect(try await store.members(on: CivilDate(iso: "2031-11-17")!).count == 1)
            // The day the term ends, the agency leaves the list with no one acting.
            #expect(try await store.members(on: CivilDate(iso: "2031-11-18")!).isEmpty)
            // Read at an instant, the term ends with the agency's own last day, not at midnight UTC:
            // 03:00 UTC on the 18th is still the 17th in Chicago.
            let zone = try #require(TimeZone(identifier: psap.timeZone))
            let lastEvening = CivilDate(iso: "2031-11-18")!.start(in: zone) - 3 * 3600
            #expect(CivilDate(lastEvening, in: TimeZone.utc).iso == "2031-11-18")
            #expect(try await store.members(on: .instant(lastEvening), matching: MemberFilter()).count == 1)
            #expect(try await store.memberCounts(on: .instant(lastEvening), kind: nil) == [psap.state: 1])
            let justAfter = CivilDate(iso: "2031-11-18")!.start(in: zone) + 60
            #expect(try await store.members(on: .instant(justAfter), matching: MemberFilter()).isEmpty)
            #expect(try await store.memberCounts(on: .instant(justAfter), kind: nil).isEmpty)
            try await store.revokeRecognition("r1", reason: "False affirmation", at: now, audit: audit("recognition.revoke"))
            #expect(try await store.members(on: start).isEmpty)
        }
    }

    /// A review is one transaction: when the recognition an approval grants cannot be stored, the
    /// marks on the policy mappings and the decision are not written either.
    @Test(arguments: TestEngine.available)
    func a_review_is_written_whole_or_not_at_all(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let (psap, admin) = try await prepare(store)
            let pdf = Data("%PDF-1.4 fictional policy".utf8)
            _ = try await store.addPolicy(
                pdf, fileName: "sop.pdf", contentType: "application/pdf", basis: .own, in: psap.id, by: admin.id, at: now,
                documentID: "doc1", audit: audit("policy.upload"))
            try await store.savePolicyMappings(
                [PolicyMapping(itemID: "psap-priority", present: true, citation: "§2")], of: psap.id, by: admin.id, at: now,
                audit: audit("policy.map"))
            let evidence = ReadinessEvidence(kind: .psap, personnel: [], training: [], policy: nil)
            let evaluation = ReadinessEvaluator.evaluate(evidence, program: .modularScheme, on: CivilDate(iso: "2026-11-18")!)
            func application(_ id: String) -> ReadinessApplication {
                ReadinessApplication(
                    id: id, organizationID: psap.id, kind: .initial, programCode: "mkrp-modular", submittedAt: now, submittedBy: admin.id,
                    signerName: "Morgan Testfield", signerTitle: "Director", affirmations: ["statements-true"],
                    snapshot: ApplicationSnapshot(evidence: evidence, evaluation: evaluation, policyFileName: nil, policySHA256: nil))
            }
            let start = CivilDate(iso: "2026-11-18")!
            func recognition(_ id: String, for application: String) -> Recognition {
                Recognition(
                    id: id, organizationID: psap.id, applicationID: application, termStart: start, termEnd: start.adding(years: 5),
                    certificateNumber: "MKR-2026-0001", policyVersion: nil, programCode: "mkrp-modular")
            }
            try await store.addApplication(application("app1"), audit: audit("application.submit"))
            try await store.decideApplication(
                "app1", status: .approved, comment: "", by: admin.id, at: now, recognition: recognition("r1", for: "app1"),
                audit: audit("application.approve"))
            try await store.addApplication(application("app2"), audit: audit("application.submit"))
            let auditBefore = try await store.auditEvents(afterSequence: 0, limit: 1000).count

            // The second approval's recognition reuses the first one's certificate number.
            let outcome = ReviewOutcome(
                applicationID: "app2", organizationID: psap.id,
                reviews: [MappingReview(itemID: "psap-priority", state: .confirmed, comment: "")], decision: .approved, comment: "",
                recognition: recognition("r2", for: "app2"), reviewer: admin.id, at: now)
            await #expect(throws: HomewardError.self) {
                try await store.recordReview(outcome, reviewAudit: audit("mapping_review"), decisionAudit: audit("approve"))
            }
            #expect(try await store.policyMappings(of: psap.id)["psap-priority"]?.review == .pending)
            #expect(try await store.application("app2")?.status == .submitted)
            #expect(try await store.recognitions(of: psap.id).map(\.id) == ["r1"])
            #expect(try await store.auditEvents(afterSequence: 0, limit: 1000).count == auditBefore)

            var fixed = outcome
            fixed.recognition?.certificateNumber = "MKR-2026-0002"
            try await store.recordReview(fixed, reviewAudit: audit("mapping_review"), decisionAudit: audit("approve"))
            #expect(try await store.policyMappings(of: psap.id)["psap-priority"]?.review == .confirmed)
            #expect(try await store.application("app2")?.status == .approved)
            let actions = try await store.auditEvents(afterSequence: 0, limit: 1000).suffix(2).map(\.entry.action)
            #expect(actions == ["mapping_review", "approve"])
        }
    }
}
