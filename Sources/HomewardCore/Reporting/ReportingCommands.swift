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

    public init(child: Child, childIsNew: Bool, episode: MissingEpisode, events: [EpisodeEvent], photo: ChildPhoto? = nil) {
        self.child = child
        self.childIsNew = childIsNew
        self.episode = episode
        self.events = events
        self.photo = photo
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
    public var zone: TimeZone { TimeZone(identifier: organization.timeZone) ?? .gmt }
}

public enum ReportFiling {
    /// Files the report in `form` for `recorder`'s agency. The submission itself is the report to
    /// the clearinghouse, so it closes that clock at once (the store writes the new case number as
    /// its reference); a police report number known at intake closes the police clock too.
    ///
    /// `linked` is the earlier record named by the form's child decision: it must be the agency's
    /// own child with no open episode, and the new episode goes back to its last case manager.
    /// `photo` (already encoded anew) is stored with the report, in the same transaction.
    public static func file(
        _ form: ReportForm, by recorder: Recorder, policeAgencies: [Organization], linked: LinkedChild?, photo: ReencodedPhoto?,
        requireOffsets: Bool = false, newID: () -> String
    ) throws -> FiledReport {
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
            childID: existing?.id ?? ChildID(newID()), episodeID: EpisodeID(newID()), now: now, requireOffsets: requireOffsets)
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
        return FiledReport(child: validated.child, childIsNew: existing == nil, episode: validated.episode, events: events, photo: stored)
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
    /// duty's (a report number of at most 20 characters; a NIC).
    public func recordingProof(
        _ kind: EpisodeEventKind, _ proof: DutyProof, childBornOn: CivilDate?, by recorder: Recorder, eventID: EpisodeEventID
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
