import Foundation
import HomewardCore
import Hummingbird

/// One page of a list read a page at a time: the rows it shows and where the next page starts
/// (nil on the last). Read with one row more than it shows, so a last page that happens to be full
/// offers no empty page after it.
struct PageOf<Row: Sendable>: Sendable {
    var rows: [Row]
    var next: PageCursor?

    init(rows: [Row], next: PageCursor?) {
        self.rows = rows
        self.next = next
    }

    init(_ fetched: [Row], size: Int, cursor: (Row) -> PageCursor) {
        rows = Array(fetched.prefix(size))
        next = fetched.count > size ? rows.last.map(cursor) : nil
    }
}

/// How pages and the API name a place in a list, and the links between pages.
enum Paging {
    /// A page's `after`: a cursor Homeward gave, or nil (the first page) for anything else.
    static func after(_ request: Request) -> PageCursor? {
        request.uri.queryParameters.get("after").flatMap { PageCursor(String($0)) }
    }

    /// An API list's `cursor`, with a field error for one Homeward did not give.
    static func cursor(_ request: Request, errors: inout FieldErrors) -> PageCursor? {
        guard let text = request.uri.queryParameters.get("cursor").map({ String($0) }), !text.isEmpty else { return nil }
        guard let cursor = PageCursor(text) else {
            errors.add("cursor", "This cursor is not one Homeward gave.")
            return nil
        }
        return cursor
    }

    /// A choice among values of the query parameter `name` (nil for the default), kept as typed
    /// when it is one of `values`.
    static func choice(_ request: Request, _ name: String, among values: [String]) -> String? {
        request.uri.queryParameters.get(name).flatMap { values.contains(String($0)) ? String($0) : nil }
    }

    /// The links of a list's views: each keeps `query`, with `name` set to its value.
    static func views(
        _ path: String, _ name: String, _ choices: [(label: String, value: String?)], current: String?,
        query: [String: String?] = [:]
    ) -> [ListChoice] {
        choices.map { label, value in
            var items = query
            items[name] = value
            return ListChoice(label: label, href: Routes.query(path, items), current: value == current)
        }
    }

    /// The next page's link (when there is one) and the first page's (when not on it).
    static func links(_ path: String, _ query: [String: String?], next: PageCursor?, onFirstPage: Bool) -> (next: String?, first: String?) {
        var nextQuery = query
        nextQuery["after"] = next?.text
        return (next.map { _ in Routes.query(path, nextQuery) }, onFirstPage ? nil : Routes.query(path, query))
    }
}

extension APIResponse {
    /// A page of a list under `items`, with the cursor of the next page.
    struct Page<Item: Codable & Sendable>: Codable, Sendable {
        var items: [Item]
        var nextCursor: String?

        init(_ items: [Item], next: PageCursor?) {
            self.init(items, nextCursor: next?.text)
        }

        init(_ items: [Item], nextCursor: String?) {
            self.items = items
            self.nextCursor = nextCursor
        }
    }
}

extension APIResponse.Page: APISchema where Item: APISchema {
    static var schemaName: String { Item.schemaName + "Page" }
    static var schemaNotes: SchemaNotes {
        SchemaNotes(properties: ["nextCursor": .described("Pass as `cursor` for the next page; absent on the last page.")])
    }
}
