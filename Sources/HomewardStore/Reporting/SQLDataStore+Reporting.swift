import Foundation
import HomewardCore
import Logging
import SQLKit

extension SQLDataStore {
    public func fileReport(_ filing: FilingRequest) async throws -> MissingEpisode {
        let organization = filing.report.episode.organizationID
        if let key = filing.idempotencyKey, let earlier = try await episodeFiled(withKey: key, by: organization) {
            return earlier
        }
        do {
            return try await fileNew([filing])[0]
        } catch HomewardError.conflict where filing.idempotencyKey != nil {
            // A retry raced the first request; the first one won and its episode is the answer.
            if let earlier = try await episodeFiled(withKey: filing.idempotencyKey!, by: organization) { return earlier }
            throw HomewardError.conflict("The report could not be filed; try again.")
        }
    }

    public func fileReports(_ filings: [FilingRequest]) async throws -> [MissingEpisode] {
        var answers: [MissingEpisode?] = []
        for filing in filings {
            if let key = filing.idempotencyKey {
                answers.append(try await episodeFiled(withKey: key, by: filing.report.episode.organizationID))
            } else {
                answers.append(nil)
            }
        }
        let fresh = filings.indices.filter { answers[$0] == nil }
        for (index, episode) in zip(fresh, try await fileNew(fresh.map { filings[$0] })) { answers[index] = episode }
        return answers.map { $0! }
    }

    public func episode(filedWith key: IdempotencyKey, by organization: OrganizationID) async throws -> MissingEpisode? {
        try await episodeFiled(withKey: key, by: organization)
    }

