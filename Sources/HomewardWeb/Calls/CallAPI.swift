import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The calls API: a CAD system opens a missing-child call (once per `Idempotency-Key`), records
/// answers as the telecommunicator gives them, and reads the call and the 911 center's QA reviews.
enum CallAPI {
    struct AnswerJSON: Codable, Sendable {
        var item: String
        var value: String
        var at: String
        var by: String
    }

    struct AmberCriterionJSON: Codable, Sendable {
        var id: String
        var title: String
        var standing: String
    }

    struct CallJSON: Codable, Sendable, APISchema {
        static let schemaName = "Call"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "status": .values(of: CallStatus.self), "openedAt": .dateTime, "endedAt": .dateTime, "ncicDeadline": .dateTime,
                    "ncicStatus": .values(ClockStatus.codes),
                    "answers": .described("Every answer in the order given; an item's current answer is its latest (empty clears it)."),
                    "amberHint": .described("What the answers say about the AMBER criteria; the decision stays with the police."),
                ])
        }

        var id: String
        var psapId: String
        var checklist: String
        var cadIncident: String?
        var status: String
        var openedAt: String
        var openedBy: String
        var endedAt: String?
        var handedOffTo: String?
        var closingReason: String?
        var answers: [AnswerJSON]
        var ncicDeadline: String
        var ncicStatus: String
        var amberMayMeet: Bool
        var amberHint: String
        var amber: [AmberCriterionJSON]

        init(_ call: MissingChildCall, checklist: CallChecklist, zone: TimeZone, now: Date) {
            id = call.id.rawValue
            psapId = call.psapID.rawValue
            self.checklist = call.checklistCode
            cadIncident = call.cadIncident
            status = call.status.rawValue
            openedAt = Timestamp.format(call.openedAt)
            openedBy = call.openedBy.rawValue
            endedAt = call.endedAt.map(Timestamp.format)
            handedOffTo = call.handedOffTo?.rawValue
            closingReason = call.closingReason
            answers = call.log.map { AnswerJSON(item: $0.itemID, value: $0.value, at: Timestamp.format($0.at), by: $0.by.rawValue) }
            ncicDeadline = Timestamp.format(call.openedAt + MissingChildCall.ncicWindow)
            ncicStatus = call.ncicClock(at: now).code
            let check = AmberCheck(call, checklist: checklist, zone: zone)
            amberMayMeet = check.mayMeet
            amberHint = check.hint
            amber = check.readings.map {
                AmberCriterionJSON(id: $0.criterion.id, title: $0.criterion.title, standing: $0.standing.rawValue)
            }
        }
    }

    struct NewAnswerJSON: Codable, Sendable, APISchema {
        static let schemaName = "NewAnswer"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "item": .described("A checklist item's id, such as child-name or dispatch-ncic."),
                    "value": .described("Text; yes, no or unknown; a whole number; YYYY-MM-DD; or done for a step. Empty clears the item."),
                ])
        }

        var item: String
        var value: String
    }

    struct HandOffJSON: Codable, Sendable, APISchema {
        static let schemaName = "HandOff"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["agency": .described("The id of the responding police agency, in the 911 center's state.")])
        }

        var agency: String
    }

    struct HandedOffJSON: Codable, Sendable, APISchema {
        static let schemaName = "HandedOff"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["policeCaseId": .described("The police agency's case opened from the call.")])
        }

        var policeCaseId: String
        var policeId: String
        var call: CallJSON
    }

    struct NewCallJSON: Codable, Sendable, APISchema {
        static let schemaName = "NewCall"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["answers": .described("Answers the CAD system already holds, recorded as given now.")])
        }

        var cadIncident: String?
        var answers: [NewAnswerJSON]?
    }

    struct ItemReviewJSON: Codable, Sendable {
        var itemId: String
        var score: String
        var grade: String?
    }

    struct QAReviewJSON: Codable, Sendable, APISchema {
        static let schemaName = "QAReview"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["dueAt": .dateTime, "submittedAt": .dateTime])
        }

        var id: String
        var callId: String
        var telecommunicatorId: String
        var dueAt: String
        var overdue: Bool
        var calibration: Bool
        var submittedAt: String?
        var reviewerId: String?
        var level: String?
        var percent: Double?
        var items: [ItemReviewJSON]

        init(_ review: QAReview, now: Date) {
            id = review.id.rawValue
            callId = review.callID.rawValue
            telecommunicatorId = review.telecommunicator.rawValue
            dueAt = Timestamp.format(review.dueAt)
            overdue = review.isOverdue(at: now)
            calibration = review.isCalibration
            submittedAt = review.submittedAt.map(Timestamp.format)
            reviewerId = review.reviewer?.rawValue
            level = review.level
            percent = review.percent
            items = review.items.map { ItemReviewJSON(itemId: $0.itemID, score: $0.score.rawValue, grade: $0.grade?.rawValue) }
        }
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.apiCalls, allowing: .viewCalls, .api, scope: .none,
                summary: "The 911 center's missing-child calls, newest first",
                handler: list),
            Endpoint(.post, Routes.apiCalls, allowing: .takeCall, .api, scope: .none, summary: "Open a missing-child call", handler: open),
            Endpoint(
                .get, Routes.apiCall, allowing: .viewCalls, .api, scope: .call, summary: "A call with its answers",
                auditedRead: .init(action: .callsView, recordType: .call), handler: get),
            Endpoint(
                .post, Routes.apiCallAnswers, allowing: .takeCall, .api, scope: .call, summary: "Record an answer on an open call",
                handler: answer),
            Endpoint(
                .post, Routes.apiCallHandOff, allowing: .takeCall, .api, scope: .call,
                summary: "Hand a call to the responding police agency, whose case it becomes", handler: handOff),
            Endpoint(
                .get, Routes.apiQAReviews, allowing: .reviewCalls, .api, scope: .none, summary: "The 911 center's QA reviews",
                handler: reviews),
        ]
    }

    static func json(_ call: MissingChildCall, context: SignedInContext, services: AppServices) async throws -> CallJSON {
        CallJSON(call, checklist: try await services.store.checklist(of: call), zone: context.zone, now: services.clock.now())
    }

    @Sendable static func list(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let text = request.uri.queryParameters.get("status").map { String($0) }
        let status = try text.map { text in
            guard let status = CallStatus(rawValue: text) else { throw HomewardError.invalid("status", "Use open, handed_off or closed.") }
            return status
        }
        var errors = FieldErrors()
        let after = Paging.cursor(request, errors: &errors)
        try errors.throwIfAny()
        let page = PageOf(
            try await services.store.calls(in: context.organization.id, status: status, after: after, limit: 101), size: 100,
            cursor: { PageCursor(at: $0.openedAt, id: $0.id.rawValue) })
        var items: [CallJSON] = []
        for call in page.rows { items.append(try await json(call, context: context, services: services)) }
        return try APIResponse.json(APIResponse.Page(items, next: page.next))
    }

    /// Opens a call with the answers the CAD system holds, in one transaction; a retry with the same
    /// `Idempotency-Key` gets the call opened before.
    @Sendable static func open(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(NewCallJSON.self, limit: services.configuration.maxBodyBytes)
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]?.trimmed
        if let key, key.isEmpty || key.count > 200 { throw HomewardError.invalid("Idempotency-Key", "Use 1 to 200 characters.") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let digest = SHA256Digest.hex(of: try encoder.encode(body))
        let now = services.clock.now()
        let checklist = try await CallCommands.checklistInForce(at: now, context: context, services: services)
        var call = try MissingChildCall.open(
            id: CallID(services.ids.next()), psap: context.organization, checklist: checklist, cadIncident: body.cadIncident, at: now,
            by: context.user.id)
        for answer in body.answers ?? [] {
            call = try call.answering(answer.item, answer.value, checklist: checklist, at: now, by: context.user.id).0
        }
        let stored = try await services.store.openCall(
            call, idempotencyKey: key.map { IdempotencyKey($0, requestDigest: digest) },
            audit: services.auditEntry(
                context, action: .callsOpen, recordType: .call, recordID: call.id.rawValue, organization: call.psapID,
                detail: "via API"))
        var response = try APIResponse.json(try await json(stored, context: context, services: services), status: .created)
        response.headers[.location] = Routes.apiCall(stored.id)
        return response
    }

    @Sendable static func get(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let (call, _) = try await CallCommands.load(context, services)
        return try APIResponse.json(try await json(call, context: context, services: services))
    }

    @Sendable static func answer(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(NewAnswerJSON.self, limit: services.configuration.maxBodyBytes)
        let (call, checklist) = try await CallCommands.load(context, services)
        let (updated, answer) = try call.answering(
            body.item, body.value, checklist: checklist, at: services.clock.now(), by: context.user.id)
        try await services.store.recordAnswer(
            answer, on: call.id,
            audit: services.auditEntry(
                context, action: .callsAnswer, recordType: .call, recordID: call.id.rawValue, organization: call.psapID,
                detail: body.item))
        return try APIResponse.json(try await json(updated, context: context, services: services), status: .created)
    }

    /// Hands the call to the police agency named: the call ends, the agency's case and the call's
    /// QA review open, together.
    @Sendable static func handOff(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(HandOffJSON.self, limit: services.configuration.maxBodyBytes)
        let (call, checklist) = try await CallCommands.load(context, services)
        let ending = try await CallCommands.end(
            call, checklist: checklist,
            .handingOff(to: try await CallCommands.agency(body.agency, services: services), caseID: PoliceCaseID(services.ids.next())),
            context: context, psap: context.organization, by: context.user.id, services: services)
        guard let policeCase = ending.policeCase else { throw HomewardError.conflict("The call was not handed off.") }
        let ended = ending.call
        return try APIResponse.json(
            HandedOffJSON(
                policeCaseId: policeCase.id.rawValue, policeId: policeCase.policeID.rawValue,
                call: try await json(ended, context: context, services: services)), status: .created)
    }

    @Sendable static func reviews(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let now = services.clock.now()
        let from = request.uri.queryParameters.get("from").map { String($0) }
        let since = try from.map { text in
            guard let date = Timestamp.parse(text) else {
                throw HomewardError.invalid("from", "Use a UTC time such as 2026-11-01T00:00:00.000Z.")
            }
            return date
        }
        var errors = FieldErrors()
        let after = Paging.cursor(request, errors: &errors)
        try errors.throwIfAny()
        if let since {
            let reviews = try await services.store.qaReviews(in: context.organization.id, from: since, until: now + 1)
            return try APIResponse.json(APIResponse.Page(reviews.map { QAReviewJSON($0, now: now) }, next: nil))
        }
        let page = PageOf(
            try await services.store.pendingQAReviews(in: context.organization.id, after: after, limit: 101), size: 100,
            cursor: { PageCursor(at: $0.dueAt, id: $0.id.rawValue) })
        return try APIResponse.json(APIResponse.Page(page.rows.map { QAReviewJSON($0, now: now) }, next: page.next))
    }
}

extension CallStatus: SchemaEnumeration {}
