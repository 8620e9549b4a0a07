import Foundation

/// A report being typed: whatever the form held when the person saved it, valid or not, so
/// nothing typed is ever lost.
public struct ReportDraft: Sendable, Equatable, Identifiable {
    public var id: String
    public var organizationID: OrganizationID
    public var createdBy: UserID
    public var updatedAt: Date
    /// The form's fields, by name.
    public var fields: [String: String]

    public init(id: String, organizationID: OrganizationID, createdBy: UserID, updatedAt: Date, fields: [String: String]) {
        self.id = id
        self.organizationID = organizationID
        self.createdBy = createdBy
        self.updatedAt = Timestamp.truncated(updatedAt)
        self.fields = fields
    }
}

/// Drafts are their author's own, and one person keeps one draft per child being reported.
public enum DraftRules {
    /// The draft a submission is kept in: the author's own draft it came from; else the author's
    /// draft about the same child (same first and last name and date of birth); else a new one.
    public static func draftID(
        submitted: String, fields: [String: String], author: UserID, drafts: [ReportDraft], newID: () -> String
    ) -> String {
        let own = drafts.filter { $0.createdBy == author }
        if own.contains(where: { $0.id == submitted }) { return submitted }
        if let key = key(fields), let same = own.first(where: { Self.key($0.fields) == key }) { return same.id }
        return newID()
    }

    /// Who a draft is about, when it names the child fully.
    static func key(_ fields: [String: String]) -> String? {
        let parts = ["firstName", "lastName", "dateOfBirth"].map { (fields[$0] ?? "").trimmed.lowercased() }
        return parts.contains(where: \.isEmpty) ? nil : parts.joined(separator: "|")
    }
}

/// Which episodes to list.
public struct EpisodeFilter: Sendable, Equatable {
    /// Episodes reported by this agency.
    public var reportingOrganization: OrganizationID?
    /// Episodes investigated by this police agency.
    public var investigatingOrganization: OrganizationID?
    public var statuses: Set<EpisodeStatus>?
    /// Only episodes whose record or timeline changed at or after this instant.
    public var updatedSince: Date?
    /// Only episodes the agency learned of at or before this instant.
    public var receivedBefore: Date?
    /// Only episodes the agency learned of in this period (its end excluded): a report's period.
    public var receivedIn: Range<Date>?
    /// Oldest report first instead of newest first.
    public var oldestFirst = false
    /// Only episodes after this one in the list's order.
    public var after: Cursor?
    public var limit: Int

    /// A place in the list: the report time and id of the last episode of a page, as opaque text.
    public struct Cursor: Sendable, Equatable {
        public var receivedAt: Date
        public var id: EpisodeID

        public init(after episode: MissingEpisode) {
            receivedAt = episode.receivedAt
            id = episode.id
        }

        /// Reads a cursor Homeward gave; nil for anything else.
        public init?(_ text: String) {
            guard let cursor = PageCursor(text) else { return nil }
            receivedAt = cursor.at
            id = EpisodeID(cursor.id)
        }

        public var text: String { PageCursor(at: receivedAt, id: id.rawValue).text }
    }

    public init(
        reportingOrganization: OrganizationID? = nil, investigatingOrganization: OrganizationID? = nil, statuses: Set<EpisodeStatus>? = nil,
        limit: Int = 500
    ) {
        self.reportingOrganization = reportingOrganization
        self.investigatingOrganization = investigatingOrganization
        self.statuses = statuses
        self.limit = limit
    }
}

/// An episode with its child and its timeline, as pages and the API need them.
public struct EpisodeRecord: Sendable, Equatable {
    public var episode: MissingEpisode
    public var child: Child
    public var events: [EpisodeEvent]
    /// The rules its clocks run under (``MissingEpisode/rulesID``).
    public var rules: AppliedRules

    public init(
        episode: MissingEpisode, child: Child, events: [EpisodeEvent],
        rules: AppliedRules = AppliedRules(nil, federal: ClockDefinition.federal)
    ) {
        self.episode = episode
        self.child = child
        self.events = events
        self.rules = rules
    }

    /// Its clocks at `now`, under its rules.
    public func clocks(at now: Date) -> [ClockReading] {
        StatutoryClocks.read(rules.definitions, episode: episode, events: events, at: now)
    }
}