    private func episodeFiled(withKey key: IdempotencyKey, by organization: OrganizationID) async throws -> MissingEpisode? {
        try await engine.read { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT resource_id, request_digest FROM idempotency_keys
                    WHERE organization_id = \(bind: organization.rawValue) AND operation = 'episodes.create' AND key = \(bind: key.key)
                    """
                ).first()
            else { return nil }
            let digest = try row.string("request_digest")
            if !digest.isEmpty && !key.requestDigest.isEmpty && digest != key.requestDigest { throw IdempotencyKey.reusedWithOtherContent }
            return try await db.raw("SELECT * FROM episodes WHERE id = \(bind: try row.string("resource_id"))").first().map(
                self.episode(from:))
        }
    }

    /// The open (or located, not yet recovered) cases of `organization`'s children born on `date`.
    static func openCases(bornOn date: CivilDate, of organization: OrganizationID, in db: any SQLDatabase) async throws
        -> [OpenCaseOfSameChild]
    {
        try await db.raw(
            """
            SELECT e.id, e.case_number, c.first_name, c.last_name FROM children c JOIN episodes e ON e.child_id = c.id
            WHERE c.organization_id = \(bind: organization.rawValue) AND c.date_of_birth = \(bind: date.iso)
                AND e.status IN ('open', 'located')
            ORDER BY e.created_at
            """
        ).all().map { row in
            OpenCaseOfSameChild(
                episodeID: EpisodeID(try row.string("id")), caseNumber: try row.optionalString("case_number"),
                firstName: try row.string("first_name"), lastName: try row.string("last_name"))
        }
    }

    /// Files new reports in one transaction: each child, episode (with the next case number of its
    /// year), first events, schedule, photo and idempotency key, then every audit event in order.
    private func fileNew(_ filings: [FilingRequest]) async throws -> [MissingEpisode] {
        guard !filings.isEmpty else { return [] }
        let kind = engine.kind
        do {
            return try await engine.write { db in
                var filed: [MissingEpisode] = []
                var audits: [AuditEntry] = []
                for filing in filings {
                    let (episode, noted) = try await self.insertNew(filing, in: db)
                    filed.append(episode)
                    audits.append(filing.audit)
                    audits += noted
                    if filing.report.photo != nil, let photoAudit = filing.photoAudit { audits.append(photoAudit) }
                }
                try await Self.appendAudits(audits, in: db, kind: kind)
                return filed
            }
        } catch let error where Self.isUniqueViolation(error) {
            throw HomewardError.conflict("A record with the same unique value already exists.")
        }
    }

    /// Inserts one report; returns the episode and the audit events of the open cases it was noted
    /// on (a supervisor-approved second open case).
    private func insertNew(_ filing: FilingRequest, in db: any SQLDatabase) async throws -> (MissingEpisode, [AuditEntry]) {
        let (child, episode, events) = (filing.report.child, filing.report.episode, filing.report.events)
        // A new record for a child who looks like one with an open case: refused here, inside the
        // transaction, so two reports filed at once cannot both slip past the check.
        var sameChild: [OpenCaseOfSameChild] = []
        if filing.report.childIsNew {
            let open = try await Self.openCases(bornOn: child.dateOfBirth, of: episode.organizationID, in: db)
            if let problem = SecondOpenCaseRule.problem(
                firstName: child.firstName, lastName: child.lastName, open: open, override: filing.report.secondOpenCase)
            {
                throw problem
            }
            sameChild = open.filter { SecondOpenCaseRule.sameNames(firstName: child.firstName, lastName: child.lastName, as: $0) }
        }
        if filing.report.childIsNew {
            try await self.insertChild(child, in: db)
        } else {
            // A confirmed repeat: the child's latest description replaces the earlier one.
            try await self.updateChild(child, in: db)
        }
        var filed = episode
        // Case numbers run per year without gaps: the counter row is locked by the update until the
        // transaction ends, so two instances never hand out the same number.
        let year = Self.utcYear(episode.receivedAt)
        let counter = "case-number-\(year)"
        try await db.raw("INSERT INTO counters (name, value) VALUES (\(bind: counter), 0) ON CONFLICT (name) DO NOTHING").run()
        let next =
            try await db.raw("UPDATE counters SET value = value + 1 WHERE name = \(bind: counter) RETURNING value").first()?.int("value")
            ?? 1
        filed.caseNumber = String(format: "HW-%04d-%06d", year, next)
        let filedEvents = events.map { event in
            var event = event
            if event.kind == .reportedToClearinghouse && (event.reference ?? "").isEmpty { event.reference = filed.caseNumber }
            return event
        }
        // A new episode has no escalations yet: its schedule follows from what is filed, and is
        // written with it, as is the time of its last change.
        let rules = try await appliedRules(filed.rulesID, in: db)
        try await insertEpisode(
            filed, schedule: EpisodeSchedule.derive(rules.definitions, episode: filed, events: filedEvents, escalated: []),
            updatedAt: ([filed.submittedAt ?? filed.createdAt] + filedEvents.map(\.recordedAt)).max()!, in: db)
        for event in filedEvents { try await insertEvent(event, touchingEpisode: false, in: db) }
        var noted: [AuditEntry] = []
        if let override = filing.report.secondOpenCase, let number = filed.caseNumber, !sameChild.isEmpty {
            var counter = 0
            let entries = SecondOpenCaseRule.events(
                newEpisode: filed.id, newCaseNumber: number, open: sameChild, override: override, organization: filed.organizationID,
                at: filed.createdAt,
                newID: {
                    counter += 1
                    return "\(filed.id.rawValue)-second-open-case-\(counter)"
                })
            for entry in entries { try await insertEvent(entry, touchingEpisode: entry.episodeID != filed.id, in: db) }
            for open in sameChild {
                var audit = filing.audit
                audit.action = "episodes.second_open_case"
                audit.recordID = open.episodeID.rawValue
                audit.detail = "beside \(number)"
                noted.append(audit)
            }
        }
        if let photo = filing.report.photo { try await Self.insertPhoto(photo, in: db) }
        if let draftID = filing.deletingDraft {
            try await db.raw("DELETE FROM report_drafts WHERE id = \(bind: draftID)").run()
        }
        if let key = filing.idempotencyKey {
            try await db.raw(
                """
                INSERT INTO idempotency_keys (organization_id, operation, key, resource_id, created_at, request_digest)
                VALUES (\(bind: episode.organizationID.rawValue), 'episodes.create', \(bind: key.key), \(bind: episode.id.rawValue),
                    \(bind: stored(episode.createdAt)), \(bind: key.requestDigest))
                """
            ).run()
        }
        return (filed, noted)
    }

    static func utcYear(_ instant: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone.utc
        return calendar.component(.year, from: instant)
    }

    /// Imports children with one episode each, as they stand in another system (case numbers
    /// included), in one transaction with one audit entry for the batch.
    public func importReports(_ reports: [(child: Child, episode: MissingEpisode)], audit: AuditEntry) async throws {
        try await audited(audit) { db in
            for report in reports {
                try await self.insertChild(report.child, in: db)
                let rules = try await self.appliedRules(report.episode.rulesID, in: db)
                try await self.insertEpisode(
                    report.episode,
                    schedule: EpisodeSchedule.derive(rules.definitions, episode: report.episode, events: [], escalated: []),
                    updatedAt: report.episode.submittedAt ?? report.episode.createdAt, in: db)
            }
        }
    }

    public func child(_ id: ChildID) async throws -> Child? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM children WHERE id = \(bind: id.rawValue)").first().map(self.child(from:))
        }
    }

    public func episode(_ id: EpisodeID) async throws -> MissingEpisode? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM episodes WHERE id = \(bind: id.rawValue)").first().map(self.episode(from:))
        }
    }

    public func episodeRecord(_ id: EpisodeID) async throws -> EpisodeRecord? {
        try await engine.read { db in
            guard let row = try await db.raw("SELECT * FROM episodes WHERE id = \(bind: id.rawValue)").first() else { return nil }
            return try await self.records(from: [row], in: db).first
        }
    }

    public func episodeRecords(matching filter: EpisodeFilter) async throws -> [EpisodeRecord] {
        let query = SweepQuery.episodes(filter)
        return try await engine.readLagged { db in try await self.records(from: try await db.raw(query).all(), in: db) }
    }

    public func episodes(ofChild child: ChildID) async throws -> [MissingEpisode] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM episodes WHERE child_id = \(bind: child.rawValue) ORDER BY received_at, id").all()
                .map(self.episode(from:))
        }
    }

    public func appendEvent(
        _ event: EpisodeEvent, updating episode: MissingEpisode?, opening tasks: [CaseTask], saving poster: Poster?, audit: AuditEntry
    ) async throws {
        try await audited(audit) { db in
            try await self.insertEvent(event, in: db)
            if let episode { try await self.updateEpisode(episode, at: event.recordedAt, in: db) }
            // The schedule follows the episode and the events that start or close a clock; a note
            // or a sighting leaves it as it is.
            if episode != nil || self.startsOrClosesAClock(event.kind) { try await self.refreshSchedule(event.episodeID, in: db) }
            if let poster { try await Self.writePoster(poster, in: db) }
            for task in tasks {
                try await db.raw(
                    """
                    INSERT INTO case_tasks (id, episode_id, kind, due_at, completed_at, completed_by, note)
                    VALUES (\(bind: task.id), \(bind: task.episodeID.rawValue), \(bind: task.kind.rawValue), \(bind: stored(task.dueAt)),
                        \(bind: stored(task.completedAt)), \(bind: task.completedBy?.rawValue), \(bind: self.sealed(task.note, "case_tasks.note")))
                    """
                ).run()
            }
        }
    }

    public func tasks(of episode: EpisodeID) async throws -> [CaseTask] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM case_tasks WHERE episode_id = \(bind: episode.rawValue) ORDER BY due_at, kind, id").all().map {
                row in
                guard let kind = CaseTaskKind(rawValue: try row.string("kind")) else { throw StoreError.corruptRow("case_tasks.kind") }
                return CaseTask(
                    id: try row.string("id"), episodeID: EpisodeID(try row.string("episode_id")), kind: kind, dueAt: try row.date("due_at"),
                    completedAt: try row.optionalDate("completed_at"),
                    completedBy: try row.optionalString("completed_by").map(UserID.init(rawValue:)),
                    note: try self.opened(try row.optionalString("note"), "case_tasks.note"))
            }
        }
    }

    public func completeTask(_ id: String, by user: UserID, at instant: Date, note: String?, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await db.raw(
                """
                UPDATE case_tasks SET completed_at = \(bind: stored(instant)), completed_by = \(bind: user.rawValue), note = \(bind: self.sealed(note, "case_tasks.note"))
                WHERE id = \(bind: id) AND completed_at IS NULL
                """
            ).run()
        }
    }

    public func updateReport(child: Child, episode: MissingEpisode, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            try await self.updateChild(child, in: db)
            try await self.updateEpisode(episode, at: audit.occurredAt, in: db)
            try await self.refreshSchedule(episode.id, in: db)
        }
    }

    public func handOverInvestigation(_ handOver: InvestigationHandOver, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            let episode = handOver.episode
            try await self.updateEpisode(episode, at: audit.occurredAt, in: db)
            try await db.raw(
                """
                UPDATE tips SET investigating_organization_id = \(bind: episode.police.organizationID?.rawValue)
                WHERE episode_id = \(bind: episode.id.rawValue)
                """
            ).run()
            let waiting = handOver.tips.filter { $0.receivedAt == nil }
            let deliveries: [SQLQueryString] = waiting.flatMap { tip in
                Set(handOver.recipients).sorted { $0.rawValue < $1.rawValue }.map {
                    "(\(bind: tip.id), \(bind: $0.rawValue), \(bind: stored(audit.occurredAt)))"
                }
            }
            for chunk in stride(from: 0, to: deliveries.count, by: 300).map({ Array(deliveries[$0..<min($0 + 300, deliveries.count)]) }) {
                try await db.raw(
                    """
                    INSERT INTO tip_deliveries (tip_id, recipient_id, delivered_at) VALUES \(chunk.joined(separator: ", "))
                    ON CONFLICT (tip_id, recipient_id) DO NOTHING
                    """
                ).run()
            }
            // Cached tip routes on every instance are keyed by the poster's revision.
            try await db.raw("UPDATE posters SET revision = revision + 1 WHERE episode_id = \(bind: episode.id.rawValue)").run()
            try await self.refreshSchedule(episode.id, in: db)
        }
    }

    public func addPhoto(_ photo: ChildPhoto, audit: AuditEntry) async throws {
        try await audited(audit) { db in try await Self.insertPhoto(photo, in: db) }
    }

    /// Stores a photo encoded anew from its pixels.
    static func insertPhoto(_ photo: ChildPhoto, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO photos (id, child_id, episode_id, content_type, bytes, byte_count, uploaded_by, uploaded_at, pixel_encoding)
            VALUES (\(bind: photo.id), \(bind: photo.childID.rawValue), \(bind: photo.episodeID?.rawValue), \(bind: photo.contentType),
                \(bind: photo.bytes), \(bind: Int64(photo.bytes.count)), \(bind: photo.uploadedBy.rawValue), \(bind: stored(photo.uploadedAt)),
                \(literal: PhotoEncoding.reencoded))
            """
        ).run()
    }

