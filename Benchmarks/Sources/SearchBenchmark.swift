import Foundation
import HomewardCore
import HomewardStore
import Logging

/// The child-search benchmark: generates fictional children (one episode each) in a fresh SQLite
/// database, then times a mix of searches through the store and prints p50, p95 and p99.
///
///     swift run -c release HomewardBenchmarks --children 1000000 --queries 2000 --data-dir /tmp/search-bench
///
/// `HomewardBenchmarks readiness …` runs the readiness evaluation benchmark instead.
@main
struct SearchBenchmark {
    static func main() async throws {
        let command = CommandLine.arguments.dropFirst().first ?? ""
        if command == "readiness" {
            try await ReadinessBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
            return
        }
        if ["national-search", "passes", "pdf"].contains(command) {
            try await NationalBenchmarks.run(command, Array(CommandLine.arguments.dropFirst(2)))
            return
        }
        var children = 1_000_000
        var queries = 2000
        var directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-search-bench").path
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--children": children = Int(arguments.next() ?? "") ?? children
            case "--queries": queries = Int(arguments.next() ?? "") ?? queries
            case "--data-dir": directory = arguments.next() ?? directory
            default:
                print("usage: HomewardBenchmarks [--children N] [--queries N] [--data-dir DIR]")
                return
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
        var logger = Logger(label: "benchmark")
        logger.logLevel = .error
        let store = try await SQLDataStore.open(.sqliteFile(path: directory + "/homeward.sqlite"), logger: logger)
        var random = SeededGenerator(seed: 20_261_123)
        let now = Date()
        let audit = AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "benchmark", recordType: "benchmark")

        let agencies = (0..<20).map { OrganizationID("cw-\($0)") }
        let police = (0..<20).map { OrganizationID("pd-\($0)") }
        for (index, id) in agencies.enumerated() {
            try await store.createOrganization(
                Organization(
                    id: id, code: "cw-\(index)", name: "Agency \(index)", kind: .childWelfare, state: "IL", timeZone: "America/Chicago",
                    createdAt: now),
                audit: audit)
        }
        for (index, id) in police.enumerated() {
            try await store.createOrganization(
                Organization(
                    id: id, code: "pd-\(index)", name: "Police \(index)", kind: .lawEnforcement, state: "IL", timeZone: "America/Chicago",
                    ori: String(format: "IL%07d", index), createdAt: now), audit: audit)
        }
        let user = User(
            id: UserID("bench"), organizationID: agencies[0], email: "bench@bench.example", name: "Bench", roles: [.caseworker],
            createdAt: now)
        try await store.createUser(user, passwordHash: nil, audit: audit)

        // Fictional names from syllables: about 2,400 surnames and 600 given names.
        let onsets = [
            "b", "br", "c", "ch", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "qu", "r", "s", "st", "t", "th", "v", "w", "y", "z",
        ]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "ie"]
        let codas = ["n", "r", "l", "s", "m", "t", "ck", "ld", "rn", "sh"]
        func name(_ syllables: Int) -> String {
            var text = ""
            for _ in 0..<syllables { text += onsets.randomElement(using: &random)! + vowels.randomElement(using: &random)! }
            text += codas.randomElement(using: &random)!
            return text.prefix(1).uppercased() + text.dropFirst()
        }
        let surnames = (0..<2400).map { _ in name(2) }
        let givenNames = (0..<600).map { _ in name(1 + Int.random(in: 0...1, using: &random)) }

        var samples: [(first: String, last: String, dob: CivilDate, caseNumber: String, nic: String)] = []
        let loadStart = ContinuousClock.now
        let batchSize = 20_000
        var made = 0
        while made < children {
            var batch: [(child: Child, episode: MissingEpisode)] = []
            for _ in 0..<min(batchSize, children - made) {
                let index = made + batch.count
                let first = givenNames.randomElement(using: &random)!
                let last = surnames.randomElement(using: &random)!
                let dob = CivilDate(
                    year: Int.random(in: 2006...2025, using: &random), month: Int.random(in: 1...12, using: &random),
                    day: Int.random(in: 1...28, using: &random))!
                let agency = agencies[index % agencies.count]
                let child = Child(
                    id: ChildID("c\(index)"), organizationID: agency, firstName: first, lastName: last, dateOfBirth: dob,
                    sex: index.isMultiple(of: 2) ? .female : .male,
                    race: "U", heightInches: 60, weightPounds: 100, createdAt: now)
                let caseNumber = String(format: "HW-2026-%06d", index)
                let nic = String(format: "M%09d", index)
                let episode = MissingEpisode(
                    id: EpisodeID("e\(index)"), childID: child.id, organizationID: agency, status: .open, caseNumber: caseNumber,
                    receivedAt: now,
                    lastSeenCity: "Springfield", lastSeenState: "IL", circumstances: "Generated for the benchmark.",
                    guardian: Guardian(name: "Agency", phone: "555-010-0000"),
                    police: InvestigatingAgency(organizationID: police[index % police.count], name: "Police", phone: "555-010-0000"),
                    ncicNumber: nic, caseType: .endangeredRunaway, createdBy: user.id, createdAt: now)
                batch.append((child, episode))
                if index % 997 == 0 { samples.append((first, last, dob, caseNumber, nic)) }
            }
            try await store.importReports(batch, audit: audit)
            made += batch.count
            if made % 100_000 == 0 { print("loaded \(made) children") }
        }
        let loadTime = ContinuousClock.now - loadStart

        func typo(_ word: String) -> String {
            var letters = Array(word)
            guard letters.count > 3 else { return word }
            let at = Int.random(in: 1..<(letters.count - 1), using: &random)
            letters.swapAt(at, at + 1)
            return String(letters)
        }
        var timings: [String: [Double]] = [:]
        for number in 0..<queries {
            let sample = samples.randomElement(using: &random)!
            let kind = number % 10
            let (label, text): (String, String) =
                switch kind {
                case 0, 1, 2: ("first and last name", "\(sample.first) \(sample.last)")
                case 3, 4: ("names with a typo", "\(typo(sample.first)) \(typo(sample.last))")
                case 5: ("last name only", sample.last)
                case 6: ("date of birth", sample.dob.iso)
                case 7: ("date of birth and name", "\(sample.dob.iso) \(sample.last)")
                case 8: ("case number", sample.caseNumber)
                default: ("NIC", sample.nic)
                }
            let visibility: ChildVisibility = number.isMultiple(of: 2) ? .all : .reportedBy(agencies[number % agencies.count])
            let started = ContinuousClock.now
            _ = try await store.searchChildren(ChildQuery(parsing: text), visibility: visibility, limit: 20)
            let elapsed = ContinuousClock.now - started
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            timings[label, default: []].append(ms)
            timings["all queries", default: []].append(ms)
        }
        try await store.shutdown()

        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
        print("children: \(children), queries: \(queries), load time: \(loadTime)")
        print("| query | n | p50 ms | p95 ms | p99 ms |")
        print("|---|---|---|---|---|")
        for (label, values) in timings.sorted(by: { $0.key < $1.key }) {
            print(
                String(
                    format: "| %@ | %d | %.2f | %.2f | %.2f |", label, values.count, percentile(values, 0.5), percentile(values, 0.95),
                    percentile(values, 0.99)))
        }
    }
}

/// A small deterministic generator (SplitMix64), so every run builds the same data.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
