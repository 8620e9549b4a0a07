import Foundation
import HomewardCore

/// Reporting operations shared by the pages and the API.
enum EpisodeOperations {
    /// Police agencies a reporter can pick: every active law-enforcement member, by name.
    static func policeAgencies(_ services: AppServices) async throws -> [Organization] {
        try await services.store.organizations().filter { $0.kind == .lawEnforcement && $0.active }
    }

    /// Files the report in `form` for the signed-in person's agency. The submission itself is the
    /// report to the clearinghouse, so it closes that clock at once with the new case number.
    static func file(
        _ form: ReportForm, draftID: String?, idempotencyKey: IdempotencyKey? = nil, requireOffsets: Bool = false,
        context: HomewardContext, services: AppServices
    ) async throws -> MissingEpisode {
        let signedIn = context.signedIn!
        let now = services.clock.now()
        var existing: Child?
        var previousManager: UserID?
        if let linked = form.linkedChildID {
            guard let child = try await services.store.child(linked), child.organizationID == signedIn.organization.id else {
                throw HomewardError.invalid("childDecision", "The earlier record chosen is not one of your agency's children.")
            }
            existing = child
            let earlier = try await services.store.episodes(ofChild: linked)
            if let problem = RepeatEpisodeRule.problem(child: child, episodes: earlier) { throw problem }
            // A repeat episode goes back to the same case team.
            previousManager = earlier.last(where: { $0.caseManagerID != nil })?.caseManagerID
        }
        var validated = try form.validated(
            agency: signedIn.organization, reporter: signedIn.user.id, policeAgencies: try await policeAgencies(services),
            childID: existing?.id ?? ChildID(services.ids.next()), episodeID: EpisodeID(services.ids.next()), now: now,
            requireOffsets: requireOffsets)
        if let existing { validated.child.createdAt = existing.createdAt }
        validated.episode.caseManagerID = previousManager
        let submitted = EpisodeEvent(
            id: EpisodeEventID(services.ids.next()), episodeID: validated.episode.id, kind: .reportedToClearinghouse, occurredAt: now,
            recordedAt: now, recordedBy: signedIn.user.id, recordedByOrganization: signedIn.organization.id, method: "Homeward report")
        var events = [submitted]
        if let number = validated.episode.police.reportNumber {
            // A report number known at intake is the proof that police already have the report;
            // the time it was made is the time of filing unless recorded otherwise later.
            events.append(
                EpisodeEvent(
                    id: EpisodeEventID(services.ids.next()), episodeID: validated.episode.id, kind: .reportedToPolice, occurredAt: now,
                    recordedAt: now, recordedBy: signedIn.user.id, recordedByOrganization: signedIn.organization.id,
                    method: "stated at intake", reference: number))
        }
        return try await services.store.fileReport(
            child: validated.child, childIsNew: existing == nil, episode: validated.episode, events: events, deletingDraft: draftID,
            idempotencyKey: idempotencyKey,
            audit: services.auditEntry(
                context, action: "episodes.create", recordType: "episode", recordID: validated.episode.id.rawValue,
                organization: signedIn.organization.id))
    }

    /// Earlier records of the agency that may be the same child: same date of birth and a name
    /// that sounds alike. Offered to the person to confirm; never linked without them.
    static func possibleRepeats(_ form: ReportForm, context: HomewardContext, services: AppServices) async throws -> [ChildSearchHit] {
        guard let dob = CivilDate(iso: form.dateOfBirth), !form.lastName.trimmed.isEmpty || !form.firstName.trimmed.isEmpty else {
            return []
        }
        let query = ChildQuery(dateOfBirth: dob, names: [form.firstName, form.lastName].filter { !$0.trimmed.isEmpty })
        return try await services.store.searchChildren(query, visibility: .reportedBy(context.signedIn!.organization.id), limit: 5)
            .filter { $0.nameDistance <= 4 }
    }

    /// What a person submits to record a duty done.
    struct ProofInput: Sendable {
        /// When it was done, as typed (a local time on pages; with its offset in the API).
        var occurredAt: String
        /// `first` or `second`, for a local time that happened twice.
        var occurrence: String? = nil
        var requireOffset = false
        var method: String
        var reference: String
        var officerName: String = ""
        var badge: String = ""
    }