/// Children, their episodes and the timeline.
public protocol ReportingStore: Sendable {
    /// Files a report: stores the child (when new), the episode with the next clearinghouse case
    /// number, and its first events, all in one transaction. Returns the episode as stored.
    ///
    /// With an idempotency key, a second call with the same key and content from the same
    /// organization files nothing and returns the episode the first call filed; the same key with
    /// other content throws ``IdempotencyKey/reusedWithOtherContent``.
    /// The report's photo, if any, is stored in the same transaction, audited by `photoAudit`.
    func fileReport(_ filing: FilingRequest) async throws -> MissingEpisode
    /// Files several reports in one transaction (a group commit), each as ``fileReport(_:)`` would,
    /// answering in order; nothing is stored when any fails (the caller then files them one by one).
    func fileReports(_ filings: [FilingRequest]) async throws -> [MissingEpisode]
    /// The episode an earlier call filed with `key` for `organization`, if any; throws
    /// ``IdempotencyKey/reusedWithOtherContent`` when the key came with other content.
    func episode(filedWith key: IdempotencyKey, by organization: OrganizationID) async throws -> MissingEpisode?
    func child(_ id: ChildID) async throws -> Child?
    func episode(_ id: EpisodeID) async throws -> MissingEpisode?
    /// The episode with its child and events, oldest event first.
    func episodeRecord(_ id: EpisodeID) async throws -> EpisodeRecord?
    /// Episodes matching `filter` with their children and events, newest first.
    func episodeRecords(matching filter: EpisodeFilter) async throws -> [EpisodeRecord]
    /// Episodes of one child, oldest first.
    func episodes(ofChild child: ChildID) async throws -> [MissingEpisode]
    /// Appends an event and, in the same transaction, stores the episode as changed by it, opens
    /// `tasks` and saves `poster` (a recovery's withdrawn poster). What changes is the command's
    /// decision; the store writes it whole or not at all.
    func appendEvent(
        _ event: EpisodeEvent, updating episode: MissingEpisode?, opening tasks: [CaseTask], saving poster: Poster?, audit: AuditEntry
    ) async throws
    /// An episode's tasks, by due date.
    func tasks(of episode: EpisodeID) async throws -> [CaseTask]
    /// Completes a task once; a second completion changes nothing.
    func completeTask(_ id: String, by user: UserID, at instant: Date, note: String?, audit: AuditEntry) async throws
    /// Hands the case to another investigating police agency (``EpisodeRecord/handingOver(to:reason:policeStaff:tips:)``):
    /// the episode, its tips routed to the new agency with deliveries to its people for those still
    /// waiting, and its poster's revision (so every instance routes new tips anew), in one transaction.
    func handOverInvestigation(_ handOver: InvestigationHandOver, audit: AuditEntry) async throws
    /// Stores a corrected description of the child and the episode together.
    func updateReport(child: Child, episode: MissingEpisode, audit: AuditEntry) async throws
    /// Stores a photo (already encoded anew from its pixels) and audits it.
    func addPhoto(_ photo: ChildPhoto, audit: AuditEntry) async throws
    /// A child's photos without their bytes, newest first. Photos stored before every photo was
    /// encoded anew are left out until they have been (see ``photosAwaitingReencoding(limit:)``).
    func photos(of child: ChildID) async throws -> [ChildPhoto]
    /// One photo with its bytes, if it was encoded anew from its pixels.
    func photo(_ id: String) async throws -> ChildPhoto?
    /// Photos stored as uploaded, before uploads were encoded anew; at most `limit`, with their bytes.
    func photosAwaitingReencoding(limit: Int) async throws -> [ChildPhoto]
    /// Replaces a stored photo's bytes with `reencoded` (bytes and content type), or, when it is nil
    /// because the old bytes do not decode, withholds the photo for good. Audited.
    func replaceStoredPhoto(_ id: String, with reencoded: (bytes: Data, contentType: String)?, audit: AuditEntry) async throws
    func saveDraft(_ draft: ReportDraft) async throws
    func draft(_ id: String) async throws -> ReportDraft?
    /// An organization's drafts, newest first.
    func drafts(in organization: OrganizationID) async throws -> [ReportDraft]
    func deleteDraft(_ id: String) async throws

