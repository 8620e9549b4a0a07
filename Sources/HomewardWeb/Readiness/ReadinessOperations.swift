import Foundation
import HomewardCore
import Hummingbird

/// Everything the readiness pages and API know about one agency on one day, read once.
struct ReadinessState: Sendable {
    var organization: Organization
    var today: CivilDate
    var programs: [ReadinessProgram]
    /// The version in force today: the one a new application is judged by.
    var program: ReadinessProgram
    var personnel: [Personnel]
    var training: [TrainingRecord]
    var policy: PolicyDocument?
    var mappings: [String: PolicyMapping]
    var trainingDueDays: Int?
    var recognitions: [Recognition]
    var applications: [ReadinessApplication]
    var evidence: ReadinessEvidence
    var evaluation: ReadinessEvaluation
    /// The recognition in force today.
    var current: Recognition?
    /// Whether today falls in the current recognition's renewal window.
    var renewalOpen: Bool

    var openApplication: ReadinessApplication? { applications.first { $0.status == .submitted } }
    var latestApplication: ReadinessApplication? { applications.first }
    /// Whether an application may be filed today: everything met, none waiting, and either not
    /// recognized or in the renewal window.
    var canApply: Bool { evaluation.allMet && openApplication == nil && (current == nil || renewalOpen) }
    var dueDays: Int { trainingDueDays ?? program.defaultTrainingDueDays }
    var track: ReadinessTrack? { program.track(for: organization.kind) }
}

enum ReadinessOperations {
    /// The agency named by the route's `{org}`; only police agencies and PSAPs take part.
    static func organization(_ context: HomewardContext, _ services: AppServices) async throws -> Organization {
        let organization = try await OrganizationOperations.find(context.parameters.get("org") ?? "", services: services)
        guard organization.kind == .lawEnforcement || organization.kind == .psap else {
            throw HomewardError.notFound("readiness for this kind of organization")
        }
        return organization
    }

    static func zone(_ organization: Organization) -> TimeZone {
        TimeZone(identifier: organization.timeZone) ?? TimeZone(identifier: "UTC")!
    }

    static func today(_ organization: Organization, _ services: AppServices) -> CivilDate {
        CivilDate(services.clock.now(), in: zone(organization))
    }

    /// The program version in force on `date`; the oldest one before any began.
    static func program(on date: CivilDate, among programs: [ReadinessProgram]) throws -> ReadinessProgram {
        guard let program = ReadinessProgram.inForce(on: date, among: programs) ?? programs.first else {
            throw HomewardError.notFound("readiness program")
        }
        return program
    }

    static func policyEvidence(_ policy: PolicyDocument?, mappings: [String: PolicyMapping], zone: TimeZone) -> PolicyEvidence? {
        policy.map {
            PolicyEvidence(
                version: $0.version, fileName: $0.fileName, sha256: $0.sha256, uploadedOn: CivilDate($0.uploadedAt, in: zone),
                basis: $0.basis, mappings: mappings)
        }
    }

    static func load(_ organization: Organization, _ services: AppServices) async throws -> ReadinessState {
        let store = services.store
        let today = today(organization, services)
        let programs = try await store.readinessPrograms()
        let program = try program(on: today, among: programs)
        async let personnel = store.personnel(in: organization.id)
        async let training = store.trainingRecords(in: organization.id)
        async let policy = store.currentPolicy(of: organization.id)
        async let mappings = store.policyMappings(of: organization.id)
        async let dueDays = store.trainingDueDays(of: organization.id)
        async let recognitions = store.recognitions(of: organization.id)
        async let applications = store.applications(of: organization.id)
        let evidence = ReadinessEvidence(
            kind: organization.kind, personnel: try await personnel, training: try await training,
            policy: policyEvidence(try await policy, mappings: try await mappings, zone: zone(organization)),
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

    /// Every course code the programs know, for reading training files.
    static func courseCodes(_ programs: [ReadinessProgram]) -> Set<String> {
        Set(programs.flatMap { $0.courses.map(\.code) })
    }

    /// What the agency's status is, in one sentence.
    static func status(_ state: ReadinessState) -> String {
        if let open = state.openApplication {
            return
                "Your \(open.kind == .renewal ? "renewal " : "")application of \(CivilDate(open.submittedAt, in: zone(state.organization)).iso) is under review."
        }
        if let current = state.current {
            let last = current.termEnd.adding(days: -1).iso
            if state.renewalOpen { return "Recognized through \(last). Renewal is open: apply before then to stay on the member list." }
            return "Recognized through \(last) (certificate \(current.certificateNumber))."
        }
        if let latest = state.latestApplication, latest.status == .returned {
            return "Your application was returned with comments: fix what they name and apply again."
        }
        if let last = state.recognitions.first {
            if last.revokedAt != nil { return "Recognition was revoked. Apply again when every criterion is met." }
            return "Recognition lapsed on \(last.termEnd.iso). Apply again when every criterion is met."
        }
        return "Not yet recognized. Meet every criterion below, then apply."
    }
}
