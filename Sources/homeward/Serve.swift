import ArgumentParser
import Foundation
import HomewardCore
import HomewardDemo
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server until SIGINT or SIGTERM.")
    @OptionGroup var data: DataOptions
    @Option(help: "Port to listen on (default 8080).") var port: Int?
    @Flag(help: "Load the fictional demo data and print its accounts.") var demo = false

    func run() async throws {
        let services = try await data.services(port: port, demo: demo)
        try await withServices(services) { services in
            if services.configuration.loadDemoData {
                try await DemoData.load(into: services)
                say(DemoData.credentialsTable)
            }
            say("Homeward is starting on http://\(services.configuration.host):\(services.configuration.port)")
            try await buildApplication(services: services).runService()
        }
    }
}
