import Foundation
import HomewardCore
import HomewardStore
import Logging

/// The readiness evaluation benchmark: one police agency of N fictional personnel with M training
/// records, evaluated against the modular program (four requirements, some with two courses) at
/// renewal, so every rule runs. Times the evaluation alone over many runs, then the whole read of
/// the evidence from SQLite followed by the evaluation.
///
///     HomewardBenchmarks readiness --personnel 10000 --records 50000 --runs 200 --data-dir /tmp/readiness-bench
enum ReadinessBenchmark {
    static func run(_ arguments: [String]) async throws {
        var personnelCount = 10_000
        var recordCount = 50_000
        var runs = 200
        var directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-readiness-bench").path
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--personnel": personnelCount = Int(iterator.next() ?? "") ?? personnelCount
            case "--records": recordCount = Int(iterator.next() ?? "") ?? recordCount
            case "--runs": runs = Int(iterator.next() ?? "") ?? runs
            case "--data-dir": directory = iterator.next() ?? directory
            default:
                print("usage: HomewardBenchmarks readiness [--personnel N] [--records N] [--runs N] [--data-dir DIR]")
                return
            }
        }
        var random = SeededGenerator(seed: 20_261_124)
        let program = ReadinessProgram.modularScheme
        let today = CivilDate(iso: "2026-11-23")!
        let roles: [PersonnelRole] = [.sworn, .sworn, .sworn, .sworn, .supervisor, .investigator, .commandStaff, .civilian]
        // Identifiers shaped like the store's (lowercase UUIDs), so hashing and comparing cost what they cost in production.
        func uuid() -> String {
            let a = random.next()
            let b = random.next()
            let hex = String(format: "%016llx%016llx", a, b)
            let c = Array(hex)
            return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
                + String(c[20..<32])
        }
        let personnel = (0..<personnelCount).map { n in
            Personnel(
                id: uuid(), employeeNumber: "E\(n)", name: "Officer \(n)", role: n == 0 ? .executive : roles[n % roles.count],
                hireDate: today.adding(days: -Int.random(in: 30...9000, using: &random)))
        }
        let courses = program.courses.map(\.code)
        var records: [TrainingRecord] = []
        records.reserveCapacity(recordCount)
        for n in 0..<recordCount {
            records.append(
                TrainingRecord(
                    id: uuid(), personnelID: personnel[Int.random(in: 0..<personnelCount, using: &random)].id,
                    courseCode: courses[Int.random(in: 0..<courses.count, using: &random)],
                    completedOn: today.adding(days: -Int.random(in: 0...3000, using: &random)), reference: "LMS-\(n)"))
        }
        // In the order the store returns them: by person, then course and date.
        records.sort { ($0.personnelID, $0.courseCode, $0.completedOn) < ($1.personnelID, $1.courseCode, $1.completedOn) }
        let mappings = Dictionary(
            (program.track(for: .lawEnforcement)!.components + program.qualityAssurance).map {
                ($0.id, PolicyMapping(itemID: $0.id, present: true, citation: "§1", statement: $0.isReviewWindow ? "72 hours" : "Stated"))
            }, uniquingKeysWith: { first, _ in first })
        let evidence = ReadinessEvidence(
            kind: .lawEnforcement, personnel: personnel, training: records,
            policy: PolicyEvidence(
                version: 1, fileName: "policy.pdf", sha256: String(repeating: "0", count: 64), uploadedOn: today, basis: .own,
                mappings: mappings))
        let baseline = RecognitionBaseline(
            termStart: today.adding(years: -5).adding(days: 60), termEnd: today.adding(days: 60), policyVersion: 1)

        print(
            "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; \(personnelCount) personnel, \(recordCount) records, \(runs) runs"
        )
        var evaluation = ReadinessEvaluator.evaluate(evidence, program: program, on: today, baseline: baseline, renewal: true)
        var times: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            evaluation = ReadinessEvaluator.evaluate(evidence, program: program, on: today, baseline: baseline, renewal: true)
            times.append(milliseconds(ContinuousClock.now - start))
        }
        print(
            "criteria: \(evaluation.criteria.map { "\($0.id) \($0.done)/\($0.total)" }.joined(separator: ", ")); gaps \(evaluation.gaps.count)"
        )
        NationalBenchmarks.report(
            "readiness: evaluation only", times, extra: ["personnel": "\(personnelCount)", "records": "\(recordCount)"])

        // The same agency read from SQLite first, as the readiness page does.
        try? FileManager.default.removeItem(atPath: directory)
        var logger = Logger(label: "benchmark")
        logger.logLevel = .error
        let store = try await SQLDataStore.open(.sqliteFile(path: directory + "/homeward.sqlite"), logger: logger)
        let audit = AuditEntry(
            occurredAt: Date(), actorUserID: nil, actorOrganizationID: nil, action: .organizationsCreate, recordType: .organization)
        let agency = OrganizationID("pd-bench")
        try await store.createOrganization(
            Organization(
                id: agency, code: "pd-bench", name: "Bench Police", kind: .lawEnforcement, state: "IL", timeZone: "America/Chicago",
                ori: "IL0000001", createdAt: Date()), audit: audit)
        let user = User(
            id: UserID("bench"), organizationID: agency, email: "bench@bench.example", name: "Bench", roles: [.agencyAdmin],
            createdAt: Date())
        try await store.createUser(user, passwordHash: nil, audit: audit)
        try await store.savePersonnel(personnel, in: agency, at: Date(), audit: audit)
        try await store.addTrainingRecords(records, in: agency, by: user.id, at: Date(), audit: audit)
        var withReads: [Double] = []
        for _ in 0..<min(runs, 50) {
            let start = ContinuousClock.now
            async let people = store.personnel(in: agency)
            async let training = store.trainingRecords(in: agency)
            let read = ReadinessEvidence(
                kind: .lawEnforcement, personnel: try await people, training: try await training, policy: evidence.policy)
            _ = ReadinessEvaluator.evaluate(read, program: program, on: today, baseline: baseline, renewal: true)
            withReads.append(milliseconds(ContinuousClock.now - start))
        }
        NationalBenchmarks.report(
            "readiness: read from SQLite + evaluation", withReads, extra: ["personnel": "\(personnelCount)", "records": "\(recordCount)"])
        try await store.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
