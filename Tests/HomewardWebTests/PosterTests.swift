import Foundation
import HTTPTypes
import HomewardCore
import HomewardPDF
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

/// Words and details that must never leave the building, planted in every private field.
private let confidential = [
    "foster", "custody", "placement", "trafficking", "medication", "diagnosis", "Wendeline Oakhurst", "4417 Larkspur Terrace",
]

/// A PNG with a text chunk carrying private words, as a phone might add.
private func pngWithText() -> [UInt8] {
    var png = [UInt8](PlaceholderPortrait.png(seed: 3))
    let payload = Array("Comment\u{0}foster placement at 4417 Larkspur Terrace; trafficking".utf8)
    var chunk: [UInt8] = []
    let length = UInt32(payload.count)
    chunk += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
    let typed = Array("tEXt".utf8) + payload
    chunk += typed
    let crc = crc32(typed)
    chunk += [UInt8(crc >> 24), UInt8((crc >> 16) & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8(crc & 0xFF)]
    png.insert(contentsOf: chunk, at: 33)  // after the signature (8) and IHDR (25)
    return png
}

private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return crc ^ 0xFFFF_FFFF
}

@Suite("Posters and tips")
struct PosterTests {
    /// Files an episode whose private fields are full of confidential words, enters it into NCIC,
    /// uploads a photo with a text chunk, and returns its id.
    static func confidentialEpisode(_ client: any TestClientProtocol, _ services: AppServices, _ fixtures: Fixtures) async throws
        -> EpisodeID
    {
        let now = services.clock.now()
        let caseworker = fixtures.account(.caseworker)
        var child = Child(
            id: ChildID("child-poster"), organizationID: fixtures.agencyA.id, firstName: "Rosalind", lastName: "Quillfeather",
            dateOfBirth: CivilDate(year: 2010, month: 8, day: 3)!, sex: .female, race: "W", heightInches: 61, weightPounds: 102,
            eyeColor: "GRN", hairColor: "RED", marks: "Scar from diagnosis surgery", createdAt: now)
        // Private by law and by policy: no public output may carry it.
        child.tribalAffiliation = "Ashgrove Fictional Band"
        let episode = MissingEpisode(
            id: EpisodeID("episode-poster"), childID: child.id, organizationID: fixtures.agencyA.id, status: .open, receivedAt: now - 3600,
            lastSeenAt: now - 7200, lastSeenCity: "Maplewood", lastSeenState: "IL",
            lastSeenPlace: "Foster placement, 4417 Larkspur Terrace",
            circumstances:
                "Left her foster placement; state custody since 2022; trafficking concern; missed medication; diagnosis pending.",
            endangerments: [.traffickingConcern, .medicalCondition], clothing: "Green parka",
            possibleWhereabouts: "Custody hearing was due; may go to the placement of a friend",
            guardian: Guardian(name: "Wendeline Oakhurst", agency: "Foster Care Services", phone: "555-010-2222"),
            police: InvestigatingAgency(
                organizationID: fixtures.police.id, name: fixtures.police.name, ori: fixtures.police.ori, phone: "555-010-3000"),
            caseType: .endangeredRunaway, createdBy: caseworker.user.id, createdAt: now - 3600, submittedAt: now - 3600)
        _ = try await services.store.fileReport(
            child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil,
            audit: AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "test", recordType: "episode"))
        try await enterIntoNCICWithPhoto(episode.id, png: pngWithText(), client, fixtures)
        return episode.id
    }

    /// Records the police agency's NCIC entry of a filed case, and a caseworker's upload of `png`:
    /// what a poster needs besides its text.
    static func enterIntoNCICWithPhoto(_ episode: EpisodeID, png: [UInt8], _ client: any TestClientProtocol, _ fixtures: Fixtures)
        async throws
    {
        let nic = try await client.api(
            .post, "/api/v1/episodes/\(episode)/events", as: fixtures.account(.investigator),
            json: #"{"kind":"ncic_entered","occurredAt":"2026-11-18T10:30:00Z","method":"NCIC terminal","reference":"M123456789"}"#)
        #expect(nic.status == .created)
        let photo = try await client.upload(
            "/episodes/\(episode)/photos", as: fixtures.account(.caseworker), fixtures: fixtures, fields: [],
            files: [("photo", "portrait.png", "image/png", png)])
        #expect(photo.status == .seeOther)
    }

    /// The public fields as a case manager confirms them (Maplewood, IL is fictional: unlisted).
    static let publicFields = [
        ("city", "Maplewood"), ("state", "IL"), ("cityUnlisted", "yes"), ("agencyName", "Maplewood Police Department"),
        ("agencyPhone", "555-010-3000"),
    ]

    /// Drafts, consents and publishes the episode's poster as a case manager, approved by an
    /// administrator; returns its slug.
    static func publish(
        _ client: any TestClientProtocol, _ services: AppServices, _ fixtures: Fixtures, _ episode: EpisodeID,
        photoType: String = "image/png", showingTribe: Bool = false
    ) async throws -> String {
        let manager = fixtures.account(.caseManager)
        let base = "/episodes/\(episode)/poster"
        let photos = try await services.store.photos(of: ChildID("child-poster")).filter { $0.contentType == photoType }
        let refused = try await client.page(
            .post, base, as: manager, fixtures: fixtures,
            form: [("narrative", "Rosalind left her foster placement after a custody hearing."), ("photo", photos[0].id)])
        #expect(refused.status == .unprocessableContent)
        #expect(
            refused.text.contains(
                "Remove what must not be published: “foster placement” (care status or custody); “custody” (care status or custody)"))
        #expect(try await services.store.poster(ofEpisode: episode) == nil)
        let early = try await client.page(.get, base, as: manager, fixtures: fixtures)
        #expect(
            early.text.contains("The guardian&#39;s consent is not recorded.")
                || early.text.contains("The guardian's consent is not recorded."))
        let saved = try await client.page(
            .post, base, as: manager, fixtures: fixtures,
            form: [("narrative", "Rosalind was last seen near the Maplewood bus station wearing a green parka."), ("photo", photos[0].id)]
                + publicFields)
        #expect(saved.status == .seeOther)
        #expect(try await client.page(.post, base + "/publish", as: manager, fixtures: fixtures).status == .unprocessableContent)
        // The guardian's form offers to show the child's tribal affiliation; left alone, it stays private.
        #expect(early.text.contains(#"name="showsTribalAffiliation""#) && early.text.contains("Ashgrove Fictional Band"))
        for (kind, who) in [("guardian", "Agency director, by phone"), ("police", "Lt. Example, Maplewood PD")] {
            let shows = showingTribe && kind == "guardian" ? [("showsTribalAffiliation", "yes")] : []
            let consent = try await client.page(
                .post, base + "/consent", as: manager, fixtures: fixtures, form: [("kind", kind), ("givenBy", who)] + shows)
            #expect(consent.status == .seeOther)
        }
        let unattested = try await client.page(
            .post, base + "/publish", as: manager, fixtures: fixtures, form: [("attest", "care_status"), ("attest", "custody")])
        #expect(unattested.status == .unprocessableContent)
        #expect(unattested.text.contains("Confirm each statement about the text before publishing (3 not confirmed)."))
        // A statement no one read is refused, never dropped.
        let unknown = try await client.page(
            .post, base + "/publish", as: manager, fixtures: fixtures,
            form: PublicationAttestation.Item.allCases.map { ("attest", $0.rawValue) } + [("attest", "no_secrets")])
        #expect(unknown.status == .unprocessableContent && unknown.text.contains("is not one of the statements"))
        let attested = PublicationAttestation.Item.allCases.map { ("attest", $0.rawValue) }
        #expect(try await client.page(.post, base + "/publish", as: manager, fixtures: fixtures, form: attested).status == .seeOther)
        // Nothing is public until a second person approves the digest they were shown.
        let requested = try #require(try await services.store.poster(ofEpisode: episode))
        #expect(requested.status == .draft && requested.published == nil)
        let digest = try #require(requested.pendingApproval?.digest)
        #expect(
            try await client.page(.post, base + "/approve", as: manager, fixtures: fixtures, form: [("digest", digest)]).status
                == .forbidden)
        let approver = fixtures.account(.clearinghouseAdmin)
        #expect(
            try await client.page(.post, base + "/approve", as: approver, fixtures: fixtures, form: [("digest", digest)]).status
                == .seeOther)
        let poster = try #require(try await services.store.poster(ofEpisode: episode))
        #expect(poster.approval?.approvedBy == approver.user.id && poster.approval?.authors == [manager.user.id])
        #expect(poster.status == .published && poster.guardianConsent?.recordedBy == manager.user.id)
        #expect(poster.attestation?.isComplete == true && poster.attestation?.attestedBy == manager.user.id)
        return poster.slug
    }

    /// With the guardian's word, the tribal affiliation is shown on the poster in each language,
    /// in its PDF and in the public JSON.
    @Test func the_guardian_may_agree_to_show_the_tribal_affiliation() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let slug = try await Self.publish(client, services, fixtures, episode, showingTribe: true)
            #expect(try await services.store.poster(ofEpisode: episode)?.guardianConsent?.showsTribalAffiliation == true)
            let english = try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures)
            #expect(english.text.contains("Tribal Affiliation") && english.text.contains("Ashgrove Fictional Band"))
            let spanish = try await client.page(.get, "/posters/\(slug)?lang=es", as: nil, fixtures: fixtures)
            #expect(spanish.text.contains("Afiliación tribal") && spanish.text.contains("Ashgrove Fictional Band"))
            let pdf = try PDFText.extract(
                Data(try await client.page(.get, "/posters/\(slug).pdf", as: nil, fixtures: fixtures).body.readableBytesView))
            #expect(pdf.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("Tribal Affiliation Ashgrove Fictional Band"))
            let list = try await client.page(.get, "/api/v1/public/posters", as: nil, fixtures: fixtures)
            #expect(list.text.contains(#""tribalAffiliation":"Ashgrove Fictional Band""#))
        }
    }

    @Test func nothing_confidential_reaches_any_public_output() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let slug = try await Self.publish(client, services, fixtures, episode)

            let page = try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures)
            #expect(page.status == .ok)
            #expect(page.text.contains("Rosalind Quillfeather") && page.text.contains("ENDANGERED RUNAWAY"))
            #expect(page.text.contains("og:image") && page.text.contains("Red"))
            let pdf = try await client.page(.get, "/posters/\(slug).pdf", as: nil, fixtures: fixtures)
            #expect(pdf.headers[.contentType] == "application/pdf")
            let pdfText = try PDFText.extract(Data(pdf.body.readableBytesView))
            #expect(
                pdfText.contains("Rosalind") && pdfText.contains("Quillfeather")
                    && pdfText.contains("ANYONE HAVING INFORMATION SHOULD CONTACT"))
            let photo = try await client.page(.get, "/posters/\(slug)/photos/0", as: nil, fixtures: fixtures)
            // Every public photo is a lossy JPEG of fixed size, whatever was uploaded.
            #expect(photo.status == .ok && photo.headers[.contentType] == "image/jpeg")
            let photoBytes = Data(photo.body.readableBytesView)
            #expect(photoBytes.range(of: Data("tEXt".utf8)) == nil)
            let json = try await client.api(.get, "/api/v1/public/posters", as: nil)
            // The Spanish page and PDF are built from the same public version: searched alike.
            let spanishPage = try await client.page(.get, "/posters/\(slug)?lang=es", as: nil, fixtures: fixtures)
            let spanishPDF = try PDFText.extract(
                Data(try await client.page(.get, "/posters/\(slug).pdf?lang=es", as: nil, fixtures: fixtures).body.readableBytesView))
            let list = try await client.page(.get, "/posters", as: nil, fixtures: fixtures)
            let members = try await client.page(.get, "/members", as: nil, fixtures: fixtures)
            let pfif = try await client.page(.get, "/pfif/1.4/persons", as: nil, fixtures: fixtures)
            #expect(pfif.headers[.contentType] == "application/xml; charset=utf-8")
            #expect(
                pfif.text.contains("<pfif:full_name>Rosalind Quillfeather</pfif:full_name>")
                    && pfif.text.contains("<pfif:sex>female</pfif:sex>"))
            let outputs: [(String, String)] = [
                ("page", page.text), ("pdf", pdfText), ("photo", String(decoding: photoBytes, as: UTF8.self)), ("json", json.text),
                ("list", list.text), ("members", members.text), ("pfif", pfif.text), ("page in Spanish", spanishPage.text),
                ("pdf in Spanish", spanishPDF),
            ]
            #expect(json.text.contains("Rosalind Quillfeather") && list.text.contains("Rosalind Quillfeather"))
            for (name, text) in outputs {
                for word in confidential + ["Foster Care Services", "custody hearing", "Fixture caseworker", "Ashgrove", "Fictional Band"] {
                    #expect(!text.lowercased().contains(word.lowercased()), "\(name) shows “\(word)”")
                }
            }
            // The case manager's preview shows both sides; the private side is labelled.
            let preview = try await client.page(.get, "/episodes/\(episode)/poster", as: fixtures.account(.caseManager), fixtures: fixtures)
            #expect(preview.text.contains("Private: never published") && preview.text.contains("4417 Larkspur Terrace"))
        }
    }

    @Test func hidden_bytes_of_an_uploaded_jpeg_reach_no_public_output() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let upload = try await client.upload(
                "/episodes/\(episode)/photos", as: fixtures.account(.caseworker), fixtures: fixtures, fields: [],
                files: [("photo", "phone.jpg", "image/jpeg", CraftedImages.hostileJPEG())])
            #expect(upload.status == .seeOther)
            let slug = try await Self.publish(client, services, fixtures, episode, photoType: "image/jpeg")
            let page = try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures)
            let stored = try #require(try await services.store.photos(of: ChildID("child-poster")).first { $0.contentType == "image/jpeg" })
            let outputs: [(String, Data)] = [
                ("stored", try #require(try await services.store.photo(stored.id)).bytes),
                (
                    "photo",
                    Data(try await client.page(.get, "/posters/\(slug)/photos/0", as: nil, fixtures: fixtures).body.readableBytesView)
                ),
                ("pdf", Data(try await client.page(.get, "/posters/\(slug).pdf", as: nil, fixtures: fixtures).body.readableBytesView)),
                ("page", Data(page.body.readableBytesView)),
            ]
            #expect(page.text.contains("/posters/\(slug)/photos/0"))  // the Open Graph image is that photo
            for (name, bytes) in outputs {
                #expect(bytes.count > 100, "\(name) is empty")
                for secret in CraftedImages.secrets {
                    #expect(!CraftedImages.contains(bytes, secret), "\(name) carries \(secret)")
                }
            }
        }
    }

    @Test func a_case_manager_drafts_consents_publishes_and_withdraws_a_poster_over_the_api() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let manager = fixtures.account(.caseManager)
            let base = "/api/v1/episodes/\(episode)/poster"
            let draft = try await client.api(.get, base, as: manager)
            #expect(draft.status == .ok)
            #expect(try draft.json()["status"] as? String == "draft")
            let photo = try #require(try await services.store.photos(of: ChildID("child-poster")).first?.id)
            // The confidential screen refuses the same words as on the page; nothing is stored.
            let refused = try await client.api(
                .post, base, as: manager, json: #"{"narrative":"Rosalind left her foster placement.","photoIds":["\#(photo)"]}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(try await services.store.poster(ofEpisode: episode) == nil)
            // A Spanish narrative passes the same screen, and only languages with a catalog are taken.
            let spanishRefused = try await client.api(
                .post, base, as: manager,
                json:
                    #"{"narrative":"Rosalind was last seen near the bus station.","translations":{"es":"Dejó su hogar de acogida."},"photoIds":["\#(photo)"]}"#
            )
            #expect(spanishRefused.status == .unprocessableContent)
            #expect(((try spanishRefused.json()["errors"] as? [[String: Any]])?.first?["field"] as? String) == "translations.es")
            let unknown = try await client.api(
                .post, base, as: manager, json: #"{"narrative":"Rosalind was last seen.","translations":{"fr":"Vue à la gare."}}"#)
            #expect(((try unknown.json()["errors"] as? [[String: Any]])?.first?["field"] as? String) == "translations.fr")
            #expect(try await services.store.poster(ofEpisode: episode) == nil)
            let saved = try await client.api(
                .post, base, as: manager,
                json:
                    #"{"narrative":"Rosalind was last seen near the bus station.","translations":{"es":"Rosalind fue vista por última vez cerca de la estación de autobuses."},"photoIds":["\#(photo)"]}"#
            )
            #expect(saved.status == .ok)
            #expect((try saved.json()["problems"] as? [String])?.isEmpty == false)
            #expect((try saved.json()["translations"] as? [String: String])?["es"]?.hasPrefix("Rosalind fue vista") == true)
            // Left out, the translations stay as they are.
            let fields =
                #""publicFields":{"city":"Maplewood","state":"IL","cityUnlisted":true,"agencyName":"Maplewood Police Department","agencyPhone":"555-010-3000"}"#
            let kept = try await client.api(
                .post, base, as: manager,
                json: #"{"narrative":"Rosalind was last seen near the bus station.","photoIds":["\#(photo)"],\#(fields)}"#)
            #expect((try kept.json()["translations"] as? [String: String])?["es"] != nil)
            for (kind, who) in [("guardian", "Agency director, by phone"), ("police", "Lt. Example, Maplewood PD")] {
                let consent = try await client.api(
                    .post, base + "/consents", as: manager, json: #"{"kind":"\#(kind)","givenBy":"\#(who)"}"#)
                #expect(consent.status == .ok)
            }
            let partial = try await client.api(.post, base + "/publish", as: manager, json: #"{"attestations":["care_status"]}"#)
            #expect(partial.status == .unprocessableContent)
            let all = PublicationAttestation.Item.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
            let requested = try await client.api(.post, base + "/publish", as: manager, json: #"{"attestations":[\#(all)]}"#)
            #expect(requested.status == .ok)
            #expect(try requested.json()["publicUrl"] is NSNull || (try requested.json()["publicUrl"]) == nil)
            let pending = try #require(try requested.json()["pendingApproval"] as? [String: Any])
            let digest = try #require(pending["digest"] as? String)
            // The author cannot approve; a second person approves the digest they saw.
            #expect(try await client.api(.post, base + "/approve", as: manager, json: #"{"digest":"\#(digest)"}"#).status == .forbidden)
            let published = try await client.api(
                .post, base + "/approve", as: fixtures.account(.clearinghouseAdmin), json: #"{"digest":"\#(digest)"}"#)
            #expect(published.status == .ok)
            let slug = try #require(try published.json()["slug"] as? String)
            #expect((try published.json()["publicUrl"] as? String)?.hasSuffix("/posters/\(slug)") == true)
            #expect(try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures).status == .ok)
            let withdrawn = try await client.api(.post, base + "/withdraw", as: manager, json: #"{"reason":"Found safe."}"#)
            #expect(withdrawn.status == .ok)
            #expect(try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures).status == .gone)
            // Only the clearinghouse's case managers publish.
            #expect(try await client.api(.get, base, as: fixtures.account(.caseworker)).status == .forbidden)
        }
    }

    @Test func recovery_withdraws_the_poster_at_once() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let slug = try await Self.publish(client, services, fixtures, episode)
            #expect(try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures).status == .ok)
            #expect(try await client.page(.get, "/posters/\(slug).pdf", as: nil, fixtures: fixtures).status == .ok)
            let recovered = try await client.page(
                .post, "/episodes/\(episode)/events", as: fixtures.account(.investigator), fixtures: fixtures,
                form: [
                    ("kind", "recovered"), ("occurredAt", "2026-11-18T05:00"), ("place", "Maplewood library"), ("by", "Officer Vale"),
                    ("note", "Unharmed."), ("confirmRecovery", "yes"),
                ])
            #expect(recovered.status == .seeOther)
            #expect(recovered.headers[.location]?.hasSuffix("?done=recovered-withdrawn") == true)
            for path in ["/posters/\(slug)", "/posters/\(slug).pdf", "/posters/\(slug)/photos/0"] {
                let gone = try await client.page(.get, path, as: nil, fixtures: fixtures)
                #expect(gone.status == .gone, "\(path)")
                #expect(!gone.text.contains("Rosalind"))
            }
            #expect(!(try await client.api(.get, "/api/v1/public/posters", as: nil).text.contains("Rosalind")))
            // The PFIF feed keeps an expired placeholder: the record id and its dates, nothing else.
            let feed = try await client.page(.get, "/pfif/1.4/persons", as: nil, fixtures: fixtures)
            let poster = try #require(try await services.store.poster(slug: slug))
            #expect(feed.text.contains("<pfif:person_record_id>127.0.0.1/poster.\(poster.id)</pfif:person_record_id>"))
            #expect(feed.text.contains("<pfif:expiry_date>") && !feed.text.contains("Rosalind") && !feed.text.contains("full_name"))
        }
    }

    @Test func a_tip_reaches_only_the_investigating_agency_and_a_resubmitted_form_is_one_tip() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let slug = try await Self.publish(client, services, fixtures, episode)
            let form = [
                ("seen", "A girl in a green parka boarding the 6 bus"), ("place", "Maplewood bus station"), ("when", "Today about 3 pm"),
                ("contactName", "Pat Witness"), ("contactPhone", "555-010-9999"),
            ]
            var headers = HTTPFields()
            headers[.contentType] = "application/x-www-form-urlencoded"
            let body = form.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
            let first = try await client.execute(
                uri: "/posters/\(slug)/tips", method: .post, headers: headers, body: ByteBuffer(string: body)
            ) {
                $0
            }
            #expect(first.status == .created)
            #expect(first.text.contains("Your tip was received"))
            let again = try await client.execute(
                uri: "/posters/\(slug)/tips", method: .post, headers: headers, body: ByteBuffer(string: body)
            ) {
                $0
            }
            #expect(again.status == .ok)
            #expect(try await services.store.tipCount() == 1)

            let inbox = try await client.page(.get, "/tips", as: fixtures.account(.investigator), fixtures: fixtures)
            #expect(inbox.text.contains("A girl in a green parka") && inbox.text.contains("Pat Witness"))
            let tip = try #require(
                try await services.store.tips(matching: TipFilter(organization: fixtures.police.id, status: .all, limit: 10)).first)
            #expect(try await services.store.tipRecipients(tip.id) == [fixtures.account(.investigator).user.id])

            // Another police agency sees nothing of it, in the inbox or by address.
            let otherPolice = try OrganizationDraft(
                code: "pd-other", name: "Other Police", kind: "law_enforcement", state: "IL", timeZone: "America/Chicago", ori: "IL0990999",
                psapIdentifier: nil, phone: "555-010-8888"
            ).validated(id: OrganizationID("pd-other"), createdAt: services.clock.now())
            try await services.store.createOrganization(
                otherPolice,
                audit: AuditEntry(
                    occurredAt: services.clock.now(), actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            let stranger = try await TestAccounts.make(services, "other-investigator", .investigator, in: otherPolice)
            let strangerInbox = try await client.page(.get, "/tips", as: stranger, fixtures: fixtures)
            #expect(strangerInbox.status == .ok && !strangerInbox.text.contains("green parka"))
            let strangerMark = try await client.page(
                .post, "/tips/\(tip.id)/mark", as: stranger, fixtures: fixtures, form: [("action", "received")])
            #expect(strangerMark.status == .notFound)
            #expect(!(try await client.api(.get, "/api/v1/tips", as: stranger).text.contains("green parka")))
            #expect(!(try await client.page(.get, "/tips.csv", as: stranger, fixtures: fixtures).text.contains("green parka")))
            #expect(
                try await client.api(.post, "/api/v1/tips/\(tip.id)/mark", as: stranger, json: #"{"mark":"received"}"#).status == .notFound)
            // The investigating agency's tip log, as CSV.
            let log = try await client.page(.get, "/tips.csv", as: fixtures.account(.investigator), fixtures: fixtures)
            #expect(log.status == .ok && log.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(log.text.hasPrefix("tip_id,case_number,submitted_at") && log.text.contains(tip.id) && log.text.contains(",new,"))
            // Marked over the API by the investigating agency.
            let markedByAPI = try await client.api(
                .post, "/api/v1/tips/\(tip.id)/mark", as: fixtures.account(.investigator), json: #"{"mark":"actionable"}"#)
            #expect(markedByAPI.status == .ok)
            #expect(try markedByAPI.json()["actionable"] as? Bool == true)
            // The public can never read tips.
            #expect(try await client.page(.get, "/tips", as: nil, fixtures: fixtures).status == .seeOther)
            #expect(try await client.api(.get, "/api/v1/tips", as: nil).status == .unauthorized)

            let marked = try await client.page(
                .post, "/tips/\(tip.id)/mark", as: fixtures.account(.investigator), fixtures: fixtures, form: [("action", "actionable")])
            #expect(marked.status == .seeOther)
            let updated = try #require(try await services.store.tip(tip.id))
            #expect(updated.receivedAt != nil && updated.actionable == true)
            // Marked received, it leaves the waiting list for the received one.
            let waiting = try await client.page(.get, "/tips", as: fixtures.account(.investigator), fixtures: fixtures)
            #expect(!waiting.text.contains("green parka") && waiting.text.contains("No tip is waiting."))
            let received = try await client.page(.get, "/tips?show=received", as: fixtures.account(.investigator), fixtures: fixtures)
            #expect(received.text.contains("green parka"))
        }
    }

    @Test func the_tip_inbox_and_the_api_page_through_every_tip_with_counts_from_the_database() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let slug = try await Self.publish(client, services, fixtures, episode)
            let poster = try #require(try await services.store.poster(slug: slug))
            let now = services.clock.now()
            // 130 tips a minute apart, each to be acknowledged within 30 minutes; the oldest 70 have
            // been marked received, the newest 60 wait, and 30 of those are past their time.
            let investigator = fixtures.account(.investigator)
            let tips = (0..<130).map { (n: Int) -> Tip in
                let submitted: Date = now - Double(130 - n) * 60
                let received: Date? = n < 70 ? now - 10 : nil
                return Tip(
                    id: String(format: "paged-tip-%03d", n), posterID: poster.id, episodeID: episode,
                    investigatingOrganizationID: fixtures.police.id,
                    submission: TipSubmission(seen: "Sighting \(n)", place: "Main St", when: "now"), submittedAt: submitted,
                    acknowledgeBy: submitted + 1800, receivedAt: received, receivedBy: received == nil ? nil : investigator.user.id,
                    idempotencyKey: "paged-\(n)")
            }
            _ = try await services.store.addTips(tips.map { ($0, [UserID](), AuditEntry?.none) }, summary: nil)
            for tip in tips where tip.receivedAt != nil {
                try await services.store.markTip(
                    tip.id, received: true, actionable: nil, by: investigator.user.id, at: now,
                    audit: AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            }
            #expect(try await services.store.tipCounts(routedTo: fixtures.police.id, at: now) == TipCounts(waiting: 60, overdue: 30))

            func ids(_ text: String) -> [String] {
                text.components(separatedBy: "id=\"tip-paged-tip-").dropFirst().map { String($0.prefix(3)) }
            }
            // Waiting: the longest waiting first, 50 to a page.
            let first = try await client.page(.get, "/tips", as: investigator, fixtures: fixtures)
            #expect(first.text.contains("60 waiting to be marked received"))
            #expect(ids(first.text).prefix(2) == ["070", "071"] && ids(first.text).count == 50)
            let second = try await client.page(.get, try #require(nextPageLink(first.text)), as: investigator, fixtures: fixtures)
            #expect(ids(second.text) == (120..<130).map { String(format: "%03d", $0) } && nextPageLink(second.text) == nil)
            // Received: the newest first.
            let received = try await client.page(.get, "/tips?show=received", as: investigator, fixtures: fixtures)
            #expect(ids(received.text).prefix(2) == ["069", "068"])

            // The API pages through all of them, newest first, 100 at a time.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.api(.get, "/api/v1/tips" + (cursor.map { "?cursor=\($0)" } ?? ""), as: investigator)
                #expect(page.status == .ok)
                let body = try page.json()
                seen += (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = body["nextCursor"] as? String
            } while cursor != nil
            #expect(seen.filter { $0.hasPrefix("paged-tip-") } == (0..<130).reversed().map { String(format: "paged-tip-%03d", $0) })
            #expect(try await client.api(.get, "/api/v1/tips?cursor=nonsense", as: investigator).status == .unprocessableContent)
        }
    }

    @Test func the_rate_limit_answers_429_with_retry_after_and_every_accepted_tip_is_stored() async throws {
        try await withTestApplication(configure: { $0.tipRateLimit = 3 }) { client, services, fixtures in
            let episode = try await Self.confidentialEpisode(client, services, fixtures)
            let slug = try await Self.publish(client, services, fixtures, episode)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            var accepted: [String] = []
            var limited = 0
            for n in 0..<6 {
                let json = #"{"seen":"Sighting \#(n)","place":"Main St","when":"now","contactName":"","contactPhone":"","contactEmail":""}"#
                let response = try await client.execute(
                    uri: "/posters/\(slug)/tips", method: .post, headers: headers, body: ByteBuffer(string: json)
                ) { $0 }
                if response.status == .created {
                    accepted.append(try response.json()["id"] as? String ?? "")
                } else {
                    #expect(response.status == .tooManyRequests)
                    #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 > 0)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    limited += 1
                }
            }
            #expect(accepted.count == 3 && limited == 3)
            for id in accepted { #expect(try await services.store.tip(id) != nil) }
            #expect(try await services.store.tipCount() == 3)
            // A tip with nothing in it is refused field by field and does not use up the allowance.
            let empty = try await client.execute(
                uri: "/posters/\(slug)/tips", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"seen":"","place":"","when":"","contactName":"","contactPhone":"","contactEmail":""}"#)
            ) { $0 }
            #expect(empty.status == .tooManyRequests || empty.status == .unprocessableContent)
        }
    }
}

@Suite("Referrals and long-term cases")
struct ReferralTests {
    @Test func the_trafficking_flag_suggests_the_recovery_team_and_a_decline_needs_a_reason() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let manager = fixtures.account(.caseManager)
            let page = try await client.page(.get, "/episodes/\(episode)", as: manager, fixtures: fixtures)
            #expect(page.text.contains("Child Sex Trafficking Recovery Services Team"))
            let referred = try await client.page(
                .post, "/episodes/\(episode)/referrals", as: manager, fixtures: fixtures,
                form: [("kind", "trafficking_recovery"), ("note", "Safety planning with the caseworker")])
            #expect(referred.status == .seeOther)
            let twice = try await client.page(
                .post, "/episodes/\(episode)/referrals", as: manager, fixtures: fixtures, form: [("kind", "trafficking_recovery")])
            #expect(twice.status == .conflict)
            let referral = try #require(try await services.store.referrals(ofEpisode: episode).first)
            #expect(referral.status == .requested && referral.kind == .traffickingRecovery)
            let path = "/episodes/\(episode)/referrals/\(referral.id)"
            // Only the clearinghouse records what its team did with the referral.
            for role in [Role.investigator, .caseworker] {
                let page = try await client.page(.get, "/episodes/\(episode)", as: fixtures.account(role), fixtures: fixtures)
                #expect(!page.text.contains("action=\"\(path)\""), "\(role)")
                let refused = try await client.page(
                    .post, path, as: fixtures.account(role), fixtures: fixtures, form: [("status", "accepted")])
                #expect(refused.status == .forbidden, "\(role)")
            }
            #expect(try await services.store.referrals(ofEpisode: episode).first?.status == .requested)
            let silent = try await client.page(.post, path, as: manager, fixtures: fixtures, form: [("status", "declined")])
            #expect(silent.status == .unprocessableContent)
            let declined = try await client.page(
                .post, path, as: manager, fixtures: fixtures,
                form: [("status", "declined"), ("declineReason", "Family chose another provider")])
            #expect(declined.status == .seeOther)
            #expect(try await services.store.referrals(ofEpisode: episode).first?.declineReason == "Family chose another provider")
            // Another agency's people cannot refer this case.
            #expect(
                try await client.page(
                    .post, "/episodes/\(episode)/referrals", as: fixtures.adminB, fixtures: fixtures, form: [("kind", "team_hope")]
                )
                .status == .forbidden)
        }
    }

    @Test func a_case_open_past_the_long_term_age_gets_its_tasks_once_and_is_listed() async throws {
        try await withTestApplication { client, services, fixtures in
            let now = services.clock.now()
            var episode = fixtures.episode
            episode.id = EpisodeID("episode-old")
            episode.caseNumber = nil
            episode.receivedAt = now - 40 * 86_400
            episode.lastSeenAt = now - 41 * 86_400
            _ = try await services.store.fileReport(
                child: try #require(try await services.store.child(episode.childID)), childIsNew: false, episode: episode, events: [],
                deletingDraft: nil, idempotencyKey: nil,
                audit: AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: "test", recordType: "episode"))
            #expect(try await LongTermCases.runOnce(services) == 1)
            #expect(try await LongTermCases.runOnce(services) == 0)
            let kinds = try await services.store.tasks(of: episode.id).map(\.kind)
            #expect(kinds.filter { $0 == .ncicUpdate }.count == 1 && kinds.filter { $0 == .ageProgression }.count == 1)
            let list = try await client.page(.get, "/cases/long-term", as: fixtures.account(.caseManager), fixtures: fixtures)
            #expect(list.text.contains("Fixture Child") && list.text.contains(">40<"))
            let page = try await client.page(.get, "/episodes/\(episode.id)", as: fixtures.account(.caseManager), fixtures: fixtures)
            #expect(page.text.contains("Long-term") && page.text.contains("Forensic Imaging (age progression)"))

            // Over the API: the investigator sees the police task, completes it once, and not the clearinghouse's.
            let investigator = fixtures.account(.investigator)
            let tasks = try await client.api(.get, "/api/v1/episodes/\(episode.id)/tasks", as: investigator)
            let items = try #require(try tasks.json()["items"] as? [[String: Any]])
            #expect(items.map { $0["kind"] as? String } == ["ncic_30_day_update"])
            let task = try #require(items.first?["id"] as? String)
            let done = try await client.api(
                .post, "/api/v1/episodes/\(episode.id)/tasks/\(task)/complete", as: investigator,
                json: #"{"note":"Dental records requested."}"#)
            #expect(done.status == .ok)
            #expect(try done.json()["completedAt"] as? String != nil)
            let twice = try await client.api(.post, "/api/v1/episodes/\(episode.id)/tasks/\(task)/complete", as: investigator, json: "{}")
            #expect(twice.status == .conflict)
            let age = try #require(try await services.store.tasks(of: episode.id).first { $0.kind == .ageProgression })
            let notTheirs = try await client.api(
                .post, "/api/v1/episodes/\(episode.id)/tasks/\(age.id)/complete", as: investigator, json: "{}")
            #expect(notTheirs.status == .forbidden)
        }
    }
}

@Suite("The confidential lexicon")
struct LexiconTests {
    @Test func an_administrator_publishes_a_version_that_screens_the_next_save() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let manager = fixtures.account(.caseManager)
            let admin = fixtures.account(.clearinghouseAdmin)
            let json =
                #"{"terms":[{"term":"night shelter","category":"care_status"},{"term":"ADD","category":"mental_health","matchCase":true}]}"#
            let refused = try await client.page(
                .post, "/confidential-lexicon", as: manager, fixtures: fixtures, form: [("lexicon", json), ("note", "local words")])
            #expect(refused.status == .forbidden)
            let bad = try await client.page(
                .post, "/confidential-lexicon", as: admin, fixtures: fixtures, form: [("lexicon", "{\"terms\": 3}"), ("note", "x")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("The lexicon is not valid JSON"))
            #expect(try await services.store.currentLexicon().version == 1)
            let published = try await client.page(
                .post, "/confidential-lexicon", as: admin, fixtures: fixtures, form: [("lexicon", json), ("note", "local words")])
            #expect(published.status == .seeOther)
            let current = try await services.store.currentLexicon()
            #expect(current.version == 2 && current.publishedBy == admin.user.id && current.note == "local words")
            let photos = try await services.store.photos(of: ChildID("child-poster"))
            let save = try await client.page(
                .post, "/episodes/\(episode)/poster", as: manager, fixtures: fixtures,
                form: [("narrative", "Rosalind may be at a night shelter near the bus station."), ("photo", photos[0].id)])
            #expect(save.status == .unprocessableContent)
            #expect(save.text.contains("“night shelter” (care status or custody)"))
            let page = try await client.page(.get, "/confidential-lexicon", as: manager, fixtures: fixtures)
            #expect(page.status == .ok && page.text.contains("version 2, 2 terms") && page.text.contains("local words"))
        }
    }
}

