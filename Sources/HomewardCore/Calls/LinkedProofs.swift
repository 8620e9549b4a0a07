import Foundation

// A duty's proof is one fact, whichever agency records it. The police agency keeps what it does on
// its own case (the report number, the NCIC entry); the child-welfare agency keeps what it does on
// its report's timeline. Neither is copied into the other: once a person links the two, each record
// reads the other's proofs, so both show every proof at once with who recorded it and when, and
// each clock closes at the earliest proof with a valid reference.

extension PoliceCase {
    /// What this case proves of the duties of the report it is linked to, as entries of that
    /// report's timeline (nothing while unlinked): police have had the report since the 911 center
    /// took it, proved by the report number once police record it; and the NCIC entry with its NIC.
    /// Each names this case as its source and is read from it, never stored on the report.
    public var proofEvents: [EpisodeEvent] {
        guard let episodeID else { return [] }
        let linked = linkedAt ?? handedOffAt
        var events = [
            EpisodeEvent(
                id: EpisodeEventID("\(id.rawValue)/police-report"), episodeID: episodeID, kind: .reportedToPolice, occurredAt: reportedAt,
                recordedAt: reportNumberRecordedAt ?? linked, recordedBy: reportNumberRecordedBy ?? linkedBy ?? handedOffBy,
                recordedByOrganization: policeID, method: Self.reportMethod, reference: reportNumber, policeCaseID: id)
        ]
        if let nic = ncicNumber, let entered = ncicEnteredAt {
            events.append(
                EpisodeEvent(
                    id: EpisodeEventID("\(id.rawValue)/ncic-entry"), episodeID: episodeID, kind: .ncicEntered, occurredAt: entered,
                    recordedAt: ncicRecordedAt ?? linked, recordedBy: ncicRecordedBy ?? linkedBy ?? handedOffBy,
                    recordedByOrganization: policeID, method: Self.ncicMethod, reference: nic, policeCaseID: id))
        }
        return events
    }

    /// How police received the report, as the proof says it.
    public static let reportMethod = "911 call to the police agency"
    /// How police entered the child, as the proof says it.
    public static let ncicMethod = "NCIC terminal"

    /// The NCIC entry that closes this case's clock: the earliest with a valid NIC, recorded on this
    /// case or on the linked report's timeline `linked`, with the organization that recorded it.
    public func ncicEntry(linked: [EpisodeEvent]) -> (nic: String, at: Date, recordedBy: OrganizationID)? {
        var entries: [(nic: String, at: Date, recordedBy: OrganizationID)] = []
        if let at = ncicEnteredAt { entries.append((ncicNumber ?? "", at, policeID)) }
        for event in linked where event.kind == .ncicEntered && event.policeCaseID != id && event.missingProof.isEmpty {
            if let nic = NICNumber.normalized(event.reference ?? "") {
                entries.append((nic, event.occurredAt, event.recordedByOrganization))
            }
        }
        return entries.min { $0.at < $1.at }
    }

    /// The police report number: the one police recorded on this case, else the one the linked
    /// report's agency recorded as its proof of the report to police (`linked` is its timeline).
    public func reportNumber(linked: [EpisodeEvent]) -> (number: String, recordedBy: OrganizationID)? {
        if let reportNumber { return (reportNumber, policeID) }
        return linked.first { $0.kind == .reportedToPolice && $0.policeCaseID == nil && $0.missingProof.isEmpty }
            .map { ($0.reference!.trimmed, $0.recordedByOrganization) }
    }
}

/// Two agencies' proofs of one duty that do not agree: the report numbers or NICs differ, or the
/// NCIC entry's times differ by a minute or more. (The agency's report to police and the 911 call
/// may be two real reports at two times, so only their numbers are compared.) Both stay on the
/// timeline and the clock closes at the earliest; the difference is flagged on both records until
/// the police agency's supervisor or the clearinghouse's case manager settles it.
public struct ProofDifference: Sendable, Equatable, Identifiable {
    /// The duty: ``EpisodeEventKind/reportedToPolice`` or ``EpisodeEventKind/ncicEntered``.
    public var duty: EpisodeEventKind
    /// The child-welfare agency's proof (its earliest complete one).
    public var agency: EpisodeEvent
    /// The police agency's proof, from its police case.
    public var police: EpisodeEvent
    /// The settlement recorded for exactly these two proofs, if any.
    public var settlement: EpisodeEvent?

