import Foundation

/// The range every instant a person or system submits must fall in. A time outside it cannot be
/// true, and stored it would mislead every clock and report that reads it, so it is refused at the
/// edge with a message beside its field.
public enum SubmittedInstant {
    /// 1900-01-01T00:00:00Z: nothing Homeward records happened earlier.
    public static let earliest = Date(timeIntervalSince1970: -2_208_988_800)
    /// How far ahead of the server's clock a submitted time may be (clocks of devices drift).
    public static let futureTolerance: TimeInterval = 300

    /// Why `instant` cannot be right, or nil when it may be. `bornOn` is the child's date of birth:
    /// nothing about the child happened before it (the whole day is allowed, in any time zone).
    public static func problem(_ instant: Date, now: Date, bornOn: CivilDate? = nil) -> String? {
        if instant < earliest { return "A time before 1900 cannot be right: check the year." }
        if instant > now + futureTolerance { return "This time is in the future." }
        // The earliest the day of birth begins anywhere: midnight at UTC+14.
        if let bornOn, instant < Date(timeIntervalSince1970: Double(bornOn.epochDay) * 86_400 - 14 * 3600) {
            return "This time is before the child was born (\(bornOn.iso))."
        }
        return nil
    }

    /// Records the problem with `instant` (or that it is missing) against `field`.
    public static func check(
        _ instant: Date?, field: String, now: Date, bornOn: CivilDate? = nil, missing: String, errors: inout FieldErrors
    ) {
        guard let instant else {
            errors.add(field, missing)
            return
        }
        if let problem = problem(instant, now: now, bornOn: bornOn) { errors.add(field, problem) }
    }
}
