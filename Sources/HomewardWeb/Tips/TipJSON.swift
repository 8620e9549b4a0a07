import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// A tip as the API gives it to the investigating agency and to clearinghouse case staff.
enum TipRepresentation {
    struct TipJSON: Codable, Sendable, APISchema {
        static let schemaName = "Tip"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["submittedAt": .dateTime, "acknowledgeBy": .dateTime, "receivedAt": .dateTime])
        }

        var id: String
        var episodeId: String
        var seen: String
        var place: String
        var when: String
        var contactName: String
        var contactPhone: String
        var contactEmail: String
        var submittedAt: String
        var acknowledgeBy: String
        var receivedAt: String?
        var actionable: Bool?
    }

    struct TipPageJSON: Codable, Sendable, APISchema {
        static let schemaName = "TipList"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["nextCursor": .described("Pass as `cursor` for the next page; absent on the last page.")])
        }

        var items: [TipJSON]
        var nextCursor: String?
    }

    static func json(_ t: Tip) -> TipJSON {
        TipJSON(
            id: t.id, episodeId: t.episodeID.rawValue, seen: t.submission.seen, place: t.submission.place, when: t.submission.when,
            contactName: t.submission.contactName, contactPhone: t.submission.contactPhone, contactEmail: t.submission.contactEmail,
            submittedAt: Timestamp.format(t.submittedAt), acknowledgeBy: Timestamp.format(t.acknowledgeBy),
            receivedAt: t.receivedAt.map(Timestamp.format), actionable: t.actionable)
    }
}
