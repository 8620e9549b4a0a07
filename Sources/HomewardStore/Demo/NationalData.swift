import Foundation
import HomewardCore
import SQLKit

/// How much fictional national data to generate, all in proportion to the number of children. At
/// 1,000,000 children: 1,200,000 episodes (20,000 open, about 2,000 of them years old), 20,000
/// agencies (8,000 child welfare, 10,000 police, 2,000 911 centers), 500,000 personnel with
/// 2,000,000 training records, 40,000 posters of recovered children with 200,000 tips, and
/// 100,000 calls each with its QA review.
public struct NationalDataPlan: Sendable, Equatable {
    public var children: Int
    public var episodes: Int { children / 5 * 6 }
    /// Open episodes received in the last weeks, a few hundred of them with clocks still running.
    public var recentOpen: Int { max(10, children / 1000 * 18) }
    /// Open episodes received years ago.
    public var longTermOpen: Int { max(2, children / 1000 * 2) }
    public var childWelfareAgencies: Int { max(2, children / 1000 * 8) }
    public var policeAgencies: Int { max(2, children / 100) }
    public var psaps: Int { max(1, children / 1000 * 2) }
    public var personnel: Int { children / 2 }
    public var trainingRecords: Int { children * 2 }
    public var tips: Int { children / 5 }
    public var calls: Int { children / 10 }
    /// How many days after the report an open case turns long-term (the long-term pass's setting).
    public var longTermDays: Int

    public init(children: Int, longTermDays: Int = 30) {
        self.children = max(1000, children)
        self.longTermDays = longTermDays
    }

    public var agencies: Int { childWelfareAgencies + policeAgencies + psaps }
}

/// What the generator wrote, by table.
public struct NationalDataSummary: Sendable {
    public var rows: [(table: String, count: Int)]
    public var seconds: Double
}

