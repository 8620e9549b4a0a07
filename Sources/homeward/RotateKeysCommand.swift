import ArgumentParser
import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb
import Hummingbird
import Logging

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