    public func photos(of child: ChildID) async throws -> [ChildPhoto] {
        try await engine.read { db in
            try await db.raw(
                """
                SELECT id, child_id, episode_id, content_type, uploaded_by, uploaded_at FROM photos
                WHERE child_id = \(bind: child.rawValue) AND pixel_encoding = \(literal: PhotoEncoding.reencoded) ORDER BY uploaded_at DESC, id
                """
            ).all().map { try Self.photo(from: $0, bytes: Data()) }
        }
    }

    public func photo(_ id: String) async throws -> ChildPhoto? {
        try await engine.read { db in
            guard
                let row = try await db.raw(
                    "SELECT * FROM photos WHERE id = \(bind: id) AND pixel_encoding = \(literal: PhotoEncoding.reencoded)"
                ).first()
            else { return nil }
            return try Self.photo(from: row, bytes: try row.decode(column: "bytes", as: Data.self))
        }
    }

    public func photosAwaitingReencoding(limit: Int) async throws -> [ChildPhoto] {
        try await engine.read { db in
            try await db.raw(
                "SELECT * FROM photos WHERE pixel_encoding = \(literal: PhotoEncoding.asUploaded) ORDER BY id LIMIT \(literal: max(1, limit))"
            ).all().map { try Self.photo(from: $0, bytes: try $0.decode(column: "bytes", as: Data.self)) }
        }
    }

