import Foundation
import HomewardCore
import SQLKit

/// A start-up refusal: the configured keys do not match the ones the data was sealed with. It
/// names the key that is needed and where it is kept.
public struct FieldKeyProblem: Error, CustomStringConvertible {
    public var description: String
    /// The key the stored values need, when one is missing or different.
    public var keyID: String?

    public init(description: String, keyID: String? = nil) {
        self.description = description
        self.keyID = keyID
    }

    /// Development keys (`dev-…`) are made by Homeward itself, one per data folder, and kept in its
    /// `field-keys` file; every other key comes from HOMEWARD_FIELD_KEYS.
    public static func isDevelopmentKey(_ id: String) -> Bool { id.hasPrefix("dev-") }

    /// What is wrong with `cipher` for values sealed with the keys of `fingerprints` (by id), or nil.
    public static func check(_ fingerprints: [String: String], against cipher: FieldCipher?) -> FieldKeyProblem? {
        func whereItIs(_ id: String) -> String {
            isDevelopmentKey(id)
                ? "It is the development key Homeward made for the data folder these values came from, kept in that folder's file field-keys: copy that file into this data folder (or set HOMEWARD_FIELD_KEYS to its contents)."
                : "Set HOMEWARD_FIELD_KEYS to hold it (after homeward rotate-keys it can go)."
        }
        for id in fingerprints.keys.sorted() where cipher?.key(id) == nil {
            return FieldKeyProblem(
                description: "Stored values are sealed with key “\(id)”, which this server does not have. \(whereItIs(id))", keyID: id)
        }
        for id in cipher?.keyIDs ?? [] {
            guard let key = cipher?.key(id), let stored = fingerprints[id], stored != key.fingerprint else { continue }
            return FieldKeyProblem(
                description:
                    "This server's key “\(id)” is not the one that sealed the stored values, though it has the same name. \(whereItIs(id))",
                keyID: id)
        }
        return nil
    }
}

extension SQLDataStore {
    /// Records the configured keys and refuses to run when a key that sealed stored values is not
    /// configured, or a configured key differs from the one of the same id that sealed them.
    func checkFieldKeys() async throws {
        let fingerprints = try await engine.read { db in try await Self.fieldKeyFingerprints(db) }
        if let problem = FieldKeyProblem.check(fingerprints, against: cipher) { throw problem }
        guard let cipher else { return }
        let current = cipher.current
        if fingerprints[current.id] == nil {
            try await engine.write { db in
                try await db.raw(
                    """
                    INSERT INTO field_keys (id, fingerprint, added_at) VALUES (\(bind: current.id), \(bind: current.fingerprint), \(bind: stored(Date())))
                    ON CONFLICT (id) DO NOTHING
                    """
                ).run()
            }
        }
    }

    /// The fingerprints of the keys stored values are sealed with, by key id.
    static func fieldKeyFingerprints(_ db: any SQLDatabase) async throws -> [String: String] {
        let known = try await db.raw("SELECT id, fingerprint FROM field_keys").all().map {
            (try $0.string("id"), try $0.string("fingerprint"))
        }
        return Dictionary(known, uniquingKeysWith: { first, _ in first })
    }

    /// Seals every sensitive value that is not sealed with the current key (older keys' values and
    /// plain text written before encryption), in batches of `batchSize` rows a transaction; then
    /// forgets the keys no value uses any more, so they can leave the configuration. Returns how
    /// many values were sealed anew.
    public func rotateFieldKeys(batchSize: Int) async throws -> Int {
        guard let cipher else {
            throw FieldKeyProblem(description: "Set HOMEWARD_FIELD_KEYS (the new key first) to rotate keys.")
        }
        let prefix = "hwenc1:" + cipher.current.id + ":"
        var total = 0
        for (table, column, key) in FieldCipher.sealedColumns {
            let field = "\(table).\(column)"
            var after = ""
            while true {
                // Keyset paging over the primary key: each batch reads and rewrites its own rows.
                let start = after
                let done: (count: Int, last: String?) = try await engine.write { db in
                    let rows = try await db.raw(
                        """
                        SELECT \(ident: key) AS k, \(ident: column) AS v FROM \(ident: table)
                        WHERE \(ident: key) > \(bind: start) AND \(ident: column) IS NOT NULL AND \(ident: column) <> ''
                        ORDER BY \(ident: key) LIMIT \(literal: batchSize)
                        """
                    ).all()
                    var changed = 0
                    for row in rows {
                        let value = try row.string("v")
                        guard !value.hasPrefix(prefix) else { continue }
                        let plain = try cipher.open(value, field: field)
                        try await db.raw(
                            """
                            UPDATE \(ident: table) SET \(ident: column) = \(bind: cipher.seal(plain, field: field))
                            WHERE \(ident: key) = \(bind: try row.string("k"))
                            """
                        ).run()
                        changed += 1
                    }
                    return (changed, rows.count == batchSize ? try rows.last?.string("k") : nil)
                }
                total += done.count
                guard let last = done.last else { break }
                after = last
            }
        }
        try await engine.write { db in
            try await db.raw("DELETE FROM field_keys WHERE id <> \(bind: cipher.current.id)").run()
        }
        return total
    }
}
