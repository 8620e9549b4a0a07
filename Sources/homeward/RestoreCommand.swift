import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty data folder (or, with DATABASE_URL, an empty database) and verify it.",
        discussion: """
            Refuses a target that holds data. After restoring, every table is compared with the manifest and \
            the audit trail's hash chain is checked; any difference is an error (exit 2).
            """)
    @OptionGroup var data: DataOptions
    @Argument(help: "The backup file.") var file: String

    func run() async throws {
        let configuration = try data.configuration()
        let report = try await failing {
            try await Backup.restore(
                from: file, into: configuration.databaseLocation,
                cipher: try DevelopmentFieldKey.existing(for: configuration), logger: Logger(label: "homeward"))
        }
        say(
            "Restored \(report.manifest.tables.count) tables, \(report.manifest.totalRows) rows, identical to the backup of \(Timestamp.format(report.manifest.createdAt))."
        )
        say("Audit trail verified: \(report.auditEventsChecked) events, chain intact.")
    }
}
