import Foundation

/// What filing a report writes, all in one transaction: the child (new, or an earlier record whose
/// description the report replaces), the episode, its first timeline events and the photo sent
/// with the report.
public struct FiledReport: Sendable, Equatable {
    public var child: Child
    public var childIsNew: Bool
    public var episode: MissingEpisode
    public var events: [EpisodeEvent]
    public var photo: ChildPhoto?
    /// A supervisor's approved reason for a second open case, which the store checks against the
    /// open cases it finds when it files the report.
    public var secondOpenCase: SecondOpenCase?

    public init(
        child: Child, childIsNew: Bool, episode: MissingEpisode, events: [EpisodeEvent], photo: ChildPhoto? = nil,
        secondOpenCase: SecondOpenCase? = nil
    ) {
        self.child = child
        self.childIsNew = childIsNew
        self.episode = episode
        self.events = events
        self.photo = photo
        self.secondOpenCase = secondOpenCase
    }
}

/// An earlier record the reporter said is the same child, with that child's episodes.
public struct LinkedChild: Sendable {
    public var child: Child
    public var episodes: [MissingEpisode]

    public init(child: Child, episodes: [MissingEpisode]) {
        self.child = child
        self.episodes = episodes
    }
}

/// Who records something, for whom and when: the author fields of every timeline event.
public struct Recorder: Sendable, Equatable {
    public var user: UserID
    public var organization: Organization
    public var at: Date

    public init(user: UserID, organization: Organization, at instant: Date) {
        self.user = user
        self.organization = organization
        self.at = instant
    }

    /// The organization's time zone, for local times typed on its pages.
    public var zone: TimeZone { organization.zone }
}

public enum ReportFiling {
    /// Files the report in `form` for `recorder`'s agency. The submission itself is the report to
    /// the clearinghouse, so it closes that clock at once (the store writes the new case number as
    /// its reference); a police report number known at intake closes the police clock too.
    ///
    /// `linked` is the earlier record named by the form's child decision: it must be the agency's
    /// own child with no open episode, and the new episode goes back to its last case manager.
    /// `photo` (already encoded anew) is stored with the report, in the same transaction.
    ///
    /// A new child's record with the name and date of birth of a child with an open case is
    /// refused by the store (inside the filing's transaction) unless `recorderRoles` include a
    /// supervisor's and the form states the reason.
    public static func file(
        _ form: ReportForm, by recorder: Recorder, recorderRoles: Set<Role> = [], policeAgencies: [Organization], linked: LinkedChild?,
        photo: ReencodedPhoto?, requireOffsets: Bool = false, rules: [JurisdictionRules] = [], newID: () -> String
    ) throws -> FiledReport {
        let secondOpenCase =
            form.linkedChildID == nil
            ? try SecondOpenCaseRule.override(reason: form.secondCaseReason, by: recorder.user, roles: recorderRoles) : nil
        var previousManager: UserID?
        if form.linkedChildID != nil {
            guard let linked, linked.child.id == form.linkedChildID, linked.child.organizationID == recorder.organization.id else {
                throw HomewardError.invalid("childDecision", "The earlier record chosen is not one of your agency's children.")
            }
            if let problem = RepeatEpisodeRule.problem(child: linked.child, episodes: linked.episodes) { throw problem }
            // A repeat episode goes back to the same case team.
            previousManager = linked.episodes.last(where: { $0.caseManagerID != nil })?.caseManagerID
        }
        let existing = form.linkedChildID == nil ? nil : linked?.child
        let now = recorder.at
        var validated = try form.validated(
            agency: recorder.organization, reporter: recorder.user, policeAgencies: policeAgencies,
            childID: existing?.id ?? ChildID(newID()), episodeID: EpisodeID(newID()), now: now, requireOffsets: requireOffsets,
            rules: rules)
        if let existing { validated.child.createdAt = existing.createdAt }
        validated.episode.caseManagerID = previousManager
        let episodeID = validated.episode.id
        func event(_ kind: EpisodeEventKind, method: String, reference: String? = nil) -> EpisodeEvent {
            EpisodeEvent(
                id: EpisodeEventID(newID()), episodeID: episodeID, kind: kind, occurredAt: now, recordedAt: now, recordedBy: recorder.user,
                recordedByOrganization: recorder.organization.id, method: method, reference: reference)
        }
        var events = [event(.reportedToClearinghouse, method: "Homeward report")]
        if let number = validated.episode.police.reportNumber {
            // A report number known at intake is the proof that police already have the report;
            // the time it was made is the time of filing unless recorded otherwise later.
            events.append(event(.reportedToPolice, method: "stated at intake", reference: number))
        }
        let stored = photo.map {
            ChildPhoto(
                id: newID(), childID: validated.child.id, episodeID: episodeID, contentType: $0.contentType, bytes: $0.bytes,
                uploadedBy: recorder.user, uploadedAt: now)
        }
        return FiledReport(
            child: validated.child, childIsNew: existing == nil, episode: validated.episode, events: events, photo: stored,
            secondOpenCase: secondOpenCase)
    }
}

