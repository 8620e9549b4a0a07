import Foundation
import HomewardCore
import SQLKit

extension SQLDataStore {
    public func policeCase(_ id: PoliceCaseID) async throws -> PoliceCase? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM police_cases WHERE id = \(bind: id.rawValue)").first().map(Self.policeCase(from:))
        }
    }

    public func policeCase(ofCall call: CallID) async throws -> PoliceCase? {
        try await engine.read { db in
            try await db.raw("SELECT * FROM police_cases WHERE call_id = \(bind: call.rawValue)").first().map(Self.policeCase(from:))
        }
    }

    public func policeCases(of police: OrganizationID, status: PoliceCaseStatus?, after cursor: PageCursor?, limit: Int) async throws
        -> [PoliceCase]
    {
        let query = SweepQuery.policeCases(of: police, status: status, after: cursor, limit: limit)
        return try await engine.readLagged { db in try await db.raw(query).all().map(Self.policeCase(from:)) }
    }

    public func openPoliceCaseCounts(of police: OrganizationID, at instant: Date) async throws -> PoliceCaseCounts {
        let open: SQLQueryString = "police_cases WHERE police_id = \(bind: police.rawValue) AND status = 'open'"
        let awaiting: SQLQueryString = "\(open) AND ncic_entered_at IS NULL AND \(unsafeRaw: SweepQuery.noLinkedNCICEntry)"
        let late: SQLQueryString = "\(awaiting) AND reported_at < \(bind: stored(instant - MissingChildCall.ncicWindow))"
        let query: SQLQueryString = """
            SELECT (\(Keyset.cappedCount(open))) AS open, (\(Keyset.cappedCount(awaiting))) AS awaiting, \
            (\(Keyset.cappedCount(late))) AS late
            """
        return try await engine.readLagged { db in
            let row = try await db.raw(query).first()
            return PoliceCaseCounts(
                open: try row?.int("open") ?? 0, awaitingNCIC: try row?.int("awaiting") ?? 0, late: try row?.int("late") ?? 0)
        }
    }

    public func policeCases(linkedTo episode: EpisodeID) async throws -> [PoliceCase] {
        try await engine.read { db in
            try await db.raw("SELECT * FROM police_cases WHERE episode_id = \(bind: episode.rawValue) ORDER BY reported_at, id").all()
                .map(Self.policeCase(from:))
        }
    }

    public func updatePoliceCase(_ policeCase: PoliceCase, audit: AuditEntry) async throws {
        try await audited(audit) { db in
            let changed = try await db.raw(
                """
                UPDATE police_cases SET case_type = \(bind: policeCase.caseType.rawValue), report_number = \(bind: policeCase.reportNumber),
                    report_number_recorded_by = \(bind: policeCase.reportNumberRecordedBy?.rawValue),
                    report_number_recorded_at = \(bind: stored(policeCase.reportNumberRecordedAt)),
                    ncic_number = \(bind: policeCase.ncicNumber), ncic_entered_at = \(bind: stored(policeCase.ncicEnteredAt)),
                    ncic_recorded_by = \(bind: policeCase.ncicRecordedBy?.rawValue),
                    ncic_recorded_at = \(bind: stored(policeCase.ncicRecordedAt)), episode_id = \(bind: policeCase.episodeID?.rawValue),
                    linked_at = \(bind: stored(policeCase.linkedAt)), linked_by = \(bind: policeCase.linkedBy?.rawValue),
                    status = \(bind: policeCase.status.rawValue), closed_at = \(bind: stored(policeCase.closedAt)),
                    closed_by = \(bind: policeCase.closedBy?.rawValue), closing_reason = \(bind: policeCase.closingReason),
                    version = version + 1
                WHERE id = \(bind: policeCase.id.rawValue) AND version = \(bind: policeCase.version)
                RETURNING id
                """
            ).all()
            guard !changed.isEmpty else {
                throw HomewardError.conflict("Someone changed this case meanwhile; it is shown as it is now.")
            }
            // The case's proofs are the linked report's too: its clocks and schedule change with them.
            if let episode = policeCase.episodeID { try await self.refreshSchedule(episode, in: db) }
        }
    }

    /// The proofs the police cases linked to `episodes` hold of their duties, by episode (see
    /// ``PoliceCase/proofEvents``): read with the episodes' own events wherever clocks are read.
    func linkedProofEvents(of episodes: [String], in db: any SQLDatabase) async throws -> [EpisodeID: [EpisodeEvent]] {
        var found: [EpisodeID: [EpisodeEvent]] = [:]
        for chunk in stride(from: 0, to: episodes.count, by: 500).map({ Array(episodes[$0..<min($0 + 500, episodes.count)]) }) {
            for row in try await db.raw("SELECT * FROM police_cases WHERE episode_id IN (\(binds: chunk)) ORDER BY reported_at, id").all() {
                for event in try Self.policeCase(from: row).proofEvents { found[event.episodeID, default: []].append(event) }
            }
        }
        return found
    }

    static func insertPoliceCase(_ policeCase: PoliceCase, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO police_cases (id, police_id, call_id, psap_id, reported_at, handed_off_at, handed_off_by, case_type,
                report_number, ncic_number, ncic_entered_at, ncic_recorded_by, episode_id, linked_at, linked_by, status, closed_at,
                closed_by, closing_reason, version, report_number_recorded_by, report_number_recorded_at, ncic_recorded_at)
            VALUES (\(bind: policeCase.id.rawValue), \(bind: policeCase.policeID.rawValue), \(bind: policeCase.callID.rawValue),
                \(bind: policeCase.psapID.rawValue), \(bind: stored(policeCase.reportedAt)), \(bind: stored(policeCase.handedOffAt)),
                \(bind: policeCase.handedOffBy.rawValue), \(bind: policeCase.caseType.rawValue), \(bind: policeCase.reportNumber),
                \(bind: policeCase.ncicNumber), \(bind: stored(policeCase.ncicEnteredAt)), \(bind: policeCase.ncicRecordedBy?.rawValue),
                \(bind: policeCase.episodeID?.rawValue), \(bind: stored(policeCase.linkedAt)), \(bind: policeCase.linkedBy?.rawValue),
                \(bind: policeCase.status.rawValue), \(bind: stored(policeCase.closedAt)), \(bind: policeCase.closedBy?.rawValue),
                \(bind: policeCase.closingReason), \(bind: policeCase.version), \(bind: policeCase.reportNumberRecordedBy?.rawValue),
                \(bind: stored(policeCase.reportNumberRecordedAt)), \(bind: stored(policeCase.ncicRecordedAt)))
            """
        ).run()
    }

    public func policeCasesAwaitingNCIC(reportedBy: Date, after cursor: PageCursor?, limit: Int) async throws
        -> [(policeCase: PoliceCase, escalated: Set<String>)]
    {
        try await engine.read { db in
            let cases = try await db.raw(SweepQuery.policeCasesAwaitingNCIC(reportedBy: reportedBy, after: cursor, limit: limit)).all()
                .map(Self.policeCase(from:))
            guard !cases.isEmpty else { return [] }
            var escalated: [PoliceCaseID: Set<String>] = [:]
            let ids = SQLList(cases.map { SQLBind($0.id.rawValue) }, separator: SQLRaw(", "))
            for row in try await db.raw(
                "SELECT police_case_id, threshold FROM police_case_escalations WHERE police_case_id IN (\(ids))"
            ).all() {
                escalated[PoliceCaseID(try row.string("police_case_id")), default: []].insert(try row.string("threshold"))
            }
            return cases.map { ($0, escalated[$0.id] ?? []) }
        }
    }

    static func policeCase(from row: any SQLRow) throws -> PoliceCase {
        func user(_ column: String) throws -> UserID? { try row.optionalString(column).map(UserID.init(rawValue:)) }
        guard let caseType = CaseType(rawValue: try row.string("case_type")),
            let status = PoliceCaseStatus(rawValue: try row.string("status"))
        else { throw StoreError.corruptRow("police case \(try row.string("id"))") }
        return PoliceCase(
            id: PoliceCaseID(try row.string("id")), policeID: OrganizationID(try row.string("police_id")),
            callID: CallID(try row.string("call_id")), psapID: OrganizationID(try row.string("psap_id")),
            reportedAt: try row.date("reported_at"), handedOffAt: try row.date("handed_off_at"),
            handedOffBy: UserID(try row.string("handed_off_by")), caseType: caseType, reportNumber: try row.optionalString("report_number"),
            reportNumberRecordedBy: try user("report_number_recorded_by"),
            reportNumberRecordedAt: try row.optionalDate("report_number_recorded_at"), ncicNumber: try row.optionalString("ncic_number"),
            ncicEnteredAt: try row.optionalDate("ncic_entered_at"), ncicRecordedBy: try user("ncic_recorded_by"),
            ncicRecordedAt: try row.optionalDate("ncic_recorded_at"),
            episodeID: try row.optionalString("episode_id").map(EpisodeID.init(rawValue:)),
            linkedAt: try row.optionalDate("linked_at"), linkedBy: try user("linked_by"), status: status,
            closedAt: try row.optionalDate("closed_at"), closedBy: try user("closed_by"),
            closingReason: try row.optionalString("closing_reason"),
            version: try row.int("version"))
    }
}
