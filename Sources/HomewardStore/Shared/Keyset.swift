import Foundation
import HomewardCore
import SQLKit

/// The one way a list continues after the last row of a page: rows ordered by an instant column
/// and then by id, the next page being everything strictly beyond the cursor in that order. Every
/// paged list uses it, so that two rows at the same instant are neither repeated nor skipped.
enum Keyset {
    /// The condition for rows beyond `cursor` in `column, id` order (or descending), optionally
    /// qualified by `table`; `tiebreak` names a unique column other than `id` that orders rows
    /// at the same instant (a public list pages by what is already public).
    static func beyond(_ cursor: PageCursor, column: String, descending: Bool, table: String? = nil, tiebreak: String = "id")
        -> SQLQueryString
    {
        let at = stored(cursor.at)
        let beyond = descending ? "<" : ">"
        let prefix = table.map { "\($0)." } ?? ""
        return """
            (\(unsafeRaw: prefix + column) \(unsafeRaw: beyond) \(bind: at) OR (\(unsafeRaw: prefix + column) = \(bind: at) \
            AND \(unsafeRaw: prefix + tiebreak) \(unsafeRaw: beyond) \(bind: cursor.id)))
            """
    }

    /// The `ORDER BY` text for the same order.
    static func order(_ column: String, descending: Bool, table: String? = nil, tiebreak: String = "id") -> SQLQueryString {
        let prefix = table.map { "\($0)." } ?? ""
        return descending
            ? "\(unsafeRaw: prefix + column) DESC, \(unsafeRaw: prefix + tiebreak) DESC"
            : "\(unsafeRaw: prefix + column), \(unsafeRaw: prefix + tiebreak)"
    }

    /// `SELECT *` of one page of `table`: the rows matching `conditions` beyond `cursor`, in
    /// `column` order (then `tiebreak`), at most `limit` (kept between 1 and `most`).
    static func page(
        _ table: String, _ conditions: [SQLQueryString], by column: String, descending: Bool, after cursor: PageCursor?, limit: Int,
        tiebreak: String = "id", most: Int = 500
    ) -> SQLQueryString {
        var conditions = conditions
        if let cursor { conditions.append(beyond(cursor, column: column, descending: descending, tiebreak: tiebreak)) }
        return """
            SELECT * FROM \(unsafeRaw: table) \(whereClause(conditions)) \
            ORDER BY \(order(column, descending: descending, tiebreak: tiebreak)) \(self.limit(limit, most: most))
            """
    }

    /// Conditions joined by AND into a WHERE clause, or nothing when there are none.
    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : "WHERE \(SQLList(conditions, separator: SQLRaw(" AND ")))"
    }

    /// `SELECT COUNT(*) AS n` of the rows of `from` (a table and its WHERE clause), counting no
    /// further than one past ``CappedCount/limit``.
    static func cappedCount(_ from: SQLQueryString) -> SQLQueryString {
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM \(from) LIMIT \(literal: CappedCount.limit + 1)) AS counted"
    }

    /// A page size a caller asked for, kept between 1 and `most`.
    static func limit(_ asked: Int, most: Int = 500) -> SQLQueryString { "LIMIT \(literal: max(1, min(asked, most)))" }
}
