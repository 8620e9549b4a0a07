import Foundation
import HomewardCore
import Testing

/// The screen works on skeletons: however a private fact or a lexicon word is disguised, it is
/// found; ordinary narratives and real place names pass.
@Suite("Public text skeletons")
struct PublicTextSkeletonTests {
    let screen = PublicTextScreenTests()

    func refused(_ text: String) -> [String] { screen.findings(text).map(\.fragment) }

    @Test func look_alikes_case_accents_and_compatibility_forms_share_one_skeleton() {
        #expect(TextSkeleton.hasConfusables)
        let plain = TextSkeleton.of("foster care")
        for disguised in [
            "FOSTER CARE", "fоster care",  // Cyrillic o
            "fοster care",  // Greek omicron
            "𝐟𝐨𝐬𝐭𝐞𝐫 𝐜𝐚𝐫𝐞",  // mathematical bold
            "ｆｏｓｔｅｒ ｃａｒｅ",  // full width
            "fos\u{200B}ter care", "fos\u{00AD}ter care", "fos\u{2060}ter care", "f\u{0301}oster care",
        ] {
            #expect(TextSkeleton.of(disguised) == plain, "\(disguised)")
        }
        #expect(TextSkeleton.of("f0ster c4re") == plain)
        // Numbers stay numbers: a height, a phone and a case number are not words.
        #expect(TextSkeleton.of("5'3 555-010-3000 MPD-26-004417") == "5 3 555 010 3000 " + TextSkeleton.of("mpd") + " 26 004417")
    }

    @Test(arguments: [
        "She was in f o s t e r care.", "She was in fos.ter care.", "She was in fos-ter care.", "She was in fos\nter care.",
        "She was in FOSTER CARE.", "She was in fostercare.", "She was in fоster care.", "She was in f0ster care.",
        "She was in fos\u{200B}ter care.", "She was in fos\u{00AD}ter care.", "She was in 𝐟𝐨𝐬𝐭𝐞𝐫 care.",
        "She was in f.o.s.t.e.r care.", "She was in f-o-s-t-e-r care.", "She was in fo ster care.",
    ])
    func a_disguised_lexicon_word_is_refused(text: String) {
        #expect(!refused(text).isEmpty, "\(text)")
    }

    @Test(arguments: [
        "Ask Des-mond about it.", "Ask D e s m o n d.", "She knows Kes-trel.", "Seen near Willow\nmere Road.", "Seen near W1ll0wmere.",
        "Call 555 014 7720.", "Call 5550147720.", "Report MPD 26004417.", "Ask Odаlys.", "Ask Imogen T h i s t l e w o o d.",
    ])
    func a_disguised_private_fact_is_refused(text: String) {
        #expect(!refused(text).isEmpty, "\(text)")
    }

    @Test func ordinary_neighbouring_words_are_never_joined_into_a_refusal() {
        // "the rapist" spells "therapist" only if the words are run together: the approver judges.
        #expect(refused("She was afraid of the rapist in the news.").isEmpty)
        // Two longer pieces split by a space are marked for the approver, never refused.
        #expect(refused("Ask Des mond about it.").isEmpty)
        #expect(refused("Her friends call her Ada.").isEmpty)
    }

    @Test func every_shipped_term_is_refused_in_a_sentence_and_its_example() throws {
        for term in ConfidentialLexicon.shipped.terms {
            let sentence = "Before she left, we heard " + term.term + " mentioned twice."
            #expect(!refused(sentence).isEmpty, "\(term.term)")
            if let example = term.example { #expect(!refused(example).isEmpty, "\(example)") }
        }
    }

    @Test(arguments: [
        "in county care", "in the system", "wardship", "children's home", "manic episodes", "fits", "sold for sex", "familia de crianza",
        "hogar temporal", "casa hogar", "libertad condicional", "tribunal de menores", "convulsiones", "grand mal", "HT",
    ])
    func the_everyday_synonyms_are_refused(phrase: String) {
        #expect(!refused("We know she has been \(phrase) lately.").isEmpty, "\(phrase)")
    }

    @Test func ordinary_narratives_in_english_and_spanish_have_no_refused_finding() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ordinary-narratives.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.count >= 50)
        for line in lines { #expect(refused(String(line)).isEmpty, "\(line): \(refused(String(line)))") }
    }

    @Test(arguments: [
        ("St. Louis", "MO"), ("Winston-Salem", "NC"), ("Coeur d'Alene", "ID"), ("Española", "NM"), ("Mayagüez", "PR"), ("Foxborough", "MA"),
        ("Bar Harbor", "ME"), ("Fort Wayne", "IN"), ("Ft. Wayne", "IN"),
    ])
    func hard_real_place_names_are_found_and_keep_their_accents(city: String, state: String) throws {
        #expect(USPlaces.shipped.place(named: city, in: state) != nil, "\(city), \(state)")
        let fields = PosterPublicFields(city: city, state: state, agencyName: "Maplewood Police Department", agencyPhone: "555-010-3000")
        let checked = PosterRules.publicFieldProblems(fields, lexicon: .shipped, facts: screen.record().facts())
        #expect(checked.errors.isEmpty, "\(city): \(checked.errors.entries.map(\.message))")
        #expect(fields.published.city == city.precomposedStringWithCanonicalMapping)
        #expect(refused("Last seen in \(city) near the river.").isEmpty)
    }

    @Test func invisible_and_direction_characters_are_refused_outright() {
        for text in ["Seen\u{200B}downtown", "Seen \u{202E}nwotnwod", "Seen\u{2066}here\u{2069}", "so\u{00AD}ft", "a\u{FE0F}"] {
            #expect(TextSkeleton.problem(text) != nil, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(TextSkeleton.problem("Vista en Española,\ncon su mamá.") == nil)
    }
}

extension EpisodeRecord {
    /// The record's private facts with nothing confirmed public.
    func facts() -> PrivateFacts { PrivateFacts.of(self, people: [], confirmedPublic: []) }
}
