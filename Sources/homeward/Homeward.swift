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

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update the database schema.")
    @OptionGroup var data: DataOptions

    func run() async throws {
        // Opening the store migrates it; the store reports what it applied.
        try await withServices(try await data.services()) { _ in say("The database schema is up to date.") }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the fictional demo data (refused in production).")
    @OptionGroup var data: DataOptions
    @Option(
        help: """
            Also generate fictional national data in proportion to this many children (1000000: 1.2 million episodes, \
            20,000 agencies, 500,000 personnel, 200,000 tips, 100,000 calls).
            """)
    var scale: Int?

    func run() async throws {
        try await withServices(try await data.services(demo: true)) { services in
            let (organizations, users) = try await DemoData.load(into: services)
            say("Demo data loaded: \(organizations) organizations and \(users) accounts added.")
            if let scale {
                guard let store = services.store as? SQLDataStore else { return }
                let summary = try await store.generateNationalData(
                    NationalDataPlan(children: scale, longTermDays: services.configuration.longTermDays), now: services.clock.now()
                ) { step in say("generating \(step)…") }
                say("National data generated in \(Int(summary.seconds.rounded())) s:")
                for row in summary.rows { say("  \(row.table): \(row.count)") }
            }
            say(DemoData.credentialsTable)
        }
    }
}

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

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Apply the retention policy now: expired records' personal details become tombstones.",
        discussion: """
            The periods come from HOMEWARD_RETAIN_CLOSED_EPISODES_DAYS, HOMEWARD_RETAIN_TIPS_DAYS, \
            HOMEWARD_RETAIN_CALLS_DAYS and HOMEWARD_RETAIN_DRAFTS_DAYS; a kind without one is kept. A \
            running server applies the policy on its own every escalation interval.
            """)
    @OptionGroup var data: DataOptions

    func run() async throws {
        try await withServices(try await data.services()) { services in
            let policy = services.configuration.retentionPolicy
            guard !policy.isOff else {
                say("No retention period is configured: every record is kept.")
                return
            }
            let outcome = try await services.store.applyRetention(policy, at: services.clock.now(), batchSize: 200)
            say("Tombstoned \(outcome.summary).")
        }
    }
}

struct RotateKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-keys",
        abstract: "Seal every sensitive field with the first key of HOMEWARD_FIELD_KEYS, then forget the others.",
        discussion: """
            To rotate: make a key with --new-key, put it first in HOMEWARD_FIELD_KEYS (keeping the old \
            ones after it), restart the servers, run rotate-keys, then remove the old keys. Values written \
            before encryption was turned on are sealed too. Safe to run while the servers run.
            """)
    @OptionGroup var data: DataOptions
    @Option(name: .customLong("new-key"), help: "Print a new random key with this id, in the form HOMEWARD_FIELD_KEYS takes, and stop.")
    var newKey: String?

    func run() async throws {
        if let newKey {
            say(FieldCipher.newKeyText(id: newKey))
            return
        }
        try await withServices(try await data.services()) { services in
            let sealed = try await services.store.rotateFieldKeys(batchSize: 500)
            say(
                "Sealed \(sealed) values with key “\(services.configuration.fieldCipher?.current.id ?? "dev-1")”; the other keys are no longer needed."
            )
        }
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
