import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func applyRetention(_ policy: RetentionPolicy, at instant: Date, batchSize: Int = 200) async throws -> RetentionOutcome {
        var outcome = RetentionOutcome()
        for kind in RetainedKind.allCases {
            guard let cutoff = policy.cutoff(for: kind, at: instant) else { continue }
            var total = 0
            while true {
                let done = try await engine.write { db in
                    try await Self.tombstoneBatch(
                        kind, before: stored(cutoff), at: instant, limit: batchSize, in: db, kind: self.engine.kind)
                }
                total += done
                if done < batchSize { break }
            }
            outcome.tombstoned[kind] = total
        }
        return outcome
    }

    /// Tombstones up to `limit` expired records of `kind` in one transaction; returns how many.
    static func tombstoneBatch(
        _ kind: RetainedKind, before cutoff: String, at instant: Date, limit: Int, in db: any SQLDatabase, kind engine: SQLEngineKind
    ) async throws -> Int {
        let now = stored(instant)
        // Each UPDATE is conditional on the record not being tombstoned yet, so of two instances
        // racing only one changes (and audits) a record.
        let ids: [String]
        switch kind {
        case .closedEpisodes:
            ids = try await db.raw(
                """
                UPDATE episodes SET personal_data_removed_at = \(bind: now),
                    last_seen_place = NULL, circumstances = '', clothing = NULL, possible_whereabouts = NULL,
                    vehicle_year = NULL, vehicle_make = NULL, vehicle_model = NULL, vehicle_color = NULL, vehicle_plate = NULL,
                    vehicle_plate_state = NULL, guardian_name = '', guardian_phone = '', guardian_email = NULL,
                    police_report_number = NULL, police_officer = NULL, police_badge = NULL, ncic_number = NULL
                WHERE id IN (
                    SELECT id FROM episodes WHERE status IN ('recovered', 'closed') AND updated_at < \(bind: cutoff)
                        AND personal_data_removed_at IS NULL
                    ORDER BY updated_at LIMIT \(literal: limit))
                AND personal_data_removed_at IS NULL
                RETURNING id
                """
            ).all().map { try $0.string("id") }
            guard !ids.isEmpty else { return 0 }
            try await db.raw("UPDATE episode_events SET note = NULL, reference = NULL WHERE episode_id IN (\(binds: ids))").run()
            // Who found the child is a person's name; how a report was made (a phone call, a
            // terminal) stays as proof of the clock.
            try await db.raw("UPDATE episode_events SET method = NULL WHERE kind = 'recovered' AND episode_id IN (\(binds: ids))").run()
            try await db.raw("UPDATE case_tasks SET note = NULL WHERE episode_id IN (\(binds: ids))").run()
            try await db.raw("UPDATE referrals SET note = '', decline_reason = '' WHERE episode_id IN (\(binds: ids))").run()
            try await db.raw("UPDATE posters SET narrative = '', public_json = NULL, photo_ids = '[]' WHERE episode_id IN (\(binds: ids))")
                .run()
            try await db.raw("DELETE FROM photos WHERE episode_id IN (\(binds: ids))").run()
            // A child's own details go when none of the child's episodes keeps them any more.
            let children = try await db.raw(
                """
                SELECT DISTINCT child_id FROM episodes WHERE id IN (\(binds: ids))
                AND NOT EXISTS (SELECT 1 FROM episodes other WHERE other.child_id = episodes.child_id AND other.personal_data_removed_at IS NULL)
                """
            ).all().map { try $0.string("child_id") }
            for child in children {
                let birth = try await db.raw("SELECT date_of_birth FROM children WHERE id = \(bind: child)").first()?.string(
                    "date_of_birth")
                let year = birth.flatMap(CivilDate.init(iso:)).map { Tombstone.birthDate(keepingYearOf: $0).iso }
                try await db.raw(
                    """
                    UPDATE children SET personal_data_removed_at = \(bind: now), first_name = '', middle_name = NULL, last_name = '',
                        date_of_birth = \(bind: year ?? birth ?? ""), marks = NULL, first_phonetic = '', last_phonetic = ''
                    WHERE id = \(bind: child)
                    """
                ).run()
                try await db.raw("DELETE FROM photos WHERE child_id = \(bind: child)").run()
            }
        case .tips:
            ids = try await db.raw(
                """
                UPDATE tips SET personal_data_removed_at = \(bind: now), seen = '', place = '', seen_when = '',
                    contact_name = '', contact_phone = '', contact_email = ''
                WHERE id IN (
                    SELECT id FROM tips WHERE submitted_at < \(bind: cutoff) AND personal_data_removed_at IS NULL
                    ORDER BY submitted_at LIMIT \(literal: limit))
                AND personal_data_removed_at IS NULL
                RETURNING id
                """
            ).all().map { try $0.string("id") }
        case .calls:
            ids = try await db.raw(
                """
                UPDATE calls SET personal_data_removed_at = \(bind: now), cad_incident = NULL
                WHERE id IN (
                    SELECT id FROM calls WHERE ended_at IS NOT NULL AND ended_at < \(bind: cutoff) AND personal_data_removed_at IS NULL
                    ORDER BY ended_at LIMIT \(literal: limit))
                AND personal_data_removed_at IS NULL
                RETURNING id
                """
            ).all().map { try $0.string("id") }
            guard !ids.isEmpty else { return 0 }
            // What the caller said goes; which questions were answered, and when, stays for QA.
            try await db.raw("UPDATE call_answers SET value = '' WHERE call_id IN (\(binds: ids))").run()
            try await db.raw("UPDATE police_cases SET report_number = NULL, ncic_number = NULL WHERE call_id IN (\(binds: ids))").run()
        case .drafts:
            ids = try await db.raw(
                """
                DELETE FROM report_drafts WHERE id IN (
                    SELECT id FROM report_drafts WHERE updated_at < \(bind: cutoff) ORDER BY updated_at LIMIT \(literal: limit))
                RETURNING id
                """
            ).all().map { try $0.string("id") }
        }
        let recordType: AuditRecordType =
            switch kind {
            case .closedEpisodes: .episode
            case .tips: .tip
            case .calls: .call
            case .drafts: .reportDraft
            }
        try await appendAudits(
            ids.map {
                AuditEntry(
                    occurredAt: instant, actorUserID: nil, actorOrganizationID: nil, action: .retentionPersonalDataRemoved,
                    recordType: recordType,
                    recordID: $0, detail: "retention period for \(kind.title) passed")
            }, in: db, kind: engine)
        return ids.count
    }
}
