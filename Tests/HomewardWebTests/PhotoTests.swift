import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@testable import HomewardStore
@testable import HomewardWeb

@Suite("Photos")
struct PhotoTests {
    static func multipart(_ fields: [(String, String)], file: (String, [UInt8])?, boundary: String) -> ByteBuffer {
        multipartBody(fields, files: file.map { [("photo", $0.0, "image/jpeg", $0.1)] } ?? [], boundary: boundary)
    }

    @Test func an_uploaded_photo_is_stored_without_its_metadata_and_served_only_to_the_case() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let jpeg = CraftedImages.afterStart(
                CraftedImages.jpeg(), CraftedImages.segment(0xE1, CraftedImages.exif(text: "GPS 41.87N 87")))
            let boundary = "----homeward-test-boundary"
            var headers = HTTPFields()
            headers[.cookie] = fixtures.cookies(caseworker)
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let path = "/episodes/\(fixtures.episode.id)/photos"
            let response = try await client.execute(
                uri: path, method: .post, headers: headers,
                body: Self.multipart([("_csrf", fixtures.csrf(for: caseworker))], file: ("child.jpg", jpeg), boundary: boundary)
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
                body: Self.multipart(
                    [("_csrf", fixtures.csrf(for: caseworker))], file: ("notes.pdf", Array("%PDF-1.7".utf8)), boundary: boundary)
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
            let jpeg = CraftedImages.afterStart(CraftedImages.jpeg(), CraftedImages.segment(0xFE, Array("notes".utf8)))
            let fields = [("_csrf", fixtures.csrf(for: caseworker))] + ReportingTests.reportForm
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

@Suite("Photos stored before uploads were encoded anew")
struct StoredPhotoReencodingTests {
    @Test func old_photos_are_hidden_until_encoded_anew_and_undecodable_ones_are_withheld() async throws {
        try await withTestApplication { client, services, fixtures in
            let caseworker = fixtures.account(.caseworker)
            let path = "/episodes/\(fixtures.episode.id)/photos"
            for _ in 0..<2 {
                let upload = try await client.upload(
                    path, as: caseworker, fixtures: fixtures, fields: [],
                    files: [("photo", "child.jpg", "image/jpeg", CraftedImages.jpeg())])
                #expect(upload.status == .seeOther)
            }
            let ids = try await services.store.photos(of: ChildID("child-1")).map(\.id).sorted()
            #expect(ids.count == 2)
            // As a segment-editing cleaner would have stored them: one with hidden bytes, one damaged.
            let engine = try #require(services.store as? SQLDataStore).engine
            let hostile = Data(CraftedImages.hostileJPEG())
            try await engine.write { db in
                try await db.raw("UPDATE photos SET bytes = \(bind: hostile), pixel_encoding = 0 WHERE id = \(bind: ids[0])").run()
                try await db.raw(
                    "UPDATE photos SET bytes = \(bind: Data([0xFF, 0xD8, 0xFF, 0xDB])), pixel_encoding = 0 WHERE id = \(bind: ids[1])"
                )
                .run()
            }
            #expect(try await services.store.photos(of: ChildID("child-1")).isEmpty)
            #expect(try await services.store.photo(ids[0]) == nil)

            try await StoredPhotoReencoding.run(store: services.store, clock: services.clock, logger: quietLogger)

            let clean = try #require(try await services.store.photo(ids[0]))
            for secret in CraftedImages.secrets { #expect(!CraftedImages.contains(clean.bytes, secret)) }
            #expect(try await services.store.photo(ids[1]) == nil)
            #expect(try await services.store.photosAwaitingReencoding(limit: 10).isEmpty)
            let actions = try await services.store.auditEvents(matching: AuditFilter(recordID: ids[1]), beforeSequence: nil, limit: 10).map(
                \.entry.action)
            #expect(actions.contains("photos.withhold"))
        }
    }
}
