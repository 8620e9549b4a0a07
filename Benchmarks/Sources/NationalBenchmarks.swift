import Foundation
import HomewardCore
import HomewardPDF
import HomewardStore
import HomewardWeb
import Logging

/// Benchmarks over a database that `homeward demo --scale N` filled (SQLite in `--data-dir`, or the
/// PostgreSQL server `DATABASE_URL` names, with the field key kept in `--data-dir`). Each prints
/// one JSON line per figure, which `Benchmarks/run-all` reads:
///
///     HomewardBenchmarks national-search --data-dir DIR [--queries 2000]
///     HomewardBenchmarks passes --data-dir DIR [--runs 200]
///     HomewardBenchmarks pdf --data-dir DIR [--runs 100]
enum NationalBenchmarks {
    static func run(_ command: String, _ arguments: [String]) async throws {
        var directory: String?
        var count: Int?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--data-dir": directory = iterator.next()
            case "--queries", "--runs": count = iterator.next().flatMap(Int.init)
            default:
                print("usage: HomewardBenchmarks \(command) --data-dir DIR [--queries N | --runs N]")
                return
            }
        }
        let configuration = try HomewardConfiguration.load(flags: .init(dataDirectory: directory))
        var logger = Logger(label: "benchmark")
        logger.logLevel = .error
        let services = try await makeServices(configuration: configuration, logger: logger)
        do {
            switch command {
            case "national-search": try await search(services, queries: count ?? 2000)
            case "passes": try await passes(services, runs: count ?? 200)
            default: try await pdf(services, runs: count ?? 100)
            }
            try await services.store.shutdown()
        } catch {
            try? await services.store.shutdown()
            throw error
        }
    }

    static func engineName(_ services: AppServices) -> String {
        (services.store as? SQLDataStore)?.engineKind.rawValue ?? "unknown"
    }

    /// One figure as a JSON line: milliseconds at the usual percentiles.
    static func report(_ figure: String, _ milliseconds: [Double], extra: [String: String] = [:]) {
        let sorted = milliseconds.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
        }
        var fields: [String: Any] = [
            "figure": figure, "n": sorted.count, "p50": percentile(0.5), "p95": percentile(0.95), "p99": percentile(0.99),
            "max": sorted.last ?? 0,
        ]
        for (key, value) in extra { fields[key] = value }
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let started = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - started
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    /// Every kind of staff search over the generated children, half as the clearinghouse and half
    /// as the child's own agency, with names, typos, dates of birth, case numbers and NICs taken from
    /// children picked at random.
    static func search(_ services: AppServices, queries: Int) async throws {
        let store = services.store
        var random = SeededGenerator(seed: 20_261_201)
        let children = try await nationalChildren(services)
        var samples: [(child: Child, caseNumber: String, nic: String)] = []
        while samples.count < 400 {
            let id = ChildID("n-c-\(Int.random(in: 0..<children, using: &random))")
            guard let child = try await store.child(id), let episode = try await store.episodes(ofChild: id).last else { continue }
            samples.append((child, episode.caseNumber ?? "", episode.ncicNumber ?? ""))
        }
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
            let c = sample.child
            let (label, text): (String, String) =
                switch number % 10 {
                case 0, 1, 2: ("first and last name", "\(c.firstName) \(c.lastName)")
                case 3, 4: ("names with a typo", "\(typo(c.firstName)) \(typo(c.lastName))")
                case 5: ("last name only", c.lastName)
                case 6: ("date of birth", c.dateOfBirth.iso)
                case 7: ("date of birth and name", "\(c.dateOfBirth.iso) \(c.lastName)")
                case 8: ("case number", sample.caseNumber)
                default: ("NIC", sample.nic)
                }
            let visibility: ChildVisibility = number.isMultiple(of: 2) ? .all : .reportedBy(c.organizationID)
            let ms = try await time { _ = try await store.searchChildren(ChildQuery(parsing: text), visibility: visibility, limit: 20) }
            timings[label, default: []].append(ms)
            timings["all", default: []].append(ms)
        }
        for (label, values) in timings.sorted(by: { $0.key < $1.key }) {
            report("search: \(label)", values, extra: ["engine": engineName(services)])
        }
    }

    static func nationalChildren(_ services: AppServices) async throws -> Int {
        var low = 0
        var high = 20_000_000
        // The generator numbers children from 0: find the count by halving.
        while low < high {
            let middle = (low + high + 1) / 2
            if try await services.store.child(ChildID("n-c-\(middle - 1)")) != nil { low = middle } else { high = middle - 1 }
        }
        guard low > 0 else { throw HomewardError.notFound("generated national data (run homeward demo --scale N first)") }
        return low
    }

    /// The escalation and long-term passes as the service runs them, many times over (after the
    /// first, what is due is what time brings), with the plan of every sweep query; and the case
    /// queue's first page and the home counts as the store reads them.
    static func passes(_ services: AppServices, runs: Int) async throws {
        let engine = engineName(services)
        if let store = services.store as? SQLDataStore {
            for plan in try await store.sweepPlans(at: services.clock.now()) {
                let line: [String: Any] = [
                    "plan": plan.name, "index": plan.index, "uses_index": plan.usesIndex, "engine": engine,
                    "detail": plan.plan.replacingOccurrences(of: "\n", with: " / "),
                ]
                print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
            }
        }
        let open = try await services.store.attentionCounts(matching: EpisodeFilter(), at: services.clock.now())
        var first: [String: String] = ["engine": engine, "breached": "\(open.breached)", "warning": "\(open.warning)"]
        first["recorded_by_first_pass"] = "\(try await BackgroundPass.escalations.runOnce(services))"
        for pass in [BackgroundPass.escalations, .longTermCases] {
            var timings: [Double] = []
            for _ in 0..<runs { timings.append(try await time { try await pass.runOnce(services) }) }
            report("\(pass.rawValue) pass", timings, extra: first)
        }
        var queue: [Double] = []
        var counts: [Double] = []
        for _ in 0..<runs {
            queue.append(try await time { _ = try await services.store.caseQueue(CaseQueueFilter(), after: nil, limit: 50) })
            counts.append(
                try await time { _ = try await services.store.attentionCounts(matching: EpisodeFilter(), at: services.clock.now()) })
        }
        report("store: case queue first page", queue, extra: ["engine": engine])
        report("store: home counts", counts, extra: ["engine": engine])
    }

    /// Poster PDFs rendered from nothing, as on the first request for each poster: the published
    /// posters with their photos, in turn. The very first render of the process (fonts loaded)
    /// is reported on its own.
    static func pdf(_ services: AppServices, runs: Int) async throws {
        let posters = try await services.store.publishedPosters(limit: 50).compactMap(\.published)
        guard !posters.isEmpty else { throw HomewardError.notFound("published poster") }
        var inputs: [(PublicPoster, [Data])] = []
        for poster in posters {
            var photos: [Data] = []
            for id in poster.photoIDs.prefix(2) { if let photo = try await services.store.photo(id) { photos.append(photo.bytes) } }
            inputs.append((poster, photos))
        }
        let today = CivilDate(services.clock.now(), in: TimeZone.utc)
        let cold = try await time { _ = try PosterPDF.render(inputs[0].0, photos: inputs[0].1, today: today) }
        var timings: [Double] = []
        for run in 0..<runs {
            let (poster, photos) = inputs[run % inputs.count]
            timings.append(try await time { _ = try PosterPDF.render(poster, photos: photos, today: today) })
        }
        report("poster PDF render", timings, extra: ["first_in_process_ms": String(format: "%.2f", cold), "posters": "\(inputs.count)"])
    }
}
