import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The reporting API: partner case-management systems file reports and record duties.
enum EpisodeAPI {
    struct ClockJSON: Codable, Sendable, APISchema {
        static let schemaName = "Clock"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "kind": .values(of: ClockKind.self), "status": .values(ClockStatus.codes), "startedAt": .dateTime,
                    "deadline": .dateTime,
                ])
        }

        var kind: String
        var title: String
        var status: String
        var statusText: String
        var startedAt: String?
        var deadline: String?
        var remainingSeconds: Int?
        /// How late the duty was met (met late), or how long it is overdue (breached).
        var lateBySeconds: Int?
        var overdueBySeconds: Int?
        /// Set when the duty reads as met on time but its proof was entered after the deadline.
        var recordedAfterDeadlineBySeconds: Int?
        var proof: ProofJSON?
        var owed: String?
    }

    struct ProofJSON: Codable, Sendable, APISchema {
        static let schemaName = "Proof"
        static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["at": .dateTime, "recordedAt": .dateTime]) }

        var eventId: String
        var at: String
        var recordedAt: String
        var recordedBy: String
        var method: String
        var reference: String
    }

    struct EventJSON: Codable, Sendable, APISchema {
        static let schemaName = "Event"
        static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["occurredAt": .dateTime, "recordedAt": .dateTime]) }

        var id: String
        var kind: String
        var occurredAt: String
        var recordedAt: String
        var recordedBy: String
        var recordedByOrganization: String
        var method: String?
        var reference: String?
        /// The police case the proof was recorded on, for a proof the investigating police agency
        /// recorded on its own case linked to this report.
        var policeCaseId: String?
    }

    /// A difference between the agency's proof of a duty and a linked police case's.
    struct DifferenceJSON: Codable, Sendable, APISchema {
        static let schemaName = "ProofDifference"

        var id: String
        var duty: String
        var summary: String
        var agencyEventId: String
        var policeEventId: String
        var settledByEventId: String?
    }

    struct EpisodeJSON: Codable, Sendable, APISchema {
        static let schemaName = "Episode"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "caseType": .values(of: CaseType.self), "receivedAt": .dateTime, "lastSeenAt": .dateTime,
                    "endangerments": .values(of: Endangerment.self),
                ])
        }

        var id: String
        var caseNumber: String?
        var status: String
        var caseType: String
        var receivedAt: String
        var lastSeenAt: String?
        var lastSeenCity: String
        var lastSeenState: String
        var lastSeenPlace: String?
        var circumstances: String
        var clothing: String?
        var possibleWhereabouts: String?
        var endangerments: [String]
        var child: ChildJSON
        var guardian: GuardianJSON
        var police: PoliceJSON
        var ncicNumber: String?
        /// The state rules the clocks run under (absent: the federal rules), and in words.
        var rulesId: String?
        var rules: String
        var clocks: [ClockJSON]
        var events: [EventJSON]
        var differences: [DifferenceJSON]
    }

    struct ChildJSON: Codable, Sendable {
        var id: String
        var firstName: String
        var middleName: String?
        var lastName: String
        var dateOfBirth: String
        var sex: String
        /// Private: never on a public output.
        var tribalAffiliation: String?
    }

    struct GuardianJSON: Codable, Sendable {
        var name: String
        var agency: String?
        var phone: String
        var email: String?
    }

    /// A page of episodes and the cursor of the next page (absent on the last).
    struct EpisodePageJSON: Codable, Sendable, APISchema {
        static let schemaName = "EpisodeList"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["nextCursor": .described("Pass as `cursor` for the next page; absent on the last page.")])
        }

        var items: [EpisodeJSON]
        var nextCursor: String?
    }

    struct PoliceJSON: Codable, Sendable {
        var organizationId: String?
        var name: String
        var ori: String?
        var phone: String
        var reportNumber: String?
    }

    struct NewEventJSON: Codable, Sendable, APISchema {
        static let schemaName = "NewEvent"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "kind": .values(EpisodeAPI.recordableKinds.map(\.rawValue)),
                    "occurredAt": PropertyNote.dateTime.described("With its offset or Z."),
                ], required: ["method", "reference"])
        }

        var kind: String
        var occurredAt: String
        var method: String?
        var reference: String?
        var officerName: String?
        var badge: String?
    }

    struct NCICJSON: Codable, Sendable, APISchema {
        static let schemaName = "NCICSheet"

        var category: String
        var categoryReason: String
        var ready: Bool
        var text: String
        var fields: [FieldJSON]
        var problems: [FieldErrors.Entry]
    }

    struct FieldJSON: Codable, Sendable {
        var code: String
        var label: String
        var value: String
    }

    /// The duties a partner system records through the API.
    static let recordableKinds: [EpisodeEventKind] = [.reportedToPolice, .reportedToClearinghouse, .ncicEntered]

    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: .episodeView, recordType: .episode)
        return [
            Endpoint(
                .post, Routes.apiEpisodes, allowing: .fileReport, .api, scope: .none, summary: "File a missing-from-care report",
                handler: file),
            Endpoint(
                .get, Routes.apiEpisodes, allowing: .listEpisodes, .api, scope: .none,
                summary: "The episodes the caller may see, newest report first, a page at a time", handler: list),
            Endpoint(
                .get, Routes.apiEpisode, allowing: .viewEpisode, .api, scope: .episode,
                summary: "Get an episode with its clocks",
                auditedRead: read, handler: get),
            Endpoint(
                .post, Routes.apiEpisodeEvents, allowing: .viewEpisode, .api, scope: .episode,
                summary: "Record a duty done", handler: addEvent
            ),
            Endpoint(
                .patch, Routes.apiEpisode, allowing: .correctReport, .api, scope: .episode,
                summary: "Correct or complete the report",
                handler: patch),
            Endpoint(
                .post, Routes.apiInvestigatingAgency, allowing: .changeInvestigatingAgency, .api,
                scope: .episode, summary: "Hand the case to another investigating police agency", handler: changePolice),
            Endpoint(
                .get, Routes.apiClocks, allowing: .viewEpisode, .api, scope: .episode,
                summary: "The episode's statutory clocks",
                auditedRead: read, handler: clocks),
            Endpoint(
                .get, Routes.apiNCIC, allowing: .viewNCICSheet, .api, scope: .episode,
                summary: "The NCIC entry sheet",
                auditedRead: read, handler: ncic),
        ]
    }

    static func clocks(_ record: EpisodeRecord, services: AppServices) -> [ClockJSON] {
        let zone = LocalTime(timeZone: "UTC")
        let now = services.clock.now()
        return record.clocks(at: now).map {
            reading in
            let clock = ClockPresentation(reading, zone: zone)
            return ClockJSON(
                kind: reading.definition.kind.rawValue, title: reading.definition.title, status: reading.status.code,
                statusText: clock.statusText, startedAt: reading.startedAt.map(Timestamp.format),
                deadline: reading.deadline.map(Timestamp.format), remainingSeconds: reading.remaining.map { Int($0) },
                lateBySeconds: clock.lateBySeconds, overdueBySeconds: clock.overdueBySeconds,
                recordedAfterDeadlineBySeconds: clock.recordedAfterDeadlineBySeconds,
                proof: reading.proof.map {
                    ProofJSON(
                        eventId: $0.eventID.rawValue, at: Timestamp.format($0.at), recordedAt: Timestamp.format($0.recordedAt),
                        recordedBy: $0.recordedBy.rawValue, method: $0.method, reference: $0.reference)
                }, owed: clock.owed)
        }
    }

    static func json(_ record: EpisodeRecord, services: AppServices) -> EpisodeJSON {
        let e = record.episode
        let c = record.child
        return EpisodeJSON(
            id: e.id.rawValue, caseNumber: e.caseNumber, status: e.status.rawValue, caseType: e.caseType.rawValue,
            receivedAt: Timestamp.format(e.receivedAt), lastSeenAt: e.lastSeenAt.map(Timestamp.format), lastSeenCity: e.lastSeenCity,
            lastSeenState: e.lastSeenState, lastSeenPlace: e.lastSeenPlace, circumstances: e.circumstances, clothing: e.clothing,
            possibleWhereabouts: e.possibleWhereabouts, endangerments: e.endangerments.map(\.rawValue).sorted(),
            child: ChildJSON(
                id: c.id.rawValue, firstName: c.firstName, middleName: c.middleName, lastName: c.lastName, dateOfBirth: c.dateOfBirth.iso,
                sex: c.sex.rawValue, tribalAffiliation: c.tribalAffiliation),
            guardian: GuardianJSON(name: e.guardian.name, agency: e.guardian.agency, phone: e.guardian.phone, email: e.guardian.email),
            police: PoliceJSON(
                organizationId: e.police.organizationID?.rawValue, name: e.police.name, ori: e.police.ori, phone: e.police.phone,
                reportNumber: e.police.reportNumber),
            ncicNumber: e.ncicNumber, rulesId: e.rulesID, rules: record.rules.summary, clocks: clocks(record, services: services),
            events: record.events.map {
                EventJSON(
                    id: $0.id.rawValue, kind: $0.kind.rawValue, occurredAt: Timestamp.format($0.occurredAt),
                    recordedAt: Timestamp.format($0.recordedAt), recordedBy: $0.recordedBy.rawValue,
                    recordedByOrganization: $0.recordedByOrganization.rawValue, method: $0.method, reference: $0.reference,
                    policeCaseId: $0.policeCaseID?.rawValue)
            },
            differences: ProofDifference.find(in: record.events).map {
                DifferenceJSON(
                    id: $0.id, duty: $0.duty.rawValue, summary: $0.summary, agencyEventId: $0.agency.id.rawValue,
                    policeEventId: $0.police.id.rawValue, settledByEventId: $0.settlement?.id.rawValue)
            })
    }

    /// The caller's episodes (their agency's, or every one for the clearinghouse), filtered by
    /// status, by the last change of the record or its timeline, and, for the clearinghouse, by
    /// reporting agency; paged with an opaque cursor.
    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let query = request.uri.queryParameters
        var filter = EpisodeLoads.filter(for: context.signedIn)
        var errors = FieldErrors()
        if let text = query.get("status").map({ String($0) }), !text.isEmpty {
            let statuses = text.split(separator: ",").map { EpisodeStatus(rawValue: String($0)) }
            if statuses.contains(nil) { errors.add("status", "Use draft, open, located, recovered or closed, comma-separated.") }
            filter.statuses = Set(statuses.compactMap { $0 })
        }
        if let agency = query.get("agency").map({ String($0) }), !agency.isEmpty {
            if context.principal.isClearinghouseStaff {
                filter.reportingOrganization = OrganizationID(agency)
            } else if agency != context.organization.id.rawValue {
                errors.add("agency", "You see your own agency's episodes only.")
            }
        }
        if let text = query.get("updated_since").map({ String($0) }), !text.isEmpty {
            filter.updatedSince = Timestamp.parse(text) ?? Timestamp.parse(text.replacingOccurrences(of: "Z", with: ".000Z"))
            if filter.updatedSince == nil { errors.add("updated_since", "Use a UTC time such as 2026-11-01T00:00:00Z.") }
        }
        let limit = query.get("limit").map { NumberKind.apiPageSize.value(String($0)) } ?? 50
        if limit == nil { errors.add("limit", NumberKind.apiPageSize.hint) }
        if let cursor = query.get("cursor").map({ String($0) }), !cursor.isEmpty {
            filter.after = EpisodeFilter.Cursor(cursor)
            if filter.after == nil { errors.add("cursor", "This cursor is not one Homeward gave.") }
        }
        try errors.throwIfAny()
        filter.limit = (limit ?? 50) + 1
        let records = try await services.store.episodeRecords(matching: filter)
        let page = Array(records.prefix(limit ?? 50))
        let next = records.count > page.count ? page.last.map { EpisodeFilter.Cursor(after: $0.episode).text } : nil
        return try APIResponse.json(EpisodePageJSON(items: page.map { json($0, services: services) }, nextCursor: next))
    }

    @Sendable static func file(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let form = try await request.json(ReportForm.self, limit: services.configuration.maxBodyBytes)
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]?.trimmed
        if let key, key.isEmpty || key.count > 200 { throw HomewardError.invalid("Idempotency-Key", "Use 1 to 200 characters.") }
        // With a key: the digest of the report as submitted, field by field in a fixed order.
        let idempotencyKey = key.map {
            IdempotencyKey(
                $0,
                requestDigest: SHA256Digest.hex(
                    of: form.fields.sorted { $0.key < $1.key }.flatMap { Array($0.key.utf8) + [0x1F] + Array($0.value.utf8) + [0x1E] }))
        }
        if let idempotencyKey,
            let earlier = try await services.store.episode(filedWith: idempotencyKey, by: context.organization.id)
        {
            // A retry of a report already filed: the same answer, nothing filed again.
            return try await created(earlier.id, services: services)
        }
        if form.childDecision.trimmed.isEmpty {
            // A system, like a person, must say whether a probable match is the same child.
            let repeats = try await services.store.possibleRepeats(of: form, agency: context.organization.id)
            if !repeats.isEmpty {
                throw HomewardError.possibleRepeat(
                    repeats.map {
                        RepeatCandidate(
                            childID: $0.child.id, name: $0.child.fullName, dateOfBirth: $0.child.dateOfBirth,
                            latestCaseNumber: $0.latestEpisode?.caseNumber, latestStatus: $0.latestEpisode?.status)
                    })
            }
        }
        let episode = try await EpisodeCommands.file(
            form, photo: nil, draftID: nil, idempotencyKey: idempotencyKey, requireOffsets: true, context: context, services: services)
        return try await created(episode.id, services: services)
    }

    /// 201 with the filed episode and its address.
    static func created(_ id: EpisodeID, services: AppServices) async throws -> Response {
        guard let record = try await services.store.episodeRecord(id) else { throw HomewardError.notFound("case") }
        var response = try APIResponse.json(json(record, services: services), status: .created)
        response.headers[.location] = Routes.apiEpisode(id)
        return response
    }

    /// Applies the fields present in the body to the report and validates the whole report again.
    /// The police report number and the NIC are not fields: they arrive as proofs (events).
    @Sendable static func patch(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        var request = request
        let body = try await request.json([String: JSONValue].self, limit: services.configuration.maxBodyBytes)
        let agency = try await services.store.organization(record.episode.organizationID)
        guard let reporter = agency else { throw HomewardError.notFound("agency") }
        let changes = body.mapValues { value in
            switch value {
            case .string(let text): text
            case .bool(let flag): flag ? "true" : ""
            case .strings(let list): list.joined(separator: ",")
            }
        }
        let (child, episode, before) = try record.correcting(
            changes, agency: reporter,
            policeAgencies: try await services.store.policeAgencies(
                chosen: changes["policeOrganizationID"] ?? record.episode.police.organizationID?.rawValue ?? ""),
            at: services.clock.now(),
            investigatingAgencyRoute: Routes.apiInvestigatingAgency(record.episode.id),
            rules: try await services.store.jurisdictionRules(of: reporter.state))
        try await services.store.updateReport(
            child: child, episode: episode,
            audit: services.auditEntry(
                context, action: .episodesUpdate, recordType: .episode, recordID: episode.id.rawValue,
                organization: episode.organizationID,
                detail: ReportCorrection.describe(before: before, after: ReportForm(child: child, episode: episode).fields)))
        guard let updated = try await services.store.episodeRecord(episode.id) else { throw HomewardError.notFound("case") }
        return try APIResponse.json(json(updated, services: services))
    }

    struct ChangePoliceBody: Decodable, Sendable, APISchema {
        static let schemaName = "InvestigatingAgencyChange"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "policeOrganizationID": .described("The id of an active member police agency."),
                    "reason": PropertyNote(description: "Why the case changes hands; kept in the audit trail.", maxLength: 500),
                ])
        }

        var policeOrganizationID: String
        var reason: String
    }

    /// Hands the case to another member police agency, which from then on sees it, receives its
    /// tips and owes its NCIC entry; the agency that had it no longer sees it. Audited with both.
    @Sendable static func changePolice(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        var request = request
        let body = try await request.json(ChangePoliceBody.self, limit: services.configuration.maxBodyBytes)
        let target = try await services.store.organization(OrganizationID(body.policeOrganizationID))
        var staff: [User] = []
        if let target { staff = try await services.store.users(in: target.id) }
        let handOver = try record.handingOver(
            to: target, reason: body.reason, policeStaff: staff, tips: try await services.store.tips(ofEpisode: record.episode.id))
        try await services.store.handOverInvestigation(
            handOver,
            audit: services.auditEntry(
                context, action: .episodesChangePolice, recordType: .episode, recordID: record.episode.id.rawValue,
                organization: record.episode.organizationID, detail: handOver.auditDetail))
        let episode = handOver.episode
        guard let updated = try await services.store.episodeRecord(episode.id) else { throw HomewardError.notFound("case") }
        return try APIResponse.json(json(updated, services: services))
    }

    /// A JSON value of a report field: text, a flag, or a list (the endangerments).
    enum JSONValue: Decodable, Sendable {
        case string(String)
        case bool(Bool)
        case strings([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let list = try? container.decode([String].self) {
                self = .strings(list)
            } else if let number = try? container.decode(Double.self) {
                // Int(exactly:) is nil for 1e300 or a fraction, where Int(_:) would stop the process.
                self = .string(Int(exactly: number).map(String.init) ?? String(number))
            } else {
                throw DecodingError.typeMismatch(
                    String.self, .init(codingPath: decoder.codingPath, debugDescription: "text, true/false or a list"))
            }
        }
    }

    @Sendable static func get(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try APIResponse.json(json(try await EpisodeLoads.record(context, services), services: services))
    }

    @Sendable static func clocks(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try APIResponse.json(
            APIResponse.List(items: clocks(try await EpisodeLoads.record(context, services), services: services)))
    }

    @Sendable static func addEvent(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        var request = request
        let body = try await request.json(NewEventJSON.self, limit: services.configuration.maxBodyBytes)
        guard let kind = EpisodeEventKind(rawValue: body.kind), recordableKinds.contains(kind)
        else {
            throw HomewardError.invalid("kind", "Use reported_to_police, reported_to_clearinghouse or ncic_entered.")
        }
        // The route lets anyone who sees the case in; what they may record is the policy's call per kind.
        let action: Action = kind == .ncicEntered ? .recordNCICEntry : .recordAgencyReport
        let scope = EpisodeScope(
            reportingOrganization: record.episode.organizationID, investigatingOrganization: record.episode.police.organizationID)
        if case .deny(let reason) = AccessPolicy.decide(context.principal, action, episode: scope) {
            try await services.store.appendAudit(
                services.auditEntry(
                    context, action: .policy(action), outcome: .denied, recordType: .episode, recordID: record.episode.id.rawValue,
                    organization: record.episode.organizationID, detail: reason))
            throw HomewardError.forbidden(reason)
        }
        try await EpisodeCommands.recordProof(
            kind,
            DutyProof(
                occurredAt: body.occurredAt, requireOffset: true, method: body.method ?? "", reference: body.reference ?? "",
                officerName: body.officerName ?? "", badge: body.badge ?? ""),
            on: record, context: context, services: services)
        guard let updated = try await services.store.episodeRecord(record.episode.id) else { throw HomewardError.notFound("case") }
        return try APIResponse.json(json(updated, services: services), status: .created)
    }

    @Sendable static func ncic(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        let agency = try await services.store.organization(record.episode.organizationID)
        let sheet = NCICEntrySheet.build(
            NCICSubject(
                child: record.child, episode: record.episode,
                timeZone: (agency?.zone ?? TimeZone.utc)))
        return try APIResponse.json(
            NCICJSON(
                category: sheet.category, categoryReason: sheet.categoryReason, ready: sheet.isReady, text: sheet.text,
                fields: sheet.fields.map { FieldJSON(code: $0.code, label: $0.label, value: $0.value) }, problems: sheet.problems))
    }
}

