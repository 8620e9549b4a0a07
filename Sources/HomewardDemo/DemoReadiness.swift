import Foundation
import HomewardCore
import HomewardPDF
import HomewardStore
import HomewardWeb

/// Fictional agencies at every stage of readiness recognition: recognized (so the member list and
/// its map are not empty), under review, returned with comments, halfway through training, and
/// lapsed. The demo 911 center `psap-lakeshore` is left untouched so a newcomer can walk the whole
/// path. Each agency here gets an administrator, `admin@CODE.demo.homeward.example`.
enum DemoReadiness {
    enum Stage {
        case recognized(daysAgo: Int)
        case underReview
        case returned(String)
        case halfTrained
        case lapsed(yearsAgo: Int)
    }

    struct Agency {
        var code: String
        var name: String
        var kind: OrganizationKind
        var state: String
        var timeZone: String
        var ori: String?
        var staff: Int
        var basis: PolicyBasis
        var stage: Stage
    }

    static let agencies: [Agency] = [
        .init(
            code: "pd-pinevalley", name: "", kind: .lawEnforcement, state: "CO", timeZone: "America/Denver", staff: 18, basis: .adopted,
            stage: .recognized(daysAgo: 400)),
        .init(
            code: "psap-pinevalley", name: "", kind: .psap, state: "CO", timeZone: "America/Denver", staff: 12, basis: .own,
            stage: .recognized(daysAgo: 900)),
        .init(
            code: "pd-harborcity", name: "Harbor City Police Department", kind: .lawEnforcement, state: "WA",
            timeZone: "America/Los_Angeles", ori: "WA0990400", staff: 24, basis: .own, stage: .recognized(daysAgo: 150)),
        .init(
            code: "psap-redwood", name: "Redwood County Emergency Communications", kind: .psap, state: "CA",
            timeZone: "America/Los_Angeles", staff: 16, basis: .adopted, stage: .recognized(daysAgo: 1200)),
        .init(
            code: "so-cedarfalls", name: "Cedar Falls County Sheriff's Office", kind: .lawEnforcement, state: "IA",
            timeZone: "America/Chicago", ori: "IA0990500", staff: 14, basis: .adopted, stage: .recognized(daysAgo: 60)),
        .init(
            code: "psap-bayou", name: "Bayou Parish Communications District", kind: .psap, state: "LA", timeZone: "America/Chicago",
            staff: 10, basis: .adopted, stage: .recognized(daysAgo: 1700)),
        .init(
            code: "pd-summit", name: "Summit Township Police Department", kind: .lawEnforcement, state: "OH",
            timeZone: "America/New_York", ori: "OH0990600", staff: 9, basis: .adopted, stage: .recognized(daysAgo: 700)),
        .init(
            code: "psap-capital", name: "Capital Region 911", kind: .psap, state: "NY", timeZone: "America/New_York", staff: 20,
            basis: .own, stage: .recognized(daysAgo: 30)),
        .init(
            code: "pd-riverbend", name: "Riverbend Police Department", kind: .lawEnforcement, state: "TX", timeZone: "America/Chicago",
            ori: "TX0990700", staff: 22, basis: .own, stage: .underReview),
        .init(
            code: "psap-granite", name: "Granite Ridge 911", kind: .psap, state: "NH", timeZone: "America/New_York", staff: 8,
            basis: .own,
            stage: .returned(
                "Section 12 names no review window: state how many hours after the call each review happens, then apply again.")),
        .init(
            code: "so-lakeshore", name: "", kind: .lawEnforcement, state: "IL", timeZone: "America/Chicago", staff: 16, basis: .own,
            stage: .halfTrained),
        .init(
            code: "pd-oldmill", name: "Old Mill Borough Police Department", kind: .lawEnforcement, state: "PA",
            timeZone: "America/New_York", ori: "PA0990800", staff: 11, basis: .adopted, stage: .lapsed(yearsAgo: 6)),
    ]

    static let firstNames = [
        "Alex", "Bailey", "Cameron", "Devon", "Ellis", "Finley", "Gray", "Hayden", "Indigo", "Jules", "Kendall", "Lane", "Marley",
        "Noel", "Oakley", "Peyton", "Quincy", "Reagan", "Sage", "Tatum",
    ]
    static let lastNames = [
        "Ashdown", "Brackwell", "Corriveau", "Dunmore", "Elsworth", "Fairbourne", "Galloway", "Hartigan", "Ivesdale", "Jessop",
        "Kilbride", "Lowther", "Merriman", "Northcott", "Ormsby", "Pendry", "Quarrington", "Rathbone", "Stowell", "Thackeray",
    ]

