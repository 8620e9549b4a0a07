import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

@Suite("Photos")
struct PhotoTests {
    static func multipart(_ fields: [(String, String)], file: (String, [UInt8])?, boundary: String) -> ByteBuffer {
        multipartBody(fields, files: file.map { [("photo", $0.0, "image/jpeg", $0.1)] } ?? [], boundary: boundary)
    }

    @Test func an_uploaded_photo_is_stored_without_its_metadata_and_served_only_to_the_case() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let exifPayload = Array("Exif\0\0GPS 41.87N 87".utf8)
            let exif: [UInt8] = [0xFF, 0xE1, 0x00, UInt8(exifPayload.count + 2)] + exifPayload
            let jpeg: [UInt8] = [0xFF, 0xD8] + exif + [0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0, 0x11, 0x22, 0xFF, 0xD9]
            let boundary = "----homeward-test-boundary"
            var headers = HTTPFields()
            headers[.cookie] = fixtures.cookies(caseworker)
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let path = "/episodes/\(fixtures.episode.id)/photos"
            let response = try await client.execute(
                uri: path, method: .post, headers: headers,
                body: Self.multipart([("_csrf", fixtures.csrf)], file: ("child.jpg", jpeg), boundary: boundary)
            ) { $0 }
            #expect(response.status == .seeOther)
            let photos = try await services.store.photos(of: ChildID("child-1"))
            #expect(photos.count == 1)
            let stored = try #require(try await services.store.photo(photos[0].id))
            #expect(!String(decoding: stored.bytes, as: UTF8.self).contains("GPS"))
            #expect(stored.contentType == "image/jpeg")

            let served = try await client.page(.get, "\(path)/\(photos[0].id)", as: caseworker, fixtures: fixtures)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "image/jpeg")
            #expect(try await client.page(.get, "\(path)/\(photos[0].id)", as: fixtures.adminB, fixtures: fixtures).status == .forbidden)

            let forged = try await client.execute(
                uri: path, method: .post, headers: headers,
                body: Self.multipart([("_csrf", "wrong")], file: ("child.jpg", jpeg), boundary: boundary)
            ) { $0 }
            #expect(forged.status == .forbidden)
            let notAnImage = try await client.execute(
                uri: path, method: .post, headers: headers,
                body: Self.multipart([("_csrf", fixtures.csrf)], file: ("notes.pdf", Array("%PDF-1.7".utf8)), boundary: boundary)
            ) { $0 }
            #expect(notAnImage.status == .unprocessableContent)
            #expect(String(buffer: notAnImage.body).contains("Upload a JPEG or PNG photo."))
            #expect(try await services.store.photos(of: ChildID("child-1")).count == 1)
        }
    }

    @Test func the_intake_form_files_the_report_with_its_photo_or_files_nothing() async throws {
        try await withTestApplication(clock: PinnedWallClock(testEpoch + 12 * 3600)) { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let boundary = "----homeward-intake"
            var headers = HTTPFields()
            headers[.cookie] = fixtures.cookies(caseworker)
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x07] + Array("notes".utf8) + [0xFF, 0xDA, 0x00, 0x02, 0x42, 0xFF, 0xD9]
            let fields = [("_csrf", fixtures.csrf)] + ReportingTests.reportForm
            let bad = try await client.execute(
                uri: "/reports", method: .post, headers: headers,
                body: Self.multipart(fields, file: ("scan.pdf", Array("%PDF".utf8)), boundary: boundary)
            ) { $0 }
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("Upload a JPEG or PNG photo."))
            #expect(try await services.store.episodeRecords(matching: EpisodeFilter(reportingOrganization: fixtures.agencyA.id)).count == 1)

            let good = try await client.execute(
                uri: "/reports", method: .post, headers: headers,
                body: Self.multipart(fields, file: ("child.jpg", jpeg), boundary: boundary)
            ) { $0 }
            #expect(good.status == .seeOther)
            let hit = try #require(
                try await services.store.searchChildren(ChildQuery(parsing: "Jordan Testcase"), visibility: .all, limit: 1).first)
            let photos = try await services.store.photos(of: hit.child.id)
            #expect(photos.count == 1)
            let stored = try #require(try await services.store.photo(photos[0].id))
            #expect(!String(decoding: stored.bytes, as: UTF8.self).contains("notes"))
        }
    }
}
