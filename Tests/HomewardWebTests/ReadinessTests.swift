import Foundation
import HTTPTypes
import HomewardCore
import HomewardTestSupport
import HummingbirdTesting
import NIOCore
import Testing

@testable import HomewardWeb

/// Fictional roster and training files for the fixture 911 center.
enum ReadinessFiles {
    static let roster = """
        employee_number,name,role,hire_date,active
        D-1,Morgan Testfield,executive,2012-03-01,yes
        T-1,Avery Sample,telecommunicator,2019-02-01,yes
        T-2,Blair Example,telecommunicator,2020-06-15,yes
        T-3,Casey Placeholder,supervisor,2015-09-01,yes
        """
    static let training = """
        employee_number,course,completed_on,reference
        D-1,CEO,2024-05-02,CEO-2024-117
        T-1,TBP,2023-01-10,LMS-5531
        T-2,MCDR-1,2023-02-11,LMS-5532
        T-3,TBP,2022-11-30,LMS-5533
        """
    static let policy = Array("%PDF-1.4\n% fictional 911 center missing-child call policy\ntrailer<<>>\n%%EOF\n".utf8)

    /// Every component covered and every QA element stated, as the policy form posts them.
    static func mappingForm(_ program: ReadinessProgram) -> [(String, String)] {
        var form: [(String, String)] = []
        for (i, component) in program.track(for: .psap)!.components.enumerated() {
            form += [("present.\(component.id)", "cited"), ("citation.\(component.id)", "§\(i + 1)")]
        }
        let statements = [
            "qa-reviewer": "Communications shift supervisor", "qa-window": "within 72 hours of the call",
            "qa-process": "Recording reviewed against the missing-child checklist", "qa-training": "All current and new staff are trained",
        ]
        for element in program.qualityAssurance {
            form += [("statement.\(element.id)", statements[element.id]!), ("citation.\(element.id)", "§12")]
        }
        return form
    }
}