@Suite("Public poster caching")
struct PosterCachingTests {
    /// In process through the router, and over a real connection, where repeated views are answered
    /// in the channel pipeline.
    @Test(arguments: [false, true])
    func every_cache_revalidates_and_a_withdrawn_poster_is_never_stored(overTheNetwork: Bool) async throws {
        try await withTestApplication(overTheNetwork: overTheNetwork, configure: { $0.publicURL = "https://homeward.example.org" }) {
            client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            for path in ["/posters/\(slug)", "/posters/\(slug).pdf", "/posters/\(slug)/photos/0"] {
                let first = try await client.execute(uri: path, method: .get) { $0 }
                #expect(first.status == .ok)
                #expect(first.headers[.cacheControl] == "public, no-cache", "\(path)")
                // A page any cache may keep for everyone carries nobody's cookie, first view or not.
                #expect(first.headers[.setCookie] == nil, "\(path)")
                let etag = try #require(first.headers[.eTag])
                var conditional = HTTPFields()
                conditional[.ifNoneMatch] = etag
                let again = try await client.execute(uri: path, method: .get, headers: conditional) { $0 }
                #expect(again.status == .notModified && again.body.readableBytes == 0, "\(path)")
            }
            // Hostile Host and X-Forwarded-Proto headers are neither reflected nor cached apart.
            let before = services.posterCache.renditionCount
            for index in 0..<50 {
                var headers = HTTPFields()
                headers[.init("X-Forwarded-Host")!] = "evil\(index).example"
                headers[.init("X-Forwarded-Proto")!] = "javascript"
                let page = try await client.execute(uri: "/posters/\(slug)", method: .get, headers: headers) { $0 }
                #expect(!String(buffer: page.body).contains("evil"))
                #expect(!String(buffer: page.body).contains("javascript://"))
            }
            #expect(services.posterCache.renditionCount == before)
            let page = try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures)
            #expect(page.text.contains("content=\"https://homeward.example.org/posters/\(slug)\""))

            // The lists and feeds revalidate too: no shared cache keeps them past a withdrawal.
            let lists = ["/posters", "/api/v1/public/posters", "/pfif/1.4/persons"]
            var listTags: [String: String] = [:]
            for path in lists {
                let first = try await client.execute(uri: path, method: .get) { $0 }
                #expect(first.status == .ok && first.headers[.cacheControl] == "public, no-cache", "\(path)")
                #expect(String(buffer: first.body).contains(slug), "\(path)")
                let etag = try #require(first.headers[.eTag])
                listTags[path] = etag
                var conditional = HTTPFields()
                conditional[.ifNoneMatch] = etag
                let again = try await client.execute(uri: path, method: .get, headers: conditional) { $0 }
                #expect(again.status == .notModified && again.body.readableBytes == 0, "\(path)")
            }

            let withdraw = try await client.page(
                .post, "/episodes/\(episode)/poster/withdraw", as: fixtures.account(.caseManager), fixtures: fixtures, form: [])
            #expect(withdraw.status == .seeOther)
            for path in ["/posters/\(slug)", "/posters/\(slug).pdf", "/posters/\(slug)/photos/0"] {
                let gone = try await client.execute(uri: path, method: .get) { $0 }
                #expect(gone.status == .gone && gone.headers[.cacheControl] == "no-store", "\(path)")
                #expect(gone.headers[.eTag] == nil)
            }
            for path in lists {
                var conditional = HTTPFields()
                conditional[.ifNoneMatch] = listTags[path]
                let after = try await client.execute(uri: path, method: .get, headers: conditional) { $0 }
                #expect(after.status == .ok && after.headers[.eTag] != listTags[path], "\(path)")
                if path != "/pfif/1.4/persons" { #expect(!String(buffer: after.body).contains(slug), "\(path)") }
            }
        }
    }

