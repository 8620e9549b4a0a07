import Foundation
import HomewardCore

/// Shows instants in an organization's time zone. Times are stored in UTC; the zone's rules
/// (daylight saving included) are applied only for display.
struct LocalTime: Sendable {
    let timeZone: TimeZone

    init(timeZone identifier: String) {
        timeZone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
    }

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// `2026-11-23 12:10 CST`.
    func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: date)
    }

    /// Parses a `yyyy-MM-dd` date from a filter form as the start of that day in this zone.
    func startOfDay(_ text: String) -> Date? {
        CivilDate(iso: text)?.start(in: timeZone)
    }
}
