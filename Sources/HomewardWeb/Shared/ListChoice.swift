/// A choice of what a list shows, as a link; every list page offers its views this way.
struct ListChoice: Sendable {
    var label: String
    var href: String
    var current: Bool

    /// Rows a list shows at once; the rest are a "next page" link away, read from where the page ended.
    static let pageSize = 50
}
