import Foundation
import HomewardCore
import SQLKit

/// A start-up refusal: the configured keys do not match the ones the data was sealed with.
public struct FieldKeyProblem: Error, CustomStringConvertible {
    public var description: String
}

extension SQLDataStore {
    /// Records the configured keys and refuses to run when a key that sealed stored values is not
    /// configured, or a configured key differs from the one of the same id that sealed them.
    func checkFieldKeys() async throws {
        let known = try await engine.read { db in
            try await db.raw("SELECT id, fingerprint FROM field_keys").all().map { (try $0.string("id"), try $0.string("fingerprint")) }
        }
        let fingerprints = Dictionary(known, uniquingKeysWith: { first, _ in first })
        guard let cipher else {
            if let id = fingerprints.keys.sorted().first {
                throw FieldKeyProblem(
                    description:
                        "Stored values are sealed with key “\(id)”: set HOMEWARD_FIELD_KEYS with it. Without its keys the sensitive fields cannot be read."
                )
            }
            return
        }
        for id in fingerprints.keys.sorted() where !cipher.keyIDs.contains(id) {
            throw FieldKeyProblem(
                description:
                    "Stored values are sealed with key “\(id)”, which HOMEWARD_FIELD_KEYS does not hold. Add it back (after homeward rotate-keys it can go)."
            )
        }
        for id in cipher.keyIDs {
            guard let key = cipher.key(id) else { continue }
            if let stored = fingerprints[id], stored != key.fingerprint {
                throw FieldKeyProblem(
                    description: "HOMEWARD_FIELD_KEYS gives key “\(id)” a different value from the one that sealed the stored values.")
            }
        }
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
