import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// The evidence packet: for one episode, each legal duty with its deadline in local time and
/// UTC, when and how it was met, the proof and who recorded it, and every audit entry about the
/// episode. It answers, per episode, the question federal auditors could not get answered:
/// was the child reported, and when. It names the case, never the child.
enum EvidencePacket {
    struct Packet: Codable, Sendable, APISchema {
        static let schemaName = "EvidencePacket"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(
                description:
                    "Each legal duty with its deadline (UTC and the agency's local time), when and how it was met, the proof and who recorded it, and every audit entry about the episode.",
                properties: ["generatedAt": .dateTime])
        }

        var generatedAt: String
        var generatedBy: String
        var caseNumber: String?
        var episodeId: String
        var childId: String
        var reportingAgency: Agency
        var investigatingAgency: Agency
        var agencyTimeZone: String
        var agencyLearnedAt: Moment
        var status: String
        var duties: [Duty]
        var auditEntries: [AdministrationAPI.AuditEventJSON]
        var auditChainIntact: Bool
    }

    struct Agency: Codable, Sendable {
        var id: String?
        var name: String
        var ori: String?
    }

    struct Moment: Codable, Sendable, APISchema {
        static let schemaName = "Moment"
        static var schemaNotes: SchemaNotes {
            SchemaNotes(properties: [
                "utc": .dateTime, "local": .described("The same instant in the agency's time zone, as people read it."),
            ])
        }

        var utc: String
        var local: String
    }

    struct Duty: Codable, Sendable, APISchema {
        static let schemaName = "Duty"
        static var schemaNotes: SchemaNotes { SchemaNotes(properties: ["status": .values(ClockStatus.codes)]) }

        var duty: String
        var rule: String
        var startedAt: Moment?
        var deadline: Moment?
        var status: String
        var statusText: String
        var metAt: Moment?
        var lateBySeconds: Int?
        /// Set when the duty reads as met on time but its proof was entered after the deadline.
        var recordedAfterDeadlineBySeconds: Int?
        var recordedAfterDeadline: String?
        var proof: Proof?
    }

    struct Proof: Codable, Sendable {
        var reference: String
        var method: String
        var recordedBy: String
        var recordedById: String
        var recordedAt: Moment
    }

    static var endpoints: [Endpoint] {
        let read = Endpoint.AuditedRead(action: .episodeEvidence, recordType: .episode)
        return [
            Endpoint(
                .get, Routes.evidence, allowing: .viewEpisode, .page, scope: .episode,
                summary: "Download the evidence packet",
                auditedRead: read,
                handler: { request, context, services in
                    var response = try await respond(context, services)
                    response.headers[.contentDisposition] =
                        "attachment; filename=\"evidence-\(context.parameters.get(.episode) ?? "case").json\""
                    return response
                }),
            Endpoint(
                .get, Routes.apiEvidence, allowing: .viewEpisode, .api,
                scope: .episode, summary: "The episode's evidence packet",
                auditedRead: read, handler: { _, context, services in try await respond(context, services) }),
        ]
    }

    static func respond(_ context: SignedInContext, _ services: AppServices) async throws -> Response {
        try APIResponse.json(try await build(try await EpisodeLoads.record(context, services), context: context, services: services))
    }

    static func build(_ record: EpisodeRecord, context: SignedInContext, services: AppServices) async throws -> Packet {
        let now = services.clock.now()
        let e = record.episode
        let agency = try await services.store.organization(e.organizationID)
        let zone = LocalTime(timeZone: agency?.timeZone ?? "UTC")
        func moment(_ date: Date) -> Moment { Moment(utc: Timestamp.format(date), local: zone.format(date)) }
        let names = try await EpisodeView.names(record.events.map(\.recordedBy), services: services)
        let duties = record.clocks(at: now).map {
            reading -> Duty in
            let clock = ClockPresentation(reading, zone: zone, names: names)
            // The packet's lateness is the whole-second time past the deadline, met late or overdue.
            var late: Int?
            if case .metLate(let by) = reading.status { late = Int(by) }
            if case .breached(let by) = reading.status { late = Int(by) }
            return Duty(
                duty: reading.definition.title, rule: reading.definition.duty, startedAt: reading.startedAt.map(moment),
                deadline: reading.deadline.map(moment), status: reading.status.code, statusText: clock.statusText,
                metAt: reading.proof.map { moment($0.at) },
                lateBySeconds: late, recordedAfterDeadlineBySeconds: clock.recordedAfterDeadlineBySeconds,
                recordedAfterDeadline: clock.recordedLate,
                proof: reading.proof.map {
                    Proof(
                        reference: $0.reference, method: $0.method, recordedBy: names[$0.recordedBy] ?? $0.recordedBy.rawValue,
                        recordedById: $0.recordedBy.rawValue, recordedAt: moment($0.recordedAt))
                })
        }
        var audit: [AuditEvent] = []
        var before: Int64?
        while true {
            let page = try await services.store.auditEvents(
                matching: AuditFilter(recordID: e.id.rawValue), beforeSequence: before, limit: 1000)
            audit += page
            guard page.count == 1000, let last = page.last else { break }
            before = last.sequence
        }
        let intact = audit.allSatisfy {
            $0.hash == AuditChain.hash(sequence: $0.sequence, entry: $0.entry, previousHash: $0.previousHash)
        }
        return Packet(
            generatedAt: Timestamp.format(now), generatedBy: context.user.id.rawValue, caseNumber: e.caseNumber,
            episodeId: e.id.rawValue, childId: e.childID.rawValue,
            reportingAgency: Agency(id: e.organizationID.rawValue, name: agency?.name ?? "", ori: nil),
            investigatingAgency: Agency(id: e.police.organizationID?.rawValue, name: e.police.name, ori: e.police.ori),
            agencyTimeZone: agency?.timeZone ?? "UTC", agencyLearnedAt: moment(e.receivedAt), status: e.status.rawValue, duties: duties,
            auditEntries: audit.reversed().map { redacted(AdministrationAPI.AuditEventJSON($0), for: context.principal) },
            auditChainIntact: intact)
    }

    /// An audit entry as `viewer` may see it: the clearinghouse sees every entry whole; an agency sees
    /// who acted only within its own organization, and no other organization's people or addresses.
    static func redacted(_ entry: AdministrationAPI.AuditEventJSON, for viewer: Principal?) -> AdministrationAPI.AuditEventJSON {
        guard let viewer, !viewer.isClearinghouseStaff, entry.actorOrganizationId != viewer.organizationID.rawValue else { return entry }
        var entry = entry
        entry.actorUserId = nil
        entry.address = nil
        entry.requestId = nil
        return entry
    }
}
