import Foundation
import HomewardCore
import Testing

@Suite("The public-text screen")
struct PublicTextScreenTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    /// A case whose private fields are full of details that must not be published.
    func record() -> EpisodeRecord {
        let child = Child(
            id: ChildID("c"), organizationID: OrganizationID("cw"), firstName: "Marigold", lastName: "Penhallow",
            dateOfBirth: CivilDate(year: 2011, month: 4, day: 9)!, sex: .female, race: "W", heightInches: 60, weightPounds: 95,
            createdAt: now)
        let episode = MissingEpisode(
            id: EpisodeID("e"), childID: child.id, organizationID: OrganizationID("cw"), status: .open, receivedAt: now,
            lastSeenAt: now - 3600, lastSeenCity: "Maplewood", lastSeenState: "IL", lastSeenPlace: "Group home at 40 Elm Court",
            circumstances: "Left after an argument with Desmond Farraday about her phone. Her friend Kestrel lives on Quarry Lane.",
            endangerments: [], possibleWhereabouts: "May go to 1187 Willowmere Road or the Northgate skate park",
            guardian: Guardian(
                name: "Odalys Brennecke", agency: "Harborview Youth Network", phone: "(555) 014-7720",
                email: "obrennecke@harborview.example"),
            police: InvestigatingAgency(
                organizationID: OrganizationID("pd"), name: "Maplewood Police Department", ori: "IL0990200", phone: "555-010-3000",
                reportNumber: "MPD-26-004417", officerName: "Tobias Quenell", badge: "4471"),
            caseType: .endangeredRunaway, createdBy: UserID("w"), createdAt: now)
        return EpisodeRecord(episode: episode, child: child, events: [])
    }

    func findings(_ text: String, lexicon: ConfidentialLexicon = .shipped) -> [ScreenFinding] {
        let record = record()
        let facts = PrivateFacts.of(
            record, people: ["Imogen Thistlewood"],
            confirmedPublic: ["Maplewood", "IL", "Maplewood Police Department", "555-010-3000", "1-800-843-5678"])
        return PublicTextScreen.screen(text, field: "narrative", lexicon: lexicon, facts: facts).filter { $0.severity == .refused }
    }

    @Test func a_plain_public_narrative_passes() {
        let text =
            "Marigold Penhallow was last seen in Maplewood, IL on a Tuesday evening near the bus station. She may be wearing a grey hoodie and white sneakers. Call Maplewood Police Department at 555-010-3000."
        #expect(findings(text) == [])
    }

    @Test(arguments: [
        ("She is a ward of the state.", "ward of the state", ConfidentialLexicon.Category.careStatus),
        ("She ran from her Ward-of-the-State home.", "Ward of the State", .careStatus),
        ("She left her foster home.", "foster home", .careStatus),
        ("She is in kinship placements.", "kinship placements", .careStatus),
        ("Her DCFS worker is worried.", "DCFS worker", .childWelfare),
        ("Call children’s services.", "childrens services", .childWelfare),
        ("There is a CSE-C concern.", "CSE C", .trafficking),
        ("Possible DMST victim.", "DMST", .trafficking),
        ("She may be exploited.", "exploited", .trafficking),
        ("She needs her insulin.", "insulin", .medical),
        ("She takes Abilify daily.", "Abilify", .medical),
        ("She was prescribed antipsychotics.", "prescribed", .medical),
        ("She has epilepsy.", "epilepsy", .medical),
        ("She has bipolar disorder.", "bipolar disorder", .mentalHealth),
        ("She has PTSD.", "PTSD", .mentalHealth),
        ("She has ADD.", "ADD", .mentalHealth),
        ("She is autistic and nonverbal.", "autistic", .disability),
        ("She is 5 months pregnant.", "months pregnant", .pregnancy),
        ("Está embarazada.", "embarazada", .pregnancy),
    ])
    func every_lexicon_category_is_caught(text: String, fragment: String, category: ConfidentialLexicon.Category) {
        let found = findings(text)
        #expect(found.first?.reason == category.reason, "\(text)")
        #expect(found.first?.fragment.replacingOccurrences(of: "’", with: "") == fragment.replacingOccurrences(of: "-", with: " "))
    }

    @Test func acronyms_that_are_words_match_only_in_capitals() {
        #expect(findings("Add her to your prayers; she is odd about crowds and did not come home.").isEmpty)
        #expect(findings("She has ADD.").map(\.fragment) == ["ADD"])
    }

    @Test func any_fragment_of_a_private_field_is_caught() {
        let cases: [(String, [String])] = [
            ("She may be near 40 Elm Court.", ["40", "Elm"]),
            ("She was seen on Willowmere Road.", ["Willowmere"]),
            ("She may be with Desmond.", ["Desmond"]),
            ("She knows Kestrel from school.", ["Kestrel"]),
            ("Contact Odalys at 014-7720.", ["Odalys", "014 7720"]),
            ("Write to obrennecke@harborview.example.", ["obrennecke@harborview example"]),
            ("Ask obrennecke.", ["obrennecke"]),
            ("Report MPD-26-004417.", ["MPD 26 004417"]),
            ("Officer Quenell is on the case.", ["Quenell"]),
            ("Ask Imogen Thistlewood.", ["Imogen", "Thistlewood"]),
            ("Often at the Northgate skate park.", ["Northgate"]),
            ("She lived at Harborview.", ["Harborview"]),
        ]
        for (text, fragments) in cases {
            #expect(findings(text).map(\.fragment) == fragments, "\(text)")
        }
        #expect(findings("She may be near 40 Elm Court.").first?.reason == "from the place last seen")
    }

    @Test func a_new_lexicon_version_is_used_as_given() throws {
        let lexicon = try ConfidentialLexicon.parse(#"{"terms":[{"term":"night shelter","category":"care_status"}]}"#)
        #expect(findings("She slept at a night shelter.", lexicon: lexicon).map(\.fragment) == ["night shelter"])
        #expect(findings("She is in foster care.", lexicon: lexicon).isEmpty)
        #expect(throws: HomewardError.self) { try ConfidentialLexicon.parse(#"{"terms":[{"term":"x","category":"nope"}]}"#) }
        #expect(throws: HomewardError.self) {
            try ConfidentialLexicon.parse(#"{"terms":[{"term":"foster","category":"care_status"},{"term":"Foster","category":"medical"}]}"#)
        }
    }

    @Test func the_shipped_lexicon_has_several_hundred_terms_in_every_category() throws {
        let lexicon = ConfidentialLexicon.shipped
        #expect(lexicon.terms.count >= 500)
        for category in ConfidentialLexicon.Category.allCases { #expect(lexicon.terms(in: category).count >= 20, "\(category)") }
        try lexicon.validate()
    }

    @Test func publication_needs_every_attestation_item() {
        let record = record()
        var poster = Poster(
            id: "p", episodeID: record.episode.id, slug: "s", narrative: "Seen near the bus station.", photoIDs: ["a"],
            createdBy: UserID("m"), createdAt: now)
        poster.guardianConsent = PosterConsent(givenBy: "G", recordedBy: UserID("m"), recordedAt: now)
        poster.policeConsent = PosterConsent(givenBy: "P", recordedBy: UserID("m"), recordedAt: now)
        var withNIC = record
        withNIC.episode.ncicNumber = "M123456789"
        poster.publicFields = PosterPublicFields(
            city: "Maplewood", state: "IL", cityUnlisted: true, agencyName: "Maplewood Police Department", agencyPhone: "555-010-3000")
        let facts = PrivateFacts(fields: [], publicText: [])
        let partial = PublicationAttestation(items: [.careStatus], attestedBy: UserID("m"), attestedAt: now)
        let full = PublicationAttestation(items: PublicationAttestation.Item.allCases, attestedBy: UserID("m"), attestedAt: now)
        #expect(
            PosterRules.publicationProblems(poster, record: withNIC, lexicon: .shipped, facts: facts, attestation: partial)["attest"] != nil
        )
        #expect(PosterRules.publicationProblems(poster, record: withNIC, lexicon: .shipped, facts: facts, attestation: full).isEmpty)
        #expect(PosterRules.publicationProblems(poster, record: record, lexicon: .shipped, facts: facts, attestation: full)["ncic"] != nil)
    }
}

@Suite("The client's address")
struct ClientAddressTests {
    @Test func only_a_trusted_proxy_may_name_the_client() {
        let proxies: Set<String> = ["10.0.0.5"]
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: "198.51.100.1", trustedProxies: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "198.51.100.1", trustedProxies: proxies) == "198.51.100.1")
        #expect(
            ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "1.1.1.1, 198.51.100.1, 10.0.0.5", trustedProxies: proxies)
                == "198.51.100.1")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: "<script>", trustedProxies: proxies) == "10.0.0.5")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: nil, trustedProxies: proxies) == "10.0.0.5")
    }
}

@Suite("Policy files")
struct PolicyFileTests {
    @Test func a_policy_is_recognised_by_its_structure_not_its_first_bytes() {
        #expect(PolicyFile.contentType(of: Data("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)) == "application/pdf")
        #expect(PolicyFile.contentType(of: Data("%PDF-<html><script>alert(1)</script></html>".utf8)) == nil)
        #expect(PolicyFile.contentType(of: Data([0x50, 0x4B, 0x03, 0x04] + Array("anything at all".utf8))) == nil)
        #expect(
            PolicyFile.contentType(of: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600))) == nil)
    }
}