    /// Records one of the duties (police report, earlier clearinghouse report, NCIC entry) with its
    /// proof, updating the episode's own fields that the proof carries.
    static func recordProof(
        _ kind: EpisodeEventKind, _ input: ProofInput, on episode: MissingEpisode, bornOn: CivilDate?, context: HomewardContext,
        services: AppServices
    ) async throws {
        let signedIn = context.signedIn!
        let now = services.clock.now()
        var errors = FieldErrors()
        let zone = TimeZone(identifier: signedIn.organization.timeZone) ?? .gmt
        let occurred = LocalDateTime.instant(
            input.occurredAt, occurrence: input.occurrence, field: "occurredAt", in: zone, requireOffset: input.requireOffset, now: now,
            bornOn: bornOn, missing: "Enter the date and time it was done.", errors: &errors)

        let method = input.method.trimmed
        if method.isEmpty { errors.add("method", "Say how it was done.") }
        TextRules.check(
            [
                ("method", method, TextRules.lineLimit, false), ("reference", input.reference, TextRules.lineLimit, false),
                ("officerName", input.officerName, TextRules.lineLimit, false), ("badge", input.badge, TextRules.lineLimit, false),
            ], errors: &errors)
        var reference = input.reference.trimmed.uppercased()
        switch kind {
        case .reportedToPolice:
            if reference.isEmpty { errors.add("reference", "Enter the police report number; it is the proof the report was made.") }
            if reference.count > 20 { errors.add("reference", "A report number has at most 20 characters.") }
        case .reportedToClearinghouse:
            if reference.isEmpty { errors.add("reference", "Enter the clearinghouse case number or call reference.") }
        case .ncicEntered:
            reference = reference.replacingOccurrences(of: " ", with: "")
            if !(reference.count == 10 && reference.first!.isLetter && reference.dropFirst().allSatisfy(\.isNumber)) {
                errors.add("reference", "A NIC is a letter and 9 digits, such as M123456789.")
            }
        default:
            errors.add("kind", "This event does not prove a duty.")
        }
        try errors.throwIfAny()

        var updated = episode
        switch kind {
        case .reportedToPolice:
            updated.police.reportNumber = reference
            if let officer = input.officerName.trimmed.nilIfEmpty { updated.police.officerName = officer }
            if let badge = input.badge.trimmed.nilIfEmpty { updated.police.badge = badge }
        case .ncicEntered:
            updated.ncicNumber = reference
        default:
            break
        }
        let event = EpisodeEvent(
            id: EpisodeEventID(services.ids.next()), episodeID: episode.id, kind: kind, occurredAt: occurred!, recordedAt: now,
            recordedBy: signedIn.user.id, recordedByOrganization: signedIn.organization.id, method: method, reference: reference)
        try await services.store.appendEvent(
            event, updating: updated == episode ? nil : updated,
            audit: services.auditEntry(
                context, action: "episodes.\(kind.rawValue)", recordType: "episode", recordID: episode.id.rawValue,
                organization: episode.organizationID))
    }
}

/// A clock as pages and the API show it: state in words and color, deadline in local time and
/// UTC, and the proof or what is still owed.
struct ClockView: Sendable, Encodable {
    var kind: String
    var title: String
    var duty: String
    var status: String
    var statusText: String
    var started: String?
    var deadlineLocal: String?
    var deadlineUTC: String?
    var proof: String?
    var owed: String?
    /// Set when the duty reads as met on time but its proof was entered after the deadline.
    var recordedLate: String?

    init(_ reading: ClockReading, zone: LocalTime, names: [UserID: String], now: Date) {
        kind = reading.definition.kind.rawValue
        title = reading.definition.title
        duty = reading.definition.duty
        status = reading.status.code
        started = reading.startedAt.map(zone.format)
        deadlineLocal = reading.deadline.map(zone.format)
        // For people: to the minute, as the local time is ("2026-11-26 21:53 UTC").
        deadlineUTC = reading.deadline.map(LocalTime(timeZone: "UTC").format)
        switch reading.status {
        case .notStarted: statusText = "Not started: starts when police receive the report"
        case .running: statusText = "Running: \(DurationText.describe(reading.remaining ?? 0)) left"
        case .warning: statusText = "Warning: only \(DurationText.describe(reading.remaining ?? 0)) left"
        case .metOnTime: statusText = "Met on time"
        case .metLate(let by): statusText = "Met late, by \(DurationText.describe(by))"
        case .breached(let by): statusText = "Breached: overdue by \(DurationText.describe(by))"
        }
        if let proof = reading.proof, let late = reading.recordedAfterDeadline {
            recordedLate =
                "Recorded after the deadline: entered \(DurationText.describe(late)) after it, at \(zone.format(proof.recordedAt)), by \(names[proof.recordedBy] ?? "someone"). The time it claims cannot be checked here."
        }
        if let proof = reading.proof {
            self.proof =
                "\(reading.definition.referenceLabel) \(proof.reference) · \(proof.method) · \(zone.format(proof.at)) · recorded by \(names[proof.recordedBy] ?? "someone") at \(zone.format(proof.recordedAt))"
        } else if reading.status.isOpen {
            var owed = "Still owed: \(reading.definition.referenceLabelInText) and when it was done"
            if let incomplete = reading.incompleteProofs.first {
                owed += " (an entry lacks \(incomplete.missing.joined(separator: " and ")))"
            }
            self.owed = owed
        }
    }
}
