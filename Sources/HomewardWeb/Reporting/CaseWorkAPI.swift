import Foundation
import HomewardCore
import Hummingbird

/// Case work over the API: a case's tasks (read, complete), its referrals to services (read,
/// request, record their status) and the police side of tips (mark received, actionable or not),
/// through the same commands as the pages.
enum CaseWorkAPI {
    struct TaskJSON: Codable, Sendable, APISchema {
        static let schemaName = "CaseTask"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: [
                "dueAt": .dateTime, "completedAt": .dateTime,
                "owner": .values(["reporting_agency", "investigating_agency", "clearinghouse"]),
            ])
        }

        var id: String
        var kind: String
        var title: String
        var owner: String
        var dueAt: String
        var overdue: Bool
        var completedAt: String?
        var completedBy: String?
        var note: String?

        init(_ task: CaseTask, now: Date) {
            id = task.id
            kind = task.kind.rawValue
            title = task.kind.title
            owner = task.kind.owner.rawValue
            dueAt = Timestamp.format(task.dueAt)
            overdue = task.isOverdue(at: now)
            completedAt = task.completedAt.map(Timestamp.format)
            completedBy = task.completedBy?.rawValue
            note = task.note
        }
    }

    struct CompletionJSON: Codable, Sendable, APISchema {
        static let schemaName = "TaskCompletion"
        var note: String?
    }

    struct ReferralJSON: Codable, Sendable, APISchema {
        static let schemaName = "Referral"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                properties: [
                    "kind": .values(of: ReferralKind.self), "status": .values(of: ReferralStatus.self), "requestedAt": .dateTime,
                    "updatedAt": .dateTime,
                ])
        }

        var id: String
        var kind: String
        var status: String
        var note: String
        var declineReason: String
        var requestedBy: String
        var requestedAt: String
        var updatedAt: String

        init(_ r: Referral) {
            id = r.id
            kind = r.kind.rawValue
            status = r.status.rawValue
            note = r.note
            declineReason = r.declineReason
            requestedBy = r.requestedBy.rawValue
            requestedAt = Timestamp.format(r.requestedAt)
            updatedAt = Timestamp.format(r.updatedAt)
        }
    }

    struct NewReferralJSON: Codable, Sendable, APISchema {
        static let schemaName = "NewReferral"
        static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["kind": .values(of: ReferralKind.self)]) }
        var kind: String
        var note: String?
    }

    struct ReferralUpdateJSON: Codable, Sendable, APISchema {
        static let schemaName = "ReferralUpdate"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: [
                "status": .values(["accepted", "declined", "done"]), "declineReason": .described("Required to decline."),
            ])
        }
        var status: String
        var declineReason: String?
    }

    struct TipMarkJSON: Codable, Sendable, APISchema {
        static let schemaName = "TipMark"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: ["mark": .values(TipMark.allCases.map(\.rawValue))])
        }
        var mark: String
    }

    static var endpoints: [Endpoint] {
        [
            Endpoint(
                .get, Routes.apiTasks, allowing: .viewEpisode, .api, scope: .episode, summary: "A case's tasks",
                auditedRead: .init(action: .episodeView, recordType: .episode), handler: tasks),
            Endpoint(
                .post, Routes.apiCompleteTask, allowing: .workCase, .api, scope: .episode,
                summary: "Complete one of a case's tasks", handler: completeTask),
            Endpoint(
                .get, Routes.apiReferrals, allowing: .viewEpisode, .api, scope: .episode, summary: "A case's referrals",
                auditedRead: .init(action: .episodeView, recordType: .episode), handler: referrals),
            Endpoint(
                .post, Routes.apiReferrals, allowing: .workCase, .api, scope: .episode, summary: "Refer a case to a service",
                handler: refer),
            Endpoint(
                .post, Routes.apiReferral, allowing: .workCase, .api, scope: .episode,
                summary: "Record a referral's status", handler: updateReferral),
            Endpoint(
                .post, Routes.apiMarkTip, allowing: .handleTip, .api, scope: .none,
                summary: "Mark a tip received, actionable or not actionable", handler: markTip),
        ]
    }

    @Sendable static func tasks(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        let now = services.clock.now()
        let scope = EpisodeScope(
            reportingOrganization: record.episode.organizationID, investigatingOrganization: record.episode.police.organizationID)
        // Each agency sees the tasks it does; the clearinghouse's case staff see them all.
        let tasks = try await services.store.tasks(of: record.episode.id).filter {
            AccessPolicy.doesTask($0.kind.owner, context.principal, episode: scope) || context.principal.isClearinghouseStaff
        }
        return try APIResponse.json(APIResponse.List(items: tasks.map { TaskJSON($0, now: now) }))
    }

    @Sendable static func completeTask(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(CompletionJSON.self, limit: services.configuration.maxBodyBytes)
        let record = try await EpisodeLoads.record(context, services)
        let task = try await EpisodeCommands.completing(
            context.parameters.get(.task) ?? "", of: record, note: body.note ?? "", context: context, services: services)
        return try APIResponse.json(TaskJSON(task, now: services.clock.now()))
    }

    @Sendable static func referrals(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        let record = try await EpisodeLoads.record(context, services)
        return try APIResponse.json(
            APIResponse.List(items: try await services.store.referrals(ofEpisode: record.episode.id).map(ReferralJSON.init)))
    }

    @Sendable static func refer(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(NewReferralJSON.self, limit: services.configuration.maxBodyBytes)
        let record = try await EpisodeLoads.record(context, services)
        let referral = try Referral.requesting(
            body.kind, note: body.note ?? "", episode: record.episode.id,
            existing: try await services.store.referrals(ofEpisode: record.episode.id), id: services.ids.next(), by: context.user.id,
            at: services.clock.now())
        try await services.store.saveReferral(
            referral,
            audit: services.auditEntry(
                context, action: .referralsRequest, recordType: .referral, recordID: referral.id,
                organization: record.episode.organizationID, detail: referral.kind.rawValue))
        return try APIResponse.json(ReferralJSON(referral), status: .created)
    }

    @Sendable static func updateReferral(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(ReferralUpdateJSON.self, limit: services.configuration.maxBodyBytes)
        let record = try await EpisodeLoads.record(context, services)
        guard
            let stored = try await services.store.referrals(ofEpisode: record.episode.id).first(where: {
                $0.id == context.parameters.get(.referral)
            })
        else { throw HomewardError.notFound("referral") }
        let referral = try stored.updating(
            status: body.status, declineReason: body.declineReason ?? "", at: services.clock.now(), by: context.principal)
        try await services.store.saveReferral(
            referral,
            audit: services.auditEntry(
                context, action: .referralsUpdate, recordType: .referral, recordID: referral.id,
                organization: record.episode.organizationID, detail: referral.status.rawValue))
        return try APIResponse.json(ReferralJSON(referral))
    }

    @Sendable static func markTip(_ request: Request, _ context: SignedInContext, _ services: AppServices) async throws -> Response {
        var request = request
        let body = try await request.json(TipMarkJSON.self, limit: services.configuration.maxBodyBytes)
        guard let tip = try await services.store.tip(context.parameters.get(.tip) ?? ""),
            AccessPolicy.readsTips(of: tip.investigatingOrganizationID, context.principal)
        else { throw HomewardError.notFound("tip") }
        guard let mark = TipMark(rawValue: body.mark) else {
            throw HomewardError.invalid("mark", "Use received, actionable or not-actionable.")
        }
        try await services.store.markTip(
            tip.id, received: true, actionable: mark.actionable, by: context.user.id, at: services.clock.now(),
            audit: services.auditEntry(
                context, action: .tipsMark, recordType: .tip, recordID: tip.id, organization: tip.investigatingOrganizationID,
                detail: body.mark))
        guard let marked = try await services.store.tip(tip.id) else { throw HomewardError.notFound("tip") }
        return try APIResponse.json(TipRepresentation.json(marked))
    }
}

extension ReferralKind: SchemaEnumeration {}
extension ReferralStatus: SchemaEnumeration {}
