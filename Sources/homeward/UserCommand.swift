import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Accounts.", subcommands: [Add.self, List.self, Disable.self, ResetPassword.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @OptionGroup var data: DataOptions
        @Option(help: "The organization's id or short code.") var org: String
        @Option(help: "E-mail address (the sign-in name).") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "A role; repeat or separate with commas (\(Role.allCases.map(\.rawValue).joined(separator: ", "))).") var role:
            [String]
        @Option(help: "Initial password; one is generated and printed when omitted.") var password: String?

        func run() async throws {
            try await withServices(try await data.services()) { services in
                let (user, generated) = try await report {
                    try await AdministrationCommands.addUser(
                        services, organization: org, email: email, name: name, roles: role, password: password)
                }
                say("Created account \(user.id) for \(user.email).")
                if let generated { say("Temporary password (shown once): \(generated)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var data: DataOptions
        @Option(help: "Only this organization (id or short code).") var org: String?
        func run() async throws {
            try await withServices(try await data.services()) { services in
                say(try await report { try await AdministrationCommands.userList(services, organization: org) })
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")
        @OptionGroup var data: DataOptions
        @Option(help: "The account's e-mail address.") var email: String
        func run() async throws {
            try await withServices(try await data.services()) { services in
                try await report { try await AdministrationCommands.disableUser(services, email: email) }
                say("Disabled \(email).")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Set a new password and unlock the account.")
        @OptionGroup var data: DataOptions
        @Option(help: "The account's e-mail address.") var email: String
        @Option(help: "The new password; one is generated and printed when omitted.") var password: String?
        func run() async throws {
            try await withServices(try await data.services()) { services in
                let generated = try await report {
                    try await AdministrationCommands.resetPassword(services, email: email, password: password)
                }
                say("Password changed for \(email); its sessions were ended.")
                if let generated { say("New password (shown once): \(generated)") }
            }
        }
    }
}
