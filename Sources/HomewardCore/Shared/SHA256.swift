import Crypto
import Foundation

/// SHA-256 digests (swift-crypto: BoringSSL on Linux, CryptoKit on Apple platforms), as bytes or as
/// 64 lowercase hexadecimal digits: the audit chain, token and session-key hashes, document
/// checksums and ETags. Every later digest, MAC or cipher uses swift-crypto too.
public enum SHA256Digest {
    /// The digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Array(SHA256.hash(data: Array(bytes)))
    }

    /// The digest of `text`'s UTF-8 bytes, in hexadecimal.
    public static func hex(_ text: String) -> String {
        hex(of: Array(text.utf8))
    }

    /// The digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hex(of bytes: some Collection<UInt8>) -> String {
        hexDigits(SHA256.hash(data: Array(bytes)))
    }

    /// `bytes` as lowercase hexadecimal digits, two a byte: the one hex encoder.
    public static func hexDigits(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// SHA-256 over data that arrives in pieces (a file read in chunks, a table read row by row).
public struct SHA256Stream: Sendable {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: some Collection<UInt8>) {
        hasher.update(data: Array(bytes))
    }

    /// The digest of everything given, as 64 lowercase hexadecimal digits.
    public func hex() -> String {
        SHA256Digest.hexDigits(hasher.finalize())
    }

    /// The digest of the file at `path`, read a megabyte at a time.
    public static func file(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        var stream = SHA256Stream()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { stream.update(chunk) }
        return stream.hex()
    }
}