@Suite("Readiness pages")
struct ReadinessTests {
    @Test func a_psap_imports_maps_applies_is_approved_listed_and_leaves_the_list_when_the_term_ends() async throws {
        let clock = PinnedWallClock(testEpoch)
        try await withTestApplication(clock: clock) { client, services, fixtures in
            let manager = fixtures.account(.psapManager)
            let reviewer = fixtures.account(.readinessReviewer)
            let psap = fixtures.psap
            let base = "/organizations/\(psap.id)/readiness"

            // Preview shows the rows and writes nothing; confirming writes them.
            let preview = try await client.upload(
                base + "/roster/import", as: manager, fixtures: fixtures, fields: [("kind", "personnel")],
                files: [("file", "roster.csv", "text/csv", Array(ReadinessFiles.roster.utf8))])
            #expect(preview.status == .ok)
            #expect(preview.text.contains("The file is valid: 4 new"))
            #expect(try await services.store.personnel(in: psap.id).isEmpty)
            for (kind, csv) in [("personnel", ReadinessFiles.roster), ("training", ReadinessFiles.training)] {
                let done = try await client.page(
                    .post, base + "/roster/import", as: manager, fixtures: fixtures,
                    form: [("kind", kind), ("step", "commit"), ("csv", csv)])
                #expect(done.status == .seeOther)
            }
            #expect(try await services.store.personnel(in: psap.id).count == 4)
            #expect(try await services.store.trainingRecords(in: psap.id).count == 4)

            var page = try await client.page(.get, base, as: manager, fixtures: fixtures)
            #expect(page.text.contains("No policy document uploaded."))

            let upload = try await client.upload(
                base + "/policy", as: manager, fixtures: fixtures, fields: [("basis", "own")],
                files: [("document", "call-policy.pdf", "application/pdf", ReadinessFiles.policy)])
            #expect(upload.status == .seeOther)
            let uploaded = try await client.page(.get, base + "/policy", as: manager, fixtures: fixtures)
            #expect(uploaded.status == .ok && !uploaded.text.contains("Nothing was saved"))
            let program = try await services.store.readinessPrograms().last!
            // A QA window in vague words is refused with the field named, and nothing is saved.
            var vague = ReadinessFiles.mappingForm(program)
            vague[vague.firstIndex { $0.0 == "statement.qa-window" }!].1 = "promptly"
            let refused = try await client.page(.post, base + "/policy/mappings", as: manager, fixtures: fixtures, form: vague)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("in hours or days"))
            #expect(try await services.store.policyMappings(of: psap.id).isEmpty)
            // A window beyond a year, of any length, is refused the same way; the server goes on.
            for huge in ["within 999999999999999999 days of the call", "within 9223372036854775807 hours", "within 400 days"] {
                var long = ReadinessFiles.mappingForm(program)
                long[long.firstIndex { $0.0 == "statement.qa-window" }!].1 = huge
                let tooLong = try await client.page(.post, base + "/policy/mappings", as: manager, fixtures: fixtures, form: long)
                #expect(tooLong.status == .unprocessableContent && tooLong.text.contains("at most a year"), "\(huge)")
            }
            #expect(try await services.store.policyMappings(of: psap.id).isEmpty)
            let mapped = try await client.page(
                .post, base + "/policy/mappings", as: manager, fixtures: fixtures, form: ReadinessFiles.mappingForm(program))
            #expect(mapped.status == .seeOther)

            page = try await client.page(.get, base, as: manager, fixtures: fixtures)
            #expect(page.text.contains("4 of 4 criteria met"))
            #expect(page.text.contains("Sign and submit the application"))

            // Signing needs every affirmation.
            let unsigned = try await client.page(
                .post, base + "/apply", as: manager, fixtures: fixtures,
                form: [("signerName", "Morgan Testfield"), ("signerTitle", "Director")])
            #expect(unsigned.status == .unprocessableContent)
            #expect(unsigned.text.contains("Tick every statement"))
            let affirmations = program.affirmations(for: .psap).map { ("affirmation", $0.id) }
            let applied = try await client.page(
                .post, base + "/apply", as: manager, fixtures: fixtures,
                form: affirmations + [("signerName", "Morgan Testfield"), ("signerTitle", "Director")])
            #expect(applied.status == .seeOther)
            let application = try #require(try await services.store.applications(of: psap.id).first)
            #expect(application.snapshot.evaluation.allMet && application.snapshot.evidence.personnel.count == 4)

            // Approval needs every item confirmed; rejecting needs a reason.
            let items = program.track(for: .psap)!.components.map(\.id) + program.qualityAssurance.map(\.id)
            let review = "/readiness/applications/\(application.id)/review"
            let early = try await client.page(.post, review, as: reviewer, fixtures: fixtures, form: [("decision", "approve")])
            #expect(early.status == .unprocessableContent)
            #expect(early.text.contains("Confirm every item before approving (15 not confirmed"))
            // The reviewer sees the frozen roster, and confirms all but what they mark otherwise.
            let show = try await client.page(.get, "/readiness/applications/\(application.id)", as: reviewer, fixtures: fixtures)
            #expect(
                show.text.contains("Roster and training as frozen") && show.text.contains(application.snapshot.evidence.personnel[0].name))
            let overridden = try await client.page(
                .post, review, as: reviewer, fixtures: fixtures,
                form: [
                    ("confirmAll", "on"), ("review.qa-window", "rejected"), ("comment.qa-window", "No hours given"),
                    ("decision", "approve"),
                ])
            #expect(overridden.status == .unprocessableContent)
            #expect(overridden.text.contains("(1 not confirmed"))
            #expect(overridden.text.contains("id=\"decision-errors\" autofocus"))
            let approved = try await client.page(
                .post, review, as: reviewer, fixtures: fixtures,
                form: items.map { ("review.\($0)", "confirmed") } + [("decision", "approve")])
            #expect(approved.status == .seeOther)
            let recognition = try #require(try await services.store.recognitions(of: psap.id).first)
            #expect(recognition.termStart == CivilDate(iso: "2026-11-17")! || recognition.termStart == CivilDate(iso: "2026-11-18")!)
            #expect(recognition.termEnd == recognition.termStart.adding(years: 5))
            // The 911 center's manager hears of the decision in the inbox.
            let told = try await services.store.inbox(of: manager.user.id, limit: 20)
            #expect(told.contains { $0.title == "Your readiness application is approved" && $0.threshold == "application_approved" })

            let members = try await client.page(.get, "/members", as: nil, fixtures: fixtures)
            #expect(members.status == .ok)
            #expect(members.text.contains(psap.name))
            let json = try await client.api(.get, "/api/v1/public/members", as: nil).json()
            #expect((json["members"] as? [[String: Any]])?.first?["name"] as? String == psap.name)

