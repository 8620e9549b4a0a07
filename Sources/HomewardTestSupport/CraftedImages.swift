import CPhotoCodec
import Foundation
import HomewardPDF

/// Images made for the tests, the way phones, editors and a hostile uploader shape them: real
/// pictures (a generated portrait of no one) with private strings hidden where a segment-editing
/// cleaner would keep them.
public enum CraftedImages {
    /// Strings that stand for private data; none may appear in anything published.
    public static let secrets = [
        "GPS-41.8781N-87.6298W", "PLACEMENT-40-ELM-COURT", "COMMENT-BETWEEN-SCANS", "PHOTOSHOP-IPTC-CAPTION", "XMP-CREATOR-CASEWORKER",
        "ICC-PROFILE-DESCRIPTION", "TRAILER-AFTER-EOI", "PNG-TEXT-CHUNK", "PNG-ITXT-CHUNK", "PNG-EXIF-CHUNK", "AFTER-IEND",
    ]

    /// The raw RGB pixels of the generated portrait.
    public static func portraitPixels(width: Int = 120, height: Int = 150) -> (pixels: [UInt8], width: Int, height: Int) {
        var image = hw_image()
        let png = PlaceholderPortrait.png(seed: 7, width: width, height: height)
        _ = png.withUnsafeBytes { raw in
            hw_png_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &image, nil, 0)
        }
        defer { hw_image_free(&image) }
        let count = Int(image.width * image.height * image.channels)
        let pixels = Array(UnsafeBufferPointer(start: image.pixels, count: count))
        if image.channels == 4 {
            // Drop alpha: JPEG takes RGB.
            var rgb: [UInt8] = []
            rgb.reserveCapacity(count / 4 * 3)
            for i in stride(from: 0, to: count, by: 4) { rgb += pixels[i..<(i + 3)] }
            return (rgb, Int(image.width), Int(image.height))
        }
        return (pixels, Int(image.width), Int(image.height))
    }

    /// A PNG whose pixel bytes spell `text` over and over: a payload that a lossless re-encoding
    /// carries pixel for pixel.
    public static func pngCarryingInPixels(_ text: String, width: Int = 200, height: Int = 120) -> [UInt8] {
        let payload = Array(text.utf8)
        var pixels = (0..<(width * height * 3)).map { payload[$0 % payload.count] }
        return pixels.withUnsafeMutableBufferPointer { buffer in
            var image = hw_image(pixels: buffer.baseAddress, width: Int32(width), height: Int32(height), channels: 3)
            var output: UnsafeMutablePointer<UInt8>?
            var size = 0
            _ = hw_png_encode(&image, &output, &size, nil, 0)
            defer { hw_buffer_free(output) }
            return Array(UnsafeBufferPointer(start: output, count: size))
        }
    }

    /// The decoded pixel bytes of a JPEG or PNG, with its width and height.
    public static func decodedPixels(_ data: some Collection<UInt8>) -> (pixels: [UInt8], width: Int, height: Int) {
        let bytes = Array(data)
        var image = hw_image()
        defer { hw_image_free(&image) }
        let status = bytes.withUnsafeBufferPointer { buffer in
            bytes.starts(with: [0xFF, 0xD8])
                ? hw_jpeg_decode(buffer.baseAddress, buffer.count, 1, &image, nil, 0)
                : hw_png_decode(buffer.baseAddress, buffer.count, &image, nil, 0)
        }
        guard status == 0, image.pixels != nil else { return ([], 0, 0) }
        let count = Int(image.width * image.height * image.channels)
        return (Array(UnsafeBufferPointer(start: image.pixels, count: count)), Int(image.width), Int(image.height))
    }

    /// A real JPEG of the portrait, baseline or progressive.
    public static func jpeg(progressive: Bool = false, width: Int = 120, height: Int = 150) -> [UInt8] {
        let (rgb, w, h) = portraitPixels(width: width, height: height)
        var pixels = rgb
        return pixels.withUnsafeMutableBufferPointer { buffer in
            var image = hw_image(pixels: buffer.baseAddress, width: Int32(w), height: Int32(h), channels: 3)
            var output: UnsafeMutablePointer<UInt8>?
            var size = 0
            _ = hw_jpeg_encode(&image, 85, progressive ? 1 : 0, &output, &size, nil, 0)
            defer { hw_buffer_free(output) }
            return Array(UnsafeBufferPointer(start: output, count: size))
        }
    }

    /// A JPEG segment: marker, big-endian length, payload.
    public static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// A minimal EXIF block (big-endian TIFF) with an orientation tag and a private string after it.
    public static func exif(orientation: UInt16 = 1, text: String) -> [UInt8] {
        var tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]
        tiff += [0x00, 0x01]  // one entry
        tiff += [0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, UInt8(orientation >> 8), UInt8(orientation & 0xFF), 0x00, 0x00]
        tiff += [0x00, 0x00, 0x00, 0x00]  // no next directory
        return Array("Exif\0\0".utf8) + tiff + Array(text.utf8)
    }

    /// Inserts `extra` after the SOI marker (where APPn segments go).
    public static func afterStart(_ jpeg: [UInt8], _ extra: [UInt8]) -> [UInt8] {
        Array(jpeg[0..<2]) + extra + Array(jpeg[2...])
    }

    /// Inserts `extra` before the second start-of-scan of a progressive JPEG.
    public static func betweenScans(_ jpeg: [UInt8], _ extra: [UInt8]) -> [UInt8] {
        var scans: [Int] = []
        var i = 2
        while i + 1 < jpeg.count {
            if jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA { scans.append(i) }
            i += 1
        }
        precondition(scans.count >= 2, "not a progressive JPEG")
        return Array(jpeg[0..<scans[1]]) + extra + Array(jpeg[scans[1]...])
    }

    /// A JPEG with every hiding place a segment cleaner misses filled with a private string.
    public static func hostileJPEG() -> [UInt8] {
        var jpeg = jpeg(progressive: true)
        jpeg = betweenScans(jpeg, segment(0xFE, Array("COMMENT-BETWEEN-SCANS".utf8)))
        jpeg = betweenScans(jpeg, segment(0xED, Array("Photoshop 3.0\0PHOTOSHOP-IPTC-CAPTION".utf8)))
        jpeg = afterStart(jpeg, segment(0xE1, exif(text: "GPS-41.8781N-87.6298W")))
        jpeg = afterStart(jpeg, segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>XMP-CREATOR-CASEWORKER</x:xmpmeta>".utf8)))
        jpeg = afterStart(jpeg, segment(0xE2, Array("ICC_PROFILE\0\u{1}\u{1}ICC-PROFILE-DESCRIPTION".utf8)))
        jpeg += Array("TRAILER-AFTER-EOI".utf8)
        // A second JPEG appended after the first, as phones append a depth map or a preview.
        jpeg += afterStart(Self.jpeg(), segment(0xE1, exif(text: "PLACEMENT-40-ELM-COURT")))
        return jpeg
    }

    /// A PNG chunk with its CRC.
    public static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let n = payload.count
        let typed = Array(type.utf8) + payload
        let crc = crc32(typed)
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + typed + [
            UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF),
        ]
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// A PNG with text, international text, compressed text and EXIF chunks, and data after IEND.
    public static func hostilePNG() -> [UInt8] {
        let png = [UInt8](PlaceholderPortrait.png(seed: 3, width: 120, height: 150))
        let ihdrEnd = 8 + 25
        var extra = chunk("tEXt", Array("Comment\0PNG-TEXT-CHUNK".utf8))
        extra += chunk("iTXt", Array("Description\0\0\0en\0\0PNG-ITXT-CHUNK".utf8))
        extra += chunk("zTXt", Array("Location\0\0".utf8) + [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        extra += chunk("eXIf", Array(exif(text: "PNG-EXIF-CHUNK").dropFirst(6)))
        return Array(png[0..<ihdrEnd]) + extra + Array(png[ihdrEnd...]) + Array("AFTER-IEND".utf8)
    }

    /// A PNG header declaring `width` × `height` pixels, with a tiny (wrong) image body.
    public static func pngDeclaring(width: UInt32, height: UInt32) -> [UInt8] {
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(width) + be(height) + [8, 2, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + chunk("IEND", [])
    }

    /// Whether `bytes` contain `text` anywhere.
    public static func contains(_ bytes: some Collection<UInt8>, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        let haystack = Array(bytes)
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
