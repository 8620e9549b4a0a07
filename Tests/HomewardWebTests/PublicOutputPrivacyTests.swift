import Foundation
import HTTPTypes
import HomewardCore
import HomewardPDF
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import PropertyBased
import Testing

@testable import HomewardWeb

/// A crafted case with a made-up, distinctive fact in every private field. Disguised attempts to
/// publish them are refused; then a clean poster is published, and the raw bytes of every public
/// output (page and PDF in each language, the PDF's text layer, the photo and its pixels, the
/// public JSON and list, the PFIF feed, the meta tags) are searched for every one of those facts by
/// skeleton, with no word excused for standing in a public field.
@Suite("Every public output, searched by skeleton")
struct PublicOutputPrivacyTests {
    /// Each private field's value, with the distinctive words that must never be public.
    static let privateFacts: [(field: String, value: String, words: [String])] = [
        ("marks", "Pelvrandine scar on the left wrist", ["Pelvrandine"]),
        ("tribal affiliation", "Quorrathel Nation", ["Quorrathel"]),
        ("guardian", "Ysmeralda Vantrobe", ["Ysmeralda", "Vantrobe"]),
        ("guardian's phone", "555-019-4482", ["5550194482", "0194482"]),
        ("guardian's e-mail", "yvantrobe@tessaly.example", ["yvantrobe", "tessaly"]),
        ("guardian's agency", "Tessaly Youth Haven", ["Tessaly"]),
        ("place last seen", "Brightcombe cottage, 7719 Ulverstone Lane", ["Brightcombe", "Ulverstone", "7719"]),
        ("circumstances", "Argued with Dravenholt about curfew, then left.", ["Dravenholt"]),
        ("possible whereabouts", "May visit Corvalline Heights", ["Corvalline"]),
        ("officer", "Sgt. Hollimont", ["Hollimont"]),
        ("badge", "99431", ["99431"]),
        ("report number", "MPD-26-771204", ["771204"]),
        ("plate", "ZKW4481", ["ZKW4481"]),
        ("timeline note", "Cousin mentioned the Threlkeld arcade.", ["Threlkeld"]),
        ("task note", "Ask about her Marrowgate friends.", ["Marrowgate"]),
        ("referral note", "Mother works nights at the Sablethorn mill.", ["Sablethorn"]),
    ]

    static let pixelSecret = "PIXELS-SABLETHORN-MILL"

    func value(_ field: String) -> String { Self.privateFacts.first { $0.field == field }!.value }

