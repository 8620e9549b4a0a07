import Foundation
import HomewardCore
import Testing

@Suite("Poster commands")
struct PosterCommandTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let manager = UserID("m")
    let approver = UserID("a")

    /// The public fields as the case manager confirms them (Maplewood, IL is a fictional town, so
    /// it is published as an unlisted place the approver confirms).
    let fields = PosterPublicFields(
        city: "Maplewood", state: "IL", cityUnlisted: true, agencyName: "Maplewood Police Department", agencyPhone: "555-010-3000")

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
                narrative: "Last seen near the Maplewood library wearing a green coat.", publicFields: fields, photos: ["b"],
                childPhotos: ["a", "b"], case: posterCase(), by: manager, at: now
            )
            .recordingConsent(.guardian, givenBy: "Agency director, by phone", by: manager, at: now)
            .recordingConsent(.police, givenBy: "Lt. on duty", by: manager, at: now)
    }

    /// Publishes `poster` the only way there is: the case manager asks, a second person approves
    /// the digest they were shown.
    func approvedAndPublished(_ poster: Poster, case posterCase: PosterCase? = nil) throws -> Poster {
        let posterCase = posterCase ?? self.posterCase()
        let requested = try poster.requestingApproval(case: posterCase, attestation: complete(), by: manager, at: now)
        return try requested.approving(digest: requested.pendingApproval!.digest, by: approver, case: posterCase, at: now + 60)
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
        let published = try approvedAndPublished(poster)
        #expect(published.published?.translations == ["es": "Vista por última vez cerca de la biblioteca de Maplewood."])
    }

    @Test func a_change_to_a_published_poster_waits_for_approval_while_the_live_version_stays() throws {
        let live = try approvedAndPublished(ready())
        let edited = try live.saving(
            narrative: "Last seen near the Maplewood library wearing a red coat.", publicFields: fields, photos: ["b"],
            childPhotos: ["a", "b"], case: posterCase(), by: manager, at: now + 120)
        #expect(edited.status == .published && edited.published == live.published && edited.editors == [manager])
        let requested = try edited.requestingApproval(case: posterCase(), attestation: complete(), by: manager, at: now + 180)
        #expect(requested.published?.narrative == "Last seen near the Maplewood library wearing a green coat.")
        #expect(requested.pendingApproval?.candidate.narrative == "Last seen near the Maplewood library wearing a red coat.")
        let approved = try requested.approving(
            digest: requested.pendingApproval!.digest, by: approver, case: posterCase(), at: now + 240)
        #expect(approved.published?.narrative == "Last seen near the Maplewood library wearing a red coat.")
        #expect(approved.approval?.approvedBy == approver && approved.approval?.authors == [manager] && approved.editors == [])

        let withdrawn = try approved.withdrawing(reason: "  ", at: now + 300)
        #expect(withdrawn.status == .withdrawn && withdrawn.withdrawnReason == "withdrawn by the case manager")
        let again = try withdrawn.saving(narrative: "Wearing a red hat.", photos: ["a"], childPhotos: ["a"], case: posterCase(), at: now)
        #expect(again.status == .draft && again.withdrawnAt == nil && again.withdrawnReason == nil)
        #expect(throws: HomewardError.conflict("Only a published poster can be withdrawn.")) { try again.withdrawing(reason: "", at: now) }
    }

    @Test func no_one_approves_their_own_poster_and_an_edit_voids_a_pending_approval() throws {
        let requested = try ready().requestingApproval(case: posterCase(), attestation: complete(), by: manager, at: now)
        let digest = requested.pendingApproval!.digest
        #expect(throws: HomewardError.self) { try requested.approving(digest: digest, by: manager, case: posterCase(), at: now) }
        // A second case manager who edited the text is one of its authors too.
        let edited = try requested.saving(
            narrative: "Last seen near the Maplewood library wearing a blue coat.", publicFields: fields, photos: ["b"],
            childPhotos: ["a", "b"], case: posterCase(), by: approver, at: now)
        #expect(edited.pendingApproval == nil)
        #expect(throws: HomewardError.conflict("No version of this poster is waiting for approval.")) {
            try edited.approving(digest: digest, by: approver, case: posterCase(), at: now)
        }
        let second = try edited.requestingApproval(case: posterCase(), attestation: complete(), by: manager, at: now)
        #expect(second.pendingApproval?.authors == [manager, approver])
        #expect(throws: HomewardError.self) {
            try second.approving(digest: second.pendingApproval!.digest, by: approver, case: posterCase(), at: now)
        }
        // A digest other than the one shown, or a case that changed the rendering, voids it.
        #expect(throws: HomewardError.self) { try requested.approving(digest: "0", by: approver, case: posterCase(), at: now) }
        var moved = posterCase()
        moved.record.episode.lastSeenAt = now - 86_400 * 3
        #expect(throws: HomewardError.self) { try requested.approving(digest: digest, by: approver, case: moved, at: now) }
        let approved = try requested.approving(digest: digest, by: approver, case: posterCase(), at: now)
        #expect(approved.status == .published && approved.approval?.digest == digest)
    }

    @Test func the_public_fields_are_the_posters_own_and_checked_to_their_format() throws {
        func errors(_ fields: PosterPublicFields) -> FieldErrors {
            PosterRules.publicFieldProblems(fields, lexicon: .shipped, facts: posterCase().unexemptedFacts).errors
        }
        let good = PosterPublicFields(
            city: "St. Louis", state: "MO", agencyName: "Maplewood Police Department", agencyPhone: "(555) 010-3000")
        #expect(errors(good).isEmpty)
        for city in [
            "Maplewood (Sunrise Children's Home, county custody)", "Maplewood Sunrise Children's Home", "Sunrise Children's Home",
            "40 Elm Court", "Maplewood\u{200B}", "Quarry Lane",
        ] {
            var fields = good
            fields.city = city
            fields.state = "IL"
            fields.cityUnlisted = true
            #expect(errors(fields)["city"] != nil, "\(city)")
        }
        var unlisted = good
        unlisted.city = "Maplewood"
        unlisted.state = "IL"
        #expect(errors(unlisted)["city"]?.contains("unlisted") == true)
        unlisted.cityUnlisted = true
        #expect(errors(unlisted).isEmpty)
        for (agency, phone) in [
            ("Maplewood Police Department (placement: Harborview)", "555-010-3000"), ("Harborview Youth Network", "555-010-3000"),
            ("Maplewood Police Department", "(555) 014-7720"), ("Maplewood Police Department", "call Odalys"),
        ] {
            var fields = good
            fields.agencyName = agency
            fields.agencyPhone = phone
            #expect(!errors(fields).isEmpty, "\(agency) \(phone)")
        }
        #expect(good.published.agencyPhone == "555-010-3000")
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
            try missing.requestingApproval(
                case: posterCase(), attestation: PublicationAttestation(items: [], attestedBy: manager, attestedAt: now), by: manager,
                at: now)
        }
        #expect(problems?["policeConsent"] != nil && problems?["attest"] != nil)

        var recovered = posterCase()
        recovered.record.episode.status = .recovered
        #expect(fieldErrors { try approvedAndPublished(ready(), case: recovered) }?["publish"] != nil)

        let published = try approvedAndPublished(ready())
        #expect(published.status == .published && published.attestation == complete())
        #expect(published.published?.narrative == "Last seen near the Maplewood library wearing a green coat.")
        #expect(published.published?.photoIDs == ["b"])
        #expect(throws: HomewardError.self) {
            try published.requestingApproval(case: posterCase(), attestation: complete(), by: manager, at: now)
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

        let silent = try approvedAndPublished(ready(), case: tribal)
        #expect(silent.published?.tribalAffiliation == nil)
        #expect(
            silent.published?.facts(on: CivilDate(year: 2026, month: 11, day: 18)!).contains { $0.label == "Tribal Affiliation" } == false)

        let agreed = try ready()
            .recordingConsent(.guardian, givenBy: "Agency director, by phone", showsTribalAffiliation: true, by: manager, at: now)
        #expect(agreed.guardianConsent?.showsTribalAffiliation == true)
        let shown = try approvedAndPublished(agreed, case: tribal)
        #expect(shown.published?.tribalAffiliation == "Ashgrove Fictional Band")
        #expect(
            shown.published?.facts(on: CivilDate(year: 2026, month: 11, day: 18)!).last
                .map { $0.label == "Tribal Affiliation" && $0.value == "Ashgrove Fictional Band" } == true)
    }
}
