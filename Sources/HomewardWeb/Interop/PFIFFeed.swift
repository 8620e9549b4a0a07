import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// `GET /pfif/1.4/persons`: the published posters as PFIF 1.4 person records, oldest change first,
/// for other people finders to import. A client syncs by asking again with `min_entry_date` (the
/// last record's entry date) and `skip` (how many records with that date it has already); the
/// `Link: rel="next"` header gives that address. Withdrawn posters appear as expired placeholders.
enum PFIFFeed {
    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.pfifPersons, anyone: .page, summary: "Published posters as PFIF 1.4 person records (public)",
                handler: persons)
        ]
    }

    @Sendable static func persons(_ request: Request, _ context: HomewardContext, _ services: AppServices) async throws -> Response {
        let query = request.uri.queryParameters
        var errors = FieldErrors()
        var since: Date?
        if let text = query.get("min_entry_date").map({ String($0) }), !text.isEmpty {
            since = Timestamp.parse(text.replacingOccurrences(of: "Z", with: ".000Z"))
            if since == nil { errors.add("min_entry_date", "Use a UTC time such as 2026-11-01T00:00:00Z.") }
        }
        let skip = query.get("skip").map { NumberKind.feedSkip.value(String($0)) } ?? 0
        let limit = query.get("max_results").map { NumberKind.feedMaxResults.value(String($0)) } ?? 100
        if skip == nil { errors.add("skip", NumberKind.feedSkip.hint) }
        if limit == nil { errors.add("max_results", NumberKind.feedMaxResults.hint) }
        try errors.throwIfAny()
        let posters = try await services.store.feedPosters(since: since, skip: skip ?? 0, limit: limit ?? 100)
        let base = services.configuration.publicBaseURL
        let records = posters.compactMap { poster in
            PFIF.person(
                poster, domain: services.configuration.pfifDomain, clearinghouse: services.configuration.clearinghouseName,
                photoURL: { base + Routes.publicPosterPhoto($0, 0) }, pageURL: { base + Routes.publicPoster($0) })
        }
        var response = PosterCache.revalidated(
            Array(PFIF.document(records).utf8), contentType: "application/xml; charset=utf-8", request: request)
        if let last = records.last, records.count == limit {
            let sameDate = records.filter { $0.entryDate == last.entryDate }.count
            let carried = since.map { Timestamp.formatSeconds($0) == Timestamp.formatSeconds(last.entryDate) } == true ? skip ?? 0 : 0
            response.headers[HTTPField.Name("Link")!] =
                "<\(base)\(Routes.pfifPersons.path)?min_entry_date=\(Timestamp.formatSeconds(last.entryDate))&skip=\(carried + sameDate)&max_results=\(limit ?? 100)>; rel=\"next\""
        }
        return response
    }
}
