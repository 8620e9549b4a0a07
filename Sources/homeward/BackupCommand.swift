import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the database, with a manifest, while the server runs.",
        discussion: """
            The backup is one file: a manifest (schema version, each table's row count and digest, the \
            data's SHA-256) and the data, an SQLite copy made with VACUUM INTO or, with DATABASE_URL, a \
            pg_dump archive taken in the same snapshot as the manifest.
            """)
    @OptionGroup var data: DataOptions
    @Argument(help: "The backup file to write; it must not exist yet.") var file: String

    func run() async throws {
        let configuration = try data.configuration()
        let manifest = try await failing {
            try await Backup.create(of: configuration.databaseLocation, to: file, logger: Logger(label: "homeward"))
        }
        say(
            "Backed up \(manifest.tables.count) tables, \(manifest.totalRows) rows (schema \(manifest.schemaVersion), \(manifest.engine)) to \(file)."
        )
        say("Data SHA-256: \(manifest.dataSHA256)")
    }
}
