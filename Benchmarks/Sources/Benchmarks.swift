import Foundation
import HomewardCore
import HomewardStore
import Logging

/// The benchmarks, by their first argument:
///
///     HomewardBenchmarks national-search --data-dir DIR [--queries 2000]   (after homeward demo --scale N)
///     HomewardBenchmarks passes --data-dir DIR [--runs 200]
///     HomewardBenchmarks pdf --data-dir DIR [--runs 100]
///     HomewardBenchmarks readiness [--personnel N] [--records N] [--runs N]
@main
struct Benchmarks {
    static func main() async throws {
        let command = CommandLine.arguments.dropFirst().first ?? ""
        let rest = Array(CommandLine.arguments.dropFirst(2))
        switch command {
        case "readiness": try await ReadinessBenchmark.run(rest)
        case "national-search", "passes", "pdf": try await NationalBenchmarks.run(command, rest)
        default: print("usage: HomewardBenchmarks national-search | passes | pdf | readiness …")
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
