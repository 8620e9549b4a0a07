import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct VerifyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-audit", abstract: "Check every link of the audit trail's hash chain.")
    @OptionGroup var data: DataOptions
    func run() async throws {
        let intact = try await withServices(try await data.services()) { services in
            let (report, intact) = try await AdministrationCommands.verifyAudit(services)
            say(report)
            return intact
        }
        if !intact { throw ExitCode(2) }
    }
}
