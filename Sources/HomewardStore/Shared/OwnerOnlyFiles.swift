import Foundation

/// Files and folders that hold children's names (the database, its log, backups, the data folder)
/// are created readable and writable by their owner only, whatever the process's umask.
public enum OwnerOnlyFiles {
    /// Permissions of a folder only its owner may enter.
    public static let folderPermissions: Int16 = 0o700
    /// Permissions of a file only its owner may read or write.
    public static let filePermissions: Int16 = 0o600

    /// Creates `path` and any missing parent folders, owner only. A folder that exists already
    /// keeps the permissions its owner chose.
    public static func createFolder(_ path: String) throws {
        guard !path.isEmpty, !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: folderPermissions])
    }

    /// Creates (or empties) the file at `path`, owner only; false when it cannot.
    public static func createFile(_ path: String, contents: Data? = nil) -> Bool {
        guard FileManager.default.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: filePermissions]) else {
            return false
        }
        // createFile keeps an existing file's permissions: set them either way.
        return (try? FileManager.default.setAttributes([.posixPermissions: filePermissions], ofItemAtPath: path)) != nil
    }

    /// Makes an existing file owner only (a copied or renamed file keeps its source's permissions).
    public static func restrict(_ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: filePermissions], ofItemAtPath: path)
    }
}
