import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct OrganizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "org", abstract: "Organizations.", subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every organization.")
        @OptionGroup var data: DataOptions
        func run() async throws {
            try await withServices(try await data.services()) { say(try await AdministrationCommands.organizationList($0)) }
        }
    }
}
