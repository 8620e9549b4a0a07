import Foundation
import HomewardCore
import SQLKit

/// The paged lists of 911 calls, police cases, QA reviews, notifications, readiness applications,
/// recognized agencies and published posters: each reads one page through an index, after a
/// cursor, and is checked by ``SQLDataStore/sweepPlans(at:)`` with the sweeps.
extension SweepQuery {
    /// A PSAP's calls, newest first.
    static func calls(in psap: OrganizationID, status: CallStatus?, after cursor: PageCursor?, limit: Int) -> SQLQueryString {
        var conditions: [SQLQueryString] = ["psap_id = \(bind: psap.rawValue)"]
        if let status { conditions.append("status = \(bind: status.rawValue)") }
        return Keyset.page("calls", conditions, by: "opened_at", descending: true, after: cursor, limit: limit)
    }

    /// A police agency's cases from 911 calls, newest report first.
    static func policeCases(of police: OrganizationID, status: PoliceCaseStatus?, after cursor: PageCursor?, limit: Int)
        -> SQLQueryString
    {
        var conditions: [SQLQueryString] = ["police_id = \(bind: police.rawValue)"]
        if let status { conditions.append("status = \(bind: status.rawValue)") }
        return Keyset.page("police_cases", conditions, by: "reported_at", descending: true, after: cursor, limit: limit)
    }

    /// A PSAP's reviews not yet submitted, soonest due first.
    static func pendingQAReviews(in psap: OrganizationID, after cursor: PageCursor?, limit: Int) -> SQLQueryString {
        Keyset.page(
            "qa_reviews", ["psap_id = \(bind: psap.rawValue)", "submitted_at IS NULL"], by: "due_at", descending: false, after: cursor,
            limit: limit)
    }

    /// A person's inbox, newest first.
    static func inbox(of user: UserID, after cursor: PageCursor?, limit: Int) -> SQLQueryString {
        Keyset.page(
            "notifications", ["recipient_id = \(bind: user.rawValue)", "channel = 'inbox'"], by: "created_at", descending: true,
            after: cursor, limit: limit)
    }

    /// Applications in `status`: the review queue oldest first, decided ones newest decision first.
    static func applications(in status: ApplicationStatus, after cursor: PageCursor?, limit: Int) -> SQLQueryString {
        let decided = status != .submitted
        return Keyset.page(
            "readiness_applications", ["status = \(bind: status.rawValue)"], by: decided ? "decided_at" : "submitted_at",
            descending: decided, after: cursor, limit: limit)
    }

    /// Published posters, newest first, of one state or all; the cursor's id is the poster's slug,
    /// which the public already sees.
    static func publishedPosters(state: String?, after cursor: PageCursor?, limit: Int) -> SQLQueryString {
        var conditions: [SQLQueryString] = ["status = 'published'"]
        if let state { conditions.append("public_state = \(bind: state)") }
        return Keyset.page("posters", conditions, by: "published_at", descending: true, after: cursor, limit: limit, tiebreak: "slug")
    }

