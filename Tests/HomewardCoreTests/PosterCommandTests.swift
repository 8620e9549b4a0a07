import Foundation
import HomewardCore
import Testing

@Suite("Poster commands")
struct PosterCommandTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let manager = UserID("m")

    /// The screen test's case, entered into NCIC.
    func posterCase() -> PosterCase {
        var record = PublicTextScreenTests().record()
        record.episode.ncicNumber = "M123456789"
        return PosterCase(
            record: record, people: ["Imogen Thistlewood"], lexicon: .shipped, hotline: "1-800-843-5678",
            zone: TimeZone(identifier: "America/Chicago")!)
    }

    func draft() -> Poster {
        Poster(id: "p", episodeID: EpisodeID("e"), slug: "s", createdBy: manager, createdAt: now)
    }

    func complete() -> PublicationAttestation {
        PublicationAttestation(items: PublicationAttestation.Item.allCases, attestedBy: manager, attestedAt: now)
    }

    /// A draft with a clean narrative, a photo and both consents.
    func ready() throws -> Poster {
        try draft()
            .saving(
                narrative: "Last seen near the Maplewood library wearing a green coat.", photos: ["b"], childPhotos: ["a", "b"],
                case: posterCase(), at: now
            )
            .recordingConsent(.guardian, givenBy: "Agency director, by phone", by: manager, at: now)
            .recordingConsent(.police, givenBy: "Lt. on duty", by: manager, at: now)
    }

    func fieldErrors(_ body: () throws -> Poster) -> FieldErrors? {
        do {
            _ = try body()
            return nil
        } catch HomewardError.invalid(let errors) {
            return errors
        } catch {
            return nil
        }
    }

    @Test func saving_keeps_the_childs_photo_order_and_refuses_private_facts_and_foreign_photos() throws {
        let saved = try draft().saving(
            narrative: "  Wearing a green coat.  ", photos: ["c", "a"], childPhotos: ["a", "b", "c"], case: posterCase(), at: now)
        #expect(saved.narrative == "Wearing a green coat." && saved.photoIDs == ["a", "c"])

        let errors = fieldErrors {
            try draft().saving(
                narrative: "She may go to 1187 Willowmere Road.", photos: ["z"], childPhotos: ["a"], case: posterCase(), at: now)
        }
        #expect(errors?["photo"] == "Choose among this child's photos.")
        #expect(errors?["narrative"]?.contains("Willowmere") == true)
        let long = fieldErrors {
            try draft().saving(narrative: String(repeating: "a ", count: 700), photos: [], childPhotos: [], case: posterCase(), at: now)
        }
        #expect(long?["narrative"] == "Keep the narrative under 1,200 characters.")
    }

    @Test func a_narrative_in_another_language_passes_the_same_screen_and_reaches_the_public_version() throws {
        let errors = fieldErrors {
            try draft().saving(
                narrative: "Wearing a green coat.",
                translations: ["es": "Vive en un hogar de acogida cerca de 1187 Willowmere Road."], photos: [], childPhotos: [],
                case: posterCase(), at: now)
        }
        let found = errors?[PosterRules.narrativeField("es")] ?? ""
        #expect(found.contains("hogar de acogida") && found.contains("Willowmere"))
        #expect(errors?["narrative"] == nil)

        var poster = try ready()
        poster = try poster.saving(
            narrative: poster.narrative, translations: ["es": "  Vista por última vez cerca de la biblioteca de Maplewood.  ", "fr": " "],
            photos: poster.photoIDs, childPhotos: ["a", "b"], case: posterCase(), at: now)
        #expect(poster.translations == ["es": "Vista por última vez cerca de la biblioteca de Maplewood."])
        let published = try poster.publishing(case: posterCase(), attestation: complete(), at: now)
        #expect(published.published?.translations == ["es": "Vista por última vez cerca de la biblioteca de Maplewood."])
    }

    @Test func a_published_poster_cannot_be_changed_and_a_withdrawn_one_becomes_a_draft_again() throws {
        let published = try ready().publishing(case: posterCase(), attestation: complete(), at: now)
        #expect(throws: HomewardError.self) {
            try published.saving(narrative: "Changed.", photos: [], childPhotos: [], case: posterCase(), at: now)
        }
        let withdrawn = try published.withdrawing(reason: "  ", at: now + 60)
        #expect(withdrawn.status == .withdrawn && withdrawn.withdrawnReason == "withdrawn by the case manager")
        let again = try withdrawn.saving(narrative: "Wearing a red hat.", photos: ["a"], childPhotos: ["a"], case: posterCase(), at: now)
        #expect(again.status == .draft && again.withdrawnAt == nil && again.withdrawnReason == nil)
        #expect(throws: HomewardError.conflict("Only a published poster can be withdrawn.")) { try again.withdrawing(reason: "", at: now) }
    }

    @Test func consent_names_who_gave_it() throws {
        let errors = fieldErrors { try draft().recordingConsent(.police, givenBy: "   ", by: manager, at: now) }
        #expect(errors?["givenBy.police"] != nil)
        let poster = try draft().recordingConsent(.guardian, givenBy: " Jane Roe, director ", by: manager, at: now)
        #expect(poster.guardianConsent?.givenBy == "Jane Roe, director" && poster.policeConsent == nil)
    }

    @Test func publishing_needs_every_condition_and_freezes_the_public_version() throws {
        var missing = try ready()
        missing.policeConsent = nil
        let problems = fieldErrors {
            try missing.publishing(
                case: posterCase(), attestation: PublicationAttestation(items: [], attestedBy: manager, attestedAt: now), at: now)
        }
        #expect(problems?["policeConsent"] != nil && problems?["attest"] != nil)

        var recovered = posterCase()
        recovered.record.episode.status = .recovered
        #expect(fieldErrors { try ready().publishing(case: recovered, attestation: complete(), at: now) }?["publish"] != nil)

        let published = try ready().publishing(case: posterCase(), attestation: complete(), at: now)
        #expect(published.status == .published && published.attestation == complete())
        #expect(published.published?.narrative == "Last seen near the Maplewood library wearing a green coat.")
        #expect(published.published?.photoIDs == ["b"])
        #expect(throws: HomewardError.conflict("The poster is published already.")) {
            try published.publishing(case: posterCase(), attestation: complete(), at: now)
        }
    }

    /// A child's tribal affiliation is private unless the guardian agreed, when consenting, that it
    /// may be shown; the police agency cannot agree to it.
    @Test func the_tribal_affiliation_reaches_the_public_only_with_the_guardians_word() throws {
        var tribal = posterCase()
        tribal.record.child.tribalAffiliation = "Ashgrove Fictional Band"
        let police = fieldErrors {
            try draft().recordingConsent(.police, givenBy: "Lt. on duty", showsTribalAffiliation: true, by: manager, at: now)
        }
        #expect(police?["showsTribalAffiliation"] != nil)

        let silent = try ready().publishing(case: tribal, attestation: complete(), at: now)
        #expect(silent.published?.tribalAffiliation == nil)
        #expect(
            silent.published?.facts(on: CivilDate(year: 2026, month: 11, day: 18)!).contains { $0.label == "Tribal Affiliation" } == false)

        let agreed = try ready()
            .recordingConsent(.guardian, givenBy: "Agency director, by phone", showsTribalAffiliation: true, by: manager, at: now)
        #expect(agreed.guardianConsent?.showsTribalAffiliation == true)
        let shown = try agreed.publishing(case: tribal, attestation: complete(), at: now)
        #expect(shown.published?.tribalAffiliation == "Ashgrove Fictional Band")
        #expect(
            shown.published?.facts(on: CivilDate(year: 2026, month: 11, day: 18)!).last
                .map { $0.label == "Tribal Affiliation" && $0.value == "Ashgrove Fictional Band" } == true)
    }
}
