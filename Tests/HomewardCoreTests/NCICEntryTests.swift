import Foundation
import HomewardCore
import Testing

@Suite("NCIC entry sheet")
struct NCICEntryTests {
    func subject() -> NCICSubject {
        NCICSubject(
            lastName: "Brightwater-Lane", firstName: "Jordan", middleName: "Avery", dateOfBirth: CivilDate(year: 2011, month: 4, day: 12),
            sex: .female, race: "W", heightFeet: 5, heightInches: 3, weightPounds: 94, eyeColor: "bro", hairColor: "BLK",
            marks: "Small scar on left eyebrow", lastContact: CivilDate(year: 2026, month: 11, day: 17), ori: "IL0990200",
            caseNumber: "mpd-2026-0142", caseType: .endangeredRunaway, endangerments: [],
            circumstances: "Left the foster home after dinner.",
            clothing: "Green hooded sweatshirt, black jeans", possibleWhereabouts: "Near the Maplewood bus station", age: 15)
    }

    @Test func a_complete_subject_formats_exactly_as_police_key_it() {
        let sheet = NCICEntrySheet.build(subject())
        #expect(sheet.isReady)
        #expect(
            sheet.text == """
                MKE/EMJ
                ORI/IL0990200
                NAM/BRIGHTWATER-LANE, JORDAN AVERY
                SEX/F
                RAC/W
                DOB/20110412
                HGT/503
                WGT/094
                EYE/BRO
                HAI/BLK
                DLC/20261117
                OCA/MPD-2026-0142
                MNP/MP
                MPC/R
                MIS/MISSING FROM FOSTER CARE. LEFT THE FOSTER HOME AFTER DINNER. CLOTHING: GREEN HOODED SWEATSHIRT, BLACK JEANS. MARKS: SMALL SCAR ON LEFT EYEBROW. POSSIBLE WHEREABOUTS: NEAR THE MAPLEWOOD BUS STATION.
                """)
        #expect(sheet.categoryReason == "Juvenile: under 21 and no other category applies.")
    }

    @Test func invalid_inputs_are_listed_and_not_formatted() {
        var bad = subject()
        bad.heightFeet = 7
        bad.heightInches = 13
        bad.eyeColor = "VIOLET"
        bad.dateOfBirth = nil
        bad.age = nil
        let sheet = NCICEntrySheet.build(bad)
        #expect(!sheet.isReady)
        #expect(sheet.problems.map(\.field) == ["DOB", "HGT", "EYE"])
        #expect(sheet.problems.first { $0.field == "HGT" }?.message == "A height of 7′13″ is not possible: feet 1 to 8, inches 0 to 11.")
        #expect(sheet.problems.first { $0.field == "EYE" }?.message == "“VIOLET” is not an NCIC eye-color code.")
        #expect(!sheet.fields.map(\.code).contains("HGT"))
        #expect(!sheet.fields.map(\.code).contains("EYE"))
        #expect(!sheet.fields.map(\.code).contains("DOB"))
    }

    @Test func a_missing_police_report_number_and_ori_are_owed_not_invented() {
        var early = subject()
        early.caseNumber = nil
        early.ori = nil
        let sheet = NCICEntrySheet.build(early)
        #expect(sheet.problems.map(\.field) == ["ORI", "OCA"])
    }

    @Test func the_category_follows_the_facts() {
        var s = subject()
        s.endangerments = [.traffickingConcern]
        #expect(NCICEntrySheet.build(s).category == "EME")
        s.endangerments = [.autismSpectrum, .medicalCondition]
        #expect(NCICEntrySheet.build(s).category == "EMD")
        s.endangerments = []
        s.age = 12
        let young = NCICEntrySheet.build(s)
        #expect(young.category == "EME")
        #expect(young.categoryReason.contains("13 or younger"))
        s.caseType = .nonfamilyAbduction
        let abduction = NCICEntrySheet.build(s)
        #expect(abduction.category == "EMI")
        #expect(abduction.fields.first { $0.code == "MNP" }?.value == "CA")
        #expect(abduction.fields.first { $0.code == "MPC" }?.value == "S")
        s.caseType = .criticallyMissingYoungAdult
        s.age = 19
        #expect(NCICEntrySheet.build(s).category == "EMJ")
    }

    @Test func long_names_and_remarks_are_flagged() {
        var s = subject()
        s.lastName = "Abcdefghijklmnopqrstuvwxyzabcdef"
        s.circumstances = String(repeating: "word ", count: 120)
        let sheet = NCICEntrySheet.build(s)
        #expect(sheet.problems.map(\.field) == ["NAM", "MIS"])
    }

    @Test func civil_dates_validate_and_compute_ages() {
        #expect(CivilDate(iso: "2026-02-30") == nil)
        #expect(CivilDate(iso: "2024-02-29") != nil)
        // The stored form by its bytes, a typed one with spaces the general way; nothing else reads.
        #expect(CivilDate(iso: "2026-11-18") == CivilDate(year: 2026, month: 11, day: 18))
        #expect(CivilDate(iso: " 2026-11-18\n") == CivilDate(year: 2026, month: 11, day: 18))
        for text in ["2026/11/18", "2026-1-188", "20261-1-18", "2026-11-1x", "0000-00-00", "", "2026-11-18T00", "２０２６-11-18"] {
            #expect(CivilDate(iso: text) == nil, "\(text)")
        }
        let dob = CivilDate(year: 2025, month: 9, day: 15)!
        #expect(dob.ageInMonths(on: CivilDate(year: 2026, month: 11, day: 14)!) == 13)
        #expect(dob.age(on: CivilDate(year: 2026, month: 9, day: 15)!) == 1)
    }
}
