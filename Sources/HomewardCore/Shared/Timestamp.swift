import Foundation

/// The one textual form of an instant that Homeward stores and hashes: UTC, millisecond precision,
/// fixed width (`2026-11-23T18:10:36.123Z`), so that text order is time order on every engine and a
/// stored value hashes the same after a round trip.
public enum Timestamp {
    /// The earliest and latest instants the stored form can write (years 0001 to 9999), in
    /// milliseconds since 1970.
    static let writable: ClosedRange<Double> = -62_135_596_800_000...253_402_300_799_999

    /// The stored text of `date`, truncated to the millisecond. An instant beyond the years the
    /// form can write (only arithmetic gone wrong makes one) is written as the nearest it can, so
    /// that no date, however computed, stops the process.
    public static func format(_ date: Date) -> String {
        let raw = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let milliseconds = Int64(raw.isNaN ? 0 : min(max(raw, writable.lowerBound), writable.upperBound))
        let seconds = floorDivide(milliseconds, 1000)
        let millis = Int(milliseconds - seconds * 1000)
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // Written digit by digit: this runs for every stored instant and every audit hash, and
        // String(format:) costs several times more.
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(0x30 + rest % 10)
                rest /= 10
            }
        }
        put(year, 4, at: 0)
        put(month, 2, at: 5)
        put(day, 2, at: 8)
        put(secondOfDay / 3600, 2, at: 11)
        put((secondOfDay / 60) % 60, 2, at: 14)
        put(secondOfDay % 60, 2, at: 17)
        put(millis, 3, at: 20)
        (bytes[4], bytes[7], bytes[10], bytes[13], bytes[16], bytes[19], bytes[23]) = (0x2D, 0x2D, 0x54, 0x3A, 0x3A, 0x2E, 0x5A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `2026-11-23T18:10:36Z`: whole seconds in UTC, the form of PFIF and of webhook payloads.
    public static func formatSeconds(_ date: Date) -> String {
        let text = format(date)
        return String(text.prefix(19)) + "Z"
    }

    /// The instant stored as `text`, or nil when it is not in the stored form.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
            bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let millis = number(20..<23), year >= 1, (1...12).contains(month),
            (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: Double(seconds * 1000 + Int64(millis)) / 1000)
    }

    /// `date` truncated to the millisecond, as it will read back from the database.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    /// The number of days in `month` of `year` in the proleptic Gregorian calendar, so that a
    /// text naming the 30th of February is not read as a day in March.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    // Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar
    // without going through a Calendar instance (which is slow and locale-bound).
    private static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension TimeZone {
    /// Coordinated Universal Time: the zone of stored instants, webhooks and the public's dates.
    public static let utc = TimeZone(identifier: "UTC") ?? .gmt
}