    public func replaceStoredPhoto(_ id: String, with reencoded: (bytes: Data, contentType: String)?, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            if let reencoded {
                try await db.raw(
                    """
                    UPDATE photos SET bytes = \(bind: reencoded.bytes), byte_count = \(bind: Int64(reencoded.bytes.count)),
                        content_type = \(bind: reencoded.contentType), pixel_encoding = \(literal: PhotoEncoding.reencoded)
                    WHERE id = \(bind: id)
                    """
                ).run()
            } else {
                try await db.raw("UPDATE photos SET pixel_encoding = \(literal: PhotoEncoding.withheld) WHERE id = \(bind: id)").run()
            }
        }
    }

    static func photo(from row: any SQLRow, bytes: Data) throws -> ChildPhoto {
        ChildPhoto(
            id: try row.string("id"), childID: ChildID(try row.string("child_id")),
            episodeID: try row.optionalString("episode_id").map(EpisodeID.init(rawValue:)), contentType: try row.string("content_type"),
            bytes: bytes, uploadedBy: UserID(try row.string("uploaded_by")), uploadedAt: try row.date("uploaded_at"))
    }

    public func saveDraft(_ draft: ReportDraft) async throws {
        let fields = String(decoding: try JSONEncoder().encode(draft.fields), as: UTF8.self)
        try await engine.write { db in
            try await db.raw("DELETE FROM report_drafts WHERE id = \(bind: draft.id)").run()
            try await db.raw(
                """
                INSERT INTO report_drafts (id, organization_id, created_by, updated_at, fields)
                VALUES (\(bind: draft.id), \(bind: draft.organizationID.rawValue), \(bind: draft.createdBy.rawValue),
                    \(bind: stored(draft.updatedAt)), \(bind: fields))
                """
            ).run()
        }
    }

    public func draft(_ id: String) async throws -> ReportDraft? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM report_drafts WHERE id = \(bind: id)").first().map(Self.draft(from:))
        }
    }

    public func drafts(in organization: OrganizationID) async throws -> [ReportDraft] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM report_drafts WHERE organization_id = \(bind: organization.rawValue) ORDER BY updated_at DESC")
                .all().map(Self.draft(from:))
        }
    }

    public func deleteDraft(_ id: String) async throws {
        try await engine.write { db in try await db.raw("DELETE FROM report_drafts WHERE id = \(bind: id)").run() }
    }

    // MARK: Rows

    func insertChild(_ c: Child, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO children (id, organization_id, first_name, middle_name, last_name, date_of_birth, sex, race, height_inches,
                weight_pounds, eye_color, hair_color, marks, tribal_affiliation, first_phonetic, last_phonetic, created_at)
            VALUES (\(bind: c.id.rawValue), \(bind: c.organizationID.rawValue), \(bind: c.firstName), \(bind: c.middleName),
                \(bind: c.lastName), \(bind: c.dateOfBirth.iso), \(bind: c.sex.rawValue), \(bind: c.race), \(bind: Int64(c.heightInches)),
                \(bind: Int64(c.weightPounds)), \(bind: c.eyeColor), \(bind: c.hairColor), \(bind: c.marks), \(bind: sealed(c.tribalAffiliation, "children.tribal_affiliation")),
                \(bind: NameMatching.soundex(c.firstName)), \(bind: NameMatching.soundex(c.lastName)), \(bind: stored(c.createdAt)))
            """
        ).run()
    }

    func updateChild(_ c: Child, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE children SET first_name = \(bind: c.firstName), middle_name = \(bind: c.middleName), last_name = \(bind: c.lastName),
                date_of_birth = \(bind: c.dateOfBirth.iso), sex = \(bind: c.sex.rawValue), race = \(bind: c.race),
                height_inches = \(bind: Int64(c.heightInches)), weight_pounds = \(bind: Int64(c.weightPounds)), eye_color = \(bind: c.eyeColor),
                hair_color = \(bind: c.hairColor), marks = \(bind: c.marks), tribal_affiliation = \(bind: sealed(c.tribalAffiliation, "children.tribal_affiliation")), first_phonetic = \(bind: NameMatching.soundex(c.firstName)),
                last_phonetic = \(bind: NameMatching.soundex(c.lastName))
            WHERE id = \(bind: c.id.rawValue)
            """
        ).run()
    }

    /// Inserts a new episode with its schedule and the time of its last change.
    func insertEpisode(_ e: MissingEpisode, schedule s: EpisodeSchedule, updatedAt: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO episodes (id, child_id, organization_id, status, case_number, received_at, last_seen_at, last_seen_city,
                last_seen_state, last_seen_place, circumstances, endangerments, clothing, possible_whereabouts, vehicle_year, vehicle_make,
                vehicle_model, vehicle_color, vehicle_plate, vehicle_plate_state, guardian_name, guardian_agency, guardian_phone,
                guardian_email, police_organization_id, police_name, police_ori, police_phone, police_report_number, police_officer,
                police_badge, ncic_number, case_type, case_manager_id, created_by, created_at, submitted_at, updated_at,
                next_check_at, attention_from, open_deadline_at, queue_key, rules_id)
            VALUES (\(bind: e.id.rawValue), \(bind: e.childID.rawValue), \(bind: e.organizationID.rawValue), \(bind: e.status.rawValue),
                \(bind: e.caseNumber), \(bind: stored(e.receivedAt)), \(bind: stored(e.lastSeenAt)), \(bind: e.lastSeenCity),
                \(bind: e.lastSeenState), \(bind: e.lastSeenPlace), \(bind: sealed(e.circumstances, "episodes.circumstances")), \(bind: Self.endangermentText(e.endangerments)),
                \(bind: e.clothing), \(bind: e.possibleWhereabouts), \(bind: e.vehicle?.year), \(bind: e.vehicle?.make),
                \(bind: e.vehicle?.model), \(bind: e.vehicle?.color), \(bind: e.vehicle?.plate), \(bind: e.vehicle?.plateState),
                \(bind: e.guardian.name), \(bind: e.guardian.agency), \(bind: e.guardian.phone), \(bind: e.guardian.email),
                \(bind: e.police.organizationID?.rawValue), \(bind: e.police.name), \(bind: e.police.ori), \(bind: e.police.phone),
                \(bind: e.police.reportNumber), \(bind: e.police.officerName), \(bind: e.police.badge), \(bind: e.ncicNumber),
                \(bind: e.caseType.rawValue), \(bind: e.caseManagerID?.rawValue), \(bind: e.createdBy.rawValue),
                \(bind: stored(e.createdAt)), \(bind: stored(e.submittedAt)), \(bind: stored(updatedAt)),
                \(bind: stored(s.nextCheckAt)), \(bind: stored(s.attentionFrom)), \(bind: stored(s.openDeadline)), \(bind: s.queueKey),
                \(bind: e.rulesID))
            """
        ).run()
    }

    func updateEpisode(_ e: MissingEpisode, at instant: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE episodes SET status = \(bind: e.status.rawValue), last_seen_at = \(bind: stored(e.lastSeenAt)),
                last_seen_city = \(bind: e.lastSeenCity), last_seen_state = \(bind: e.lastSeenState), last_seen_place = \(bind: e.lastSeenPlace),
                circumstances = \(bind: sealed(e.circumstances, "episodes.circumstances")), endangerments = \(bind: Self.endangermentText(e.endangerments)),
                clothing = \(bind: e.clothing), possible_whereabouts = \(bind: e.possibleWhereabouts), vehicle_year = \(bind: e.vehicle?.year),
                vehicle_make = \(bind: e.vehicle?.make), vehicle_model = \(bind: e.vehicle?.model), vehicle_color = \(bind: e.vehicle?.color),
                vehicle_plate = \(bind: e.vehicle?.plate), vehicle_plate_state = \(bind: e.vehicle?.plateState),
                guardian_name = \(bind: e.guardian.name), guardian_agency = \(bind: e.guardian.agency), guardian_phone = \(bind: e.guardian.phone),
                guardian_email = \(bind: e.guardian.email), police_organization_id = \(bind: e.police.organizationID?.rawValue),
                police_name = \(bind: e.police.name), police_ori = \(bind: e.police.ori), police_phone = \(bind: e.police.phone),
                police_report_number = \(bind: e.police.reportNumber), police_officer = \(bind: e.police.officerName),
                police_badge = \(bind: e.police.badge), ncic_number = \(bind: e.ncicNumber), case_type = \(bind: e.caseType.rawValue),
                case_manager_id = \(bind: e.caseManagerID?.rawValue), updated_at = \(bind: stored(instant))
            WHERE id = \(bind: e.id.rawValue)
            """
        ).run()
    }

    /// Appends an event; unless `touchingEpisode` is false (a new episode written with its last
    /// change already), the episode's last change moves to the event's.
    func insertEvent(_ v: EpisodeEvent, touchingEpisode: Bool = true, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO episode_events (id, episode_id, kind, occurred_at, recorded_at, recorded_by, recorded_by_organization, method,
                reference, note)
            VALUES (\(bind: v.id.rawValue), \(bind: v.episodeID.rawValue), \(bind: v.kind.rawValue), \(bind: stored(v.occurredAt)),
                \(bind: stored(v.recordedAt)), \(bind: v.recordedBy.rawValue), \(bind: v.recordedByOrganization.rawValue), \(bind: v.method),
                \(bind: v.reference), \(bind: sealed(v.note, "episode_events.note")))
            """
        ).run()
        // The timeline changed: so did the episode, for those who sync by the last change.
        guard touchingEpisode else { return }
        try await db.raw(
            """
            UPDATE episodes SET updated_at = \(bind: stored(v.recordedAt))
            WHERE id = \(bind: v.episodeID.rawValue) AND (updated_at IS NULL OR updated_at < \(bind: stored(v.recordedAt)))
            """
        ).run()
    }

    static func endangermentText(_ set: Set<Endangerment>) -> String {
        set.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// Records for episode rows, with children and events read in two queries.
    /// The records of `rows` with their children and events. A row that cannot be read (an episode,
    /// its child or one of its events) leaves that one record out, logged by id, and the rest are
    /// returned: one damaged record must not stop every list and the escalation of every clock.
    func records(from rows: [any SQLRow], in db: any SQLDatabase) async throws -> [EpisodeRecord] {
        var episodes: [MissingEpisode] = []
        for row in rows {
            do {
                episodes.append(try episode(from: row))
            } catch {
                Self.skipUnreadable("episode", id: try? row.string("id"), error)
            }
        }
        guard !episodes.isEmpty else { return [] }
        var children: [ChildID: Child] = [:]
        var events: [EpisodeID: [EpisodeEvent]] = [:]
        var damaged = Set<EpisodeID>()
        let childIDs = Array(Set(episodes.map(\.childID.rawValue)))
        let episodeIDs = episodes.map(\.id.rawValue)
        for chunk in stride(from: 0, to: childIDs.count, by: 500).map({ Array(childIDs[$0..<min($0 + 500, childIDs.count)]) }) {
            for row in try await db.raw("SELECT * FROM children WHERE id IN (\(binds: chunk))").all() {
                do {
                    let child = try self.child(from: row)
                    children[child.id] = child
                } catch {
                    Self.skipUnreadable("child", id: try? row.string("id"), error)
                }
            }
        }
        for chunk in stride(from: 0, to: episodeIDs.count, by: 500).map({ Array(episodeIDs[$0..<min($0 + 500, episodeIDs.count)]) }) {
            for row in try await db.raw(
                "SELECT * FROM episode_events WHERE episode_id IN (\(binds: chunk)) ORDER BY occurred_at, recorded_at, id"
            ).all() {
                do {
                    let event = try self.event(from: row)
                    events[event.episodeID, default: []].append(event)
                } catch {
                    // Clocks derive from every event: without one, the record would tell a wrong story.
                    if let episodeID = try? row.string("episode_id") { damaged.insert(EpisodeID(episodeID)) }
                    Self.skipUnreadable("episode event", id: try? row.string("id"), error)
                }
            }
        }
        for (episode, proofs) in try await linkedProofEvents(of: episodeIDs, in: db) {
            events[episode] = Self.timeline(events[episode] ?? [], proofs)
        }
        var rules: [String: AppliedRules] = [:]
        for id in Set(episodes.compactMap(\.rulesID)) { rules[id] = try await appliedRules(id, in: db) }
        let federal = AppliedRules(nil, federal: clockDefinitions)
        return episodes.compactMap { episode in
            guard let child = children[episode.childID], !damaged.contains(episode.id) else { return nil }
            return EpisodeRecord(
                episode: episode, child: child, events: events[episode.id] ?? [], rules: episode.rulesID.flatMap { rules[$0] } ?? federal)
        }
    }

    static func skipUnreadable(_ kind: String, id: String?, _ error: any Error) {
        storeLogger.error(
            "an unreadable row was left out of a list",
            metadata: [
                "record_type": .string(kind), "record_id": .string(id ?? "unknown"),
                "error_type": .string(String(reflecting: type(of: error))),
            ])
    }

    func child(from row: any SQLRow) throws -> Child {
        guard let dob = CivilDate(iso: try row.string("date_of_birth")), let sex = Sex(rawValue: try row.string("sex")) else {
            throw StoreError.corruptRow("children")
        }
        var child = Child(
            id: ChildID(try row.string("id")), organizationID: OrganizationID(try row.string("organization_id")),
            firstName: try row.string("first_name"), middleName: try row.optionalString("middle_name"),
            lastName: try row.string("last_name"),
            dateOfBirth: dob, sex: sex, race: try row.optionalString("race"), heightInches: try row.int("height_inches"),
            weightPounds: try row.int("weight_pounds"), eyeColor: try row.optionalString("eye_color"),
            hairColor: try row.optionalString("hair_color"), marks: try row.optionalString("marks"), createdAt: try row.date("created_at"))
        if row.contains(column: "tribal_affiliation") {
            child.tribalAffiliation = try opened(try row.optionalString("tribal_affiliation"), "children.tribal_affiliation")
        }
        return child
    }

    func episode(from row: any SQLRow) throws -> MissingEpisode {
        guard let status = EpisodeStatus(rawValue: try row.string("status")), let caseType = CaseType(rawValue: try row.string("case_type"))
        else { throw StoreError.corruptRow("episodes") }
        let endangerments = Set(try row.string("endangerments").split(separator: ",").compactMap { Endangerment(rawValue: String($0)) })
        let vehicleFields = try ["vehicle_year", "vehicle_make", "vehicle_model", "vehicle_color", "vehicle_plate", "vehicle_plate_state"]
            .map { try row.optionalString($0) }
        let vehicle: Vehicle? =
            vehicleFields.allSatisfy { $0 == nil }
            ? nil
            : Vehicle(
                year: vehicleFields[0], make: vehicleFields[1], model: vehicleFields[2], color: vehicleFields[3], plate: vehicleFields[4],
                plateState: vehicleFields[5])
        var episode = MissingEpisode(
            id: EpisodeID(try row.string("id")), childID: ChildID(try row.string("child_id")),
            organizationID: OrganizationID(try row.string("organization_id")), status: status,
            caseNumber: try row.optionalString("case_number"),
            receivedAt: try row.date("received_at"), lastSeenAt: try row.optionalDate("last_seen_at"),
            lastSeenCity: try row.string("last_seen_city"),
            lastSeenState: try row.string("last_seen_state"), lastSeenPlace: try row.optionalString("last_seen_place"),
            circumstances: try opened(try row.string("circumstances"), "episodes.circumstances"), endangerments: endangerments,
            clothing: try row.optionalString("clothing"),
            possibleWhereabouts: try row.optionalString("possible_whereabouts"), vehicle: vehicle,
            guardian: Guardian(
                name: try row.string("guardian_name"), agency: try row.optionalString("guardian_agency"),
                phone: try row.string("guardian_phone"),
                email: try row.optionalString("guardian_email")),
            police: InvestigatingAgency(
                organizationID: try row.optionalString("police_organization_id").map(OrganizationID.init(rawValue:)),
                name: try row.string("police_name"), ori: try row.optionalString("police_ori"), phone: try row.string("police_phone"),
                reportNumber: try row.optionalString("police_report_number"), officerName: try row.optionalString("police_officer"),
                badge: try row.optionalString("police_badge")),
            ncicNumber: try row.optionalString("ncic_number"), caseType: caseType,
            caseManagerID: try row.optionalString("case_manager_id").map(UserID.init(rawValue:)),
            createdBy: UserID(try row.string("created_by")),
            createdAt: try row.date("created_at"), submittedAt: try row.optionalDate("submitted_at"))
        if row.contains(column: "personal_data_removed_at") {
            episode.personalDataRemovedAt = try row.optionalDate("personal_data_removed_at")
        }
        if row.contains(column: "rules_id") { episode.rulesID = try row.optionalString("rules_id") }
        return episode
    }

    func event(from row: any SQLRow) throws -> EpisodeEvent {
        guard let kind = EpisodeEventKind(rawValue: try row.string("kind")) else { throw StoreError.corruptRow("episode_events.kind") }
        return EpisodeEvent(
            id: EpisodeEventID(try row.string("id")), episodeID: EpisodeID(try row.string("episode_id")), kind: kind,
            occurredAt: try row.date("occurred_at"), recordedAt: try row.date("recorded_at"),
            recordedBy: UserID(try row.string("recorded_by")),
            recordedByOrganization: OrganizationID(try row.string("recorded_by_organization")), method: try row.optionalString("method"),
            reference: try row.optionalString("reference"), note: try opened(try row.optionalString("note"), "episode_events.note"))
    }

    static func draft(from row: any SQLRow) throws -> ReportDraft {
        let fields = (try? JSONDecoder().decode([String: String].self, from: Data(try row.string("fields").utf8))) ?? [:]
        return ReportDraft(
            id: try row.string("id"), organizationID: OrganizationID(try row.string("organization_id")),
            createdBy: UserID(try row.string("created_by")), updatedAt: try row.date("updated_at"), fields: fields)
    }
}

/// The `photos.pixel_encoding` states. Only re-encoded photos are ever read back for display.
enum PhotoEncoding {
    /// Stored as uploaded, before every upload was encoded anew (migration 6 marks these).
    static let asUploaded = 0
    /// Decoded and encoded anew from its pixels.
    static let reencoded = 1
    /// Stored as uploaded and would not decode: never shown again.
    static let withheld = -1
}