extension SQLDataStore {
    /// Writes `plan`'s fictional national data into this store with set-based SQL (each table in a
    /// few statements, so a million rows take seconds), then derives the open episodes' schedules
    /// through the store's own path. Every id starts with `n-`; names are made from syllables; the
    /// case circumstances are sealed as the store seals them. Refused when generated data is
    /// already there. Ends with one audit event naming what was written.
    public func generateNationalData(
        _ plan: NationalDataPlan, now: Date, progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> NationalDataSummary {
        let started = ContinuousClock.now
        let exists = try await engine.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM organizations WHERE id = 'n-ch'").first()?.int("n") ?? 0
        }
        guard exists == 0 else { throw HomewardError.conflict("National data has already been generated in this database.") }
        let sql = NationalSQL(kind: engine.kind, plan: plan, base: Int64(now.timeIntervalSince1970))
        try await writeNameTables(plan, sql: sql)
        for (label, statements) in sql.steps {
            progress(label)
            try await engine.write { db in
                for statement in statements { try await db.raw("\(unsafeRaw: statement)").run() }
            }
        }
        progress("schedules of the open episodes")
        var after = ""
        while true {
            let from = after
            let ids = try await engine.read { db in
                try await db.raw(
                    """
                    SELECT id FROM episodes WHERE status IN ('open', 'located') AND id LIKE 'n-e-%' AND id > \(bind: from) ORDER BY id LIMIT 500
                    """
                ).all().map { try $0.string("id") }
            }
            guard let last = ids.last else { break }
            // A running system has already sent the alerts of thresholds crossed before now.
            let records = try await engine.read { db in
                try await self.records(from: try await db.raw("SELECT * FROM episodes WHERE id IN (\(binds: ids))").all(), in: db)
            }
            let told: [SQLQueryString] = records.flatMap { record in
                StatutoryClocks.read(clockDefinitions, episode: record.episode, events: record.events, at: now).flatMap { reading in
                    StatutoryClocks.crossedThresholds(reading, at: now).map { threshold -> SQLQueryString in
                        "(\(bind: record.episode.id.rawValue), \(bind: reading.definition.kind.rawValue), \(bind: threshold), \(bind: stored(now)))"
                    }
                }
            }
            if !told.isEmpty {
                try await engine.write { db in
                    try await db.raw(
                        """
                        INSERT INTO escalations (episode_id, clock_kind, threshold, recorded_at) VALUES \(SQLList(told, separator: SQLRaw(", ")))
                        ON CONFLICT (episode_id, clock_kind, threshold) DO NOTHING
                        """
                    ).run()
                }
            }
            try await refreshSchedules(of: ids.map(EpisodeID.init(rawValue:)))
            after = last
        }
        progress("statistics")
        try await engine.write { db in
            for statement in sql.cleanup { try await db.raw("\(unsafeRaw: statement)").run() }
        }
        if engine.kind == .postgres {
            try await engine.read { db in try await db.raw("ANALYZE").run() }
        }
        var rows: [(String, Int)] = []
        for table in [
            "organizations", "users", "children", "episodes", "episode_events", "case_tasks", "posters", "tips", "personnel",
            "training_records", "calls", "qa_reviews",
        ] {
            let count = try await engine.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE id LIKE 'n-%'").first()?.int("n") ?? 0
            }
            rows.append((table, count))
        }
        let audit = AuditEntry(
            occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: .demoNationalData, recordType: .database,
            detail: rows.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        try await audited(audit) { _ in }
        let elapsed = ContinuousClock.now - started
        return NationalDataSummary(
            rows: rows, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Fictional names made from syllables, with the phonetic keys the search reads, and sealed
    /// circumstances to share among the episodes: small tables the set-based inserts join.
    private func writeNameTables(_ plan: NationalDataPlan, sql: NationalSQL) async throws {
        var random = NationalSQL.Generator(seed: 20_261_201)
        let onsets = [
            "b", "br", "c", "ch", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "qu", "r", "s", "st", "t", "th", "v", "w", "y", "z",
        ]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "ie"]
        let codas = ["n", "r", "l", "s", "m", "t", "ck", "ld", "rn", "sh"]
        func name(_ syllables: Int) -> String {
            var text = ""
            for _ in 0..<syllables { text += onsets[random.next(onsets.count)] + vowels[random.next(vowels.count)] }
            text += codas[random.next(codas.count)]
            return text.prefix(1).uppercased() + text.dropFirst()
        }
        let surnames = (0..<NationalSQL.surnames).map { _ in name(2) }
        let givenNames = (0..<NationalSQL.givenNames).map { _ in name(1 + random.next(2)) }
        let circumstances = (0..<NationalSQL.texts).map { n in
            sealed(
                "Generated case \(n): did not return to the placement after school; friends say she spoke of going to the city.",
                "episodes.circumstances")
        }
        try await engine.write { db in
            for statement in sql.nameTables { try await db.raw("\(unsafeRaw: statement)").run() }
            for start in stride(from: 0, to: surnames.count, by: 200) {
                let rows: [SQLQueryString] = (start..<min(start + 200, surnames.count)).map { k in
                    let given = givenNames[k % givenNames.count]
                    let surname = surnames[k]
                    return """
                        (\(literal: k), \(bind: given), \(bind: NameMatching.soundex(given)), \(bind: surname), \(bind: NameMatching.soundex(surname)))
                        """
                }
                try await db.raw(
                    "INSERT INTO gen_names (k, given, given_phonetic, surname, surname_phonetic) VALUES \(SQLList(rows, separator: SQLRaw(", ")))"
                ).run()
            }
            let texts: [SQLQueryString] = circumstances.enumerated().map { "(\(literal: $0.offset), \(bind: $0.element))" }
            try await db.raw("INSERT INTO gen_texts (k, circumstances) VALUES \(SQLList(texts, separator: SQLRaw(", ")))").run()
        }
    }
}

/// The statements that write the national data, for one engine. Only numbers from the plan are
/// written into them.
struct NationalSQL {
    let kind: SQLEngineKind
    let plan: NationalDataPlan
    /// Seconds since 1970 of "now".
    let base: Int64

