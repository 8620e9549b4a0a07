import Foundation
import HomewardCore
import HomewardTestSupport
import PropertyBased
import Testing

/// The public face, tried as an adversary would: a made-up private fact is put in a random private
/// field of a case, disguised by random transformations, and written into the poster's public text
/// and fields in English and Spanish. Whatever the disguise, the fact never reaches the published
/// version: the screen refuses it, or marks it for the approver (who then sends the version back),
/// or it is not there. Every public text (the public version's fields and its PFIF record) is
/// searched by skeleton.
@Suite("The public face under attack")
struct PublicFacePropertyTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)
    let manager = UserID("m")
    let approver = UserID("a")

    /// The private fields a fact can stand in.
    enum Place: Int, CaseIterable {
        case guardianName, guardianAgency, guardianPhone, officer, badge, reportNumber, placeLastSeen, circumstances, whereabouts
        case tribalAffiliation, marks, plate, timelineNote, timelineReference, taskNote, referralNote, personOnTheCase

        /// Numbers stand in numeric fields, names elsewhere.
        var isNumber: Bool { [.guardianPhone, .badge, .reportNumber, .timelineReference, .plate].contains(self) }
    }

    /// Where the attacker writes the fact.
    enum Target: Int, CaseIterable {
        case narrative, spanishNarrative, unlistedCity, agencyName, agencyPhone
    }

    /// The screen test's case with `fact` put in `place`, and its case work.
    func posterCase(fact: String, in place: Place) -> PosterCase {
        var record = PublicTextScreenTests().record()
        record.episode.ncicNumber = "M123456789"
        var tasks: [CaseTask] = []
        var referrals: [Referral] = []
        var people = ["Imogen Thistlewood"]
        let episode = record.episode
        switch place {
        case .guardianName: record.episode.guardian.name = "Odalys \(fact)"
        case .guardianAgency: record.episode.guardian.agency = "\(fact) Youth Network"
        case .guardianPhone: record.episode.guardian.phone = fact
        case .officer: record.episode.police.officerName = "Tobias \(fact)"
        case .badge: record.episode.police.badge = fact
        case .reportNumber: record.episode.police.reportNumber = "MPD-\(fact)"
        case .placeLastSeen: record.episode.lastSeenPlace = "Outside the \(fact) depot"
        case .circumstances: record.episode.circumstances = "She argued with \(fact) about her phone and left."
        case .whereabouts: record.episode.possibleWhereabouts = "May go to the \(fact) shelter downtown"
        case .tribalAffiliation: record.child.tribalAffiliation = "\(fact) Nation"
        case .marks: record.child.marks = "A tattoo that reads \(fact) on her arm"
        case .plate: record.episode.vehicle = Vehicle(plate: fact)
        case .timelineNote, .timelineReference:
            record.events.append(
                EpisodeEvent(
                    id: EpisodeEventID("n"), episodeID: episode.id, kind: .note, occurredAt: now, recordedAt: now, recordedBy: manager,
                    recordedByOrganization: episode.organizationID, reference: place == .timelineReference ? fact : nil,
                    note: place == .timelineNote ? "Her cousin said she talks to \(fact) online." : nil))
        case .taskNote:
            tasks.append(
                CaseTask(id: "t", episodeID: episode.id, kind: .returnInterview, dueAt: now, note: "Ask about the \(fact) apartment"))
        case .referralNote:
            referrals.append(
                Referral(
                    id: "r", episodeID: episode.id, kind: .familyAdvocacy, note: "Mother works with \(fact) at night",
                    requestedBy: manager, requestedAt: now))
        case .personOnTheCase: people.append("Priya \(fact)")
        }
        return PosterCase(
            record: record, people: people, tasks: tasks, referrals: referrals, lexicon: .shipped, hotline: "1-800-843-5678",
            zone: TimeZone(identifier: "America/Chicago")!)
    }

    /// The attacker's poster: the disguised fact written into `target`, everything else clean.
    func attack(_ disguised: String, at target: Target) -> (narrative: String, spanish: String, fields: PosterPublicFields) {
        var fields = PosterPublicFields(
            city: "Maplewood", state: "IL", cityUnlisted: true, agencyName: "Maplewood Police Department", agencyPhone: "555-010-3000")
        var narrative = "Last seen near the bus station wearing a green coat."
        var spanish = "Vista por última vez cerca de la estación de autobuses."
        switch target {
        case .narrative: narrative = "Last seen near \(disguised) wearing a green coat."
        case .spanishNarrative: spanish = "Vista por última vez con \(disguised) cerca de la estación."
        case .unlistedCity: fields.city = disguised
        case .agencyName: fields.agencyName = "\(disguised) Police Department"
        case .agencyPhone: fields.agencyPhone = disguised
        }
        return (narrative, spanish, fields)
    }

    /// Everything the public would read of a published poster.
    func publicTexts(_ poster: Poster) throws -> [String] {
        let live = try #require(poster.published)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(live), as: UTF8.self)
        let pfif =
            PFIF.person(
                poster, domain: "homeward.example", clearinghouse: "Clearinghouse", photoURL: { "https://homeward.example/p/\($0)" },
                pageURL: { "https://homeward.example/posters/\($0)" }
            ).map { PFIF.document([$0]) } ?? ""
        return [json, pfif] + live.facts(on: CivilDate(year: 2026, month: 12, day: 7)!).map(\.value)
            + [live.narrative] + (live.translations?.values.map { $0 } ?? [])
    }

    /// Publishes `written` in `posterCase` as a case manager and a second person would; nil when
    /// the screen refuses it or marks `fact` for the approver.
    func publish(_ written: (narrative: String, spanish: String, fields: PosterPublicFields), in posterCase: PosterCase, fact: String)
        throws -> Poster?
    {
        let draft = Poster(id: "p", episodeID: posterCase.record.episode.id, slug: "s", createdBy: manager, createdAt: now)
        do {
            let ready = try draft.saving(
                narrative: written.narrative, translations: ["es": written.spanish], publicFields: written.fields, photos: ["a"],
                childPhotos: ["a"], case: posterCase, by: manager, at: now
            )
            .recordingConsent(.guardian, givenBy: "Agency director", by: manager, at: now)
            .recordingConsent(.police, givenBy: "Lt. on duty", by: manager, at: now)
            let requested = try ready.requestingApproval(
                case: posterCase,
                attestation: PublicationAttestation(items: PublicationAttestation.Item.allCases, attestedBy: manager, attestedAt: now),
                by: manager, at: now)
            let request = try #require(requested.pendingApproval)
            // The approver sees what the screen marked; a marked fact is sent back.
            let skeleton = TextSkeleton.joined(fact)
            if request.highlights.contains(where: { TextSkeleton.joined($0.fragment).contains(skeleton) }) { return nil }
            return try requested.approving(digest: request.digest, by: approver, case: posterCase, at: now + 60)
        } catch HomewardError.invalid {
            return nil
        }
    }

    @Test func no_disguise_carries_a_private_fact_into_the_published_version() async {
        await propertyCheck(
            count: 200, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...(Place.allCases.count - 1)),
            Gen.int(in: 0...(Target.allCases.count - 1)), Gen.int(in: 0...(PrivateFactAttack.Disguise.allCases.count - 1)).array(of: 1...2)
        ) { seed, placeIndex, targetIndex, disguiseIndices in
            let place = Place(rawValue: placeIndex)!
            let target = Target(rawValue: targetIndex)!
            let fact = PrivateFactAttack.fact(seed: seed, number: place.isNumber)
            let disguised = disguiseIndices.reduce(fact) { PrivateFactAttack.Disguise(rawValue: $1)!.apply($0) }
            let posterCase = posterCase(fact: fact, in: place)
            let written = attack(disguised, at: target)
            // The same case publishes a clean poster: whatever is refused is refused for the fact.
            let clean = try publish(attack("the library", at: .narrative), in: posterCase, fact: fact)
            #expect(clean?.status == .published, "the clean poster of a case with \(fact) in \(place) was not published")
            guard let published = try publish(written, in: posterCase, fact: fact) else { return }
            for text in try publicTexts(published) {
                #expect(
                    !TextSkeleton.joined(text).contains(TextSkeleton.joined(fact)),
                    "\(fact) from \(place), written as \(disguised.debugDescription) in \(target), was published")
            }
        }
    }
}