    /// Recognitions in force on `days` of active agencies, as a table for the member queries: each
    /// date with the time zones whose agencies are on it (nil: every other agency).
    private static func recognizedOn(_ days: [(date: CivilDate, zones: [String]?)], kind: OrganizationKind?) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = ["r.revoked_at IS NULL", "o.active"]
        let listed = days.compactMap(\.zones).flatMap { $0 }
        let terms: [SQLQueryString] = days.map { day in
            let inTerm: SQLQueryString = "r.term_start <= \(bind: day.date.iso) AND r.term_end > \(bind: day.date.iso)"
            if let zones = day.zones { return "(o.time_zone IN (\(binds: zones)) AND \(inTerm))" }
            return listed.isEmpty ? "(\(inTerm))" : "(o.time_zone NOT IN (\(binds: listed)) AND \(inTerm))"
        }
        conditions.append(terms.count == 1 ? terms[0] : "(\(SQLList(terms, separator: SQLRaw(" OR "))))")
        if let kind { conditions.append("o.kind = \(bind: kind.rawValue)") }
        return conditions
    }

    /// `day` as the dates agencies in `zones` are on, with the UTC date for any other zone.
    static func memberDays(_ day: MemberDay, zones: [String]) -> [(date: CivilDate, zones: [String]?)] {
        guard case .instant = day else { return [(day.date(inZone: "UTC"), nil)] }
        let byDate = Dictionary(grouping: zones, by: { day.date(inZone: $0) })
        return byDate.keys.sorted().map { (date: $0, zones: byDate[$0]!.sorted()) } + [(day.date(inZone: "UTC"), nil)]
    }

    /// Agencies recognized on `days` by state, name and id, one line each (an agency renewed early
    /// holds two overlapping terms: it shows its first start and its last end).
    static func members(on days: [(date: CivilDate, zones: [String]?)], matching filter: MemberFilter) -> SQLQueryString {
        var conditions = recognizedOn(days, kind: filter.kind)
        if let state = filter.state { conditions.append("o.state = \(bind: state)") }
        if let after = filter.after {
            let (state, name, id) = (after.state, after.name.name, after.name.id)
            conditions.append(
                """
                (o.state > \(bind: state) OR (o.state = \(bind: state) AND (o.name > \(bind: name) \
                OR (o.name = \(bind: name) AND o.id > \(bind: id)))))
                """)
        }
        return """
            SELECT o.id, o.name, o.kind, o.state, MIN(r.term_start) AS term_start, MAX(r.term_end) AS term_end
            FROM recognitions r JOIN organizations o ON o.id = r.organization_id \(Keyset.whereClause(conditions))
            GROUP BY o.id, o.name, o.kind, o.state ORDER BY o.state, o.name, o.id \(Keyset.limit(filter.limit))
            """
    }

    /// How many agencies are recognized on `days` in each state.
    static func memberCounts(on days: [(date: CivilDate, zones: [String]?)], kind: OrganizationKind?) -> SQLQueryString {
        """
        SELECT o.state, COUNT(DISTINCT o.id) AS n FROM recognitions r JOIN organizations o ON o.id = r.organization_id
        \(Keyset.whereClause(recognizedOn(days, kind: kind))) GROUP BY o.state
        """
    }

    /// The paged lists with the index each must use.
    static func lists(at now: Date) -> [(name: String, table: String, index: String, query: SQLQueryString)] {
        let someone = OrganizationID("plan-check")
        let cursor = PageCursor(at: now - 60, id: "plan-check")
        var period = EpisodeFilter(reportingOrganization: someone, limit: 1000)
        period.receivedIn = now - 86_400 * 90..<now
        return [
            (
                "an agency's cases over a period", "episodes", "episodes_by_organization_receipt|episodes_by_organization",
                episodes(period)
            ),
            ("911 calls", "calls", "calls_by_psap_opened", calls(in: someone, status: nil, after: cursor, limit: 50)),
            ("open 911 calls", "calls", "calls_by_psap", calls(in: someone, status: .open, after: nil, limit: 50)),
            (
                "police cases", "police_cases", "police_cases_by_agency_reported",
                policeCases(of: someone, status: nil, after: cursor, limit: 50)
            ),
            (
                "pending QA reviews", "qa_reviews", "qa_reviews_pending_by_psap|qa_reviews_by_psap",
                pendingQAReviews(in: someone, after: cursor, limit: 50)
            ),
            ("inbox", "notifications", "notifications_inbox", inbox(of: UserID("plan-check"), after: cursor, limit: 50)),
            (
                "applications waiting", "readiness_applications", "readiness_applications_by_status",
                applications(in: .submitted, after: cursor, limit: 50)
            ),
            (
                "applications decided", "readiness_applications", "readiness_applications_decided",
                applications(in: .approved, after: cursor, limit: 50)
            ),
            ("public posters", "posters", "posters_published", publishedPosters(state: nil, after: cursor, limit: 50)),
            (
                "public posters of a state", "posters", "posters_published_by_state",
                publishedPosters(state: "VA", after: cursor, limit: 50)
            ),
        ]
    }
}