    /// Opens the long-term tasks of an episode that it lacks, once, and marks the episode as done
    /// with by the long-term pass: returns false (and audits nothing) when another instance or an
    /// earlier run already opened them.
    func openLongTermTasks(_ tasks: [CaseTask], of episode: EpisodeID, audit: AuditEntry) async throws -> Bool

    // MARK: Schedules (see ``EpisodeSchedule``)

    /// Open episodes with a threshold due at `instant` (their next check at or before it), with
    /// their children and events, in the order they fell due, after `cursor`; at most `limit`.
    /// Each with the instant its schedule said it was due (the place to go on from).
    func episodesDue(at instant: Date, after cursor: PageCursor?, limit: Int) async throws -> [(record: EpisodeRecord, dueAt: Date)]
    /// Derives and stores the schedules of `episodes` again from their events and escalations.
    func refreshSchedules(of episodes: [EpisodeID]) async throws
    /// Open and located episodes in queue order (nearest open deadline first), after `cursor`.
    func caseQueue(_ filter: CaseQueueFilter, after cursor: QueueCursor?, limit: Int) async throws -> [EpisodeRecord]
    /// Where the queue goes on after `record`.
    func queueCursor(after record: EpisodeRecord) async throws -> QueueCursor?
    /// How many open episodes matching `filter` have a breached clock, and how many have one past a
    /// warning threshold but none breached, at `instant`; counted by the database.
    func attentionCounts(matching filter: EpisodeFilter, at instant: Date) async throws -> AttentionCounts
    /// Open and located episodes received at or before `cutoff` that the long-term pass has not yet
    /// handled, in no particular order.
    func episodesTurningLongTerm(receivedBefore cutoff: Date, limit: Int) async throws -> [MissingEpisode]
}

/// A place in the case queue: the queue key and id of the last case of a page, as opaque text.
public struct QueueCursor: Sendable, Equatable {
    public var key: String
    public var id: EpisodeID

    public init(key: String, id: EpisodeID) {
        self.key = key
        self.id = id
    }

    /// Reads a cursor Homeward gave; nil for anything else.
    public init?(_ text: String) {
        guard let (key, id) = CursorText.decode(text, separator: "~"), !key.isEmpty,
            key.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "|") })
        else { return nil }
        self.key = key
        self.id = EpisodeID(id)
    }

    public var text: String { CursorText.encode(key, id.rawValue, separator: "~") }
}

/// Which cases of the queue to show.
public struct CaseQueueFilter: Sendable, Equatable {
    public enum Assignment: Sendable, Equatable {
        case anyone
        case unassigned
        case assigned(UserID)
    }

    /// Cases reported by this agency.
    public var reportingOrganization: OrganizationID?
    /// Cases investigated by this police agency.
    public var investigatingOrganization: OrganizationID?
    public var assignment: Assignment
    /// Only open cases needing this attention at `instant`: a deadline breached, or a warning
    /// passed with no deadline breached.
    public var attention: (CaseAttention, at: Date)?

    public init(
        reportingOrganization: OrganizationID? = nil, investigatingOrganization: OrganizationID? = nil, assignment: Assignment = .anyone,
        attention: (CaseAttention, at: Date)? = nil
    ) {
        self.reportingOrganization = reportingOrganization
        self.investigatingOrganization = investigatingOrganization
        self.assignment = assignment
        self.attention = attention
    }

    /// The queue of the cases `filter` scopes to.
    public init(scope filter: EpisodeFilter) {
        self.init(reportingOrganization: filter.reportingOrganization, investigatingOrganization: filter.investigatingOrganization)
    }

    public static func == (a: CaseQueueFilter, b: CaseQueueFilter) -> Bool {
        a.reportingOrganization == b.reportingOrganization && a.investigatingOrganization == b.investigatingOrganization
            && a.assignment == b.assignment && a.attention?.0 == b.attention?.0 && a.attention?.at == b.attention?.at
    }
}

/// Open cases that need someone, as counted by the store.
public struct AttentionCounts: Sendable, Equatable {
    public var breached: Int
    public var warning: Int

    public init(breached: Int, warning: Int) {
        self.breached = breached
        self.warning = warning
    }
}

/// A client's key for a request it may send again, with a digest of what the request asks: the
/// same key with the same content is the same request (answered with what the first one made); the
/// same key with other content is refused, never answered as if it were stored.
public struct IdempotencyKey: Sendable, Equatable, ExpressibleByStringLiteral {
    public var key: String
    /// Empty when the content is not compared (keys stored before digests were kept).
    public var requestDigest: String