    @Test func a_live_poster_that_a_new_lexicon_marks_is_listed_for_review_and_stays_live() async throws {
        try await withTestApplication { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            let manager = fixtures.account(.caseManager)
            let clean = try await client.page(.get, "/poster-review", as: manager, fixtures: fixtures)
            #expect(clean.status == .ok && clean.text.contains("no-marked") && clean.text.contains("no-waiting"))
            #expect(
                try await client.page(.get, "/poster-review", as: fixtures.account(.caseworker), fixtures: fixtures).status == .forbidden)

            let json = #"{"terms":[{"term":"green parka","category":"care_status"}]}"#
            let admin = fixtures.account(.clearinghouseAdmin)
            #expect(
                try await client.page(
                    .post, "/confidential-lexicon", as: admin, fixtures: fixtures, form: [("lexicon", json), ("note", "local words")]
                ).status == .seeOther)
            let review = try await client.page(.get, "/poster-review", as: manager, fixtures: fixtures)
            #expect(review.text.contains(#"id="marked""#) && review.text.contains("Rosalind Quillfeather"))
            #expect(review.text.contains("green parka"))
            #expect(try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures).status == .ok)

            // A change to the live poster waits for approval, listed here, while the live version stays.
            let photos = try await services.store.photos(of: ChildID("child-poster"))
            let edited = try await client.page(
                .post, "/episodes/\(episode)/poster", as: manager, fixtures: fixtures,
                form: [("narrative", "Rosalind was last seen near the Maplewood bus station in a blue coat."), ("photo", photos[0].id)]
                    + PosterTests.publicFields)
            #expect(edited.status == .seeOther)
            let attested = PublicationAttestation.Item.allCases.map { ("attest", $0.rawValue) }
            #expect(
                try await client.page(.post, "/episodes/\(episode)/poster/publish", as: manager, fixtures: fixtures, form: attested).status
                    == .seeOther)
            let waiting = try await client.page(.get, "/poster-review", as: admin, fixtures: fixtures)
            #expect(waiting.text.contains(#"id="waiting""#) && waiting.text.contains("Rosalind Quillfeather"))
            let live = try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures)
            #expect(live.text.contains("green parka") && !live.text.contains("blue coat"))
        }
    }
}