    /// Names these two proofs: a change to either makes a new difference to settle.
    public var id: String {
        let parts = [duty.rawValue, agency.id.rawValue, police.id.rawValue, police.reference ?? "", Timestamp.format(police.occurredAt)]
        return "pd-" + SHA256Digest.hex(parts.joined(separator: "|")).prefix(16)
    }

    /// What differs, in a sentence for both agencies.
    public var summary: String {
        let agencyRef = agency.reference ?? "", policeRef = police.reference ?? ""
        let what = duty == .ncicEntered ? "NIC" : "report number"
        if agencyRef.uppercased() != policeRef.uppercased() {
            return "The agency recorded \(what) \(agencyRef); the police case records \(policeRef)."
        }
        return
            "The agency recorded the NCIC entry at a time \(DurationText.describe(agency.occurredAt.timeIntervalSince(police.occurredAt))) "
            + "\(agency.occurredAt > police.occurredAt ? "later" : "earlier") than the police case."
    }

    /// The differences in `events` (a report's timeline with its linked police cases' proofs).
    public static func find(in events: [EpisodeEvent]) -> [ProofDifference] {
        let settlements = events.filter { $0.kind == .differenceSettled }
        var found: [ProofDifference] = []
        for duty in [EpisodeEventKind.reportedToPolice, .ncicEntered] {
            let proofs = events.filter { $0.kind == duty && $0.missingProof.isEmpty }.sorted { $0.occurredAt < $1.occurredAt }
            guard let agency = proofs.first(where: { $0.policeCaseID == nil }) else { continue }
            for police in proofs where police.policeCaseID != nil {
                let numbers = (agency.reference ?? "").trimmed.uppercased() != (police.reference ?? "").trimmed.uppercased()
                let times = duty == .ncicEntered && abs(agency.occurredAt.timeIntervalSince(police.occurredAt)) >= 60
                guard numbers || times else { continue }
                var difference = ProofDifference(duty: duty, agency: agency, police: police, settlement: nil)
                difference.settlement = settlements.last { $0.reference == difference.id }
                found.append(difference)
            }
        }
        return found
    }

    /// Settles the difference: the person says which record is right and why. Only the police
    /// agency's supervisors and the clearinghouse's case managers settle a difference; a settled
    /// one stays settled.
    public func settling(note: String, roles: Set<Role>, by recorder: Recorder, eventID: EpisodeEventID) throws -> EpisodeEvent {
        let allowed =
            switch recorder.organization.kind {
            case .clearinghouse: !roles.isDisjoint(with: [.caseManager, .clearinghouseAdmin])
            case .lawEnforcement: roles.contains(.supervisor) && recorder.organization.id == police.recordedByOrganization
            default: false
            }
        guard allowed else {
            throw HomewardError.forbidden("Only the police agency's supervisors and the clearinghouse's case managers settle a difference.")
        }
        guard settlement == nil else { throw HomewardError.conflict("This difference is settled already.") }
        var errors = FieldErrors()
        let text = note.trimmed
        if text.isEmpty { errors.add("note", "Say which record is right and why.") }
        TextRules.check([("note", text, 2000, true)], errors: &errors)
        try errors.throwIfAny()
        return EpisodeEvent(
            id: eventID, episodeID: agency.episodeID, kind: .differenceSettled, occurredAt: recorder.at, recordedAt: recorder.at,
            recordedBy: recorder.user, recordedByOrganization: recorder.organization.id, method: duty.title, reference: id, note: text)
    }
}