/// A report as a partner system files it. Every field decodes as optional so that a partial body
/// gets field errors, not a decoding failure; the rules require those listed.
extension ReportForm: APISchema {
    static let schemaName = "NewReport"
    static var schemaNotes: SchemaNotes {
        SchemaNotes(
            properties: [
                "dateOfBirth": .described("YYYY-MM-DD."),
                "sex": .values(of: Sex.self),
                "endangerments": .values(of: Endangerment.self),
                "noEndangerments": .described("True when none of the endangerments applies: the question must be answered either way."),
                "caseType": .values(of: CaseType.self),
                "childDecision": .described(
                    "Whether the child is one already on record. Empty: Homeward looks for probable matches and answers 409 (type possible-repeat) listing them in `candidates`. \"link:CHILD_ID\": a repeat episode of that child (refused while the child has an open case). \"new\": a child not on record (refused with 422 while a child of the agency with the same name and date of birth has an open case, unless a supervisor files it with `secondCaseReason`)."
                ),
                "secondCaseReason": .described(
                    "A supervisor's reason for a second open case for a child with the name and date of birth of one with an open case; shown on both cases. Up to 1000 characters."
                ),
                "receivedAt": PropertyNote.dateTime.described("With its offset or Z; a bare local time is refused."),
                "lastSeenAt": PropertyNote.dateTime.described("With its offset or Z."),
                "policeOrganizationID": .described(
                    "The id of a member police agency, or empty for another agency described by the police fields."),
                "receivedAtOccurrence": .values(["", "first", "second"]),
                "lastSeenAtOccurrence": .values(["", "first", "second"]),
            ],
            required: [
                "firstName", "lastName", "dateOfBirth", "sex", "heightFeet", "weightPounds", "receivedAt", "lastSeenCity", "lastSeenState",
                "circumstances", "guardianName", "guardianPhone", "caseType",
            ])
    }
}
