import ArgumentParser
import Foundation
import HomewardCore
import HomewardDemo
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the fictional demo data (refused in production).")
    @OptionGroup var data: DataOptions
    @Option(
        help: """
            Also generate fictional national data in proportion to this many children (1000000: 1.2 million episodes, \
            20,000 agencies, 500,000 personnel, 200,000 tips, 100,000 calls).
            """)
    var scale: Int?

    func run() async throws {
        try await withServices(try await data.services(demo: true)) { services in
            let (organizations, users) = try await DemoData.load(into: services)
            say("Demo data loaded: \(organizations) organizations and \(users) accounts added.")
            if let scale {
                guard let store = services.store as? SQLDataStore else { return }
                let summary = try await store.generateNationalData(
                    NationalDataPlan(children: scale, longTermDays: services.configuration.longTermDays), now: services.clock.now()
                ) { step in say("generating \(step)…") }
                say("National data generated in \(Int(summary.seconds.rounded())) s:")
                for row in summary.rows { say("  \(row.table): \(row.count)") }
            }
            say(DemoData.credentialsTable)
        }
    }
}
