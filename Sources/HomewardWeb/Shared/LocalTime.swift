import Foundation
import HomewardCore
import Synchronization

/// Shows instants in an organization's time zone. Times are stored in UTC; the zone's rules
/// (daylight saving included) are applied only for display.
struct LocalTime: Sendable {
    let timeZone: TimeZone

    init(timeZone identifier: String) {
        timeZone = TimeZone(identifier: identifier) ?? TimeZone.utc
    }

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// `2026-11-23 12:10 CST`.
    func format(_ date: Date) -> String {
        LocalTimeFormatters.shared.format(date, in: timeZone)
    }

    /// Parses a `yyyy-MM-dd` date from a filter form as the start of that day in this zone.
    func startOfDay(_ text: String) -> Date? {
        CivilDate(iso: text)?.start(in: timeZone)
    }
}

/// One formatter per time zone, made once: making a formatter builds ICU's date-format tables,
/// which cost more than a whole page of the case queue otherwise does. Formatting holds a lock, so
/// the formatters are never used by two threads at once.
final class LocalTimeFormatters: Sendable {
    static let shared = LocalTimeFormatters()
    private let formatters = Mutex<[String: DateFormatter]>([:])

    func format(_ date: Date, in timeZone: TimeZone) -> String {
        formatters.withLock { formatters in
            let formatter =
                formatters[timeZone.identifier]
                ?? {
                    let made = DateFormatter()
                    made.locale = Locale(identifier: "en_US_POSIX")
                    made.timeZone = timeZone
                    made.dateFormat = "yyyy-MM-dd HH:mm zzz"
                    formatters[timeZone.identifier] = made
                    return made
                }()
            return formatter.string(from: date)
        }
    }
}
