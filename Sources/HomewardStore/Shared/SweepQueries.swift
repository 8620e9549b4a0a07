import Foundation
import HomewardCore
import SQLKit

/// The queries background passes and the busiest lists run, in one place, each with the index it
/// is written for: the store runs them, and ``SQLDataStore/sweepPlans(at:)`` asks the database how
/// it would run them, so that a lost or unusable index is found by a test rather than by a
/// national database slowing down.
enum SweepQuery {
    /// Open episodes whose schedule has a threshold due at `now`, after `cursor`.
    static func escalationsDue(at now: Date, after cursor: PageCursor?, limit: Int) -> SQLQueryString {
        Keyset.page(
            "episodes", ["next_check_at IS NOT NULL AND next_check_at <= \(bind: stored(now))"], by: "next_check_at", descending: false,
            after: cursor, limit: limit, most: 1000)
    }

    /// Episodes matching `filter`, newest report first (or oldest first), after its cursor.
    static func episodes(_ filter: EpisodeFilter) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let reporting = filter.reportingOrganization { conditions.append("organization_id = \(bind: reporting.rawValue)") }
        if let investigating = filter.investigatingOrganization {
            conditions.append("police_organization_id = \(bind: investigating.rawValue)")
        }
        if let statuses = filter.statuses, !statuses.isEmpty {
            conditions.append("status IN (\(unsafeRaw: statuses.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")))")
        }
        if let since = filter.updatedSince { conditions.append("updated_at >= \(bind: stored(since))") }
        if let before = filter.receivedBefore { conditions.append("received_at <= \(bind: stored(before))") }
        if let period = filter.receivedIn {
            conditions.append("received_at >= \(bind: stored(period.lowerBound)) AND received_at < \(bind: stored(period.upperBound))")
        }
        return Keyset.page(
            "episodes", conditions, by: "received_at", descending: !filter.oldestFirst,
            after: filter.after.map { PageCursor(at: $0.receivedAt, id: $0.id.rawValue) }, limit: filter.limit, most: 5000)
    }

    /// The case queue in queue order, after `cursor`.
    static func caseQueue(_ filter: CaseQueueFilter, after cursor: QueueCursor?, limit: Int) -> SQLQueryString {
        var conditions: [SQLQueryString] = ["queue_key IS NOT NULL"]
        if let reporting = filter.reportingOrganization { conditions.append("organization_id = \(bind: reporting.rawValue)") }
        if let investigating = filter.investigatingOrganization {
            conditions.append("police_organization_id = \(bind: investigating.rawValue)")
        }
        if let (attention, instant) = filter.attention {
            let now = stored(instant)
            switch attention {
            case .breached:
                conditions.append("status = 'open' AND open_deadline_at < \(bind: now)")
            case .warning:
                conditions.append("status = 'open' AND attention_from <= \(bind: now) AND open_deadline_at >= \(bind: now)")
            case .none:
                conditions.append("(status <> 'open' OR attention_from IS NULL OR attention_from > \(bind: now))")
            }
        }
        switch filter.assignment {
        case .anyone: break
        case .unassigned: conditions.append("case_manager_id IS NULL")
        case .assigned(let user): conditions.append("case_manager_id = \(bind: user.rawValue)")
        }
        if let cursor {
            conditions.append("(queue_key > \(bind: cursor.key) OR (queue_key = \(bind: cursor.key) AND id > \(bind: cursor.id.rawValue)))")
        }
        return """
            SELECT * FROM episodes WHERE \(SQLList(conditions, separator: SQLRaw(" AND ")))
            ORDER BY queue_key, id LIMIT \(literal: max(1, min(limit, 500)))
            """
    }

    /// The scope of an attention count: open episodes of the filter's agencies.
    private static func openScope(_ filter: EpisodeFilter) -> SQLList {
        var scope: [SQLQueryString] = ["status = 'open'"]
        if let reporting = filter.reportingOrganization { scope.append("organization_id = \(bind: reporting.rawValue)") }
        if let investigating = filter.investigatingOrganization {
            scope.append("police_organization_id = \(bind: investigating.rawValue)")
        }
        return SQLList(scope, separator: SQLRaw(" AND "))
    }

    /// Open episodes with a deadline passed at `now`.
    static func breachedCount(_ filter: EpisodeFilter, at now: Date) -> SQLQueryString {
        """
        SELECT COUNT(*) AS n FROM episodes
        WHERE \(openScope(filter)) AND open_deadline_at IS NOT NULL AND open_deadline_at < \(bind: stored(now))
        """
    }

    /// Open episodes past a first warning at `now` (those breached included).
    static func attentionCount(_ filter: EpisodeFilter, at now: Date) -> SQLQueryString {
        """
        SELECT COUNT(*) AS n FROM episodes
        WHERE \(openScope(filter)) AND attention_from IS NOT NULL AND attention_from <= \(bind: stored(now))
        """
    }

    /// Open and located episodes past the long-term age the long-term pass has not handled, in no
    /// particular order: the pass handles every one, a page at a time, and an order would tempt
    /// PostgreSQL to walk every episode by its report time.
    static func longTermDue(receivedBefore cutoff: Date, limit: Int) -> SQLQueryString {
        """
        SELECT * FROM episodes WHERE long_term_tasks_at IS NULL AND status IN ('open', 'located')
            AND received_at <= \(bind: stored(cutoff))
        LIMIT \(literal: max(1, min(limit, 1000)))
        """
    }

    /// A page of the tip inbox: tips waiting to be marked received, oldest first, or received ones,
    /// newest first; of one agency or of all.
    static func tips(_ filter: TipFilter) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        switch filter.status {
        case .waiting: conditions.append("received_at IS NULL")
        case .received: conditions.append("received_at IS NOT NULL")
        case .all: break
        }
        if let organization = filter.organization {
            conditions.append("investigating_organization_id = \(bind: organization.rawValue)")
        }
        return Keyset.page(
            "tips", conditions, by: "submitted_at", descending: filter.status != .waiting, after: filter.after, limit: filter.limit)
    }

    /// Tips waiting to be marked received, and those of them past the time to acknowledge, each
    /// counted up to one more than ``TipCounts/limit``: a flood of tips costs the count no more
    /// than that.
    static func tipCounts(routedTo organization: OrganizationID?, at now: Date) -> SQLQueryString {
        let scope: SQLQueryString = organization.map { "AND investigating_organization_id = \(bind: $0.rawValue)" } ?? ""
        let cap = TipCounts.limit + 1
        return """
            SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM tips WHERE received_at IS NULL \(scope) LIMIT \(literal: cap)) AS w) AS waiting,
                (SELECT COUNT(*) FROM (SELECT 1 FROM tips WHERE received_at IS NULL AND acknowledge_by < \(bind: stored(now)) \(scope)
                    LIMIT \(literal: cap)) AS o) AS overdue
            """
    }

    private static func organizationConditions(_ filter: OrganizationFilter) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let kind = filter.kind { conditions.append("kind = \(bind: kind.rawValue)") }
        if let state = filter.state { conditions.append("state = \(bind: state)") }
        if let text = filter.text?.lowercased(), !text.isEmpty {
            // LIKE's own wildcards in the text are matched as themselves.
            let pattern =
                "%"
                + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            conditions.append(
                """
                (LOWER(name) LIKE \(bind: pattern) ESCAPE '\\' OR code LIKE \(bind: pattern) ESCAPE '\\'
                    OR LOWER(COALESCE(ori, '')) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(COALESCE(psap_identifier, '')) LIKE \(bind: pattern) ESCAPE '\\')
                """)
        }
        return conditions
    }

    /// A page of organizations by name.
    static func organizations(_ filter: OrganizationFilter) -> SQLQueryString {
        var conditions = organizationConditions(filter)
        if let after = filter.after {
            conditions.append("(name > \(bind: after.name) OR (name = \(bind: after.name) AND id > \(bind: after.id)))")
        }
        return "SELECT * FROM organizations \(Keyset.whereClause(conditions)) ORDER BY name, id \(Keyset.limit(filter.limit))"
    }

    static func organizationCounts(_ filter: OrganizationFilter) -> SQLQueryString {
        let conditions = organizationConditions(filter)
        return """
            SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN active THEN 0 ELSE 1 END), 0) AS inactive FROM organizations \
            \(Keyset.whereClause(conditions))
            """
    }

    /// Tips not yet announced to their agency, oldest first.
    static func tipsToAnnounce(limit: Int) -> SQLQueryString {
        "SELECT * FROM tips WHERE notified_at IS NULL ORDER BY submitted_at, id LIMIT \(literal: max(1, min(limit, 1000)))"
    }

    /// Tips past the time to acknowledge, not yet acknowledged nor announced as overdue.
    static func tipsOverdue(at now: Date, limit: Int) -> SQLQueryString {
        """
        SELECT * FROM tips WHERE overdue_notified_at IS NULL AND received_at IS NULL AND acknowledge_by < \(bind: stored(now))
        ORDER BY acknowledge_by, id LIMIT \(literal: max(1, min(limit, 1000)))
        """
    }

    /// QA reviews past their window, not submitted and not yet escalated.
    static func qaReviewsOverdue(at now: Date, limit: Int) -> SQLQueryString {
        """
        SELECT * FROM qa_reviews WHERE submitted_at IS NULL AND due_at < \(bind: stored(now))
            AND NOT EXISTS (SELECT 1 FROM qa_escalations e WHERE e.review_id = qa_reviews.id)
        ORDER BY due_at, id LIMIT \(literal: max(1, min(limit, 1000)))
        """
    }

    /// No NCIC entry with its proof on the missing-from-care report a police case is linked to: the
    /// agency's record of the entry closes the police case's clock too (see ``PoliceCase/ncicEntry(linked:)``).
    static let noLinkedNCICEntry = """
        (police_cases.episode_id IS NULL OR NOT EXISTS (
            SELECT 1 FROM episode_events l WHERE l.episode_id = police_cases.episode_id AND l.kind = 'ncic_entered'
                AND l.reference IS NOT NULL AND l.method IS NOT NULL))
        """

    /// Open police cases whose NCIC entry is owed, reported at or before `reportedBy` (the first
    /// warning point ago), not yet escalated as breached; oldest first, a page after `cursor`.
    static func policeCasesAwaitingNCIC(reportedBy: Date, after cursor: PageCursor?, limit: Int) -> SQLQueryString {
        var query: SQLQueryString = """
            SELECT * FROM police_cases WHERE status = 'open' AND ncic_entered_at IS NULL AND reported_at <= \(bind: stored(reportedBy))
                AND \(unsafeRaw: noLinkedNCICEntry)
                AND NOT EXISTS (
                    SELECT 1 FROM police_case_escalations e WHERE e.police_case_id = police_cases.id AND e.threshold = 'breach')
            """
        if let cursor {
            query = query + " AND \(Keyset.beyond(cursor, column: "reported_at", descending: false))"
        }
        return query + " ORDER BY reported_at, id LIMIT \(literal: max(1, min(limit, 500)))"
    }

    /// Outbox messages due for an attempt at `now` and not leased; `lock` adds PostgreSQL's row lock.
    static func outboxDue(at now: Date, limit: Int, lock: Bool) -> SQLQueryString {
        """
        SELECT id FROM outbox
        WHERE state = 'pending' AND next_attempt_at <= \(bind: stored(now)) AND (lease_until IS NULL OR lease_until < \(bind: stored(now)))
        ORDER BY next_attempt_at, id LIMIT \(literal: max(1, min(limit, 500)))\(unsafeRaw: lock ? " FOR UPDATE SKIP LOCKED" : "")
        """
    }

    /// The long-term list's filter: cases still missing 30 days after the report, oldest first.
    private static func longTermList(_ now: Date) -> EpisodeFilter {
        var filter = EpisodeFilter(statuses: [.open, .located], limit: 50)
        filter.receivedBefore = now - 30 * 86_400
        filter.oldestFirst = true
        return filter
    }

    /// Every sweep with the index it must use and a typical query.
    static func all(at now: Date) -> [(name: String, table: String, index: String, query: SQLQueryString)] {
        let someone = EpisodeFilter(reportingOrganization: OrganizationID("plan-check"))
        return [
            ("escalation pass", "episodes", "episodes_next_check", escalationsDue(at: now, after: nil, limit: 200)),
            (
                "escalation pass, next page", "episodes", "episodes_next_check",
                escalationsDue(at: now, after: PageCursor(at: now - 60, id: "plan-check"), limit: 200)
            ),
            ("case queue", "episodes", "episodes_queue", caseQueue(CaseQueueFilter(), after: nil, limit: 50)),
            (
                "case queue, next page", "episodes", "episodes_queue",
                caseQueue(CaseQueueFilter(), after: QueueCursor(key: "0|000000000000000|0|000000000000000", id: EpisodeID("x")), limit: 50)
            ),
            ("breached count", "episodes", "episodes_open_deadline", breachedCount(EpisodeFilter(), at: now)),
            ("attention count", "episodes", "episodes_attention", attentionCount(EpisodeFilter(), at: now)),
            ("breached count of an agency", "episodes", "episodes_", breachedCount(someone, at: now)),
            (
                "long-term pass", "episodes", "episodes_long_term_due|episodes_missing_in_order|episodes_missing_by_receipt",
                longTermDue(receivedBefore: now, limit: 200)
            ),
            ("every case, newest first", "episodes", "episodes_by_receipt", episodes(EpisodeFilter(limit: 50))),
            ("long-term list", "episodes", "episodes_missing_by_receipt|episodes_missing_in_order", episodes(longTermList(now))),
            ("tip announcements", "tips", "tips_to_notify", tipsToAnnounce(limit: 200)),
            ("tips waiting, every agency", "tips", "tips_waiting", tips(TipFilter(organization: nil, status: .waiting))),
            (
                "tips waiting, one agency", "tips", "tips_waiting_by_agency|tips_by_organization|tips_waiting",
                tips(TipFilter(organization: OrganizationID("x"), status: .waiting))
            ),
            ("tips received, every agency", "tips", "tips_by_submission", tips(TipFilter(organization: nil, status: .received))),
            (
                "tips received, one agency", "tips", "tips_by_organization",
                tips(TipFilter(organization: OrganizationID("x"), status: .received))
            ),
            ("tip counts", "tips", "tips_waiting_by_deadline", tipCounts(routedTo: nil, at: now)),
            ("organizations by name", "organizations", "organizations_by_name", organizations(OrganizationFilter())),
            ("organizations of a kind", "organizations", "organizations_by_kind", organizations(OrganizationFilter(kind: .psap))),
            ("overdue tips", "tips", "tips_awaiting_acknowledgement|tips_waiting_by_deadline", tipsOverdue(at: now, limit: 200)),
            (
                "overdue QA reviews", "qa_reviews", "qa_reviews_open_by_due|qa_reviews_pending_by_psap",
                qaReviewsOverdue(at: now, limit: 200)
            ),
            ("outbox deliveries", "outbox", "outbox_due", outboxDue(at: now, limit: 50, lock: false)),
            (
                "police cases awaiting NCIC", "police_cases", "police_cases_awaiting_ncic",
                policeCasesAwaitingNCIC(reportedBy: now - 3600, after: nil, limit: 200)
            ),
        ] + lists(at: now)
    }
}

