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
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 64)
        for (index, byte) in SHA256.hash(data: Array(bytes)).enumerated() {
            text[index * 2] = digits[Int(byte >> 4)]
            text[index * 2 + 1] = digits[Int(byte & 0x0f)]
        }
        return String(decoding: text, as: UTF8.self)
    }
}