    static let surnames = 2400
    static let givenNames = 600
    static let texts = 64
    static let states = "ALAKAZARCACOCTDEFLGAHIIDILINIAKSKYLAMEMDMAMIMNMSMOMTNENVNHNJNMNYNCNDOHOKORPARISCSDTNTXUTVTVAWAWVWIWY"

    /// A seeded generator for the name tables, so every run makes the same names.
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Seconds between two reports, so that the episodes span ten years up to now.
    var step: Int64 { max(1, Int64(10 * 365 * 86_400) / Int64(plan.episodes)) }

    func numbers(_ count: Int) -> String {
        "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < \(max(0, count - 1)))"
    }

    /// An instant in the stored form from seconds since 1970.
    func instant(_ seconds: String) -> String {
        switch kind {
        case .sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', \(seconds), 'unixepoch')"
        case .postgres: "to_char(to_timestamp(\(seconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
        }
    }

    /// The UTC year of seconds since 1970, as text.
    func year(_ seconds: String) -> String {
        switch kind {
        case .sqlite: "strftime('%Y', \(seconds), 'unixepoch')"
        case .postgres: "to_char(to_timestamp(\(seconds)) AT TIME ZONE 'UTC', 'YYYY')"
        }
    }

    /// Episode `j`'s case number in the form filing gives (`HW-2024-012345`): numbered within the
    /// year it was received (a year holds far fewer than a million).
    func caseNumber(_ j: String) -> String { "'HW-' || \(year(received(j))) || '-' || \(pad("(\(j)) % 1000000", 6))" }