    public init(_ key: String, requestDigest: String = "") {
        self.key = key
        self.requestDigest = requestDigest
    }

    public init(stringLiteral key: String) {
        self.init(key)
    }

    /// The error for a key reused with other content.
    public static let reusedWithOtherContent = HomewardError.invalid(
        "Idempotency-Key", "This key was sent before with a different request. Use a new key for a new request; nothing was stored.")
}

/// A child already on record whom a new report may be about.
public struct RepeatCandidate: Sendable, Equatable {
    public var childID: ChildID
    public var name: String
    public var dateOfBirth: CivilDate
    public var latestCaseNumber: String?
    public var latestStatus: EpisodeStatus?

    public init(childID: ChildID, name: String, dateOfBirth: CivilDate, latestCaseNumber: String?, latestStatus: EpisodeStatus?) {
        self.childID = childID
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.latestCaseNumber = latestCaseNumber
        self.latestStatus = latestStatus
    }
}

/// The rule for a child who goes missing again.
public enum RepeatEpisodeRule {
    /// A field error when `child` still has an open case among `episodes`: a second open case would
    /// run a second set of clocks for one disappearance. What happened belongs on the open case.
    public static func problem(child: Child, episodes: [MissingEpisode]) -> HomewardError? {
        guard let open = episodes.last(where: { $0.status == .open || $0.status == .located }) else { return nil }
        return .invalid(
            "childDecision",
            "\(child.fullName) already has an open case (\(open.caseNumber ?? open.id.rawValue)). Record corrections and new events on that case; file a new report only after the child has been recovered."
        )
    }
}

/// A report to file with what goes with it: the draft it came from, the client's idempotency key,
/// and the audit events of the report and of its photo.
public struct FilingRequest: Sendable {
    public var report: FiledReport
    public var deletingDraft: String?
    public var idempotencyKey: IdempotencyKey?
    public var audit: AuditEntry
    public var photoAudit: AuditEntry?

    public init(
        _ report: FiledReport, deletingDraft: String? = nil, idempotencyKey: IdempotencyKey? = nil, audit: AuditEntry,
        photoAudit: AuditEntry? = nil
    ) {
        self.report = report
        self.deletingDraft = deletingDraft
        self.idempotencyKey = idempotencyKey
        self.audit = audit
        self.photoAudit = photoAudit
    }
}

extension ReportingStore {
    /// Every episode matching `filter` (its limit is the page size), read a page at a time: for
    /// reports over a period, which must count every case, not the newest few thousand.
    public func everyEpisodeRecord(matching filter: EpisodeFilter) async throws -> [EpisodeRecord] {
        var filter = filter
        var all: [EpisodeRecord] = []
        while true {
            let page = try await episodeRecords(matching: filter)
            all += page
            guard page.count == filter.limit, let last = page.last else { return all }
            filter.after = EpisodeFilter.Cursor(after: last.episode)
        }
    }

    public func fileReport(
        _ report: FiledReport, deletingDraft draftID: String?, idempotencyKey: IdempotencyKey?, audit: AuditEntry, photoAudit: AuditEntry?
    ) async throws -> MissingEpisode {
        try await fileReport(
            FilingRequest(report, deletingDraft: draftID, idempotencyKey: idempotencyKey, audit: audit, photoAudit: photoAudit))
    }

    /// Files a report without a photo (imports, demo data, tests).
    public func fileReport(
        child: Child, childIsNew: Bool, episode: MissingEpisode, events: [EpisodeEvent], deletingDraft draftID: String?,
        idempotencyKey: IdempotencyKey?, audit: AuditEntry
    ) async throws -> MissingEpisode {
        try await fileReport(
            FiledReport(child: child, childIsNew: childIsNew, episode: episode, events: events), deletingDraft: draftID,
            idempotencyKey: idempotencyKey, audit: audit, photoAudit: nil)
    }

    /// Appends an event and stores the episode as changed by it, in one transaction.
    public func appendEvent(_ event: EpisodeEvent, updating episode: MissingEpisode?, audit: AuditEntry) async throws {
        try await appendEvent(event, updating: episode, opening: [], saving: nil, audit: audit)
    }
}
