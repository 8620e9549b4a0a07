import CPhotoCodec
import Foundation
import HomewardCore

/// Decodes uploaded photos (JPEG through libjpeg-turbo, PNG through libpng) and encodes their pixels
/// anew. A JPEG stays a JPEG; a PNG stays a PNG, keeping its transparency.
public enum PhotoReencoder {
    /// The JPEG quality of a re-encoded photo: high enough for a face on a printed poster.
    public static let jpegQuality: Int32 = 90

    /// The re-encoded photo, or a field error for `photo` when the file is too large, declares too many
    /// pixels, or does not decode. Throws before decoding when the declared size is beyond the limit.
    public static func reencode(_ data: Data, limits: PhotoLimits = .standard) throws -> ReencodedPhoto {
        try limits.check(byteCount: data.count)
        let format = try PhotoFormat.of(data)
        var image = hw_image()
        defer { hw_image_free(&image) }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            switch format {
            case .jpeg: try decodeJPEG(bytes, limits: limits, into: &image)
            case .png: try decodePNG(bytes, limits: limits, into: &image)
            }
        }
        let orientation = format == .jpeg ? ExifOrientation.ofJPEG(data) : ExifOrientation.ofPNG(data)
        // Scaling first touches fewer pixels; the result is the same as turning first.
        try check(hw_image_fit(&image, Int32(limits.longestSide > 0 ? limits.longestSide : Int(Int32.max))), "scale")
        try check(hw_image_orient(&image, Int32(orientation)), "turn")
        let encoded = try encode(image, as: format)
        return ReencodedPhoto(bytes: encoded, format: format, width: Int(image.width), height: Int(image.height))
    }

    /// The longer side of every photo the public is shown.
    public static let publicLongestSide = 900
    /// The JPEG quality of a public photo: lossy on purpose, so no value hidden in the pixels
    /// survives.
    public static let publicJPEGQuality: Int32 = 82

    /// The photo as the public sees it, on the page, in the PDF and in every feed: its pixels
    /// resampled to ``publicLongestSide`` on the longer side (down or up), laid over white, and
    /// encoded as a lossy JPEG. Resampling and lossy coding change every pixel value a little, so a
    /// payload written into the pixels of a lossless upload does not survive; the picture does.
    public static func publicVersion(of stored: Data) throws -> Data {
        let format = try PhotoFormat.of(stored)
        var image = hw_image()
        defer { hw_image_free(&image) }
        let limits = PhotoLimits(maximumBytes: Int.max)
        try stored.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            switch format {
            case .jpeg: try decodeJPEG(bytes, limits: limits, into: &image)
            case .png: try decodePNG(bytes, limits: limits, into: &image)
            }
        }
        try check(hw_image_flatten(&image), "flatten")
        try check(hw_image_fit(&image, Int32(publicLongestSide)), "scale")
        try check(hw_image_enlarge(&image, Int32(publicLongestSide)), "enlarge")
        var message = [CChar](repeating: 0, count: 256)
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = hw_jpeg_encode(&image, publicJPEGQuality, 0, &output, &size, &message, message.count)
        defer { hw_buffer_free(output) }
        guard status == Int32(HW_OK), let output else { throw PhotoCodecFailure(stage: "encode", status: status) }
        return Data(bytes: output, count: size)
    }

    private static func decodeJPEG(_ bytes: UnsafeBufferPointer<UInt8>, limits: PhotoLimits, into image: inout hw_image) throws {
        var message = [CChar](repeating: 0, count: 256)
        var width: Int32 = 0
        var height: Int32 = 0
        guard hw_jpeg_dimensions(bytes.baseAddress, bytes.count, &width, &height, &message, message.count) == Int32(HW_OK) else {
            throw damaged("JPEG")
        }
        try limits.check(width: Int(width), height: Int(height))
        // libjpeg decodes at 1/2, 1/4 or 1/8 of the size almost for free; take the smallest that is
        // still at least the stored size, and average down from there.
        let longest = Int(max(width, height))
        var denominator: Int32 = 1
        while denominator < 8, longest / Int(denominator * 2) >= limits.longestSide, limits.longestSide > 0 { denominator *= 2 }
        let status = hw_jpeg_decode(bytes.baseAddress, bytes.count, denominator, &image, &message, message.count)
        if status == Int32(HW_ERROR_TRUNCATED) {
            throw HomewardError.invalid("photo", "The JPEG file is incomplete: it ends before the picture does. Upload the whole file.")
        }
        guard status == Int32(HW_OK) else { throw damaged("JPEG") }
    }

    private static func decodePNG(_ bytes: UnsafeBufferPointer<UInt8>, limits: PhotoLimits, into image: inout hw_image) throws {
        var message = [CChar](repeating: 0, count: 256)
        var width: Int32 = 0
        var height: Int32 = 0
        var alpha: Int32 = 0
        guard hw_png_dimensions(bytes.baseAddress, bytes.count, &width, &height, &alpha, &message, message.count) == Int32(HW_OK) else {
            throw damaged("PNG")
        }
        try limits.check(width: Int(width), height: Int(height))
        guard hw_png_decode(bytes.baseAddress, bytes.count, &image, &message, message.count) == Int32(HW_OK) else {
            throw damaged("PNG")
        }
    }

    private static func encode(_ image: hw_image, as format: PhotoFormat) throws -> Data {
        var image = image
        var message = [CChar](repeating: 0, count: 256)
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status =
            switch format {
            case .jpeg: hw_jpeg_encode(&image, jpegQuality, 0, &output, &size, &message, message.count)
            case .png: hw_png_encode(&image, &output, &size, &message, message.count)
            }
        defer { hw_buffer_free(output) }
        guard status == Int32(HW_OK), let output else { throw PhotoCodecFailure(stage: "encode", status: status) }
        return Data(bytes: output, count: size)
    }

    private static func check(_ status: Int32, _ stage: String) throws {
        guard status == Int32(HW_OK) else { throw PhotoCodecFailure(stage: stage, status: status) }
    }

    /// A field error naming the format. The decoder's own words stay out of it: they mean nothing to
    /// the person uploading.
    private static func damaged(_ format: String) -> HomewardError {
        .invalid(
            "photo",
            "The file could not be read as a \(format) picture; it may be damaged. Open it and save it again, then upload the copy.")
    }
}

/// The codec failed on pixels it had decoded (out of memory, say): a server fault, not the user's.
public struct PhotoCodecFailure: Error, Sendable, CustomStringConvertible {
    public var stage: String
    public var status: Int32
    public var description: String { "photo codec failed to \(stage) (status \(status))" }
}
