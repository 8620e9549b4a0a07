import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

/// The `homeward` command: parses the command line and hands over to HomewardWeb. Nothing else
/// happens here.
@main
struct Homeward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "homeward",
        abstract: "The missing-children clearinghouse system.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, OrganizationCommand.self, UserCommand.self, TokenCommand.self, VerifyAudit.self,
            BackupCommand.self, RestoreCommand.self, RetentionCommand.self, RotateKeysCommand.self,
        ]
    )
}
