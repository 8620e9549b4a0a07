import Foundation
import HomewardCore
import PropertyBased
import Testing

/// Numbers people type are read into bounded values: whatever the text, the answer is a value
/// within its bound or a clear refusal, never a trap.
@Suite("Bounded parsing")
struct BoundedParsingPropertyTests {
    @Test func a_review_window_of_any_number_is_a_bounded_value_or_refused() async {
        let units = ["hours", "hrs", "h", "days", "day", "weeks", "minutes"]
        await propertyCheck(
            count: 500, input: Gen.number.string(of: 1...40), Gen.element(of: units),
            Gen.element(of: ["within ", "", "no later than ", "review "])
        ) { digits, unit, prefix in
            let text = "\(prefix ?? "")\(digits) \(unit ?? "") of the call"
            switch ReviewWindow.reading(text) {
            case .hours(let hours):
                #expect((1...ReviewWindow.maximumHours).contains(hours), "\(text)")
                // A bounded window's due time is a date the timestamp format can write.
                let due = Date(timeIntervalSince1970: 1_795_014_000) + TimeInterval(hours) * 3600
                #expect(Timestamp.parse(Timestamp.format(due)) != nil)
            case .tooLong:
                #expect(ReviewWindow.problem(text)?.contains("at most a year") == true)
            case .unstated:
                #expect(ReviewWindow.hours(in: text) == nil)
            }
        }
    }
}