            let certificate = try await client.page(
                .get, base + "/recognitions/\(recognition.id)/certificate.pdf", as: manager, fixtures: fixtures)
            #expect(certificate.status == .ok)
            #expect(certificate.headers[.contentType] == "application/pdf")
            let pdf = Data(certificate.body.readableBytesView)
            #expect(pdf.starts(with: Array("%PDF-".utf8)))
            #expect(try PDFText.extract(pdf).contains(psap.name))

            // Five years on, nobody acts, and the agency is off the list.
            clock.advance(by: 5 * 366 * 86_400)
            let later = try await client.page(.get, "/members", as: nil, fixtures: fixtures)
            #expect(!later.text.contains(psap.name))
        }
    }

    @Test func a_csv_with_one_bad_row_imports_nothing_and_names_the_row_and_column() async throws {
        try await withTestApplication { client, services, fixtures in
            let manager = fixtures.account(.psapManager)
            let base = "/organizations/\(fixtures.psap.id)/readiness"
            let bad = ReadinessFiles.roster.replacingOccurrences(
                of: "T-2,Blair Example,telecommunicator,2020-06-15", with: "T-2,Blair Example,telecommunicator,2020-06-31")
            let page = try await client.upload(
                base + "/roster/import", as: manager, fixtures: fixtures, fields: [("kind", "personnel")],
                files: [("file", "roster.csv", "text/csv", Array(bad.utf8))])
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("Line 4, column <code>hire_date</code>"))
            #expect(!page.text.contains("Import these rows"))
            // A forged commit of the same text is refused too.
            let forced = try await client.page(
                .post, base + "/roster/import", as: manager, fixtures: fixtures,
                form: [("kind", "personnel"), ("step", "commit"), ("csv", bad)])
            #expect(forced.status == .unprocessableContent)
            #expect(try await services.store.personnel(in: fixtures.psap.id).isEmpty)

            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(manager.apiToken)"
            headers[.contentType] = "text/csv"
            let api = try await client.execute(
                uri: "/api/v1/agencies/\(fixtures.psap.id)/personnel", method: .post, headers: headers, body: ByteBuffer(string: bad)
            ) { $0 }
            #expect(api.status == .unprocessableContent)
            #expect(api.headers[.contentType] == "application/problem+json")
            #expect(api.text.contains("line 4 hire_date"))
            #expect(try await services.store.personnel(in: fixtures.psap.id).isEmpty)
            let good = try await client.execute(
                uri: "/api/v1/agencies/\(fixtures.psap.id)/personnel?dry_run=true", method: .post, headers: headers,
                body: ByteBuffer(string: ReadinessFiles.roster)
            ) { $0 }
            #expect(good.status == .ok)
            #expect(try good.json()["added"] as? Int == 4)
            #expect(try await services.store.personnel(in: fixtures.psap.id).isEmpty)
        }
    }

    @Test func a_returned_application_carries_the_reviewers_comment_to_the_agency() async throws {
        try await withTestApplication { client, services, fixtures in
            let manager = fixtures.account(.psapManager)
            let psap = fixtures.psap
            let base = "/organizations/\(psap.id)/readiness"
            for (kind, csv) in [("personnel", ReadinessFiles.roster), ("training", ReadinessFiles.training)] {
                try await client.page(
                    .post, base + "/roster/import", as: manager, fixtures: fixtures,
                    form: [("kind", kind), ("step", "commit"), ("csv", csv)])
            }
            try await client.upload(
                base + "/policy", as: manager, fixtures: fixtures, fields: [("basis", "adopted")],
                files: [("document", "sop.pdf", "application/pdf", ReadinessFiles.policy)])
            let program = try await services.store.readinessPrograms().last!
            let qaOnly = ReadinessFiles.mappingForm(program).filter { !$0.0.contains("psap-") }
            try await client.page(.post, base + "/policy/mappings", as: manager, fixtures: fixtures, form: qaOnly)
            try await client.page(
                .post, base + "/apply", as: manager, fixtures: fixtures,
                form: program.affirmations(for: .psap).map { ("affirmation", $0.id) } + [
                    ("signerName", "Morgan Testfield"), ("signerTitle", "Director"),
                ])
            let application = try #require(try await services.store.applications(of: psap.id).first)
            let review = "/readiness/applications/\(application.id)/review"
            let reviewer = fixtures.account(.readinessReviewer)
            let silent = try await client.page(.post, review, as: reviewer, fixtures: fixtures, form: [("decision", "return")])
            #expect(silent.status == .unprocessableContent)
            let rejectedWithoutReason = try await client.page(
                .post, review, as: reviewer, fixtures: fixtures, form: [("review.qa-window", "rejected"), ("decision", "save")])
            #expect(rejectedWithoutReason.text.contains("Say why you reject this"))
            let returned = try await client.page(
                .post, review, as: reviewer, fixtures: fixtures,
                form: [
                    ("review.qa-window", "rejected"), ("comment.qa-window", "Section 12 gives no number of hours"),
                    ("decision", "return"), ("decisionComment", "Please state the review window in hours."),
                ])
            #expect(returned.status == .seeOther)
            let page = try await client.page(.get, base, as: manager, fixtures: fixtures)
            #expect(page.text.contains("Please state the review window in hours."))
            #expect(page.text.contains("Review window rejected by the reviewer: Section 12 gives no number of hours"))
            #expect(try await services.store.recognitions(of: psap.id).isEmpty)
            // Another agency's administrator cannot look.
            #expect(try await client.page(.get, base, as: fixtures.adminB, fixtures: fixtures).status == .forbidden)
        }
    }

    @Test func an_administrator_adds_a_program_version_and_bad_json_is_refused_with_its_path() async throws {
        try await withTestApplication { client, services, fixtures in
            let admin = fixtures.account(.clearinghouseAdmin)
            let broken = try await client.page(
                .post, "/readiness/programs", as: admin, fixtures: fixtures, form: [("definition", #"{"code": "x"}"#)])
            #expect(broken.status == .unprocessableContent)
            #expect(broken.text.contains("is missing"))
            var next = ReadinessProgram.modularScheme
            next.code = "mkrp-2027"
            // Not on a past day: applications already judged keep the version they were judged by.
            next.effectiveFrom = "2026-01-01"
            let past = try await client.page(
                .post, "/readiness/programs", as: admin, fixtures: fixtures,
                form: [("definition", String(decoding: try JSONEncoder().encode(next), as: UTF8.self))])
            #expect(past.status == .unprocessableContent && past.text.contains("never on a past day"))
            #expect(try await !services.store.readinessPrograms().map(\.code).contains("mkrp-2027"))
            next.effectiveFrom = "2027-07-01"
            next.tracks[1].requirements[1].requiredShare = 0.9
            let text = String(decoding: try JSONEncoder().encode(next), as: UTF8.self)
            let added = try await client.page(.post, "/readiness/programs", as: admin, fixtures: fixtures, form: [("definition", text)])
            #expect(added.status == .seeOther)
            #expect(try await services.store.readinessPrograms().map(\.code).contains("mkrp-2027"))
            let reviewer = fixtures.account(.readinessReviewer)
            #expect(
                try await client.page(.post, "/readiness/programs", as: reviewer, fixtures: fixtures, form: [("definition", text)]).status
                    == .forbidden)
        }
    }
}

@Suite("State tile map")
struct TileMapTests {
    @Test func shades_follow_the_count_and_the_legend_lists_only_used_ranges() {
        #expect(TileMap.step(0, max: 5) == 0)
        #expect((1...8).map { TileMap.step($0, max: 8) } == [1, 1, 2, 2, 3, 3, 4, 4])
        #expect([1, 2].map { TileMap.step($0, max: 2) } == [2, 4])
        let svg = TileMap.svg(counts: ["IL": 2, "CO": 1], selected: "IL")
        #expect(TileMap.positions.count == 52)
        #expect(svg.contains("<title>Illinois: 2 recognized agencies</title>"))
        #expect(svg.contains("data-state=\"CO\" data-count=\"1\""))
        #expect(svg.components(separatedBy: "<rect x=\"").count - 1 == 52 + 3)  // tiles, then none, 1 and 2 in the legend
    }
}

/// Text of a PDF, through poppler's `pdftotext` (a test dependency that `.ci/run` installs).
enum PDFText {
    static func extract(_ pdf: Data) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("homeward-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.pdf")
        let output = directory.appendingPathComponent("out.txt")
        try pdf.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-layout", input.path, output.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw HomewardError.invalid("pdf", "pdftotext (from poppler-utils) failed with status \(process.terminationStatus)")
        }
        return try String(contentsOf: output, encoding: .utf8)
    }
}