    @discardableResult
    static func load(into services: AppServices, organizations: [String: Organization], passwordHash: String?) async throws -> Int {
        var hash = passwordHash
        let store = services.store
        let now = services.clock.now()
        let programs = try await store.readinessPrograms()
        var loaded = 0
        for (index, demo) in agencies.enumerated() {
            let organization: Organization
            let stored = try await store.organization(code: demo.code)
            if let existing = organizations[demo.code] ?? stored {
                organization = existing
            } else {
                let draft = OrganizationDraft(
                    code: demo.code, name: demo.name, kind: demo.kind.rawValue, state: demo.state, timeZone: demo.timeZone, ori: demo.ori,
                    psapIdentifier: demo.kind == .psap ? "99\(20 + index)" : nil, phone: "555-010-\(5000 + index * 100)")
                organization = try draft.validated(id: OrganizationID(services.ids.next()), createdAt: now)
                try await store.createOrganization(organization, audit: audit(now, .organizationsCreate, .organization, organization.id))
            }
            guard try await store.personnel(in: organization.id).isEmpty else { continue }
            let email = "admin@\(demo.code).demo.homeward.example"
            let admin: User
            if let existing = try await store.user(email: email) {
                admin = existing
            } else {
                admin = User(
                    id: UserID(services.ids.next()), organizationID: organization.id, email: email,
                    name: "\(firstNames[index % 20]) \(lastNames[(index * 7) % 20])", roles: [.agencyAdmin], createdAt: now)
                if hash == nil { hash = try await services.passwords.hash(DemoData.password) }
                try await store.createUser(admin, passwordHash: hash, audit: audit(now, .usersCreate, .user, organization.id))
            }
            try await load(demo, index: index, organization: organization, admin: admin, programs: programs, services: services)
            loaded += 1
        }
        return loaded
    }

    static func audit(_ now: Date, _ action: AuditAction, _ type: AuditRecordType, _ organization: OrganizationID) -> AuditEntry {
        AuditEntry(
            occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: type,
            recordID: organization.rawValue, targetOrganizationID: organization, address: "command line", detail: "demo data")
    }

