import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")
    @OptionGroup var data: DataOptions

    func run() async throws {
        // Opening the store migrates it; the store reports what it applied.
        try await withServices(try await data.services()) { _ in say("The database schema is up to date.") }
    }
}
