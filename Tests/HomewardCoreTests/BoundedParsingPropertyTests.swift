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

/// Every other parser of what people and files give, over text built to break it: each answers a
/// value within its bounds or a refusal, and none traps.
@Suite("Bounded parsing of every kind of number, date, cursor and cell")
struct EveryParserPropertyTests {
    static let prefixes = ["", "-", "+", " ", "0", "000", "١", "\u{200B}", "−", "0x"]
    static let suffixes = ["", ".5", "e9", " ", "٣", "\u{00A0}", ",000", "%", "0"]

    @Test(arguments: NumberKind.allCases)
    func any_digits_read_as_a_number_within_its_bounds_or_a_refusal(_ kind: NumberKind) async {
        await propertyCheck(
            count: 300, input: Gen.number.string(of: 0...40), Gen.element(of: Self.prefixes), Gen.element(of: Self.suffixes)
        ) { digits, prefix, suffix in
            let text = (prefix ?? "") + digits + (suffix ?? "")
            switch kind.read(text) {
            case .success(let value):
                #expect(kind.bounds.contains(value), "\(kind) \(text)")
                #expect(kind.read(String(value)) == .success(value))
            case .failure(let problem):
                #expect(problem.kind == kind && problem.description == kind.hint)
            }
        }
    }

    @Test(arguments: NumberKind.allCases)
    func every_value_within_the_bounds_is_read_and_the_edges_beyond_are_refused(_ kind: NumberKind) async {
        await propertyCheck(count: 100, input: Gen.int(in: kind.bounds)) { value in
            #expect(kind.read(" \(value) ") == .success(value))
        }
        for outside in [kind.bounds.lowerBound - 1, kind.bounds.upperBound + 1] {
            #expect((try? kind.read(String(outside)).get()) == nil, "\(kind) \(outside)")
        }
        for extreme in ["\(Int.max)", "\(Int.min)", "9223372036854775808", "99999999999999999999999999999999", "-0"] {
            if case .success(let value) = kind.read(extreme) { #expect(kind.bounds.contains(value)) }
        }
        // The largest value of every kind, counted in hours, seconds or days from any stored date,
        // is still a date the stored form writes.
        let far = Date(timeIntervalSince1970: 4_102_444_800) + TimeInterval(kind.bounds.upperBound) * 86_400
        #expect(Timestamp.parse(Timestamp.format(far)) != nil)
    }

    @Test func dates_and_times_of_any_digits_are_a_date_or_nothing() async {
        let zone = TimeZone(identifier: "America/Chicago")!
        await propertyCheck(
            count: 400, input: Gen.number.string(of: 1...12), Gen.number.string(of: 1...4), Gen.number.string(of: 1...4),
            Gen.number.string(of: 1...4)
        ) { year, month, day, hour in
            let text = "\(year)-\(month)-\(day)"
            if let date = CivilDate(iso: text) {
                #expect(CivilDate(iso: date.iso) == date)
                #expect(date.start(in: zone).timeIntervalSince1970.isFinite)
            }
            switch LocalDateTime.read("\(text)T\(hour):00", in: zone) {
            default: break
            }
            _ = LocalDateTime.parse("\(text)T\(hour):00", in: zone)
            let stored = "\(year.prefix(4))-\(month.prefix(2))-\(day.prefix(2))T\(hour.prefix(2)):00:00.000Z"
            if let instant = Timestamp.parse(stored) { #expect(Timestamp.format(instant) == stored || stored.count != 24) }
        }
        // Whatever arithmetic made an instant, it is written, never trapped on.
        for seconds in [Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, .infinity, -.infinity, .nan, 9.3e18, -9.3e18] {
            #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)).count == 24)
        }
    }

    @Test func the_stored_form_reads_only_days_the_calendar_has() {
        for text in ["8915-02-30T06:00:00.000Z", "2023-02-29T00:00:00.000Z", "2026-04-31T12:00:00.000Z", "0000-01-01T00:00:00.000Z"] {
            #expect(Timestamp.parse(text) == nil, "\(text)")
        }
        for text in ["2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00.000Z", "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"] {
            #expect(Timestamp.parse(text).map(Timestamp.format) == text)
        }
        #expect(Timestamp.parse("1900-02-29T00:00:00.000Z") == nil)
    }

    @Test func cursors_other_than_homewards_own_are_refused() async {
        await propertyCheck(count: 400, input: Gen.ascii.string(of: 0...80)) { text in
            if let cursor = PageCursor(text) { #expect(PageCursor(cursor.text) == cursor) }
            if let cursor = MemberFilter.Cursor(text) { #expect(MemberFilter.Cursor(cursor.text) == cursor) }
            _ = EpisodeFilter.Cursor(text)
        }
    }

    @Test func csv_files_of_any_bytes_and_huge_cells_are_rows_or_a_located_error() async throws {
        await propertyCheck(count: 300, input: Gen.latin1.string(of: 0...200)) { text in
            _ = try? CSV.parse(text)
        }
        let today = CivilDate(iso: "2026-12-07")!
        await propertyCheck(count: 200, input: Gen.number.string(of: 1...40), Gen.element(of: ["", "-", "+"])) { digits, sign in
            let roster =
                "employee_number,name,role,hire_date,active\n\(sign ?? "")\(digits),Pat Fictional,sworn,\(digits)-01-01,\(digits)\n"
            var next = 0
            if let preview = try? RosterImport.personnel(
                roster, existing: [], today: today,
                newID: {
                    next += 1
                    return "p\(next)"
                })
            {
                #expect(preview.rows.allSatisfy { $0.hireDate <= today })
            }
        }
    }

    @Test func configured_retry_schedules_of_any_size_are_bounded_or_refused() async {
        await propertyCheck(
            count: 300, input: Gen.number.string(of: 1...30), Gen.element(of: ["s", "m", "h", "d", "e308h", ".5h", "e-5s", ""])
        ) { digits, unit in
            if let schedule = RetrySchedule.parse("\(digits)\(unit ?? "")") {
                #expect(schedule.delays.allSatisfy { $0 > 0 && $0 <= RetrySchedule.longestDelay })
            }
        }
        #expect(RetrySchedule.parse("1e308h") == nil && RetrySchedule.parse("inf s") == nil && RetrySchedule.parse("nans") == nil)
    }

    @Test func a_report_with_any_numbers_in_its_number_fields_is_validated_or_refused_field_by_field() async {
        let forms = ReportFormTests()
        await propertyCheck(
            count: 200, input: Gen.number.string(of: 1...30),
            Gen.element(of: ["heightFeet", "heightInches", "weightPounds", "vehicleYear"]),
            Gen.element(of: EveryParserPropertyTests.prefixes)
        ) { digits, field, prefix in
            var form = forms.complete()
            let text = (prefix ?? "") + digits
            switch field {
            case "heightFeet": form.heightFeet = text
            case "heightInches": form.heightInches = text
            case "weightPounds": form.weightPounds = text
            default: form.vehicleYear = text
            }
            do {
                let validated = try form.validated(
                    agency: forms.agency, reporter: UserID("u"), policeAgencies: [forms.police], childID: ChildID("c"),
                    episodeID: EpisodeID("e"), now: forms.now)
                #expect((12...107).contains(validated.child.heightInches) && (1...999).contains(validated.child.weightPounds))
            } catch HomewardError.invalid(let errors) {
                #expect(!errors.entries.isEmpty)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func audit_queries_of_any_numbers_are_bounded_or_refused() async {
        await propertyCheck(count: 300, input: Gen.number.string(of: 1...30), Gen.element(of: EveryParserPropertyTests.prefixes)) {
            digits, prefix in
            let text = (prefix ?? "") + digits
            if let query = try? AuditQuery.reading({ ["limit": text, "before": text][$0] }) {
                #expect((1...1000).contains(query.limit) && (query.before ?? 1) >= 1)
            }
        }
    }
}
