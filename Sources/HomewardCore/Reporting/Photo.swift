import Foundation

/// A photo of a child as stored: the image bytes with every metadata block removed.
public struct ChildPhoto: Sendable, Equatable, Identifiable {
    public var id: String
    public var childID: ChildID
    public var episodeID: EpisodeID?
    /// `image/jpeg` or `image/png`.
    public var contentType: String
    public var bytes: Data
    public var uploadedBy: UserID
    public var uploadedAt: Date

    public init(
        id: String, childID: ChildID, episodeID: EpisodeID?, contentType: String, bytes: Data, uploadedBy: UserID, uploadedAt: Date
    ) {
        self.id = id
        self.childID = childID
        self.episodeID = episodeID
        self.contentType = contentType
        self.bytes = bytes
        self.uploadedBy = uploadedBy
        self.uploadedAt = Timestamp.truncated(uploadedAt)
    }
}

/// Checks an uploaded photo and strips what it carries besides the picture: EXIF (camera, time,
/// GPS position of where it was taken), XMP, IPTC, comments, PNG text chunks. A photo of a child in
/// care could otherwise reveal the placement's address.
public enum PhotoSanitizer {
    /// The largest photo accepted.
    public static let maximumBytes = 5 * 1024 * 1024

    /// The cleaned image and its content type, or a validation error for the `photo` field.
    public static func sanitize(_ data: Data) throws -> (bytes: Data, contentType: String) {
        guard !data.isEmpty else { throw HomewardError.invalid("photo", "The file is empty.") }
        guard data.count <= maximumBytes else { throw HomewardError.invalid("photo", "A photo may be at most 5 MB.") }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            guard let clean = stripJPEG(bytes) else { throw HomewardError.invalid("photo", "The JPEG file is damaged.") }
            return (Data(clean), "image/jpeg")
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard let clean = stripPNG(bytes) else { throw HomewardError.invalid("photo", "The PNG file is damaged.") }
            return (Data(clean), "image/png")
        }
        throw HomewardError.invalid("photo", "Upload a JPEG or PNG photo.")
    }

    /// Keeps the JPEG segments that make the picture (frame, tables, scan, JFIF header) and drops
    /// APP1-APP15 (EXIF, XMP, ICC, IPTC, vendor blocks) and comments.
    static func stripJPEG(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = [0xFF, 0xD8]
        var index = 2
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }  // fill byte
            if marker == 0xD9 { out += [0xFF, 0xD9]; return out }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {
                out += [0xFF, marker]
                index += 2
                continue
            }
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return nil }
            let segment = bytes[index..<(index + 2 + length)]
            let isMetadata = (0xE1...0xEF).contains(marker) || marker == 0xFE
            if !isMetadata { out += segment }
            index += 2 + length
            if marker == 0xDA {
                // Start of scan: the entropy-coded picture follows up to the end marker; copy it whole.
                out += bytes[index...]
                return out
            }
        }
        return nil
    }

    /// Keeps the PNG chunks that make the picture and drops text, time, EXIF and other ancillary
    /// chunks that can carry personal data.
    static func stripPNG(_ bytes: [UInt8]) -> [UInt8]? {
        let kept: Set<String> = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "bKGD", "pHYs"]
        var out = Array(bytes[0..<8])
        var index = 8
        while index + 12 <= bytes.count {
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 0, index + 12 + length <= bytes.count else { return nil }
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            let chunk = bytes[index..<(index + 12 + length)]
            if kept.contains(type) { out += chunk }
            index += 12 + length
            if type == "IEND" { return out }
        }
        return nil
    }
}
