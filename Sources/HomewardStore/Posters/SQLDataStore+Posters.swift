import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func poster(ofEpisode episode: EpisodeID) async throws -> Poster? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM posters WHERE episode_id = \(bind: episode.rawValue)").first().map(Self.poster(from:))
        }
    }

    public func poster(slug: String) async throws -> Poster? {
        try await engine.readLagged { db in
            try await db.raw("SELECT * FROM posters WHERE slug = \(bind: slug)").first().map(Self.poster(from:))
        }
    }

    public func posterRevision(slug: String) async throws -> (status: PosterStatus, revision: Int)? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT status, revision FROM posters WHERE slug = \(bind: slug)").first() else { return nil }
            return (PosterStatus(rawValue: try row.string("status")) ?? .draft, try row.int("revision"))
        }
    }

    public func publishedPosters(state: String?, after cursor: PageCursor?, limit: Int) async throws -> [Poster] {
        let query = SweepQuery.publishedPosters(state: state, after: cursor, limit: limit)
        return try await engine.readLagged { db in try await db.raw(query).all().map(Self.poster(from:)) }
    }

    public func feedPosters(since: Date?, skip: Int, limit: Int) async throws -> [Poster] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT * FROM posters
                WHERE published_at IS NOT NULL AND status IN ('published', 'withdrawn')
                    AND (CASE WHEN status = 'withdrawn' THEN COALESCE(withdrawn_at, published_at) ELSE published_at END)
                        >= \(bind: since.map { Timestamp.format($0) } ?? "")
                ORDER BY (CASE WHEN status = 'withdrawn' THEN COALESCE(withdrawn_at, published_at) ELSE published_at END), id
                LIMIT \(bind: max(1, min(limit, 500))) OFFSET \(bind: max(0, skip))
                """
            ).all().map(Self.poster(from:))
        }
    }

    public func postersAwaitingApproval(limit: Int) async throws -> [Poster] {
        try await engine.read { db in
            try await db.raw(
                "SELECT * FROM posters WHERE pending_approval IS NOT NULL ORDER BY id LIMIT \(bind: max(1, min(limit, 500)))"
            ).all().map(Self.poster(from:)).sorted {
                ($0.pendingApproval?.requestedAt ?? $0.createdAt, $0.id) < ($1.pendingApproval?.requestedAt ?? $1.createdAt, $1.id)
            }
        }
    }

    public func savePoster(_ p: Poster, audit: AuditEntry) async throws {
        try await audited(audit) { db in try await Self.writePoster(p, in: db) }
    }

    /// Inserts or replaces the poster, bumping its revision.
    static func writePoster(_ p: Poster, in db: any SQLDatabase) async throws {
        let photos = try json(p.photoIDs)
        let guardian = try p.guardianConsent.map(json)
        let police = try p.policeConsent.map(json)
        let published = try p.published.map(json)
        let attestation = try p.attestation.map(json)
        let translations = p.translations.isEmpty ? nil : try json(p.translations)
        let publicFields = try p.publicFields.map(json)
        let pending = try p.pendingApproval.map(json)
        let approval = try p.approval.map(json)
        let editors = p.editors.isEmpty ? nil : try json(p.editors.map(\.rawValue))
        try await db.raw(
            """
            INSERT INTO posters (id, episode_id, slug, status, narrative, photo_ids, guardian_consent, police_consent, created_by,
                created_at, published_at, withdrawn_at, withdrawn_reason, revision, public_json, public_state, attestation, translations,
                public_fields, pending_approval, approval, editors)
            VALUES (\(bind: p.id), \(bind: p.episodeID.rawValue), \(bind: p.slug), \(bind: p.status.rawValue), \(bind: p.narrative),
                \(bind: photos), \(bind: guardian), \(bind: police), \(bind: p.createdBy.rawValue), \(bind: stored(p.createdAt)),
                \(bind: stored(p.publishedAt)), \(bind: stored(p.withdrawnAt)), \(bind: p.withdrawnReason), 1, \(bind: published),
                \(bind: p.published?.missingFromState), \(bind: attestation), \(bind: translations), \(bind: publicFields),
                \(bind: pending), \(bind: approval), \(bind: editors))
            ON CONFLICT (id) DO UPDATE SET status = excluded.status, narrative = excluded.narrative, photo_ids = excluded.photo_ids,
                guardian_consent = excluded.guardian_consent, police_consent = excluded.police_consent,
                published_at = excluded.published_at, withdrawn_at = excluded.withdrawn_at,
                withdrawn_reason = excluded.withdrawn_reason, revision = posters.revision + 1, public_json = excluded.public_json,
                public_state = excluded.public_state, attestation = excluded.attestation, translations = excluded.translations,
                public_fields = excluded.public_fields, pending_approval = excluded.pending_approval, approval = excluded.approval,
                editors = excluded.editors
            """
        ).run()
    }

    static func poster(from row: any SQLRow) throws -> Poster {
        func decode<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
            guard let text = try row.optionalString(column) else { return nil }
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        }
        var poster = Poster(
            id: try row.string("id"), episodeID: EpisodeID(try row.string("episode_id")), slug: try row.string("slug"),
            status: PosterStatus(rawValue: try row.string("status")) ?? .draft, narrative: try row.string("narrative"),
            photoIDs: try decode([String].self, "photo_ids") ?? [], guardianConsent: try decode(PosterConsent.self, "guardian_consent"),
            policeConsent: try decode(PosterConsent.self, "police_consent"), createdBy: UserID(try row.string("created_by")),
            createdAt: try row.date("created_at"), publishedAt: try row.optionalDate("published_at"),
            withdrawnAt: try row.optionalDate("withdrawn_at"), withdrawnReason: try row.optionalString("withdrawn_reason"),
            revision: try row.int("revision"), published: try decode(PublicPoster.self, "public_json"),
            attestation: try decode(PublicationAttestation.self, "attestation"))
        if row.contains(column: "translations") { poster.translations = try decode([String: String].self, "translations") ?? [:] }
        if row.contains(column: "public_fields") {
            poster.publicFields = try decode(PosterPublicFields.self, "public_fields")
            poster.pendingApproval = try decode(PosterApprovalRequest.self, "pending_approval")
            poster.approval = try decode(PosterApproval.self, "approval")
            poster.editors = (try decode([String].self, "editors") ?? []).map { UserID($0) }
        }
        return poster
    }
}
