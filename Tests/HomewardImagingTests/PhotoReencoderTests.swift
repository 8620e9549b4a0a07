import Foundation
import HomewardCore
import HomewardImaging
import HomewardPDF
import HomewardTestSupport
import Testing

@Suite("Photos are encoded anew from their pixels")
struct PhotoReencoderTests {
    func expectNoSecrets(_ bytes: some Collection<UInt8>, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in CraftedImages.secrets {
            #expect(!CraftedImages.contains(bytes, secret), "\(secret) survived", sourceLocation: sourceLocation)
        }
    }

    @Test func the_crafted_files_really_carry_the_secrets() {
        let jpeg = CraftedImages.hostileJPEG()
        for secret in ["GPS-41.8781N-87.6298W", "PLACEMENT-40-ELM-COURT", "COMMENT-BETWEEN-SCANS", "TRAILER-AFTER-EOI"] {
            #expect(CraftedImages.contains(jpeg, secret))
        }
        #expect(CraftedImages.contains(CraftedImages.hostilePNG(), "AFTER-IEND"))
    }

    @Test func a_jpeg_keeps_nothing_but_its_pixels() throws {
        let photo = try PhotoReencoder.reencode(Data(CraftedImages.hostileJPEG()))
        #expect(photo.format == .jpeg && photo.contentType == "image/jpeg")
        #expect(photo.width == 120 && photo.height == 150)
        expectNoSecrets(photo.bytes)
        #expect(!CraftedImages.contains(photo.bytes, "Exif") && !CraftedImages.contains(photo.bytes, "ICC_PROFILE"))
        // One picture: exactly one end-of-image marker, at the very end.
        let bytes = [UInt8](photo.bytes)
        #expect(bytes.suffix(2) == [0xFF, 0xD9])
        #expect(zip(bytes, bytes.dropFirst()).filter { $0 == 0xFF && $1 == 0xD8 }.count == 1)
    }

