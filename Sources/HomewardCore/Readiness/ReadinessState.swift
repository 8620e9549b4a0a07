import Foundation

/// Everything the readiness pages and API know about one agency on one day, read once.
public struct ReadinessState: Sendable {
    public var organization: Organization
    public var today: CivilDate
    public var programs: [ReadinessProgram]
    /// The version in force today: the one a new application is judged by.
    public var program: ReadinessProgram
    public var personnel: [Personnel]
    public var training: [TrainingRecord]
    public var policy: PolicyDocument?
    public var mappings: [String: PolicyMapping]
    public var trainingDueDays: Int?
    public var recognitions: [Recognition]
    public var applications: [ReadinessApplication]
    public var evidence: ReadinessEvidence
    public var evaluation: ReadinessEvaluation
    /// The recognition in force today.
    public var current: Recognition?
    /// Whether today falls in the current recognition's renewal window.
    public var renewalOpen: Bool

    public var openApplication: ReadinessApplication? { applications.first { $0.status == .submitted } }
    public var latestApplication: ReadinessApplication? { applications.first }
    /// Whether an application may be filed today: everything met, none waiting, and either not
    /// recognized or in the renewal window.
    public var canApply: Bool { evaluation.allMet && openApplication == nil && (current == nil || renewalOpen) }
    public var dueDays: Int { trainingDueDays ?? program.defaultTrainingDueDays }
    public var track: ReadinessTrack? { program.track(for: organization.kind) }
    /// The organization's time zone, in which its days are counted.
    public var zone: TimeZone { organization.zone }

    /// The program version in force on `date`; the oldest one before any began.
    public static func program(on date: CivilDate, among programs: [ReadinessProgram]) throws -> ReadinessProgram {
        guard let program = ReadinessProgram.inForce(on: date, among: programs) ?? programs.first else {
            throw HomewardError.notFound("readiness program")
        }
        return program
    }

    public static func policyEvidence(_ policy: PolicyDocument?, mappings: [String: PolicyMapping], zone: TimeZone) -> PolicyEvidence? {
        policy.map {
            PolicyEvidence(
                version: $0.version, fileName: $0.fileName, sha256: $0.sha256, uploadedOn: CivilDate($0.uploadedAt, in: zone),
                basis: $0.basis, mappings: mappings)
        }
    }

    /// Every course code the programs know, for reading training files.
    public static func courseCodes(_ programs: [ReadinessProgram]) -> Set<String> {
        Set(programs.flatMap { $0.courses.map(\.code) })
    }

    /// What the agency's status is, in one sentence.
    public var statusSentence: String {
        if let open = openApplication {
            return
                "Your \(open.kind == .renewal ? "renewal " : "")application of \(CivilDate(open.submittedAt, in: zone).iso) is under review."
        }
        if let current = current {
            let last = current.termEnd.adding(days: -1).iso
            if renewalOpen { return "Recognized through \(last). Renewal is open: apply before then to stay on the member list." }
            return "Recognized through \(last) (certificate \(current.certificateNumber))."
        }
        if let latest = latestApplication, latest.status == .returned {
            return "Your application was returned with comments: fix what they name and apply again."
        }
        if let last = recognitions.first {
            if last.revokedAt != nil { return "Recognition was revoked. Apply again when every criterion is met." }
            return "Recognition lapsed on \(last.termEnd.iso). Apply again when every criterion is met."
        }
        return "Not yet recognized. Meet every criterion below, then apply."
    }
}

/// What an agency says of its policy, item by item, as sent from the mapping form.
public struct PolicyMappingInput: Sendable, Equatable {
    /// For each critical component of an agency's own policy: `cited`, `absent`, or empty.
    public var presence: [String: String]
    /// Section or page, by item id.
    public var citations: [String: String]
    /// What the policy states, by quality-assurance element id.
    public var statements: [String: String]

    public init(presence: [String: String], citations: [String: String], statements: [String: String]) {
        self.presence = presence
        self.citations = citations
        self.statements = statements
    }
}

extension ReadinessState {
    /// The mappings of the current policy that `input` records: each critical component cited
    /// (with where) or marked absent, for a policy of the agency's own (one adopting the model
    /// policy has them all); each quality-assurance element with what the policy states (the
    /// review window in hours or days) and where. Field errors by item id; nothing saved then.
    public func mapping(_ input: PolicyMappingInput) throws -> [PolicyMapping] {
        guard let policy else { throw HomewardError.invalid("document", "Upload the policy before mapping it.") }
        var errors = FieldErrors()
        var mappings: [PolicyMapping] = []
        if policy.basis == .own {
            for component in track?.components ?? [] {
                let citation = (input.citations[component.id] ?? "").trimmed
                switch input.presence[component.id] ?? "" {
                case "cited":
                    if citation.isEmpty || citation.count > 200 {
                        errors.add(component.id, "Give the section or page where the policy covers this (at most 200 characters).")
                    }
                    mappings.append(PolicyMapping(itemID: component.id, present: true, citation: citation))
                case "absent":
                    mappings.append(PolicyMapping(itemID: component.id, present: false))
                default:
                    if !citation.isEmpty { errors.add(component.id, "Say whether the policy covers this.") }
                }
            }
        }
        for element in program.qualityAssurance {
            let statement = (input.statements[element.id] ?? "").trimmed
            let citation = (input.citations[element.id] ?? "").trimmed
            if statement.isEmpty && citation.isEmpty { continue }
            if statement.isEmpty || statement.count > 500 {
                errors.add(element.id, "Say what the policy states here (at most 500 characters).")
            } else if element.isReviewWindow, let problem = ReviewWindow.problem(statement) {
                errors.add(element.id, problem)
            }
            if citation.count > 200 { errors.add(element.id, "The citation is longer than 200 characters.") }
            mappings.append(PolicyMapping(itemID: element.id, present: true, citation: citation, statement: statement))
        }
        try errors.throwIfAny()
        return mappings
    }
}