/// What a person submits to record a duty done.
public struct DutyProof: Sendable, Equatable {
    /// When it was done, as typed (a local time on pages; with its offset in the API).
    public var occurredAt: String
    /// `first` or `second`, for a local time that happened twice.
    public var occurrence: String?
    /// Whether the time must carry its UTC offset (the API).
    public var requireOffset: Bool
    public var method: String
    public var reference: String
    public var officerName: String
    public var badge: String

    public init(
        occurredAt: String, occurrence: String? = nil, requireOffset: Bool = false, method: String, reference: String,
        officerName: String = "", badge: String = ""
    ) {
        self.occurredAt = occurredAt
        self.occurrence = occurrence
        self.requireOffset = requireOffset
        self.method = method
        self.reference = reference
        self.officerName = officerName
        self.badge = badge
    }
}

/// The NCIC Identification Number NCIC answers an entry with: a letter and nine digits.
public enum NICNumber {
    /// `text` upper-cased with spaces removed, when it is a NIC.
    public static func normalized(_ text: String) -> String? {
        let nic = text.trimmed.uppercased().replacingOccurrences(of: " ", with: "")
        guard nic.count == 10, let first = nic.first, first.isLetter, first.isASCII,
            nic.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return nic
    }
}

extension MissingEpisode {
    /// Records one of the duties (police report, an earlier clearinghouse report, NCIC entry) with
    /// its proof: returns the timeline event and the episode with the fields the proof carries (the
    /// report number, officer and badge; the NIC), or nil when those are unchanged. Throws field
    /// errors for a missing or impossible time, a missing method, or a reference that is not the
    /// duty's (a report number of at most 20 characters; a NIC), and for a proof dated before its
    /// duty started (``proofProblem(_:at:timeline:)``); `timeline` is the episode's timeline with
    /// its linked police cases' proofs.
    public func recordingProof(
        _ kind: EpisodeEventKind, _ proof: DutyProof, childBornOn: CivilDate?, timeline: [EpisodeEvent], by recorder: Recorder,
        eventID: EpisodeEventID
    ) throws -> (event: EpisodeEvent, episode: MissingEpisode?) {
        var errors = FieldErrors()
        let occurred = LocalDateTime.instant(
            proof.occurredAt, occurrence: proof.occurrence, field: "occurredAt", in: recorder.zone, requireOffset: proof.requireOffset,
            now: recorder.at, bornOn: childBornOn, missing: "Enter the date and time it was done.", errors: &errors)
        let method = proof.method.trimmed
        if method.isEmpty { errors.add("method", "Say how it was done.") }
        TextRules.check(
            [
                ("method", method, TextRules.lineLimit, false), ("reference", proof.reference, TextRules.lineLimit, false),
                ("officerName", proof.officerName, TextRules.lineLimit, false), ("badge", proof.badge, TextRules.lineLimit, false),
            ], errors: &errors)
        var reference = proof.reference.trimmed.uppercased()
        switch kind {
        case .reportedToPolice:
            if reference.isEmpty { errors.add("reference", "Enter the police report number; it is the proof the report was made.") }
            if reference.count > 20 { errors.add("reference", "A report number has at most 20 characters.") }
        case .reportedToClearinghouse:
            if reference.isEmpty { errors.add("reference", "Enter the clearinghouse case number or call reference.") }
        case .ncicEntered:
            if let nic = NICNumber.normalized(reference) {
                reference = nic
            } else {
                errors.add("reference", "A NIC is a letter and 9 digits, such as M123456789.")
            }
        default:
            errors.add("kind", "This event does not prove a duty.")
        }
        if let occurred, let problem = proofProblem(kind, at: occurred, timeline: timeline, zone: recorder.zone) {
            errors.add("occurredAt", problem)
        }
        try errors.throwIfAny()

        var updated = self
        switch kind {
        case .reportedToPolice:
            updated.police.reportNumber = reference
            if let officer = proof.officerName.trimmed.nilIfEmpty { updated.police.officerName = officer }
            if let badge = proof.badge.trimmed.nilIfEmpty { updated.police.badge = badge }
        case .ncicEntered:
            updated.ncicNumber = reference
        default:
            break
        }
        let event = EpisodeEvent(
            id: eventID, episodeID: id, kind: kind, occurredAt: occurred!, recordedAt: recorder.at, recordedBy: recorder.user,
            recordedByOrganization: recorder.organization.id, method: method, reference: reference)
        return (event, updated == self ? nil : updated)
    }
}