/// What linking a police case to a report brought together, for the person who linked them.
public struct LinkReconciliation: Sendable, Equatable {
    /// The police case's proofs that now show on the report (kinds of the duties they prove).
    public var policeProofs: [EpisodeEventKind]
    /// The report's proofs that now show on the police case.
    public var agencyProofs: [EpisodeEventKind]
    /// Where the two disagree.
    public var differences: [ProofDifference]

    /// Reconciles the linked `policeCase` with the report's own timeline `events`.
    public init(linked policeCase: PoliceCase, reportEvents events: [EpisodeEvent]) {
        let own = events.filter { $0.policeCaseID == nil }
        policeProofs = policeCase.proofEvents.filter(\.missingProof.isEmpty).map(\.kind)
        agencyProofs = [EpisodeEventKind.reportedToPolice, .ncicEntered].filter { kind in
            own.contains { $0.kind == kind && $0.missingProof.isEmpty }
        }
        differences = ProofDifference.find(in: own + policeCase.proofEvents)
    }

    /// What the person is told.
    public var summary: String {
        func names(_ kinds: [EpisodeEventKind]) -> String {
            kinds.map { $0 == .ncicEntered ? "the NCIC entry" : "the police report number" }.joined(separator: " and ")
        }
        var sentences = ["The case is linked to the missing-from-care report."]
        if !policeProofs.isEmpty { sentences.append("This case's \(names(policeProofs)) now prove the agency's duties.") }
        if !agencyProofs.isEmpty { sentences.append("The agency's record of \(names(agencyProofs)) now shows here.") }
        if !differences.isEmpty {
            sentences.append(
                "\(differences.count == 1 ? "One difference" : "\(differences.count) differences") between the two records "
                    + "\(differences.count == 1 ? "is" : "are") flagged for a supervisor or the case manager to settle.")
        }
        return sentences.joined(separator: " ")
    }
}

extension ProofDifference {
    /// Settles the open difference `id` among `events` (a report's timeline with its linked police
    /// cases' proofs); see ``settling(note:roles:by:eventID:)``. A difference that is gone (a record
    /// changed meanwhile) or settled already is refused.
    public static func settling(
        _ id: String, in events: [EpisodeEvent], note: String, roles: Set<Role>, by recorder: Recorder, eventID: EpisodeEventID
    ) throws -> EpisodeEvent {
        guard let difference = find(in: events).first(where: { $0.id == id }) else {
            throw HomewardError.invalid("difference", "This difference is no longer there; the records are shown as they are now.")
        }
        return try difference.settling(note: note, roles: roles, by: recorder, eventID: eventID)
    }
}

extension PoliceCase {
    /// The alert of the NCIC clock crossing `threshold` (`0.50`, a later warning, or `breach`): the
    /// investigating agency's active investigators and supervisors among `staff`, and its webhooks.
    /// The words name the call by its CAD number and give the deadline; never the child.
    public func ncicNotice(cad: String?, threshold: String, police: Organization, staff: [User]) -> NoticeEvent {
        let people = staff.filter { $0.active && !$0.roles.isDisjoint(with: [.investigator, .supervisor]) }
        let deadline = reportedAt + MissingChildCall.ncicWindow
        let titleKey =
            switch threshold {
            case "breach": "staff.notice.ncic.breach"
            case "0.50": "staff.notice.ncic.half"
            default: "staff.notice.ncic.near"
            }
        return NoticeEvent(
            type: threshold == "breach" ? .clockBreach : .clockWarning, recipients: people, organizations: [police.id],
            organization: police.id, subject: .policeCase(id), threshold: threshold, titleKey: titleKey, textKey: "staff.notice.ncic.text",
            values: ["call": cad.map { "911 case CAD \($0)" } ?? "911 case reported \(LocalDateTime.text(reportedAt, in: police.zone))"],
            times: ["deadline": deadline],
            data: [
                "policeCaseId": id.rawValue, "clock": ClockKind.ncicEntry.rawValue, "threshold": threshold,
                "deadline": Timestamp.formatSeconds(deadline),
            ])
    }
}
