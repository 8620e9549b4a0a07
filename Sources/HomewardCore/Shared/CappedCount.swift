/// Counts on home pages and dashboards stop at a limit: "10,000 or more" is all a person needs to
/// know of a flood, and counting further would cost the page more than the number is worth. The
/// store counts up to one more than the limit, so that "more" can be told from "exactly".
public enum CappedCount {
    public static let limit = 10_000

    /// A count in words: the number with thousands grouped, or "10,000 or more".
    public static func text(_ count: Int) -> String { count > limit ? "\(grouped(limit)) or more" : grouped(count) }

    /// `count` with the noun after it, singular for one: "1 open call", "12 open calls".
    public static func text(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(text(count)) \(count == 1 ? singular : plural)"
    }

    /// `12345` as `12,345`.
    static func grouped(_ number: Int) -> String {
        var text = String(number)
        var at = text.count - 3
        while at > 0 {
            text.insert(",", at: text.index(text.startIndex, offsetBy: at))
            at -= 3
        }
        return text
    }
}
