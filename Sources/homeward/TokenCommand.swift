import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens.", subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token acting for an account; prints it once.")
        @OptionGroup var data: DataOptions
        @Option(help: "E-mail address of the account the token acts for.") var user: String
        @Option(help: "What will use the token.") var name: String = "command-line token"
        func run() async throws {
            try await withServices(try await data.services()) { services in
                let (token, secret) = try await report { try await AdministrationCommands.createToken(services, email: user, name: name) }
                FileHandle.standardError.write(Data("Token \(token.id) created; it is shown once, below.\n".utf8))
                say(secret)
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token by its id.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The token's id.") var id: String
        func run() async throws {
            try await withServices(try await data.services()) { services in
                try await report { try await AdministrationCommands.revokeToken(services, id: id) }
                say("Revoked token \(id).")
            }
        }
    }
}