/// How the database would run one sweep query.
public struct SweepPlan: Sendable, Equatable {
    public var name: String
    public var index: String
    /// The plan as the database describes it.
    public var plan: String
    /// Whether the plan reads through the expected index (one of several separated by `|`; for a
    /// name ending in `_`, any index of that table) and never scans the whole table.
    public var usesIndex: Bool
}

extension SQLDataStore {
    /// The plan of every sweep query (see ``SweepQuery``). On PostgreSQL sequential scans are
    /// switched off for the question, so that the answer says whether the index can serve the
    /// query at all, whatever the size of the tables.
    public func sweepPlans(at now: Date) async throws -> [SweepPlan] {
        let kind = engine.kind
        return try await engine.write { db in
            if kind == .postgres { try await db.raw("SET LOCAL enable_seqscan = off").run() }
            var plans: [SweepPlan] = []
            for sweep in SweepQuery.all(at: now) {
                let lines: [String]
                switch kind {
                case .sqlite:
                    lines = try await db.raw("EXPLAIN QUERY PLAN \(sweep.query)").all().map { try $0.string("detail") }
                case .postgres:
                    lines = try await db.raw("EXPLAIN \(sweep.query)").all().map { try $0.string("QUERY PLAN") }
                }
                let plan = lines.joined(separator: "\n")
                let scansTable =
                    kind == .sqlite
                    ? lines.contains { $0 == "SCAN \(sweep.table)" || $0.hasPrefix("SCAN \(sweep.table) ") && !$0.contains("INDEX") }
                    : lines.contains { $0.contains("Seq Scan on \(sweep.table)") }
                let indexed = sweep.index.split(separator: "|").contains { plan.contains($0) }
                plans.append(SweepPlan(name: sweep.name, index: sweep.index, plan: plan, usesIndex: indexed && !scansTable))
            }
            return plans
        }
    }
}
