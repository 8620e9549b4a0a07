import Foundation
import HTTPTypes
import HomewardCore
import HomewardImaging
import Hummingbird

/// Photos of a child, uploaded to a case. Every one is decoded and encoded anew from its pixels on
/// arrival, so only the picture is kept.
enum PhotoPages {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .post, Routes.episodePhotos, allowing: .workCase, .page, scope: .episode,
                summary: "Upload a photo of the child", handler: upload),
            Endpoint(
                .get, Routes.episodePhoto, allowing: .viewEpisode, .page, scope: .episode,
                summary: "A photo of the child",
                auditedRead: .init(action: .photoView, recordType: .episode), handler: show),
        ]
    }

    @Sendable static func upload(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        var request = request
        // Photos may be larger than ordinary forms: the limit is the photo's own plus room for fields.
        let form = try await MultipartForm.read(
            &request, limit: max(services.configuration.maxBodyBytes, PhotoLimits.standard.maximumBytes + 65_536))
        do {
            guard let file = form.file("photo"), !file.data.isEmpty else {
                throw HomewardError.invalid("photo", StaffText.text("staff.photo.chooseAPhotoTo"))
            }
            let clean = try PhotoReencoder.reencode(file.data)
            let photo = ChildPhoto(
                id: services.ids.next(), childID: record.child.id, episodeID: record.episode.id, contentType: clean.contentType,
                bytes: clean.bytes,
                uploadedBy: context.user.id, uploadedAt: services.clock.now())
            try await services.store.addPhoto(
                photo,
                audit: services.auditEntry(
                    context, action: .photosAdd, recordType: .photo, recordID: photo.id, organization: record.episode.organizationID,
                    detail: "\(clean.bytes.count) bytes, encoded anew from \(clean.width) × \(clean.height) pixels"))
        } catch HomewardError.invalid(let errors) {
            return try services.views.page(
                "episode", try await EpisodeView.detailModel(record, context: context, services: services, workErrors: errors),
                status: .unprocessableContent)
        }
        return CaseOutcome.photo.redirect(to: Routes.episode(record.episode.id))
    }

    @Sendable static func show(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        guard let photo = try await services.store.photo(context.parameters.get(.photo) ?? ""), photo.childID == record.child.id else {
            throw HomewardError.notFound("photo")
        }
        return FileResponse.file(photo.bytes, contentType: photo.contentType, fileName: nil)
    }
}