    private static func load(
        _ demo: Agency, index: Int, organization: Organization, admin: User, programs: [ReadinessProgram], services: AppServices
    ) async throws {
        let store = services.store
        let now = services.clock.now()
        let zone = organization.zone
        let today = CivilDate(now, in: zone)
        // The day the agency applied, which decides the program version its evidence meets.
        let applied: CivilDate =
            switch demo.stage {
            case .recognized(let days): today.adding(days: -days - 21)
            case .lapsed(let years): today.adding(years: -years).adding(days: -21)
            case .underReview, .returned: today.adding(days: -6)
            case .halfTrained: today
            }
        let program = ReadinessProgram.inForce(on: applied, among: programs) ?? programs[0]
        let track = program.track(for: organization.kind)!

        // The roster: an executive, then staff in the kind's roles.
        let roles: [PersonnelRole] =
            organization.kind == .psap
            ? [.supervisor, .telecommunicator, .telecommunicator, .telecommunicator]
            : [.commandStaff, .supervisor, .investigator, .sworn, .sworn, .sworn]
        var personnel: [Personnel] = []
        for n in 0...demo.staff {
            let role = n == 0 ? PersonnelRole.executive : roles[n % roles.count]
            let hired = applied.adding(days: -(400 + (n * 173 + index * 61) % 4000))
            personnel.append(
                Personnel(
                    id: services.ids.next(), employeeNumber: String(format: "%@-%03d", demo.code.prefix(2).uppercased(), n + 1),
                    name: "\(firstNames[(n + index * 3) % 20]) \(lastNames[(n * 3 + index) % 20])", role: role, hireDate: hired))
        }
        // Training: the first alternative of every requirement a person's role falls under.
        var training: [TrainingRecord] = []
        let trainedCount: Int =
            if case .halfTrained = demo.stage { personnel.count / 2 } else { personnel.count }
        for (n, person) in personnel.enumerated() where n < trainedCount {
            for requirement in track.requirements where requirement.roles.contains(person.role) {
                for course in requirement.alternatives[0] {
                    training.append(
                        TrainingRecord(
                            id: services.ids.next(), personnelID: person.id, courseCode: course,
                            completedOn: max(person.hireDate.adding(days: 30), applied.adding(days: -700 + n * 11)),
                            reference: "LMS-\(10_000 + index * 100 + n)"))
                }
            }
        }
        try await store.savePersonnel(
            personnel, in: organization.id, at: now, audit: audit(now, .readinessRosterImport, .organization, organization.id))
        try await store.addTrainingRecords(
            training, in: organization.id, by: admin.id, at: now,
            audit: audit(now, .readinessTrainingImport, .organization, organization.id))
        if case .halfTrained = demo.stage { return }

        // The policy and its mapping.
        let pdf = try policyDocument(organization.name, components: track.components.map(\.title))
        let policy = try await store.addPolicy(
            pdf, fileName: "missing-child-policy.pdf", contentType: "application/pdf", basis: demo.basis, in: organization.id, by: admin.id,
            at: applied.adding(days: -3).start(in: organization.zone), documentID: services.ids.next(),
            audit: audit(now, .readinessPolicyUpload, .policy, organization.id))
        var mappings: [PolicyMapping] = []
        if demo.basis == .own {
            for (i, component) in track.components.enumerated() {
                mappings.append(PolicyMapping(itemID: component.id, present: true, citation: "§\(i + 2)"))
            }
        }
        let qa = [
            "qa-reviewer": "The shift supervisor on duty", "qa-window": "within 72 hours of the call",
            "qa-process": "The recording and CAD record are compared with the missing-child checklist",
            "qa-training": "Every current employee is trained on this policy and every new employee will be",
        ]
        for element in program.qualityAssurance {
            mappings.append(PolicyMapping(itemID: element.id, present: true, citation: "§14", statement: qa[element.id] ?? "Stated"))
        }
        try await store.savePolicyMappings(
            mappings, of: organization.id, by: admin.id, at: now, audit: audit(now, .readinessPolicyMapping, .policy, organization.id))

        // The application, frozen on the day it was filed.
        let evidence = ReadinessEvidence(
            kind: organization.kind, personnel: personnel, training: training,
            policy: PolicyEvidence(
                version: policy.version, fileName: policy.fileName, sha256: policy.sha256, uploadedOn: applied.adding(days: -3),
                basis: demo.basis, mappings: Dictionary(mappings.map { ($0.itemID, $0) }, uniquingKeysWith: { first, _ in first })))
        let evaluation = ReadinessEvaluator.evaluate(evidence, program: program, on: applied)
        let submittedAt = applied.start(in: organization.zone) + 10 * 3600
        let application = ReadinessApplication(
            id: services.ids.next(), organizationID: organization.id, kind: .initial, programCode: program.code, submittedAt: submittedAt,
            submittedBy: admin.id, signerName: personnel[0].name, signerTitle: organization.kind == .psap ? "Director" : "Chief of Police",
            affirmations: program.affirmations(for: organization.kind).map(\.id),
            snapshot: ApplicationSnapshot(
                evidence: evidence, evaluation: evaluation, policyFileName: policy.fileName, policySHA256: policy.sha256))
        try await store.addApplication(application, audit: audit(now, .readinessApply, .readinessApplication, organization.id))
        guard let reviewer = try await store.user(email: "reviewer@demo.homeward.example") else { return }
        // Decided two weeks after applying, or yesterday for an application made this week: never
        // in the future.
        let decidedAt = max(submittedAt + 3600, min(submittedAt + 14 * 86_400, now - 86_400))
        switch demo.stage {
        case .recognized, .lapsed:
            try await store.reviewPolicyMappings(
                mappings.map { MappingReview(itemID: $0.itemID, state: .confirmed, comment: "") }, of: organization.id, by: reviewer.id,
                at: decidedAt, audit: audit(now, .readinessMappingReview, .readinessApplication, organization.id))
            let start = applied.adding(days: 21)
            let recognitionID = services.ids.next()
            try await store.decideApplication(
                application.id, status: .approved, comment: "", by: reviewer.id, at: decidedAt,
                recognition: Recognition(
                    id: recognitionID, organizationID: organization.id, applicationID: application.id, termStart: start,
                    termEnd: start.adding(years: program.termYears),
                    certificateNumber: Recognition.certificateNumber(start: start, id: recognitionID),
                    policyVersion: policy.version, programCode: program.code),
                audit: audit(now, .readinessApprove, .readinessApplication, organization.id))
        case .returned(let comment):
            try await store.reviewPolicyMappings(
                [MappingReview(itemID: "qa-window", state: .rejected, comment: "No number of hours in §14")], of: organization.id,
                by: reviewer.id, at: decidedAt, audit: audit(now, .readinessMappingReview, .readinessApplication, organization.id))
            try await store.decideApplication(
                application.id, status: .returned, comment: comment, by: reviewer.id, at: decidedAt, recognition: nil,
                audit: audit(now, .readinessReturn, .readinessApplication, organization.id))
        case .underReview, .halfTrained:
            break
        }
    }

    /// A one-page fictional policy document.
    static func policyDocument(_ agency: String, components: [String]) throws -> Data {
        try PDFCanvas.render(size: .letter, title: "Missing Child Response Policy — \(agency)") { page in
            var y = 60.0
            y += page.text(agency, style: TextStyle(font: "DejaVu Sans Bold 16", color: .navy), x: 60, y: y, width: 490) + 6
            y +=
                page.text(
                    "Missing Child Response Policy (fictional demo document)", style: TextStyle(font: "DejaVu Sans 12"), x: 60, y: y,
                    width: 490) + 18
            for (i, title) in (components + ["Quality assurance and training"]).enumerated() {
                y += page.text("§\(i + 2)  \(title)", style: TextStyle(font: "DejaVu Sans 10"), x: 60, y: y, width: 490) + 4
            }
        }
    }
}