extension MissingEpisode {
    /// Why a proof of `kind` dated `instant` cannot be true, or nil. A proof cannot predate its
    /// duty: the report to the clearinghouse comes after the agency learned the child was missing;
    /// the NCIC entry after police received the report. Police may have learned first (a 911 call
    /// before the agency knew): that report starts the NCIC clock and is kept, but it cannot come
    /// before the child was last seen (nor, when that time is unknown, before the agency learned).
    /// A minute's slack covers times typed to the minute.
    public func proofProblem(_ kind: EpisodeEventKind, at instant: Date, timeline: [EpisodeEvent], zone: TimeZone) -> String? {
        let local = { (date: Date) in LocalDateTime.text(date, in: zone) }
        let earliestPoliceReceipt = lastSeenAt ?? receivedAt
        switch kind {
        case .reportedToClearinghouse where instant < receivedAt - 60:
            return "The report cannot come before the agency learned the child was missing (\(local(receivedAt)))."
        case .reportedToPolice where instant < earliestPoliceReceipt - 60:
            return lastSeenAt == nil
                ? "The report to police cannot come before the agency learned the child was missing (\(local(receivedAt)))."
                : "The report to police cannot come before the child was last seen (\(local(earliestPoliceReceipt)))."
        case .ncicEntered:
            let start = timeline.filter { $0.kind == .reportedToPolice && ($0.missingProof.isEmpty || $0.policeCaseID != nil) }
                .map(\.occurredAt).min()
            if let start, instant < start - 60 {
                return "The NCIC entry cannot come before police received the report (\(local(start)))."
            }
            if start == nil, instant < earliestPoliceReceipt - 60 {
                return "The NCIC entry cannot come before police could have received the report (\(local(earliestPoliceReceipt)))."
            }
            return nil
        default:
            return nil
        }
    }
}

/// What a person records on a case's timeline from the work form: a note, a contact, a
/// sighting, or that the child was located or recovered.
public struct CaseEntry: Sendable, Equatable {
    /// The event kind as sent (`note`, `contact`, `sighting`, `located`, `recovered`).
    public var kind: String
    public var occurredAt: String
    public var occurrence: String?
    /// What happened; for located and recovered, the child's condition.
    public var note: String
    /// Where the child was found (located and recovered).
    public var place: String
    /// Who found the child (located and recovered).
    public var by: String
    /// The person's confirmation that the recovery is real: it cannot be undone.
    public var confirmRecovery: Bool

    public init(
        kind: String, occurredAt: String, occurrence: String? = nil, note: String, place: String = "", by: String = "",
        confirmRecovery: Bool = false
    ) {
        self.kind = kind
        self.occurredAt = occurredAt
        self.occurrence = occurrence
        self.note = note
        self.place = place
        self.by = by
        self.confirmRecovery = confirmRecovery
    }

    /// The kinds the work form records.
    public static let kinds: [EpisodeEventKind] = [.note, .contact, .sighting, .located, .recovered]
}

/// What recording a case entry writes, in one transaction.
public struct RecordedCaseEntry: Sendable, Equatable {
    public var event: EpisodeEvent
    /// The episode with its new status, or nil when the entry leaves it as it was.
    public var episode: MissingEpisode?
    /// The tasks a recovery opens.
    public var tasks: [CaseTask]
    /// The poster a recovery withdrew.
    public var withdrawnPoster: Poster?
}

