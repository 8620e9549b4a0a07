import HomewardCore
import Testing

@Suite("Name matching")
struct NameMatchingTests {
    @Test func soundex_groups_names_that_sound_alike() {
        #expect(NameMatching.soundex("Robert") == "R163")
        #expect(NameMatching.soundex("Rupert") == "R163")
        #expect(NameMatching.soundex("Ashcraft") == "A261")
        #expect(NameMatching.soundex("Tymczak") == "T522")
        #expect(NameMatching.soundex("Smith") == NameMatching.soundex("Smyth"))
        #expect(NameMatching.soundex("Núñez") == NameMatching.soundex("Nunez"))
        #expect(NameMatching.soundex("'") == "")
    }

    @Test func a_swapped_pair_is_one_edit() {
        #expect(NameMatching.distance("jonh", "john") == 1)
        #expect(NameMatching.distance("smiht", "smith") == 1)
        #expect(NameMatching.distance("kitten", "sitting") == 3)
    }

    @Test func free_text_is_read_as_numbers_dates_and_names() {
        let query = ChildQuery(parsing: "Jonh Smiht 4/12/2011 HW-2026-000123 m123456789")
        #expect(query.names == ["Jonh", "Smiht"])
        #expect(query.dateOfBirth == CivilDate(year: 2011, month: 4, day: 12))
        #expect(query.caseNumber == "HW-2026-000123")
        #expect(query.ncicNumber == "M123456789")
        #expect(ChildQuery(parsing: "  ,, ").isEmpty)
    }
}
