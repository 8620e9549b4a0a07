import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

/// The public poster page and tip form in Spanish: chosen by Accept-Language or by the link on the
/// page, with hreflang links, Spanish errors first, and the answer in Spanish.
@Suite("The public face in Spanish")
struct SpanishPosterTests {
    @Test func the_poster_page_and_tip_form_speak_spanish_when_asked_and_english_when_chosen() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)

            let spanish = try await client.page(
                .get, "/posters/\(slug)", as: nil, fixtures: fixtures, acceptLanguage: "es-MX,es;q=0.9,en;q=0.5")
            #expect(spanish.status == .ok && spanish.headers[.contentLanguage] == "es" && spanish.headers[.vary] == "Accept-Language")
            for text in [
                "<html lang=\"es\">", "DESAPARECIDO", "¿Ha visto a Rosalind Quillfeather?", "Enviar la pista", "Fecha de nacimiento",
                "Femenino", "FUGADO EN PELIGRO", "Pelirrojo o caoba", "Verdes", "Blanca", "(obligatorio)",
                "hreflang=\"en\" href=\"/posters/\(slug)?lang=en\"", ">In English</a>", "5′1″ (1", "55 m)", "102 lb (46 kg)",
            ] {
                #expect(spanish.text.contains(text), "\(text)")
            }
            for english in ["Have you seen", "Send the tip", "ANYONE HAVING INFORMATION", "Missing Since", "(required)"] {
                #expect(!spanish.text.contains(english), "\(english)")
            }
            // Without a Spanish narrative, the English one shows, marked as English and said to be.
            #expect(spanish.text.contains("<p class=\"poster-narrative\" lang=\"en\">") && spanish.text.contains("(en inglés)"))

            // The link on the page wins over the browser's languages; each language is cached apart.
            let english = try await client.page(.get, "/posters/\(slug)?lang=en", as: nil, fixtures: fixtures, acceptLanguage: "es")
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("Have you seen Rosalind Quillfeather?"))
            #expect(english.text.contains(">En español</a>"))
            let linked = try await client.page(.get, "/posters/\(slug)?lang=es", as: nil, fixtures: fixtures)
            #expect(linked.text.contains("¿Ha visto a Rosalind Quillfeather?"))
            #expect(try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures).text.contains("Have you seen"))

            // The public list in Spanish, its links keeping the language chosen.
            let list = try await client.page(.get, "/posters?lang=es", as: nil, fixtures: fixtures)
            #expect(list.headers[.contentLanguage] == "es" && list.text.contains("<h1>Niños desaparecidos</h1>"))
            #expect(
                list.text.contains("FUGADO EN PELIGRO · desaparecido desde el") && list.text.contains("href=\"/posters/\(slug)?lang=es\""))
            #expect(list.text.contains("Todos los estados") && !list.text.contains("All states"))

            let members = try await client.page(.get, "/members", as: nil, fixtures: fixtures, acceptLanguage: "es")
            #expect(members.text.contains("<h1>Agencias reconocidas</h1>") && members.text.contains("Agencias reconocidas por estado"))
            #expect(members.text.contains("Agencias de policía y centros 911") && !members.text.contains("Police agencies and 911 centers"))

            // With one, the Spanish page and PDF show it.
            var poster = try #require(try await services.store.poster(slug: slug))
            poster.published?.translations = ["es": "Vista por última vez cerca de la estación de autobuses de Maplewood."]
            try await services.store.savePoster(
                poster,
                audit: AuditEntry(
                    occurredAt: services.clock.now(), actorUserID: nil, actorOrganizationID: nil, action: "t", recordType: "t"))
            // The public page is rechecked against the poster's revision a second after it was cached.
            clock.advance(by: 2)
            let translated = try await client.page(.get, "/posters/\(slug)?lang=es", as: nil, fixtures: fixtures)
            #expect(translated.text.contains("Vista por última vez cerca de la estación") && !translated.text.contains("(en inglés)"))

            // The printed poster in Spanish: no English label is left on it.
            let pdf = try await client.page(.get, "/posters/\(slug).pdf", as: nil, fixtures: fixtures, acceptLanguage: "es")
            #expect(pdf.headers[.contentType] == "application/pdf" && pdf.headers[.contentLanguage] == "es")
            // Words as printed, whatever the line breaks.
            let printed = try PDFText.extract(Data(pdf.body.readableBytesView)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(printed.contains("Vista por última vez cerca de la estación"))
            for spanishText in [
                "DESAPARECIDO", "FUGADO EN PELIGRO", "Fecha de nacimiento", "Edad actual", "Estatura",
                "SI TIENE INFORMACIÓN, COMUNÍQUESE CON",
            ] {
                #expect(printed.contains(spanishText), "\(spanishText)")
            }
            for label in [
                "MISSING", "Missing Since", "Missing From", "DOB", "Age Now", "Height", "Weight", "Hair", "Eyes", "ANYONE HAVING",
                "Case HW",
            ] {
                #expect(!printed.contains(label), "\(label)")
            }
            #expect(spanish.text.contains("/posters/\(slug).pdf?lang=es"))
            let englishPDF = try PDFText.extract(
                Data(try await client.page(.get, "/posters/\(slug).pdf", as: nil, fixtures: fixtures).body.readableBytesView))
            #expect(englishPDF.contains("MISSING") && englishPDF.contains("ANYONE HAVING INFORMATION SHOULD CONTACT"))

            // A tip sent from the Spanish page with nothing filled in: the errors are in Spanish,
            // and nothing is stored; then a tip is taken and thanked for in Spanish.
            let before = try await services.store.tipCount()
            let refused = try await client.page(
                .post, "/posters/\(slug)/tips?lang=es", as: nil, fixtures: fixtures, form: [("seen", ""), ("place", ""), ("when", "")],
                acceptLanguage: "es")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Algunos campos necesitan atención") && refused.text.contains("Diga qué vio."))
            #expect(!refused.text.contains("Say what you saw."))
            #expect(try await services.store.tipCount() == before)
            let sent = try await client.page(
                .post, "/posters/\(slug)/tips?lang=es", as: nil, fixtures: fixtures,
                form: [("seen", "Una niña con parka verde"), ("place", "Estación de autobuses"), ("when", "Hace una hora")])
            #expect(sent.status == .created && sent.text.contains("Gracias") && sent.text.contains("Recibimos su pista"))
            #expect(try await services.store.tipCount() == before + 1)
        }
    }

    /// The tip API answers in the language asked for: its problem, each field's error (with a code
    /// a client can translate for itself) and its thanks; a withdrawn poster says so in Spanish.
    @Test func the_tip_api_and_the_withdrawn_page_answer_in_spanish() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            func send(_ json: String, language: String?) async throws -> TestResponse {
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                if let language { headers[.acceptLanguage] = language }
                return try await client.execute(
                    uri: "/posters/\(slug)/tips", method: .post, headers: headers, body: ByteBuffer(string: json)
                ) {
                    $0
                }
            }
            let refused = try await send(#"{"seen":"","place":"Estación","when":""}"#, language: "es-US")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.headers[.contentLanguage] == "es")
            let problem = try refused.json()
            #expect(problem["title"] as? String == "Algunos campos necesitan atención")
            let errors = try #require(problem["errors"] as? [[String: Any]])
            let byField = Dictionary(uniqueKeysWithValues: errors.map { ($0["field"] as! String, $0) })
            #expect(byField["seen"]?["message"] as? String == "Diga qué vio." && byField["seen"]?["code"] as? String == "required")
            #expect(byField["when"]?["message"] as? String == "Diga cuándo, tal como lo recuerde.")
            #expect(byField["place"] == nil)
            // A control character is refused as the body is read, in Spanish too.
            let control = try await send(#"{"seen":"Una niña","place":"x\u0007y","when":"Hoy"}"#, language: "es")
            let controlError = try #require((try control.json()["errors"] as? [[String: Any]])?.first)
            #expect(controlError["field"] as? String == "place" && controlError["code"] as? String == "controlCharacters")
            #expect(controlError["message"] as? String == "Quite los caracteres de control invisibles.")

            let english = try await send(#"{"seen":"","place":"Depot","when":"now"}"#, language: nil)
            #expect(english.headers[.contentLanguage] == nil)
            #expect(try english.json()["title"] as? String == "Some fields need attention")
            #expect(((try english.json()["errors"] as? [[String: Any]])?.first?["message"] as? String) == "Say what you saw.")

            let thanked = try await send(#"{"seen":"Una niña con parka verde","place":"Estación","when":"Hoy"}"#, language: "es")
            #expect(thanked.status == .created && thanked.headers[.contentLanguage] == "es")
            #expect(try thanked.json()["message"] as? String == "Gracias. Su pista se envió a la agencia de policía que investiga el caso.")

            let manager = fixtures.account(.caseManager)
            let withdrawn = try await client.api(
                .post, "/api/v1/episodes/\(episode)/poster/withdraw", as: manager, json: #"{"reason":"Found safe."}"#)
            #expect(withdrawn.status == .ok)
            clock.advance(by: 2)
            let gone = try await client.page(.get, "/posters/\(slug)", as: nil, fixtures: fixtures, acceptLanguage: "es")
            #expect(gone.status == .gone && gone.headers[.contentLanguage] == "es")
            #expect(gone.text.contains("Este cartel fue retirado") && gone.text.contains(#"<html lang="es">"#))
            let missing = try await client.page(.get, "/posters/no-such-poster", as: nil, fixtures: fixtures, acceptLanguage: "es")
            #expect(missing.status == .notFound && missing.text.contains("No se encontró") && missing.text.contains("Estado 404"))
            // A signed-in person's page stays in the staff pages' English, whatever the browser asks.
            let staff = try await client.page(.get, "/posters/no-such-poster", as: manager, fixtures: fixtures, acceptLanguage: "es")
            #expect(staff.status == .notFound && staff.text.contains("Not found") && staff.text.contains(#"<html lang="en">"#))
            #expect(staff.headers[.contentLanguage] == nil)
        }
    }

    /// What the page renders and caches is what the fast paths look up: the same key for the same
    /// request, in each language, for the page and the PDF.
    @Test func the_fast_paths_find_what_the_page_cached() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let episode = try await PosterTests.confidentialEpisode(client, services, fixtures)
            let slug = try await PosterTests.publish(client, services, fixtures, episode)
            for (path, language) in [
                ("/posters/\(slug)", nil), ("/posters/\(slug)", "es"), ("/posters/\(slug)?lang=es", nil), ("/posters/\(slug).pdf", "es"),
            ] {
                _ = try await client.page(.get, path, as: nil, fixtures: fixtures, acceptLanguage: language)
                let (key, kind) = try #require(PosterCache.key(path: path, acceptLanguage: language, catalogs: services.views.catalogs))
                #expect(services.posterCache.fresh(key, kind, now: clock.now()) != nil, "\(path) \(language ?? "")")
            }
        }
    }
}