    /// Files the crafted case, with its timeline note, task and referral, NCIC entry and a photo
    /// whose pixels spell a secret.
    func craftedEpisode(_ client: any TestClientProtocol, _ services: AppServices, _ fixtures: Fixtures) async throws -> EpisodeID {
        let now = services.clock.now()
        let caseworker = fixtures.account(.caseworker)
        var child = Child(
            id: ChildID("child-crafted"), organizationID: fixtures.agencyA.id, firstName: "Linnea", lastName: "Hartsough",
            dateOfBirth: CivilDate(year: 2011, month: 2, day: 14)!, sex: .female, race: "W", heightInches: 62, weightPounds: 104,
            eyeColor: "BRO", hairColor: "BLK", marks: value("marks"), createdAt: now)
        child.tribalAffiliation = value("tribal affiliation")
        let id = EpisodeID("episode-crafted")
        let episode = MissingEpisode(
            id: id, childID: child.id, organizationID: fixtures.agencyA.id, status: .open, receivedAt: now - 3600, lastSeenAt: now - 7200,
            lastSeenCity: "Springfield", lastSeenState: "IL", lastSeenPlace: value("place last seen"),
            circumstances: value("circumstances"), endangerments: [], possibleWhereabouts: value("possible whereabouts"),
            vehicle: Vehicle(plate: value("plate")),
            guardian: Guardian(
                name: value("guardian"), agency: value("guardian's agency"), phone: value("guardian's phone"),
                email: value("guardian's e-mail")),
            police: InvestigatingAgency(
                organizationID: fixtures.police.id, name: fixtures.police.name, ori: fixtures.police.ori, phone: "555-010-3000",
                reportNumber: value("report number"), officerName: value("officer"), badge: value("badge")),
            caseType: .endangeredRunaway, createdBy: caseworker.user.id, createdAt: now - 3600, submittedAt: now - 3600)
        let audit = AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "test", recordType: "episode")
        let note = EpisodeEvent(
            id: EpisodeEventID("crafted-note"), episodeID: id, kind: .note, occurredAt: now - 1800, recordedAt: now - 1800,
            recordedBy: caseworker.user.id, recordedByOrganization: fixtures.agencyA.id, note: value("timeline note"))
        _ = try await services.store.fileReport(
            child: child, childIsNew: true, episode: episode, events: [note], deletingDraft: nil, idempotencyKey: nil, audit: audit)
        _ = try await services.store.openLongTermTasks(
            [CaseTask(id: "crafted-task", episodeID: id, kind: .ageProgression, dueAt: now + 86_400)], of: id, audit: audit)
        try await services.store.completeTask(
            "crafted-task", by: fixtures.account(.caseManager).user.id, at: now, note: value("task note"), audit: audit)
        try await services.store.saveReferral(
            Referral(
                id: "crafted-referral", episodeID: id, kind: .familyAdvocacy, note: value("referral note"),
                requestedBy: fixtures.account(.caseManager).user.id, requestedAt: now),
            audit: audit)
        try await PosterTests.enterIntoNCICWithPhoto(id, png: CraftedImages.pngCarryingInPixels(Self.pixelSecret), client, fixtures)
        return id
    }

    /// `text`'s words as skeletons, and all of them run together.
    func skeletons(_ text: String) -> (words: Set<String>, joined: String) {
        let tokens = SkeletonToken.tokens(of: text)
        return (Set(tokens.map(\.skeleton)), tokens.map(\.skeleton).joined())
    }

    @Test func no_private_field_of_a_crafted_case_reaches_any_public_output() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await craftedEpisode(client, services, fixtures)
            let manager = fixtures.account(.caseManager)
            let base = "/api/v1/episodes/\(episode)/poster"
            let photo = try #require(try await services.store.photos(of: ChildID("child-crafted")).first?.id)
            func draft(
                narrative: String, spanish: String = "Vista cerca de la plaza.", city: String = "Springfield",
                cityUnlisted: Bool = false, agency: String = "Maplewood Police Department", phone: String = "555-010-3000"
            ) -> String {
                let body: [String: Any] = [
                    "narrative": narrative, "translations": ["es": spanish], "photoIds": [photo],
                    "publicFields": [
                        "city": city, "state": "IL", "cityUnlisted": cityUnlisted, "agencyName": agency, "agencyPhone": phone,
                    ],
                ]
                return String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            }
            // Disguised attempts, in each public field, are refused and store nothing.
            let attempts = [
                draft(narrative: "Last seen with D r a v e n h o l t near the bus station."),
                draft(narrative: "Last seen near the Ulver-\nstone shops."),
                draft(narrative: "Ask for Hоllimont (Cyrillic o) at the station."),
                draft(narrative: "Call 555 019 4482 with news."),
                draft(narrative: "Plate Z K W 4 4 8 1."),
                draft(narrative: "Seen with Threlk\u{200B}eld friends."),
                draft(narrative: "She may be with her Marrowg4te friends."),
                draft(narrative: "Last seen downtown.", spanish: "Vista con la familia Vantrobe."),
                draft(narrative: "Last seen downtown.", city: "Brightcombe", cityUnlisted: true),
                draft(narrative: "Last seen downtown.", city: "Springfield (Tessaly Youth Haven)"),
                draft(narrative: "Last seen downtown.", agency: "Sablethorn Police Department"),
                draft(narrative: "Last seen downtown.", phone: "555-019-4482"),
            ]
            for attempt in attempts {
                let refused = try await client.api(.post, base, as: manager, json: attempt)
                #expect(refused.status == .unprocessableContent, "\(attempt)")
            }
            #expect(try await services.store.poster(ofEpisode: episode) == nil)

            // A clean poster, with accents in its Spanish narrative, published by two people.
            let spanish = "Vista por última vez cerca de la plaza, con un suéter azul y su mamá le dice Niña."
            let saved = try await client.api(
                .post, base, as: manager,
                json: draft(narrative: "Linnea was last seen near the Springfield bus station in a blue sweater.", spanish: spanish))
            #expect(saved.status == .ok)
            for (kind, who) in [("guardian", "Agency director, by phone"), ("police", "Lt. Example, by phone")] {
                #expect(
                    try await client.api(.post, base + "/consents", as: manager, json: #"{"kind":"\#(kind)","givenBy":"\#(who)"}"#).status
                        == .ok)
            }
            let all = PublicationAttestation.Item.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
            let requested = try await client.api(.post, base + "/publish", as: manager, json: #"{"attestations":[\#(all)]}"#)
            let digest = try #require((try requested.json()["pendingApproval"] as? [String: Any])?["digest"] as? String)
            let approved = try await client.api(
                .post, base + "/approve", as: fixtures.account(.clearinghouseAdmin), json: #"{"digest":"\#(digest)"}"#)
            #expect(approved.status == .ok)
            let slug = try #require(try approved.json()["slug"] as? String)

            // Every public output, raw.
            func fetch(_ path: String) async throws -> Data {
                let response = try await client.execute(uri: path, method: .get) { $0 }
                #expect(response.status == .ok, "\(path)")
                return Data(response.body.readableBytesView)
            }
            let pdf = try await fetch("/posters/\(slug).pdf")
            let spanishPDF = try await fetch("/posters/\(slug).pdf?lang=es")
            let photoBytes = try await fetch("/posters/\(slug)/photos/0")
            let page = String(decoding: try await fetch("/posters/\(slug)"), as: UTF8.self)
            let spanishPage = String(decoding: try await fetch("/posters/\(slug)?lang=es"), as: UTF8.self)
            var outputs: [(String, String)] = [
                ("page", page), ("page in Spanish", spanishPage), ("pdf text", try PDFText.extract(pdf)),
                ("pdf text in Spanish", try PDFText.extract(spanishPDF)), ("pdf bytes", String(decoding: pdf, as: UTF8.self)),
                ("photo bytes", String(decoding: photoBytes, as: UTF8.self)),
            ]
            for path in ["/api/v1/public/posters", "/posters", "/posters?lang=es", "/pfif/1.4/persons", "/members"] {
                outputs.append((path, String(decoding: try await fetch(path), as: UTF8.self)))
            }
            #expect(page.contains(#"<meta name="description""#) && page.contains("og:title"))
            for (name, text) in outputs {
                let found = skeletons(text)
                for fact in Self.privateFacts {
                    for word in fact.words {
                        let skeleton = TextSkeleton.joined(word)
                        #expect(!found.words.contains(skeleton), "\(name) carries the \(fact.field): \(word)")
                        if skeleton.count >= 7 { #expect(!found.joined.contains(skeleton), "\(name) carries the \(fact.field): \(word)") }
                    }
                }
            }
            // The photo's pixels too: the public photo is a lossy JPEG, so the payload is gone.
            #expect(!CraftedImages.contains(CraftedImages.decodedPixels(photoBytes).pixels, Self.pixelSecret))

            // What every output carries is what was screened: the narrative in the page, the JSON
            // (exactly, in NFC) and PFIF; the confirmed place in the meta tags.
            let english = "Linnea was last seen near the Springfield bus station in a blue sweater."
            #expect(TextSkeleton.of(page).contains(TextSkeleton.of(english)))
            let listed = try #require(
                (try JSONSerialization.jsonObject(with: try await fetch("/api/v1/public/posters")) as? [String: Any])?["posters"]
                    as? [[String: Any]])
            #expect(listed.first?["narrative"] as? String == english && listed.first?["missingFromCity"] as? String == "Springfield")
            let pfif = String(decoding: try await fetch("/pfif/1.4/persons"), as: UTF8.self)
            #expect(TextSkeleton.of(pfif).contains(TextSkeleton.of(english)))
            let meta = try #require(page.firstRange(of: #/<meta name="description" content="([^"]*)">/#)).lowerBound
            #expect(TextSkeleton.of(String(page[meta...].prefix(300))).contains(TextSkeleton.of("Springfield, IL")))
            // What the PDF prints is what was screened: the same skeleton as the page's text, accents kept.
            let spanishText = try PDFText.extract(spanishPDF)
            #expect(TextSkeleton.of(spanishText).contains(TextSkeleton.of(spanish)))
            #expect(TextSkeleton.of(spanishPage).contains(TextSkeleton.of(spanish)))
            #expect(spanishText.precomposedStringWithCanonicalMapping.contains("última") && spanishText.contains("suéter"))
            #expect(spanishPage.contains("última") && spanishPage.contains("suéter"))
        }
    }

    /// The private fields the rendered-output attack hides a fact in.
    enum Place: Int, CaseIterable {
        case guardianName, circumstances, whereabouts, placeLastSeen, tribalAffiliation, marks, officer, timelineNote
    }

    /// Files a case with `fact` in `place`, its NCIC entry and a photo; returns its episode.
    func episode(_ n: Int, fact: String, in place: Place, _ client: any TestClientProtocol, _ services: AppServices, _ fixtures: Fixtures)
        async throws -> EpisodeID
    {
        let now = services.clock.now()
        let caseworker = fixtures.account(.caseworker)
        var child = Child(
            id: ChildID("child-attack-\(n)"), organizationID: fixtures.agencyA.id, firstName: "Linnea", lastName: "Hartsough",
            dateOfBirth: CivilDate(year: 2011, month: 2, day: 14)!, sex: .female, heightInches: 62, weightPounds: 104, createdAt: now)
        var episode = MissingEpisode(
            id: EpisodeID("episode-attack-\(n)"), childID: child.id, organizationID: fixtures.agencyA.id, status: .open,
            receivedAt: now - 3600, lastSeenAt: now - 7200, lastSeenCity: "Springfield", lastSeenState: "IL",
            circumstances: "Left after dinner.", endangerments: [],
            guardian: Guardian(name: "Odalys Brennecke", phone: "555-010-2222"),
            police: InvestigatingAgency(
                organizationID: fixtures.police.id, name: fixtures.police.name, ori: fixtures.police.ori, phone: "555-010-3000"),
            caseType: .endangeredRunaway, createdBy: caseworker.user.id, createdAt: now - 3600, submittedAt: now - 3600)
        var events: [EpisodeEvent] = []
        switch place {
        case .guardianName: episode.guardian.name = "Odalys \(fact)"
        case .circumstances: episode.circumstances = "She argued with \(fact) and left."
        case .whereabouts: episode.possibleWhereabouts = "May go to the \(fact) depot"
        case .placeLastSeen: episode.lastSeenPlace = "\(fact) cottage"
        case .tribalAffiliation: child.tribalAffiliation = "\(fact) Nation"
        case .marks: child.marks = "A tattoo that reads \(fact)"
        case .officer: episode.police.officerName = "Tobias \(fact)"
        case .timelineNote:
            events.append(
                EpisodeEvent(
                    id: EpisodeEventID("note-\(n)"), episodeID: episode.id, kind: .note, occurredAt: now - 60, recordedAt: now - 60,
                    recordedBy: caseworker.user.id, recordedByOrganization: fixtures.agencyA.id, note: "Her cousin talks to \(fact) online."
                ))
        }
        _ = try await services.store.fileReport(
            child: child, childIsNew: true, episode: episode, events: events, deletingDraft: nil, idempotencyKey: nil,
            audit: AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "test", recordType: "episode"))
        try await PosterTests.enterIntoNCICWithPhoto(
            episode.id, png: Array(PlaceholderPortrait.png(seed: n, width: 60, height: 75)), client, fixtures)
        return episode.id
    }

    @Test func random_disguised_facts_never_reach_a_rendered_public_output() async throws {
        try await withTestApplication { client, services, fixtures in
            let counter = Counter()
            await propertyCheck(
                count: 12, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...(Place.allCases.count - 1)),
                Gen.int(in: 0...(PrivateFactAttack.Disguise.allCases.count - 1)).array(of: 1...2), Gen.bool
            ) { seed, placeIndex, disguises, inSpanish in
                let n = await counter.next()
                let place = Place(rawValue: placeIndex)!
                let fact = PrivateFactAttack.fact(seed: seed, number: false)
                let disguised = disguises.reduce(fact) { PrivateFactAttack.Disguise(rawValue: $1)!.apply($0) }
                let id = try await episode(n, fact: fact, in: place, client, services, fixtures)
                let manager = fixtures.account(.caseManager)
                let base = "/api/v1/episodes/\(id)/poster"
                let photo = try #require(try await services.store.photos(of: ChildID("child-attack-\(n)")).first?.id)
                let english = inSpanish ? "Last seen near the bus station." : "Last seen near \(disguised) wearing a coat."
                let spanish = inSpanish ? "Vista por última vez con \(disguised)." : "Vista cerca de la estación."
                let body: [String: Any] = [
                    "narrative": english, "translations": ["es": spanish], "photoIds": [photo],
                    "publicFields": [
                        "city": "Springfield", "state": "IL", "agencyName": "Maplewood Police Department", "agencyPhone": "555-010-3000",
                    ],
                ]
                let saved = try await client.api(
                    .post, base, as: manager, json: String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
                if saved.status == .unprocessableContent {
                    // Refused for the fact, beside the text that carried it: nothing else is wrong.
                    let fields = (try saved.json()["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                    #expect(fields == [inSpanish ? "translations.es" : "narrative"], "\(fields)")
                    return
                }
                #expect(saved.status == .ok)
                for (kind, who) in [("guardian", "Agency director"), ("police", "Lt. Example")] {
                    _ = try await client.api(.post, base + "/consents", as: manager, json: #"{"kind":"\#(kind)","givenBy":"\#(who)"}"#)
                }
                let all = PublicationAttestation.Item.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
                let requested = try await client.api(.post, base + "/publish", as: manager, json: #"{"attestations":[\#(all)]}"#)
                if requested.status == .unprocessableContent { return }
                let pending = try #require(try requested.json()["pendingApproval"] as? [String: Any])
                // The approver sends back a version whose marked findings show the fact.
                let marked = (pending["highlights"] as? [String] ?? []).contains {
                    TextSkeleton.joined($0).contains(TextSkeleton.joined(fact))
                }
                if marked { return }
                let digest = try #require(pending["digest"] as? String)
                let approved = try await client.api(
                    .post, base + "/approve", as: fixtures.account(.clearinghouseAdmin), json: #"{"digest":"\#(digest)"}"#)
                let slug = try #require(try approved.json()["slug"] as? String)
                func fetch(_ path: String) async throws -> String {
                    let bytes = Data(try await client.execute(uri: path, method: .get) { $0 }.body.readableBytesView)
                    return path.hasSuffix(".pdf") || path.contains(".pdf?")
                        ? try PDFText.extract(bytes) : String(decoding: bytes, as: UTF8.self)
                }
                for path in [
                    "/posters/\(slug)", "/posters/\(slug)?lang=es", "/posters/\(slug).pdf", "/posters/\(slug).pdf?lang=es",
                    "/api/v1/public/posters", "/pfif/1.4/persons",
                ] {
                    let text = try await fetch(path)
                    #expect(
                        !TextSkeleton.joined(text).contains(TextSkeleton.joined(fact)),
                        "\(path) carries \(fact) from \(place), written as \(disguised.debugDescription)")
                }
            }
        }
    }
}
