import Foundation

/// What a backup holds, written beside the data in the backup file and checked on restore: the
/// schema version, and for every table its row count and a digest of its rows, all read from the
/// snapshot the backup was taken from.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// One table's contents in brief.
    public struct Table: Codable, Sendable, Equatable {
        public var name: String
        public var rows: Int
        /// SHA-256 over the table's rows, each written out by the engine and taken in sorted order.
        public var digest: String

        public init(name: String, rows: Int, digest: String) {
            self.name = name
            self.rows = rows
            self.digest = digest
        }
    }

    /// Changes only when the backup file's layout changes.
    public var format: Int
    /// `sqlite` or `postgres`: a backup restores onto the engine it was taken from.
    public var engine: String
    /// The highest schema migration applied in the snapshot.
    public var schemaVersion: Int
    public var createdAt: Date
    public var tables: [Table]
    /// The name of the data file inside the backup, and its SHA-256.
    public var dataFile: String
    public var dataSHA256: String

    public static let currentFormat = 1

    public init(engine: String, schemaVersion: Int, createdAt: Date, tables: [Table], dataFile: String, dataSHA256: String) {
        self.format = Self.currentFormat
        self.engine = engine
        self.schemaVersion = schemaVersion
        // Whole seconds: the manifest's JSON keeps no more.
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
        self.tables = tables.sorted { $0.name < $1.name }
        self.dataFile = dataFile
        self.dataSHA256 = dataSHA256
    }

    public var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }

    /// How `restored` (the tables as read after a restore) differs from this manifest, one line per
    /// table; empty when every table is identical.
    public func differences(from restored: [Table]) -> [String] {
        let found = Dictionary(restored.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        for table in tables {
            guard let other = found[table.name] else {
                problems.append("\(table.name): missing after the restore")
                continue
            }
            if other.rows != table.rows {
                problems.append("\(table.name): \(other.rows) rows restored, \(table.rows) backed up")
            } else if other.digest != table.digest {
                problems.append("\(table.name): the rows differ from those backed up")
            }
        }
        let expected = Set(tables.map(\.name))
        for name in found.keys.sorted() where !expected.contains(name) {
            problems.append("\(name): not in the backup")
        }
        return problems
    }

    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    public static func decode(_ bytes: [UInt8]) throws -> BackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(BackupManifest.self, from: Data(bytes))
    }
}
