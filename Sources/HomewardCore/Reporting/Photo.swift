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

/// What an uploaded photo may be. Every photo is decoded to its pixels and encoded anew before it
/// is stored (see `HomewardImaging`), so that nothing but the picture survives: a photo of a child in
/// care could otherwise carry the placement's address or GPS position in its metadata, in a trailer
/// after the picture, or in a segment between the scans of a progressive JPEG.
public struct PhotoLimits: Sendable, Equatable {
    /// The largest file accepted.
    public var maximumBytes: Int
    /// The most pixels (width × height) an image may declare; larger images are refused before any
    /// pixel is decoded, since a small file can declare a picture of several gigabytes.
    public var maximumPixels: Int
    /// The longer side of the stored photo; larger photos are scaled down to it.
    public var longestSide: Int

    public init(maximumBytes: Int = 5 * 1024 * 1024, maximumPixels: Int = 40_000_000, longestSide: Int = 2_400) {
        self.maximumBytes = maximumBytes
        self.maximumPixels = maximumPixels
        self.longestSide = longestSide
    }

    /// The limits every upload is held to.
    public static let standard = PhotoLimits()

    /// Checks the size of the file and of the picture it declares, before decoding.
    public func check(byteCount: Int) throws {
        guard byteCount > 0 else { throw HomewardError.invalid("photo", "The file is empty.") }
        guard byteCount <= maximumBytes else {
            throw HomewardError.invalid("photo", "A photo may be at most \(maximumBytes / (1024 * 1024)) MB.")
        }
    }

    /// Refuses a picture whose declared size is beyond ``maximumPixels``.
    public func check(width: Int, height: Int) throws {
        guard width > 0, height > 0 else { throw HomewardError.invalid("photo", "The image has no pixels.") }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maximumPixels else {
            throw HomewardError.invalid(
                "photo",
                "The image is \(width) × \(height) pixels; at most \(maximumPixels / 1_000_000) megapixels are accepted. Save a smaller copy and upload that."
            )
        }
    }
}

/// The image formats accepted for photos, recognised by their signature bytes.
public enum PhotoFormat: String, Sendable {
    case jpeg = "image/jpeg"
    case png = "image/png"

    /// The format `data` starts as; a field error for anything else.
    public static func of(_ data: Data) throws -> PhotoFormat {
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        throw HomewardError.invalid("photo", "Upload a JPEG or PNG photo.")
    }
}

/// The EXIF orientation of a photo (1 = upright; 2 to 8 = mirrored and/or turned), which cameras
/// record instead of turning the pixels. It is applied to the pixels before the photo is encoded
/// anew, since the re-encoded photo carries no EXIF.
public enum ExifOrientation {
    /// The orientation recorded in a JPEG's EXIF segment, or 1 when there is none or it is unreadable.
    public static func ofJPEG(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var index = 2
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            if marker == 0xDA || marker == 0xD9 { return 1 }  // the scan starts: no more header segments
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard length >= 2, index + 2 + length <= bytes.count else { return 1 }
            let payload = bytes[(index + 4)..<(index + 2 + length)]
            if marker == 0xE1, payload.starts(with: Array("Exif\0\0".utf8)) {
                return ofTIFF(Array(payload.dropFirst(6)))
            }
            index += 2 + length
        }
        return 1
    }

    /// The orientation in a PNG's `eXIf` chunk, or 1.
    public static func ofPNG(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var index = 8
        while index + 12 <= bytes.count {
            let length = Int(bytes[index]) << 24 | Int(bytes[index + 1]) << 16 | Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            guard index + 12 + length <= bytes.count else { return 1 }
            let type = String(decoding: bytes[(index + 4)..<(index + 8)], as: UTF8.self)
            if type == "eXIf" { return ofTIFF(Array(bytes[(index + 8)..<(index + 8 + length)])) }
            if type == "IDAT" || type == "IEND" { return 1 }
            index += 12 + length
        }
        return 1
    }

    /// Tag 0x0112 of the first image directory of TIFF-structured EXIF data; every offset is checked.
    static func ofTIFF(_ tiff: [UInt8]) -> Int {
        guard tiff.count >= 8 else { return 1 }
        let little: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return 1
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(little ? at + 2 : at), let low = u16(little ? at : at + 2) else { return nil }
            return high << 16 | low
        }
        guard let directory = u32(4), let count = u16(directory) else { return 1 }
        for entry in 0..<min(count, 512) {
            let at = directory + 2 + entry * 12
            guard let tag = u16(at) else { return 1 }
            if tag == 0x0112, let value = u16(at + 8), (1...8).contains(value) { return value }
        }
        return 1
    }
}

/// A photo after it was decoded to its pixels and encoded anew: only the picture, upright, with its
/// longer side within the limit. Metadata segments, trailers after the end of the picture, segments
/// between progressive scans and ancillary PNG chunks cannot survive, because none of the uploaded
/// bytes are copied: only the decoded pixels are.
public struct ReencodedPhoto: Sendable, Equatable {
    public var bytes: Data
    public var format: PhotoFormat
    public var width: Int
    public var height: Int

    /// `image/jpeg` or `image/png`.
    public var contentType: String { format.rawValue }

    public init(bytes: Data, format: PhotoFormat, width: Int, height: Int) {
        self.bytes = bytes
        self.format = format
        self.width = width
        self.height = height
    }
}
