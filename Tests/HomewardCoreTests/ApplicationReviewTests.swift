import Foundation
import Testing

@testable import HomewardCore

@Suite("Reviewing a readiness application")
struct ApplicationReviewTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let today = CivilDate(iso: "2026-11-18")!
    let psap = Organization(
        id: OrganizationID("psap"), code: "psap", name: "Lakeview 911", kind: .psap, state: "IL", timeZone: "America/Chicago",
        createdAt: Date(timeIntervalSince1970: 0))

    /// A PSAP with its own policy, every item mapped, that applied with every criterion met unless
    /// `allMet` is false.
    func state(allMet: Bool = true, current: Recognition? = nil) -> (ReadinessState, ReadinessApplication) {
        let program = ReadinessProgram.modularScheme
        let evidence = ReadinessEvidence(kind: .psap, personnel: [], training: [], policy: nil)
        var evaluation = ReadinessEvaluator.evaluate(evidence, program: program, on: today)
        evaluation.criteria = evaluation.criteria.map {
            var criterion = $0
            criterion.met = allMet
            return criterion
        }
        let items = (program.track(for: .psap)?.components ?? []) + program.qualityAssurance
        let mappings = Dictionary(items.map { ($0.id, PolicyMapping(itemID: $0.id, present: true, citation: "§1")) }) { a, _ in a }
        let policy = PolicyDocument(
            organizationID: psap.id, version: 3, documentID: "d", fileName: "sop.pdf", contentType: "application/pdf", size: 10,
            sha256: "00", basis: .own, uploadedBy: UserID("a"), uploadedAt: now)
        let application = ReadinessApplication(
            id: "app", organizationID: psap.id, kind: current == nil ? .initial : .renewal, programCode: program.code, submittedAt: now,
            submittedBy: UserID("a"), signerName: "Morgan Testfield", signerTitle: "Director", affirmations: [],
            snapshot: ApplicationSnapshot(evidence: evidence, evaluation: evaluation, policyFileName: nil, policySHA256: nil))
        let state = ReadinessState(
            organization: psap, today: today, programs: [program], program: program, personnel: [], training: [], policy: policy,
            mappings: mappings, trainingDueDays: nil, recognitions: current.map { [$0] } ?? [], applications: [application],
            evidence: evidence, evaluation: evaluation, current: current, renewalOpen: current != nil)
        return (state, application)
    }

    func submission(_ decision: String, confirmAll: Bool = false, marks: [String: String] = [:], comment: String = "")
        -> ReviewSubmission
    {
        ReviewSubmission(decision: decision, marks: marks, comments: [:], confirmAll: confirmAll, comment: comment)
    }

    func errors(_ body: () throws -> ReviewOutcome) -> FieldErrors? {
        do {
            _ = try body()
            return nil
        } catch HomewardError.invalid(let errors) {
            return errors
        } catch {
            return nil
        }
    }

    @Test func approval_confirms_every_item_and_grants_the_programs_term() throws {
        let (state, application) = state()
        let items = application.reviewItems(in: state)
        #expect(items.count > 5)
        let unconfirmed = errors {
            try application.reviewing(submission("approve"), state: state, by: UserID("r"), at: now, recognitionID: "rec")
        }
        #expect(unconfirmed?["decision"]?.hasPrefix("Confirm every item before approving (\(items.count) not confirmed") == true)

        let outcome = try application.reviewing(
            submission("approve", confirmAll: true), state: state, by: UserID("r"), at: now, recognitionID: "rec")
        #expect(outcome.decision == .approved && outcome.reviews.count == items.count)
        #expect(outcome.reviews.allSatisfy { $0.state == .confirmed })
        #expect(outcome.recognition?.termStart == today && outcome.recognition?.termEnd == today.adding(years: 5))
        #expect(outcome.recognition?.policyVersion == 3 && outcome.recognition?.applicationID == "app")
    }

    @Test func a_renewal_starts_where_the_running_term_ends() throws {
        let running = Recognition(
            id: "old", organizationID: psap.id, applicationID: "old-app", termStart: CivilDate(iso: "2022-01-10")!,
            termEnd: CivilDate(iso: "2027-01-10")!, certificateNumber: "MKR-2022-0001", policyVersion: 1, programCode: "mkrp-modular")
        let (state, application) = state(current: running)
        let outcome = try application.reviewing(
            submission("approve", confirmAll: true), state: state, by: UserID("r"), at: now, recognitionID: "rec")
        #expect(outcome.recognition?.termStart == CivilDate(iso: "2027-01-10"))
    }

    @Test func what_a_reviewer_must_say_and_what_cannot_be_approved() throws {
        let (state, application) = state(allMet: false)
        let item = application.reviewItems(in: state)[0].id
        let rejected = errors {
            try application.reviewing(
                submission("save", marks: [item: "rejected"]), state: state, by: UserID("r"), at: now, recognitionID: "x")
        }
        #expect(rejected?[item] == "Say why you reject this, so the agency can fix it.")
        #expect(
            errors { try application.reviewing(submission("return"), state: state, by: UserID("r"), at: now, recognitionID: "x") }?[
                "decisionComment"] == "Say what the agency must fix.")
        #expect(
            errors {
                try application.reviewing(
                    submission("approve", confirmAll: true), state: state, by: UserID("r"), at: now, recognitionID: "x")
            }?["decision"] == "Not every criterion was met when the agency applied.")
        #expect(
            errors { try application.reviewing(submission("publish"), state: state, by: UserID("r"), at: now, recognitionID: "x") }?[
                "decision"] == "Choose to save, approve or return.")

        let saved = try application.reviewing(
            submission("save", marks: [item: "confirmed"]), state: state, by: UserID("r"), at: now, recognitionID: "x")
        #expect(saved.decision == nil && saved.recognition == nil && saved.reviews.map(\.itemID) == [item])
        let returned = try application.reviewing(
            submission("return", comment: " Map the QA section. "), state: state, by: UserID("r"), at: now, recognitionID: "x")
        #expect(returned.decision == .returned && returned.comment == "Map the QA section.")

        var decided = application
        decided.status = .approved
        #expect(throws: HomewardError.conflict("This application was already decided.")) {
            try decided.reviewing(submission("save"), state: state, by: UserID("r"), at: now, recognitionID: "x")
        }
    }

    @Test func an_agency_applies_when_every_criterion_is_met_and_signs_every_statement() throws {
        var (ready, _) = state()
        ready.applications = []
        let statements = Set(ready.program.affirmations(for: .psap).map(\.id))
        let signature = ApplicationSignature(affirmed: statements, signerName: " Morgan Testfield ", signerTitle: "Director")
        let application = try ready.applying(signature, id: "a2", by: UserID("u"), at: now)
        #expect(application.kind == .initial && application.signerName == "Morgan Testfield" && application.status == .submitted)
        #expect(Set(application.affirmations) == statements && application.snapshot.evaluation == ready.evaluation)

        var unsigned = signature
        unsigned.affirmed.removeFirst()
        unsigned.signerTitle = ""
        let errors = #expect(throws: HomewardError.self) { try ready.applying(unsigned, id: "a3", by: UserID("u"), at: now) }
        if case .invalid(let fields)? = errors { #expect(fields["affirmation"] != nil && fields["signerTitle"] != nil) }

        var (waiting, _) = state()  // its own application is still under review
        #expect(throws: HomewardError.invalid("application", "An application is already under review.")) {
            try waiting.applying(signature, id: "a4", by: UserID("u"), at: now)
        }
        waiting.applications = []
        waiting.evaluation.criteria[0].met = false
        #expect(throws: HomewardError.invalid("application", "Every criterion must be met before applying.")) {
            try waiting.applying(signature, id: "a5", by: UserID("u"), at: now)
        }
    }

    @Test func a_policy_mapping_cites_each_component_and_states_the_review_window() throws {
        let (ready, _) = state()
        let components = ready.track?.components ?? []
        let window = try #require(ready.program.qualityAssurance.first { $0.isReviewWindow })
        let first = components[0].id
        let mappings = try ready.mapping(
            PolicyMappingInput(
                presence: [first: "cited", components[1].id: "absent"], citations: [first: "§4.2"],
                statements: [window.id: "Every missing-child call is reviewed within 72 hours."]))
        #expect(mappings.map(\.itemID) == [first, components[1].id, window.id])
        #expect(mappings[0].citation == "§4.2" && mappings[1].present == false)

        let errors = #expect(throws: HomewardError.self) {
            try ready.mapping(
                PolicyMappingInput(
                    presence: [first: "cited"], citations: [components[2].id: "§9"], statements: [window.id: "Calls are reviewed."]))
        }
        if case .invalid(let fields)? = errors {
            #expect(fields[first] != nil && fields[components[2].id] == "Say whether the policy covers this.")
            #expect(fields[window.id]?.hasPrefix("State how long after the call") == true)
        }
        var withoutPolicy = ready
        withoutPolicy.policy = nil
        #expect(throws: HomewardError.invalid("document", "Upload the policy before mapping it.")) {
            try withoutPolicy.mapping(PolicyMappingInput(presence: [:], citations: [:], statements: [:]))
        }
    }

    @Test func a_completion_names_someone_on_the_roster_a_known_course_and_its_proof() throws {
        var (ready, _) = state()
        ready.personnel = [
            Personnel(
                id: "p1", employeeNumber: "T-1", name: "Avery Sample", role: .telecommunicator, hireDate: CivilDate(iso: "2020-02-03")!)
        ]
        let course = ready.program.courses[0].code
        var counter = 0
        func next() -> String {
            counter += 1
            return "id\(counter)"
        }
        let (record, certificate) = try ready.recordingCompletion(
            CompletionInput(employeeNumber: "t-1", course: course, completedOn: "2026-11-02", reference: "LMS-9", certificate: nil),
            newID: next)
        #expect(record.personnelID == "p1" && record.courseCode == course && record.reference == "LMS-9" && certificate == nil)

        let pdf = Data("%PDF-1.4 fictional certificate".utf8)
        let (_, attached) = try ready.recordingCompletion(
            CompletionInput(
                employeeNumber: "T-1", course: course, completedOn: "2026-11-02", reference: "",
                certificate: (fileName: "../../cert ificate.pdf", bytes: pdf)), newID: next)
        #expect(attached?.contentType == "application/pdf" && attached?.fileName == "cert_ificate.pdf")

        let errors = #expect(throws: HomewardError.self) {
            try ready.recordingCompletion(
                CompletionInput(employeeNumber: "T-9", course: "NOPE", completedOn: "2026-12-01", reference: "", certificate: nil),
                newID: next)
        }
        if case .invalid(let fields)? = errors {
            #expect(fields["employeeNumber"] == "No one on the roster has employee number T-9.")
            #expect(
                fields["course"] != nil && fields["completedOn"] == "The completion date is in the future." && fields["reference"] != nil)
        }
    }
}
