import Foundation
import HomewardCore
import HomewardImaging
import Logging

/// Encodes anew, once, the photos stored before every upload was: they were cleaned by editing
/// segments, which can leave private data behind. Until a photo has been through this pass the store
/// does not show it. A photo that no longer decodes is withheld for good (its id is logged).
/// Safe on several instances at once: each photo is replaced by one idempotent update.
enum StoredPhotoReencoding {
    static func run(store: any DataStore, clock: any WallClock, logger: Logger) async throws {
        var replaced = 0
        var withheld = 0
        while true {
            let batch = try await store.photosAwaitingReencoding(limit: 20)
            if batch.isEmpty { break }
            for photo in batch {
                let reencoded = try? PhotoReencoder.reencode(photo.bytes, limits: PhotoLimits(maximumBytes: Int.max))
                if reencoded == nil {
                    withheld += 1
                    logger.warning("a stored photo does not decode and is withheld", metadata: ["photo_id": .string(photo.id)])
                } else {
                    replaced += 1
                }
                try await store.replaceStoredPhoto(
                    photo.id, with: reencoded.map { ($0.bytes, $0.contentType) },
                    audit: AuditEntry(
                        occurredAt: clock.now(), actorUserID: nil, actorOrganizationID: nil,
                        action: reencoded == nil ? .photosWithhold : .photosReencode, recordType: .photo, recordID: photo.id,
                        targetOrganizationID: nil, address: nil,
                        detail: reencoded.map { "\($0.bytes.count) bytes, encoded anew from \($0.width) × \($0.height) pixels" }
                            ?? "the stored bytes do not decode"))
            }
        }
        if replaced + withheld > 0 {
            logger.notice(
                "stored photos encoded anew",
                metadata: ["replaced": .stringConvertible(replaced), "withheld": .stringConvertible(withheld)])
        }
    }
}
