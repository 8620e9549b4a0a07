import Foundation
import HomewardCore
import HomewardStore
import HomewardTestSupport
import Testing

/// Lists read a page at a time after a cursor: every row once, in order, even when many share an
/// instant; filters and counts done by the database.
@Suite("Paged lists")
struct ListStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_014_000)

    func audit(_ action: String) -> AuditEntry {
        AuditEntry(occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: "t")
    }

    func organization(_ id: String, _ name: String, kind: OrganizationKind, state: String, ori: String? = nil) -> Organization {
        Organization(
            id: OrganizationID(id), code: id, name: name, kind: kind, state: state, timeZone: "America/Chicago", ori: ori, createdAt: now)
    }

    /// Files an application for `organization` and approves it with a five-year term from `start`.
    func recognize(_ store: SQLDataStore, _ organization: OrganizationID, kind: OrganizationKind, id: String, from start: CivilDate)
        async throws
    {
        try await store.createUser(
            User(
                id: UserID("signer-\(id)"), organizationID: organization, email: "\(id)@agency.example", name: "Signer",
                roles: [.agencyAdmin],
                createdAt: now), passwordHash: nil, audit: audit("u"))
        let evidence = ReadinessEvidence(kind: kind, personnel: [], training: [], policy: nil)
        let application = ReadinessApplication(
            id: "app-\(id)", organizationID: organization, kind: .initial, programCode: "mkrp-modular", submittedAt: now,
            submittedBy: UserID("signer-\(id)"), signerName: "Morgan Testfield", signerTitle: "Director", affirmations: [],
            snapshot: ApplicationSnapshot(
                evidence: evidence, evaluation: ReadinessEvaluator.evaluate(evidence, program: .modularScheme, on: start),
                policyFileName: nil, policySHA256: nil))
        try await store.addApplication(application, audit: audit("application.submit"))
        let recognition = Recognition(
            id: id, organizationID: organization, applicationID: application.id, termStart: start, termEnd: start.adding(years: 5),
            certificateNumber: "MKR-\(id)", policyVersion: nil, programCode: "mkrp-modular")
        try await store.decideApplication(
            application.id, status: .approved, comment: "", by: UserID("signer-\(id)"), at: now, recognition: recognition,
            audit: audit("application.approve"))
    }

    /// Reads every page of `size` and returns the ids in the order read.
    func everyPage<Row>(size: Int, _ read: (PageCursor?) async throws -> [Row], cursor: (Row) -> PageCursor) async throws -> [String] {
        var ids: [String] = []
        var after: PageCursor?
        while true {
            let page = try await read(after)
            ids += page.map { cursor($0).id }
            guard page.count == size, let last = page.last else { return ids }
            after = cursor(last)
        }
    }

    @Test(arguments: TestEngine.available)
    func calls_page_newest_first_without_repeating_or_skipping_calls_opened_at_one_instant(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let psap = organization("psap", "Lakeshore Regional 911", kind: .psap, state: "IL")
            try await store.createOrganization(psap, audit: audit("o"))
            try await store.createUser(
                User(
                    id: UserID("tc"), organizationID: psap.id, email: "tc@911.example", name: "tc", roles: [.telecommunicator],
                    createdAt: now),
                passwordHash: nil, audit: audit("u"))
            // Seven calls opened in the same second and four later ones.
            let instants = Array(repeating: now, count: 7) + (1...4).map { now + Double($0) * 60 }
            for (n, instant) in instants.enumerated() {
                let call = try MissingChildCall.open(
                    id: CallID(String(format: "call-%02d", n)), psap: psap, checklist: .telecommunicatorStandard, cadIncident: nil,
                    at: instant, by: UserID("tc"))
                _ = try await store.openCall(call, idempotencyKey: nil, audit: audit("calls.open"))
            }
            let read = try await everyPage(
                size: 3, { try await store.calls(in: psap.id, status: nil, after: $0, limit: 3) },
                cursor: { PageCursor(at: $0.openedAt, id: $0.id.rawValue) })
            #expect(read == ["call-10", "call-09", "call-08", "call-07"] + (0..<7).reversed().map { String(format: "call-%02d", $0) })
            let open = try await everyPage(
                size: 4, { try await store.calls(in: psap.id, status: .open, after: $0, limit: 4) },
                cursor: { PageCursor(at: $0.openedAt, id: $0.id.rawValue) })
            #expect(open == read)
            #expect(try await store.openCallCount(in: psap.id) == 11)
            #expect(try await store.openCallCount(in: OrganizationID("elsewhere")) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func a_period_report_reads_every_case_of_the_period_a_page_at_a_time(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let agency = organization("cw", "Lakeshore Family Services", kind: .childWelfare, state: "IL")
            let other = organization("cw-2", "Prairie Family Services", kind: .childWelfare, state: "IL")
            for o in [agency, other] { try await store.createOrganization(o, audit: audit("o")) }
            try await store.createUser(
                User(
                    id: UserID("cw-user"), organizationID: agency.id, email: "cw@agency.example", name: "cw", roles: [.caseworker],
                    createdAt: now),
                passwordHash: nil, audit: audit("u"))
            // Nine cases a day apart, three of them at one instant, and one of another agency.
            let days: [Double] = [0, 1, 2, 3, 3, 3, 4, 5, 6]
            for (n, day) in days.enumerated().map({ ($0.offset, $0.element) }) + [(9, 3.0)] {
                let owner = n == 9 ? other : agency
                let child = Child(
                    id: ChildID("period-child-\(n)"), organizationID: owner.id, firstName: "Period", lastName: "Child\(n)",
                    dateOfBirth: CivilDate(year: 2012, month: 1, day: 2)!, sex: .female, heightInches: 55, weightPounds: 80, createdAt: now)
                let episode = MissingEpisode(
                    id: EpisodeID("period-\(n)"), childID: child.id, organizationID: owner.id, status: .open,
                    receivedAt: now - 10 * 86_400 + day * 86_400, lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: "x",
                    guardian: Guardian(name: "g", phone: "555-010-0000"), police: InvestigatingAgency(name: "p", phone: "555-010-0000"),
                    caseType: .endangeredRunaway, createdBy: UserID("cw-user"), createdAt: now)
                _ = try await store.fileReport(
                    child: child, childIsNew: true, episode: episode, events: [], deletingDraft: nil, idempotencyKey: nil,
                    audit: audit("episodes.file"))
            }
            var filter = EpisodeFilter(reportingOrganization: agency.id, limit: 2)
            // Days 1 to 4 inclusive: the end of the period is left out.
            filter.receivedIn = (now - 9 * 86_400)..<(now - 5 * 86_400)
            let ids = try await store.everyEpisodeRecord(matching: filter).map(\.episode.id.rawValue)
            #expect(ids.sorted() == ["period-1", "period-2", "period-3", "period-4", "period-5", "period-6"])
            #expect(Set(ids).count == ids.count)
        }
    }

    @Test(arguments: TestEngine.available)
    func members_page_by_state_and_name_filter_in_the_database_and_count_by_state(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            let start = CivilDate(iso: "2026-11-18")!
            // Twelve agencies in three states, two with the same name; one renewed early (two terms).
            let agencies: [(String, String, OrganizationKind, String)] = [
                ("a1", "Birch Falls Police", .lawEnforcement, "OH"), ("a2", "Alder 911", .psap, "OH"),
                ("a3", "Alder 911", .psap, "OH"), ("a4", "Cedar Police", .lawEnforcement, "OH"),
                ("a5", "Dunmore 911", .psap, "IA"), ("a6", "Elm Police", .lawEnforcement, "IA"),
                ("a7", "Fir Police", .lawEnforcement, "WY"), ("a8", "Gale 911", .psap, "WY"), ("a9", "Hale Police", .lawEnforcement, "WY"),
                ("a10", "Iris 911", .psap, "WY"), ("a11", "Juniper Police", .lawEnforcement, "WY"),
                ("a12", "Kestrel 911", .psap, "WY"),
            ]
            for (id, name, kind, state) in agencies {
                try await store.createOrganization(organization(id, name, kind: kind, state: state), audit: audit("o"))
                try await recognize(store, OrganizationID(id), kind: kind, id: "r-\(id)", from: start)
            }
            try await recognize(store, OrganizationID("a1"), kind: .lawEnforcement, id: "r-a1-renewal", from: start.adding(years: 4))
            let day = start.adding(days: 1500)
            var pages: [[String]] = []
            var filter = MemberFilter(limit: 5)
            while true {
                let page = try await store.members(on: day, matching: filter)
                pages.append(page.map(\.organizationID.rawValue))
                guard page.count == filter.limit, let last = page.last else { break }
                filter.after = MemberFilter.Cursor(after: last)
            }
            #expect(pages == [["a5", "a6", "a2", "a3", "a1"], ["a4", "a7", "a8", "a9", "a10"], ["a11", "a12"]])
            let renewed = try #require(
                try await store.members(on: day, matching: MemberFilter(state: "OH")).first { $0.name.hasPrefix("Birch") })
            #expect(renewed.recognizedOn == start && renewed.termEnd == start.adding(years: 9))
            #expect(
                try await store.members(on: day, matching: MemberFilter(state: "WY", kind: .psap)).map(\.name) == [
                    "Gale 911", "Iris 911", "Kestrel 911",
                ])
            #expect(try await store.memberCounts(on: day, kind: nil) == ["OH": 4, "IA": 2, "WY": 6])
            #expect(try await store.memberCounts(on: day, kind: .lawEnforcement) == ["OH": 2, "IA": 1, "WY": 3])
            // A cursor carries the state: the next page of Ohio does not run on into Wyoming.
            let ohio = try await store.members(on: day, matching: MemberFilter(state: "OH", limit: 2))
            let rest = try await store.members(
                on: day, matching: MemberFilter(state: "OH", after: MemberFilter.Cursor(after: ohio[1]), limit: 10))
            #expect((ohio + rest).map(\.organizationID.rawValue) == ["a2", "a3", "a1", "a4"])
            #expect(MemberFilter.Cursor(MemberFilter.Cursor(after: ohio[1]).text) == MemberFilter.Cursor(after: ohio[1]))
            #expect(MemberFilter.Cursor("not-a-cursor") == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func a_member_police_agency_is_found_by_its_ori_and_the_form_lists_its_state(_ engine: TestEngine) async throws {
        try await withTestStore(engine) { store, _ in
            for (id, name, state, ori) in [
                ("pd-oh-1", "Maple Grove Police", "OH", "OH0770100"), ("pd-oh-2", "Ashby Police", "OH", "OH0770200"),
                ("pd-wy-1", "Sage Creek Police", "WY", "WY0110100"),
            ] {
                try await store.createOrganization(organization(id, name, kind: .lawEnforcement, state: state, ori: ori), audit: audit("o"))
            }
            try await store.createOrganization(
                organization("cw-oh", "Ohio Family Services", kind: .childWelfare, state: "OH"), audit: audit("o"))
            #expect(try await store.policeAgencies(in: "OH", chosen: "").map(\.name) == ["Ashby Police", "Maple Grove Police"])
            // The chosen agency stays on the list wherever it is.
            #expect(try await store.policeAgencies(in: "OH", chosen: "pd-wy-1").map(\.name).first == "Sage Creek Police")
            #expect(try await store.policeAgency(ori: "wy0110100")?.id == OrganizationID("pd-wy-1"))
            #expect(try await store.policeAgency(ori: "WY9999999") == nil)
            #expect(try await store.policeAgencies(chosen: "", ori: "WY0110100").map(\.id) == [OrganizationID("pd-wy-1")])
            #expect(try await store.policeAgencies(chosen: "cw-oh", ori: "").isEmpty)
        }
    }
}
