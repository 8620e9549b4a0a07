import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Apply the retention policy now: expired records' personal details become tombstones.",
        discussion: """
            The periods come from HOMEWARD_RETAIN_CLOSED_EPISODES_DAYS, HOMEWARD_RETAIN_TIPS_DAYS, \
            HOMEWARD_RETAIN_CALLS_DAYS and HOMEWARD_RETAIN_DRAFTS_DAYS; a kind without one is kept. A \
            running server applies the policy on its own every escalation interval.
            """)
    @OptionGroup var data: DataOptions

    func run() async throws {
        try await withServices(try await data.services()) { services in
            let policy = services.configuration.retentionPolicy
            guard !policy.isOff else {
                say("No retention period is configured: every record is kept.")
                return
            }
            let outcome = try await services.store.applyRetention(policy, at: services.clock.now(), batchSize: 200)
            say("Tombstoned \(outcome.summary).")
        }
    }
}