    /// A calendar date from seconds since 1970.
    func day(_ seconds: String) -> String {
        switch kind {
        case .sqlite: "date(\(seconds), 'unixepoch')"
        case .postgres: "to_char(to_timestamp(\(seconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        }
    }

    func pad(_ expression: String, _ width: Int) -> String {
        switch kind {
        case .sqlite: "printf('%0\(width)d', \(expression))"
        case .postgres: "lpad(CAST(\(expression) AS TEXT), \(width), '0')"
        }
    }

    /// An integer argument where PostgreSQL's functions take `integer`, not `bigint`.
    func int(_ expression: String) -> String { "CAST(\(expression) AS INTEGER)" }

    var yes: String { kind == .sqlite ? "1" : "TRUE" }
    var no: String { kind == .sqlite ? "0" : "FALSE" }

    /// The agency ids of child `c` (an SQL expression).
    func childWelfare(_ c: String) -> String { "'n-cw-' || \(pad("((\(c)) * 7919) % \(plan.childWelfareAgencies)", 5))" }
    func police(_ c: String) -> String { "'n-le-' || \(pad("((\(c)) * 104729) % \(plan.policeAgencies)", 5))" }

    var nameTables: [String] {
        [
            "DROP TABLE IF EXISTS gen_names", "DROP TABLE IF EXISTS gen_texts",
            "CREATE TABLE gen_names (k BIGINT PRIMARY KEY, given TEXT, given_phonetic TEXT, surname TEXT, surname_phonetic TEXT)",
            "CREATE TABLE gen_texts (k BIGINT PRIMARY KEY, circumstances TEXT)",
        ]
    }

    var cleanup: [String] { ["DROP TABLE gen_names", "DROP TABLE gen_texts"] }

    var steps: [(String, [String])] {
        [
            ("organizations and accounts", organizations + accounts),
            ("children", [children]),
            ("episodes", [episodes, caseNumberCounters]),
            ("episode events", events),
            ("long-term tasks", longTerm),
            ("posters and tips", [posters, tips]),
            ("personnel and training", [personnel, training]),
            ("calls and QA reviews", [calls, reviews]),
        ]
    }

    var organizations: [String] {
        let created = instant("\(base - 10 * 365 * 86_400)")
        func kindRows(_ prefix: String, _ count: Int, _ kind: String, name: String, ori: Bool, psap: Bool) -> String {
            """
            \(numbers(count))
            INSERT INTO organizations (id, code, name, kind, state, time_zone, ori, psap_identifier, phone, active, created_at)
            SELECT '\(prefix)' || \(pad("i", 5)), '\(prefix)' || \(pad("i", 5)), \(name), '\(kind)',
                substr('\(Self.states)', \(int("1 + 2 * (i % 50)")), 2), 'America/Chicago',
                \(ori ? "substr('\(Self.states)', \(int("1 + 2 * (i % 50)")), 2) || 'N' || \(pad("i", 6))" : "NULL"),
                \(psap ? "'N' || \(pad("i", 6))" : "NULL"), '555-010-' || \(pad("i % 10000", 4)), \(yes), \(created)
            FROM n
            """
        }
        return [
            """
            INSERT INTO organizations (id, code, name, kind, state, time_zone, ori, psap_identifier, phone, active, created_at)
            VALUES ('n-ch', 'n-ch', 'National clearinghouse (generated)', 'clearinghouse', 'VA', 'America/New_York', NULL, NULL,
                '555-010-0001', \(yes), \(created))
            """,
            kindRows(
                "n-cw-", plan.childWelfareAgencies, "child_welfare", name: "'County ' || i || ' Children''s Services'", ori: false,
                psap: false),
            kindRows("n-le-", plan.policeAgencies, "law_enforcement", name: "'City ' || i || ' Police Department'", ori: true, psap: false),
            kindRows("n-ps-", plan.psaps, "psap", name: "'County ' || i || ' 911 Center'", ori: false, psap: true),
        ]
    }

    /// One account per agency in its working role (a 911 center also has its QA reviewer), and 50
    /// case managers; none can sign in (no password).
    var accounts: [String] {
        let created = instant("\(base - 10 * 365 * 86_400)")
        func people(_ organization: String, _ count: Int, suffix: String, role: String, title: String) -> [String] {
            [
                """
                \(numbers(count))
                INSERT INTO users (id, organization_id, email, name, active, password_hash, failed_sign_ins, locked_until, last_sign_in_at, created_at)
                SELECT 'n-u-\(organization)' || \(pad("i", 5)) || '\(suffix)', 'n-\(organization)' || \(pad("i", 5)),
                    '\(organization)' || i || '\(suffix)@national.homeward.example', '\(title) ' || i, \(yes), NULL, 0, NULL, NULL, \(created)
                FROM n
                """,
                """
                \(numbers(count))
                INSERT INTO user_roles (user_id, role) SELECT 'n-u-\(organization)' || \(pad("i", 5)) || '\(suffix)', '\(role)' FROM n
                """,
            ]
        }
        return people("cw-", plan.childWelfareAgencies, suffix: "", role: "caseworker", title: "Caseworker")
            + people("le-", plan.policeAgencies, suffix: "", role: "investigator", title: "Investigator")
            + people("ps-", plan.psaps, suffix: "", role: "telecommunicator", title: "Telecommunicator")
            + people("ps-", plan.psaps, suffix: "-qa", role: "qa_reviewer", title: "QA reviewer")
            + [
                """
                \(numbers(50))
                INSERT INTO users (id, organization_id, email, name, active, password_hash, failed_sign_ins, locked_until, last_sign_in_at, created_at)
                SELECT 'n-u-cm-' || i, 'n-ch', 'cm' || i || '@national.homeward.example', 'Case manager ' || i, \(yes), NULL, 0, NULL, NULL, \(created)
                FROM n
                """,
                "\(numbers(50)) INSERT INTO user_roles (user_id, role) SELECT 'n-u-cm-' || i, 'case_manager' FROM n",
            ]
    }

    var children: String {
        let created = instant("\(base - 10 * 365 * 86_400)")
        let born = day("\(base) - (6 + (i * 31) % 12) * 31536000 - ((i * 97) % 365) * 86400")
        return """
            \(numbers(plan.children))
            INSERT INTO children (id, organization_id, first_name, middle_name, last_name, date_of_birth, sex, race, height_inches,
                weight_pounds, eye_color, hair_color, marks, first_phonetic, last_phonetic, created_at)
            SELECT 'n-c-' || i, \(childWelfare("i")), f.given, NULL, s.surname, \(born), CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END, 'U',
                48 + i % 24, 70 + i % 80, 'BRO', 'BLK', NULL, f.given_phonetic, s.surname_phonetic, \(created)
            FROM n JOIN gen_names s ON s.k = (i * 2654435761) % \(Self.surnames) JOIN gen_names f ON f.k = (i * 40503) % \(Self.givenNames)
            """
    }

    /// Whether episode `j` is open: the newest `recentOpen`, and `longTermOpen` spread over the
    /// children who went missing only once (so no child has two open cases).
    var isOpen: String {
        let single = plan.children / 5
        let spacing = max(1, (plan.children - single) / plan.longTermOpen)
        return "(j >= \(plan.episodes - plan.recentOpen) OR (j >= \(single) AND j < \(plan.children) AND (j - \(single)) % \(spacing) = 0))"
    }

    func received(_ j: String) -> String { "\(base) - (\(plan.episodes) - \(j)) * \(step)" }

    /// Recovered this many seconds after the report: one to twenty days.
    func recovery(_ j: String) -> String { "(1 + (\(j)) % 20) * 86400" }

    var episodes: String {
        let at = received("j")
        return """
            WITH RECURSIVE n(j) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT j + 1 FROM n WHERE j < \(plan.episodes - 1))
            INSERT INTO episodes (id, child_id, organization_id, status, case_number, received_at, last_seen_at, last_seen_city,
                last_seen_state, last_seen_place, circumstances, endangerments, clothing, possible_whereabouts, guardian_name,
                guardian_agency, guardian_phone, guardian_email, police_organization_id, police_name, police_ori, police_phone,
                police_report_number, ncic_number, case_type, case_manager_id, created_by, created_at, submitted_at, updated_at)
            SELECT 'n-e-' || \(pad("j", 8)), 'n-c-' || (j % \(plan.children)), \(childWelfare("j % \(plan.children)")),
                CASE WHEN \(isOpen) THEN 'open' WHEN j % 10 = 0 THEN 'closed' ELSE 'recovered' END,
                \(caseNumber("j")), \(instant(at)), \(instant("\(at) - 3600")), 'Springfield',
                substr('\(Self.states)', \(int("1 + 2 * (j % 50)")), 2), NULL, t.circumstances,
                CASE WHEN j % 7 = 0 THEN 'trafficking_concern' ELSE '' END, 'Gray hooded sweatshirt', NULL,
                'County Children''s Services', NULL, '555-010-2000', NULL, \(police("j % \(plan.children)")), 'City Police Department', NULL,
                '555-010-3000', 'RPT-' || j, 'N' || \(pad("j", 9)),
                CASE WHEN j % 9 = 0 THEN 'family_abduction' ELSE 'endangered_runaway' END,
                CASE WHEN \(isOpen) AND j % 10 < 7 THEN 'n-u-cm-' || (j % 50) ELSE NULL END,
                'n-u-' || substr(\(childWelfare("j % \(plan.children)")), 3), \(instant(at)), \(instant(at)),
                CASE WHEN \(isOpen) THEN \(instant(at)) ELSE \(instant("\(at) + \(recovery("j"))")) END
            FROM n JOIN gen_texts t ON t.k = j % \(Self.texts)
            """
    }

    /// Filing numbers each year on from the highest number generated in it.
    var caseNumberCounters: String {
        let greatest = kind == .sqlite ? "MAX(counters.value, excluded.value)" : "GREATEST(counters.value, excluded.value)"
        return """
            INSERT INTO counters (name, value)
            SELECT 'case-number-' || substr(case_number, 4, 4), MAX(CAST(substr(case_number, 9) AS INTEGER)) FROM episodes
            WHERE id LIKE 'n-e-%' GROUP BY substr(case_number, 4, 4)
            ON CONFLICT (name) DO UPDATE SET value = \(greatest)
            """
    }

    /// The three proofs for every episode, except that the newest few hundred open ones are caught
    /// at every stage (some duties still owed, clocks running, warned or breached), and a recovery
    /// for every episode no longer open.
    var events: [String] {
        let staged = plan.episodes - min(300, plan.recentOpen)
        func insert(
            _ suffix: String, kind: String, offset: String, by recorder: String, organization: String, method: String,
            reference: String, when condition: String
        ) -> String {
            let at = "\(received("j")) + \(offset)"
            return """
                WITH RECURSIVE n(j) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT j + 1 FROM n WHERE j < \(plan.episodes - 1))
                INSERT INTO episode_events (id, episode_id, kind, occurred_at, recorded_at, recorded_by, recorded_by_organization, method,
                    reference, note)
                SELECT 'n-ev-' || \(pad("j", 8)) || '-\(suffix)', 'n-e-' || \(pad("j", 8)), '\(kind)', \(instant(at)), \(instant(at)),
                    \(recorder), \(organization), '\(method)', \(reference), NULL
                FROM n WHERE \(condition)
                """
        }
        let caseworker = "'n-u-' || substr(\(childWelfare("j % \(plan.children)")), 3)"
        let investigator = "'n-u-' || substr(\(police("j % \(plan.children)")), 3)"
        return [
            insert(
                "p", kind: "reported_to_police", offset: "600", by: caseworker, organization: childWelfare("j % \(plan.children)"),
                method: "phone", reference: "'RPT-' || j", when: "j < \(staged) OR j % 3 <> 0"),
            insert(
                "h", kind: "reported_to_clearinghouse", offset: "900", by: caseworker, organization: childWelfare("j % \(plan.children)"),
                method: "online", reference: caseNumber("j"), when: "j < \(staged) OR j % 2 = 0"),
            insert(
                "n", kind: "ncic_entered", offset: "4200", by: investigator, organization: police("j % \(plan.children)"),
                method: "NCIC", reference: "'N' || \(pad("j", 9))", when: "j < \(staged) OR j % 3 = 2"),
            insert(
                "r", kind: "recovered", offset: recovery("j"), by: investigator, organization: police("j % \(plan.children)"),
                method: "Officer on patrol", reference: "'RPT-' || j", when: "NOT \(isOpen)"),
        ]
    }

    /// Open cases past the long-term age already have their two tasks.
    var longTerm: [String] {
        let cutoff = instant("\(base - Int64(plan.longTermDays) * 86_400)")
        let old = "status IN ('open', 'located') AND id LIKE 'n-e-%' AND received_at <= \(cutoff)"
        return [
            """
            INSERT INTO case_tasks (id, episode_id, kind, due_at, completed_at, completed_by, note)
            SELECT 'n-lt-n-' || substr(id, 5), id, 'ncic_30_day_update', received_at, NULL, NULL, NULL FROM episodes WHERE \(old)
            """,
            """
            INSERT INTO case_tasks (id, episode_id, kind, due_at, completed_at, completed_by, note)
            SELECT 'n-lt-a-' || substr(id, 5), id, 'age_progression_request', received_at, NULL, NULL, NULL FROM episodes WHERE \(old)
            """,
            "UPDATE episodes SET long_term_tasks_at = received_at WHERE \(old)",
        ]
    }

    /// A withdrawn poster for every thirtieth episode no longer open.
    var posterEvery: Int { 30 }

    var posters: String {
        """
        WITH RECURSIVE n(j) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT j + \(posterEvery) FROM n WHERE j < \(plan.episodes - posterEvery))
        INSERT INTO posters (id, episode_id, slug, status, narrative, photo_ids, guardian_consent, police_consent, created_by, created_at,
            published_at, withdrawn_at, withdrawn_reason, revision, public_json, attestation)
        SELECT 'n-p-' || \(pad("j", 8)), 'n-e-' || \(pad("j", 8)), 'g' || \(pad("j", 9)), 'withdrawn', '', '[]', NULL, NULL,
            'n-u-' || substr(\(childWelfare("j % \(plan.children)")), 3), \(instant(received("j"))), \(instant("\(received("j")) + 3600")),
            \(instant("\(received("j")) + \(recovery("j"))")), 'recovered', 2, NULL, NULL
        FROM n WHERE NOT \(isOpen)
        """
    }

    var tips: String {
        let posters = plan.episodes / posterEvery
        let perPoster = max(1, plan.tips / max(1, posters))
        let j = "((t / \(perPoster)) * \(posterEvery))"
        let submitted = "\(received(j)) + 7200 + (t % \(perPoster)) * 3600"
        return """
            WITH RECURSIVE n(t) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT t + 1 FROM n WHERE t < \(min(plan.tips, posters * perPoster) - 1))
            INSERT INTO tips (id, poster_id, episode_id, investigating_organization_id, seen, place, seen_when, contact_name, contact_phone,
                contact_email, submitted_at, acknowledge_by, received_at, received_by, actionable, idempotency_key, notified_at,
                overdue_notified_at)
            SELECT 'n-t-' || t, 'n-p-' || \(pad(j, 8)), 'n-e-' || \(pad(j, 8)), \(police("\(j) % \(plan.children)")),
                'A girl who looked like the poster, with a gray sweatshirt', 'Bus station on Main Street', 'Tuesday afternoon', '', '', '',
                \(instant(submitted)), \(instant("\(submitted) + 3600")), \(instant("\(submitted) + 1800")),
                'n-u-' || substr(\(police("\(j) % \(plan.children)")), 3), CASE WHEN t % 4 = 0 THEN \(yes) ELSE \(no) END, 'n-t-' || t,
                \(instant(submitted)), NULL
            FROM n WHERE EXISTS (SELECT 1 FROM posters p WHERE p.id = 'n-p-' || \(pad(j, 8)))
            """
    }

    /// People of the police agencies and 911 centers: each one's first is its executive.
    func staffOrganization(_ p: String) -> String {
        let units = plan.policeAgencies + plan.psaps
        return """
            CASE WHEN (\(p)) % \(units) < \(plan.policeAgencies) THEN 'n-le-' || \(pad("(\(p)) % \(units)", 5))
            ELSE 'n-ps-' || \(pad("(\(p)) % \(units) - \(plan.policeAgencies)", 5)) END
            """
    }

    var personnel: String {
        let units = plan.policeAgencies + plan.psaps
        let updated = instant("\(base - 86_400)")
        return """
            WITH RECURSIVE n(p) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT p + 1 FROM n WHERE p < \(plan.personnel - 1))
            INSERT INTO personnel (id, organization_id, employee_number, employee_key, name, role, hire_date, active, updated_at)
            SELECT 'n-pp-' || p, \(staffOrganization("p")), 'E' || \(pad("p", 7)), 'e' || \(pad("p", 7)), f.given || ' ' || s.surname,
                CASE WHEN p < \(units) THEN 'executive'
                    WHEN p % \(units) >= \(plan.policeAgencies) THEN 'telecommunicator'
                    WHEN p % 11 = 0 THEN 'supervisor' WHEN p % 13 = 0 THEN 'investigator' WHEN p % 29 = 0 THEN 'civilian'
                    ELSE 'sworn' END,
                \(day("\(base) - (1 + p % 20) * 31536000 - (p % 300) * 86400")), \(yes), \(updated)
            FROM n JOIN gen_names s ON s.k = (p * 7877) % \(Self.surnames) JOIN gen_names f ON f.k = (p * 3571) % \(Self.givenNames)
            """
    }

    var training: String {
        let perPerson = max(1, plan.trainingRecords / max(1, plan.personnel))
        let p = "(r / \(perPerson))"
        let units = plan.policeAgencies + plan.psaps
        let recorder =
            "CASE WHEN \(p) % \(units) < \(plan.policeAgencies) THEN 'n-u-le-' || \(pad("\(p) % \(units)", 5)) ELSE 'n-u-ps-' || \(pad("\(p) % \(units) - \(plan.policeAgencies)", 5)) END"
        return """
            WITH RECURSIVE n(r) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT r + 1 FROM n WHERE r < \(plan.personnel * perPerson - 1))
            INSERT INTO training_records (id, organization_id, personnel_id, course_code, completed_on, reference, certificate_document_id,
                recorded_by, recorded_at)
            SELECT 'n-tr-' || r, \(staffOrganization(p)), 'n-pp-' || \(p),
                CASE r % 4 WHEN 0 THEN 'MCDR' WHEN 1 THEN 'MCDR-1' WHEN 2 THEN 'MCDR-2' ELSE 'TBP' END,
                \(day("\(base) - (30 + (r * 37) % 1400) * 86400")), 'CERT-' || r, NULL, \(recorder), \(instant("\(base) - 86400"))
            FROM n
            """
    }

    /// Calls spread over five years, each handed to police or closed, each with its QA review;
    /// the newest fifty are still waiting for review.
    var callStep: Int64 { max(1, Int64(5 * 365 * 86_400) / Int64(max(1, plan.calls))) }

    var calls: String {
        let opened = "\(base) - (\(plan.calls) - k) * \(callStep)"
        let psap = "'n-ps-' || \(pad("k % \(plan.psaps)", 5))"
        return """
            WITH RECURSIVE n(k) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT k + 1 FROM n WHERE k < \(plan.calls - 1))
            INSERT INTO calls (id, psap_id, checklist_code, opened_at, opened_by, cad_incident, status, handed_off_to, ended_at, ended_by,
                closing_reason)
            SELECT 'n-call-' || k, \(psap), 'ans-1.101-2026', \(instant(opened)), 'n-u-' || substr(\(psap), 3), 'CAD-' || k,
                CASE WHEN k % 5 = 0 THEN 'closed' ELSE 'handed_off' END,
                CASE WHEN k % 5 = 0 THEN NULL ELSE 'n-le-' || \(pad("k % \(plan.policeAgencies)", 5)) END,
                \(instant("\(opened) + 1200")), 'n-u-' || substr(\(psap), 3),
                CASE WHEN k % 5 = 0 THEN 'The child was found while the caller was on the line.' ELSE NULL END
            FROM n
            """
    }

    var reviews: String {
        let ended = "\(base) - (\(plan.calls) - k) * \(callStep) + 1200"
        let psap = "'n-ps-' || \(pad("k % \(plan.psaps)", 5))"
        let waiting = "k >= \(plan.calls - 50)"
        return """
            WITH RECURSIVE n(k) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT k + 1 FROM n WHERE k < \(plan.calls - 1))
            INSERT INTO qa_reviews (id, call_id, psap_id, telecommunicator_id, assignee_role, assignee_id, opened_at, due_at, is_calibration,
                items, findings, follow_up_training, reviewer_id, submitted_at, level, percent)
            SELECT 'n-qa-' || k, 'n-call-' || k, \(psap), 'n-u-' || substr(\(psap), 3), 'qa_reviewer', NULL, \(instant(ended)),
                \(instant("\(ended) + 259200")), \(no), '[]', '', '[]',
                CASE WHEN \(waiting) THEN NULL ELSE 'n-u-' || substr(\(psap), 3) || '-qa' END,
                CASE WHEN \(waiting) THEN NULL ELSE \(instant("\(ended) + 86400")) END,
                CASE WHEN \(waiting) THEN NULL WHEN k % 6 = 0 THEN 'partial' ELSE 'high' END,
                CASE WHEN \(waiting) THEN NULL WHEN k % 6 = 0 THEN 88.5 ELSE 97.0 END
            FROM n
            """
    }
}
