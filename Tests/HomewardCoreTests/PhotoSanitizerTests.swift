import Foundation
import HomewardCore
import Testing

@Suite("Photo metadata stripping")
struct PhotoSanitizerTests {
    func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let n = payload.count
        return [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + payload + [
            0, 0, 0, 0,
        ]
    }

    @Test func exif_xmp_and_comments_leave_a_jpeg() throws {
        let secret = Array("GPS 41.8781N 87.6298W placement".utf8)
        var jpeg: [UInt8] = [0xFF, 0xD8]
        jpeg += segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        jpeg += segment(0xE1, Array("Exif\0\0".utf8) + secret)
        jpeg += segment(0xFE, Array("taken at the foster home".utf8))
        jpeg += segment(0xDB, Array(repeating: 1, count: 65))
        jpeg += segment(0xDA, [1, 1, 0, 0, 63, 0])
        jpeg += [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]
        let (clean, type) = try PhotoSanitizer.sanitize(Data(jpeg))
        #expect(type == "image/jpeg")
        let text = String(decoding: clean, as: UTF8.self)
        #expect(!text.contains("GPS"))
        #expect(!text.contains("foster"))
        #expect(text.contains("JFIF"))
        #expect(Array(clean.suffix(7)) == [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9])
    }

    @Test func text_chunks_leave_a_png() throws {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", Array(repeating: 0, count: 13))
        png += chunk("tEXt", Array("Comment\0placement address 12 Elm".utf8))
        png += chunk("eXIf", Array("camera".utf8))
        png += chunk("IDAT", [1, 2, 3])
        png += chunk("IEND", [])
        let (clean, type) = try PhotoSanitizer.sanitize(Data(png))
        #expect(type == "image/png")
        let text = String(decoding: clean, as: UTF8.self)
        #expect(!text.contains("placement") && !text.contains("camera"))
        #expect(text.contains("IHDR") && text.contains("IDAT") && text.contains("IEND"))
    }

    @Test func other_files_and_oversized_photos_are_refused() {
        #expect(throws: HomewardError.invalid("photo", "Upload a JPEG or PNG photo.")) {
            try PhotoSanitizer.sanitize(Data("%PDF-1.7".utf8))
        }
        #expect(throws: HomewardError.invalid("photo", "A photo may be at most 5 MB.")) {
            try PhotoSanitizer.sanitize(Data([0xFF, 0xD8, 0xFF] + Array(repeating: 0, count: 5 * 1024 * 1024)))
        }
        #expect(throws: HomewardError.invalid("photo", "The JPEG file is damaged.")) {
            try PhotoSanitizer.sanitize(Data([0xFF, 0xD8, 0xFF, 0xE1, 0xFF]))
        }
    }
}