extension EpisodeRecord {
    /// Records `entry` on the case. Located moves an open case to located. Recovery, which cannot
    /// be undone and needs the person's confirmation, marks the case recovered, opens the recovery
    /// tasks (``RecoveryTaskPolicy``) and, crossing into posters, withdraws the case's published
    /// `poster` at once (reason "recovered"), so the public page is gone when the recovery is
    /// stored. Throws field errors with nothing changed.
    public func recording(
        _ entry: CaseEntry, poster: Poster?, by recorder: Recorder, recovery: RecoveryTaskPolicy = RecoveryTaskPolicy(),
        newID: () -> String
    ) throws -> RecordedCaseEntry {
        var errors = FieldErrors()
        let kind = EpisodeEventKind(rawValue: entry.kind).flatMap { CaseEntry.kinds.contains($0) ? $0 : nil }
        if kind == nil { errors.add("kind", "Choose what to record.") }
        let occurred = LocalDateTime.instant(
            entry.occurredAt, occurrence: entry.occurrence, field: "occurredAt", in: recorder.zone, now: recorder.at,
            bornOn: child.dateOfBirth, missing: "Enter when it happened.", errors: &errors)
        let text = entry.note.trimmed
        if text.isEmpty { errors.add("note", kind == .recovered ? "Describe the child's condition." : "Write what happened.") }
        if text.count > 4000 { errors.add("note", "Keep it under 4000 characters.") }
        let place = entry.place.trimmed
        let by = entry.by.trimmed
        TextRules.check([("place", place, TextRules.lineLimit, false), ("by", by, TextRules.lineLimit, false)], errors: &errors)
        if kind == .recovered || kind == .located {
            if isFound { errors.add("kind", "The child's recovery is recorded already.") }
            if place.isEmpty { errors.add("place", "Say where the child was found.") }
            if by.isEmpty { errors.add("by", "Say who found the child.") }
        }
        if kind == .recovered && !entry.confirmRecovery {
            // Recovery cannot be undone and takes the public poster down: it is never a side effect
            // of a generic form.
            errors.add(
                "confirmRecovery",
                poster?.status == .published
                    ? "Tick the box to confirm the recovery: the public poster will be withdrawn at once."
                    : "Tick the box to confirm the recovery.")
        }
        try errors.throwIfAny()
        guard let kind, let occurred else { throw HomewardError.invalid(errors) }

        var updated = episode
        var tasks: [CaseTask] = []
        var withdrawn: Poster?
        if kind == .located, updated.status == .open { updated.status = .located }
        if kind == .recovered {
            updated.status = .recovered
            tasks = recovery.tasks(for: updated, recoveredAt: occurred, ids: newID)
            if let poster, poster.status == .published { withdrawn = try poster.withdrawing(reason: "recovered", at: recorder.at) }
        }
        // For located and recovered, the event's method holds who found the child and its
        // reference where; the note is the child's condition.
        let event = EpisodeEvent(
            id: EpisodeEventID(newID()), episodeID: episode.id, kind: kind, occurredAt: occurred, recordedAt: recorder.at,
            recordedBy: recorder.user, recordedByOrganization: recorder.organization.id, method: by.nilIfEmpty, reference: place.nilIfEmpty,
            note: text)
        return RecordedCaseEntry(event: event, episode: updated == episode ? nil : updated, tasks: tasks, withdrawnPoster: withdrawn)
    }

    /// Whether the child's recovery is recorded (the case is recovered or closed).
    public var isFound: Bool { [.recovered, .closed].contains(episode.status) }
}

extension EpisodeRecord {
    /// The child and episode after correcting the report's `changes` (report field name to its
    /// new text). The police report number is changed only by recording the report as a duty,
    /// and the investigating agency only by its own action; the fields the report does not
    /// describe (status, numbers, case manager, authorship) stay as they were. Field errors name
    /// each refused field; the corrected report is validated as a new one would be.
    public func correcting(
        _ changes: [String: String], agency: Organization, policeAgencies: [Organization], at instant: Date,
        investigatingAgencyRoute: String, rules: [JurisdictionRules] = []
    ) throws -> (child: Child, episode: MissingEpisode, before: [String: String]) {
        let before = ReportForm(child: child, episode: episode).fields
        var fields = before
        let editable = Set(fields.keys).subtracting(["policeReportNumber", "childDecision"])
        var errors = FieldErrors()
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
            guard editable.contains(key) else {
                errors.add(
                    key,
                    key == "policeReportNumber" ? "Record the police report as an event with its proof." : "This field cannot be changed.")
                continue
            }
            fields[key] = value
        }
        if fields["policeOrganizationID"] != before["policeOrganizationID"] {
            errors.add("policeOrganizationID", "The investigating agency changes by its own action: POST \(investigatingAgencyRoute).")
        }
        try errors.throwIfAny()
        let validated = try ReportForm(fields: fields).validated(
            agency: agency, reporter: episode.createdBy, policeAgencies: policeAgencies, childID: child.id, episodeID: episode.id,
            now: instant, requireOffsets: true, rules: rules.filter { $0.id == episode.rulesID })
        var corrected = validated.child
        corrected.createdAt = child.createdAt
        var updated = validated.episode
        // What the report's fields do not describe stays as it was.
        updated.status = episode.status
        updated.caseNumber = episode.caseNumber
        updated.ncicNumber = episode.ncicNumber
        updated.police.reportNumber = episode.police.reportNumber
        updated.caseManagerID = episode.caseManagerID
        updated.createdBy = episode.createdBy
        updated.createdAt = episode.createdAt
        updated.submittedAt = episode.submittedAt
        // The rules are those of the report as filed.
        updated.rulesID = episode.rulesID
        return (corrected, updated, before)
    }
}