    @Test func a_png_keeps_nothing_but_its_pixels() throws {
        let photo = try PhotoReencoder.reencode(Data(CraftedImages.hostilePNG()))
        #expect(photo.format == .png)
        expectNoSecrets(photo.bytes)
        for chunk in ["tEXt", "iTXt", "zTXt", "eXIf", "tIME"] { #expect(!CraftedImages.contains(photo.bytes, chunk)) }
        #expect([UInt8](photo.bytes.suffix(8)) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])  // ends at IEND
    }

    @Test func the_poster_pdf_embeds_only_the_reencoded_photo() throws {
        let jpeg = try PhotoReencoder.reencode(Data(CraftedImages.hostileJPEG()))
        let png = try PhotoReencoder.reencode(Data(CraftedImages.hostilePNG()))
        let poster = try JSONDecoder().decode(
            PublicPoster.self,
            from: Data(
                """
                {"slug":"abc","name":"Wren Testperson","banner":"ENDANGERED RUNAWAY","missingSince":{"year":2026,"month":11,"day":1},
                 "missingFromCity":"Lakeshore","missingFromState":"IL","dateOfBirth":{"year":2011,"month":5,"day":4},"sex":"Female",
                 "height":"5'3\\"","weight":"94 lbs","narrative":"Wren was last seen downtown.","photoIDs":["a","b"],
                 "hotline":"1-800-843-5678","agencyName":"Maplewood PD","agencyPhone":"555-0100","publishedAt":815961600}
                """.utf8))
        let pdf = try PosterPDF.render(poster, photos: [jpeg.bytes, png.bytes], today: CivilDate(year: 2026, month: 11, day: 30)!)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        expectNoSecrets(pdf)
        // The JPEG is embedded as it is, so its bytes are in the PDF: the re-encoded ones.
        #expect(pdf.range(of: jpeg.bytes) != nil)
    }

    @Test func exif_orientation_is_applied_to_the_pixels() throws {
        let turned = CraftedImages.afterStart(
            CraftedImages.jpeg(), CraftedImages.segment(0xE1, CraftedImages.exif(orientation: 6, text: "")))
        #expect(ExifOrientation.ofJPEG(Data(turned)) == 6)
        let photo = try PhotoReencoder.reencode(Data(turned))
        #expect(photo.width == 150 && photo.height == 120)
        #expect(ExifOrientation.ofJPEG(photo.bytes) == 1)
    }

    @Test func the_longer_side_is_capped() throws {
        let large = CraftedImages.jpeg(width: 1_000, height: 1_250)
        let photo = try PhotoReencoder.reencode(Data(large), limits: PhotoLimits(longestSide: 400))
        #expect(photo.height == 400 && photo.width == 320)
    }

    @Test func an_image_declaring_too_many_pixels_is_refused_before_decoding() {
        let huge = CraftedImages.pngDeclaring(width: 30_000, height: 30_000)
        #expect(huge.count < 200)
        #expect(throws: HomewardError.self) { try PhotoReencoder.reencode(Data(huge)) }
        do {
            _ = try PhotoReencoder.reencode(Data(huge))
        } catch HomewardError.invalid(let errors) {
            #expect(errors["photo"]?.contains("30000 × 30000 pixels") == true)
        } catch {
            Issue.record("unexpected \(error)")
        }
        var jpeg = CraftedImages.jpeg()
        // Rewrite the frame header's height and width (SOF0: FF C0, length, precision, height, width).
        let sof = try! #require(zip(jpeg.indices, jpeg.dropFirst()).first { jpeg[$0.0] == 0xFF && $0.1 == 0xC0 }?.0)
        jpeg.replaceSubrange((sof + 5)..<(sof + 9), with: [0x75, 0x30, 0x75, 0x30])
        #expect(throws: HomewardError.self) { try PhotoReencoder.reencode(Data(jpeg)) }
    }

    @Test func files_that_do_not_decode_get_a_field_error() {
        let cases: [[UInt8]] = [
            Array("%PDF-1.7".utf8),
            [0xFF, 0xD8, 0xFF, 0xE1, 0xFF],
            [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x07] + Array("notes".utf8) + [0xFF, 0xDA, 0x00, 0x02, 0x42, 0xFF, 0xD9],
            Array(CraftedImages.jpeg().prefix(400)),
            Array(CraftedImages.hostilePNG().prefix(300)),
            [],
        ]
        for bytes in cases {
            do {
                _ = try PhotoReencoder.reencode(Data(bytes))
                Issue.record("accepted \(bytes.count) bytes")
            } catch HomewardError.invalid(let errors) {
                #expect(errors["photo"] != nil)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(throws: HomewardError.self) { try PhotoReencoder.reencode(Data(count: 5 * 1024 * 1024 + 1)) }
    }

    @Test func the_public_version_is_a_lossy_jpeg_of_fixed_size_that_carries_no_payload_in_its_pixels() throws {
        let secret = "PLACEMENT-SUNRISE-CHILDRENS-HOME"
        let upload = CraftedImages.pngCarryingInPixels(secret)
        // The threat: a lossless re-encoding keeps the pixels, and so the payload, exactly.
        let stored = try PhotoReencoder.reencode(Data(upload))
        #expect(CraftedImages.contains(CraftedImages.decodedPixels(stored.bytes).pixels, secret))

        let shown = try PhotoReencoder.publicVersion(of: stored.bytes)
        #expect(shown.starts(with: [0xFF, 0xD8, 0xFF]))
        let decoded = CraftedImages.decodedPixels(shown)
        #expect(max(decoded.width, decoded.height) == PhotoReencoder.publicLongestSide)
        #expect(decoded.width == 900 && decoded.height == 540)
        #expect(!CraftedImages.contains(decoded.pixels, secret))
        #expect(!CraftedImages.contains(shown, secret))
        // Not even a fragment of it: no run of eight payload bytes survives.
        let payload = Array(secret.utf8)
        let fragments = (0...(payload.count - 8)).map { String(decoding: payload[$0..<($0 + 8)], as: UTF8.self) }
        #expect(fragments.allSatisfy { !CraftedImages.contains(decoded.pixels, $0) })
    }

    @Test func a_large_photo_is_scaled_down_to_the_public_size_and_keeps_its_shape() throws {
        let stored = try PhotoReencoder.reencode(Data(CraftedImages.jpeg(width: 1200, height: 1500)))
        let decoded = CraftedImages.decodedPixels(try PhotoReencoder.publicVersion(of: stored.bytes))
        #expect(decoded.width == 720 && decoded.height == 900)
    }
}
