import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

/// Options every data-touching subcommand shares.
struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"), help: "Folder of the SQLite database (default ./homeward-data). Ignored when DATABASE_URL is set.")
    var dataDirectory: String?

    /// Reads the configuration and opens the store; prints every configuration problem and exits
    /// when there are any.
    func services(port: Int? = nil, demo: Bool = false) async throws -> AppServices {
        let configuration = try self.configuration(port: port, demo: demo)
        return try await makeServices(configuration: configuration, logger: Logger(label: "homeward"))
    }

    /// The configuration alone, for commands that work on the database without opening the store.
    func configuration(port: Int? = nil, demo: Bool = false) throws -> HomewardConfiguration {
        let configuration: HomewardConfiguration
        do {
            configuration = try HomewardConfiguration.load(flags: .init(dataDirectory: dataDirectory, port: port, demo: demo))
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(78)
        }
        LoggingBootstrap.once(level: configuration.logLevel)
        return configuration
    }
}

/// swift-log allows one bootstrap per process.
enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    static func once(level: Logger.Level) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Runs `body` with the store open, closing it afterwards whatever happens.
func withServices<T>(_ services: AppServices, _ body: (AppServices) async throws -> T) async throws -> T {
    do {
        let result = try await body(services)
        try await services.store.shutdown()
        return result
    } catch {
        try? await services.store.shutdown()
        throw error
    }
}

/// Turns a backup failure into its message and exit code 2.
func failing<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let failure as Backup.Failure {
        FileHandle.standardError.write(Data(("error: " + failure.description + "\n").utf8))
        throw ExitCode(2)
    }
}

/// Writes a line to standard output at once (unbuffered), so the demo accounts and the listening
/// address appear immediately even when the output is a pipe or a log file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Turns a domain error into a readable message and exit code 1.
func report<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as HomewardError {
        let message: String =
            switch error {
            case .invalid(let errors): errors.entries.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
            case .notFound(let what): "No \(what)."
            case .conflict(let detail): detail
            default: "\(error)"
            }
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
        throw ExitCode(1)
    }
}