/// A course completion as the roster form sends it.
public struct CompletionInput: Sendable, Equatable {
    public var employeeNumber: String
    public var course: String
    public var completedOn: String
    public var reference: String
    /// The certificate's file name and bytes, when one is attached.
    public var certificate: (fileName: String, bytes: Data)?

    public init(
        employeeNumber: String, course: String, completedOn: String, reference: String, certificate: (fileName: String, bytes: Data)?
    ) {
        self.employeeNumber = employeeNumber
        self.course = course
        self.completedOn = completedOn
        self.reference = reference
        self.certificate = certificate
    }

    public static func == (a: CompletionInput, b: CompletionInput) -> Bool {
        a.employeeNumber == b.employeeNumber && a.course == b.course && a.completedOn == b.completedOn && a.reference == b.reference
            && a.certificate?.fileName == b.certificate?.fileName && a.certificate?.bytes == b.certificate?.bytes
    }
}

extension ReadinessState {
    /// The training record `input` adds for someone on the roster, with its certificate (a PDF,
    /// JPEG or PNG up to 5 MB) when attached: a known course, completed on a day not after today,
    /// proved by a reference or the certificate. Field errors otherwise.
    public func recordingCompletion(_ input: CompletionInput, newID: () -> String) throws -> (TrainingRecord, UploadedDocument?) {
        var errors = FieldErrors()
        let number = input.employeeNumber.trimmed
        let person = personnel.first { $0.employeeNumber.lowercased() == number.lowercased() }
        if person == nil {
            errors.add(
                "employeeNumber", number.isEmpty ? "Give the employee number." : "No one on the roster has employee number \(number).")
        }
        if !Self.courseCodes(programs).contains(input.course) { errors.add("course", "Choose the course.") }
        let date = CivilDate(iso: input.completedOn)
        if date == nil {
            errors.add("completedOn", "Give the date the course was completed.")
        } else if let date, date > today {
            errors.add("completedOn", "The completion date is in the future.")
        }
        let reference = input.reference.trimmed
        if reference.count > 200 { errors.add("reference", "Keep the reference under 200 characters.") }
        var certificate: UploadedDocument?
        if let file = input.certificate, !file.bytes.isEmpty {
            if file.bytes.count > PolicyFile.maximumBytes {
                errors.add("certificate", "The certificate is larger than 5 MB.")
            } else if let type = UploadedDocument.certificateType(of: file.bytes) {
                certificate = UploadedDocument(
                    id: newID(), fileName: PolicyFile.safeFileName(file.fileName, contentType: type), contentType: type, bytes: file.bytes)
            } else {
                errors.add("certificate", "The certificate must be a PDF, JPEG or PNG file.")
            }
        } else if reference.isEmpty {
            errors.add("reference", "Give a reference or attach the certificate.")
        }
        try errors.throwIfAny()
        guard let person, let date else { throw HomewardError.invalid(errors) }
        return (
            TrainingRecord(id: newID(), personnelID: person.id, courseCode: input.course, completedOn: date, reference: reference),
            certificate
        )
    }
}

extension ReadinessStore {
    /// Reads `organization`'s readiness on the day `instant` falls on in its time zone, and
    /// evaluates it against the program in force (at renewal when the renewal window is open).
    public func readinessState(of organization: Organization, at instant: Date) async throws -> ReadinessState {
        let zone = organization.zone
        let today = CivilDate(instant, in: zone)
        let programs = try await readinessPrograms()
        let program = try ReadinessState.program(on: today, among: programs)
        async let personnel = personnel(in: organization.id)
        async let training = trainingRecords(in: organization.id)
        async let policy = currentPolicy(of: organization.id)
        async let mappings = policyMappings(of: organization.id)
        async let dueDays = trainingDueDays(of: organization.id)
        async let recognitions = recognitions(of: organization.id)
        async let applications = applications(of: organization.id)
        let evidence = ReadinessEvidence(
            kind: organization.kind, personnel: try await personnel, training: try await training,
            policy: ReadinessState.policyEvidence(try await policy, mappings: try await mappings, zone: zone),
            trainingDueDays: try await dueDays)
        let allRecognitions = try await recognitions
        let current = allRecognitions.first { $0.isCurrent(on: today) }
        let renewalOpen = current.map { today >= $0.renewalOpens(windowMonths: program.renewalWindowMonths) } ?? false
        let evaluation = ReadinessEvaluator.evaluate(
            evidence, program: program, on: today, baseline: current?.baseline, renewal: renewalOpen)
        return ReadinessState(
            organization: organization, today: today, programs: programs, program: program, personnel: evidence.personnel,
            training: evidence.training, policy: try await policy, mappings: try await mappings, trainingDueDays: evidence.trainingDueDays,
            recognitions: allRecognitions, applications: try await applications, evidence: evidence, evaluation: evaluation,
            current: current, renewalOpen: renewalOpen)
    }
}
