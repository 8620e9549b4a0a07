import Foundation

/// An uploaded policy document version.
public struct PolicyDocument: Sendable, Equatable {
    public var organizationID: OrganizationID
    public var version: Int
    public var documentID: String
    public var fileName: String
    public var contentType: String
    public var size: Int
    /// Hex SHA-256 of the bytes, shown so a reviewer can cite exactly what they read.
    public var sha256: String
    public var basis: PolicyBasis
    public var uploadedBy: UserID
    public var uploadedAt: Date

    public init(
        organizationID: OrganizationID, version: Int, documentID: String, fileName: String, contentType: String, size: Int,
        sha256: String, basis: PolicyBasis, uploadedBy: UserID, uploadedAt: Date
    ) {
        self.organizationID = organizationID
        self.version = version
        self.documentID = documentID
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.basis = basis
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}

/// A file an agency uploaded as evidence.
public struct UploadedDocument: Sendable, Equatable {
    public var id: String
    public var fileName: String
    public var contentType: String
    public var bytes: Data

    public init(id: String, fileName: String, contentType: String, bytes: Data) {
        self.id = id
        self.fileName = fileName
        self.contentType = contentType
        self.bytes = bytes
    }

    /// The content type of a training certificate (PDF, JPEG or PNG), judged by its first bytes.
    public static func certificateType(of bytes: Data) -> String? {
        if bytes.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        return nil
    }
}

/// Which policy files are accepted, and how large.
public enum PolicyFile {
    /// A file name safe to send back in a download: the last path component, only ASCII letters,
    /// digits, dots, hyphens and underscores, at most 100 characters; a plain name for the type
    /// when nothing usable is left.
    public static func safeFileName(_ name: String, contentType: String) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? ""
        let cleaned = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) ? $0 : "_" }.prefix(100))
        if !cleaned.isEmpty && cleaned.contains(".") { return cleaned }
        return "policy" + (contentType == "application/pdf" ? ".pdf" : contentType == "application/msword" ? ".doc" : ".docx")
    }

    public static let maximumBytes = 5 * 1024 * 1024

    /// The content type of a PDF or Word document, judged by its structure rather than by a claimed
    /// type, a file name or its first bytes alone (any file can start with `%PDF-`), or nil for
    /// anything else: a PDF has its version header and ends with `%%EOF`; a .docx is a ZIP package
    /// with `word/document.xml` and a central directory; a .doc is an OLE2 compound file with a
    /// `WordDocument` stream.
    public static func contentType(of bytes: Data) -> String? {
        if bytes.starts(with: Array("%PDF-".utf8)), bytes.count > 8, let version = bytes.dropFirst(5).first,
            (0x31...0x32).contains(version),
            bytes.suffix(1024).range(of: Data("%%EOF".utf8)) != nil
        {
            return "application/pdf"
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), bytes.range(of: Data("word/document.xml".utf8)) != nil,
            bytes.suffix(65_557).range(of: Data([0x50, 0x4B, 0x05, 0x06])) != nil
        {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        let wordStream = Data("WordDocument".utf8.flatMap { [$0, 0] })
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), bytes.count >= 512,
            bytes[bytes.startIndex + 28] == 0xFE, bytes[bytes.startIndex + 29] == 0xFF, bytes.range(of: wordStream) != nil
        {
            return "application/msword"
        }
        return nil
    }
}

/// A reviewer's decision on one mapping.
public struct MappingReview: Sendable, Equatable {
    public var itemID: String
    public var state: ReviewState
    public var comment: String

    public init(itemID: String, state: ReviewState, comment: String) {
        self.itemID = itemID
        self.state = state
        self.comment = comment
    }
}

public enum ApplicationKind: String, Codable, Sendable {
    case initial, renewal
}

public enum ApplicationStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for a readiness reviewer.
    case submitted
    /// Sent back with comments; the agency fixes and applies again.
    case returned
    case approved

    public var title: String {
        switch self {
        case .submitted: "Under review"
        case .returned: "Returned with comments"
        case .approved: "Approved"
        }
    }
}

/// What an application froze when it was submitted: the evidence and its evaluation.
public struct ApplicationSnapshot: Codable, Sendable {
    public var evidence: ReadinessEvidence
    public var evaluation: ReadinessEvaluation
    public var policyFileName: String?
    public var policySHA256: String?

    public init(evidence: ReadinessEvidence, evaluation: ReadinessEvaluation, policyFileName: String?, policySHA256: String?) {
        self.evidence = evidence
        self.evaluation = evaluation
        self.policyFileName = policyFileName
        self.policySHA256 = policySHA256
    }
}

/// An application for recognition or its renewal.
public struct ReadinessApplication: Sendable {
    public var id: String
    public var organizationID: OrganizationID
    public var kind: ApplicationKind
    public var programCode: String
    public var submittedAt: Date
    public var submittedBy: UserID
    /// The signature: the name and title typed by the person affirming.
    public var signerName: String
    public var signerTitle: String
    public var affirmations: [String]
    public var snapshot: ApplicationSnapshot
    public var status: ApplicationStatus
    public var decidedAt: Date?
    public var decidedBy: UserID?
    public var decisionComment: String

    public init(
        id: String, organizationID: OrganizationID, kind: ApplicationKind, programCode: String, submittedAt: Date, submittedBy: UserID,
        signerName: String, signerTitle: String, affirmations: [String], snapshot: ApplicationSnapshot,
        status: ApplicationStatus = .submitted,
        decidedAt: Date? = nil, decidedBy: UserID? = nil, decisionComment: String = ""
    ) {
        self.id = id
        self.organizationID = organizationID
        self.kind = kind
        self.programCode = programCode
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.signerName = signerName
        self.signerTitle = signerTitle
        self.affirmations = affirmations
        self.snapshot = snapshot
        self.status = status
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.decisionComment = decisionComment
    }
}

/// A recognition: granted on approval for the program's term, listed publicly while current.
public struct Recognition: Sendable, Equatable {
    public var id: String
    public var organizationID: OrganizationID
    public var applicationID: String
    public var termStart: CivilDate
    /// The first day the agency is no longer recognized.
    public var termEnd: CivilDate
    public var certificateNumber: String
    public var policyVersion: Int?
    public var programCode: String
    public var revokedAt: Date?
    public var revokeReason: String

    public init(
        id: String, organizationID: OrganizationID, applicationID: String, termStart: CivilDate, termEnd: CivilDate,
        certificateNumber: String, policyVersion: Int?, programCode: String, revokedAt: Date? = nil, revokeReason: String = ""
    ) {
        self.id = id
        self.organizationID = organizationID
        self.applicationID = applicationID
        self.termStart = termStart
        self.termEnd = termEnd
        self.certificateNumber = certificateNumber
        self.policyVersion = policyVersion
        self.programCode = programCode
        self.revokedAt = revokedAt
        self.revokeReason = revokeReason
    }

    /// The number printed on a certificate: the year the term starts and the first eight digits
    /// of the recognition's id (`MKR-2026-1F3A9C02`).
    public static func certificateNumber(start: CivilDate, id: String) -> String {
        "MKR-\(start.year)-\(id.replacingOccurrences(of: "-", with: "").prefix(8).uppercased())"
    }

    /// Whether the agency is recognized on `date`: inside the term and not revoked.
    public func isCurrent(on date: CivilDate) -> Bool { revokedAt == nil && termStart <= date && date < termEnd }

    /// Renewal opens `months` before the term ends.
    public func renewalOpens(windowMonths months: Int) -> CivilDate { termEnd.adding(months: -months) }

    public var baseline: RecognitionBaseline {
        RecognitionBaseline(termStart: termStart, termEnd: termEnd, policyVersion: policyVersion)
    }
}

/// Which recognized agencies the member list shows: of a state, of a kind, after a cursor.
public struct MemberFilter: Sendable, Equatable {
    public var state: String?
    public var kind: OrganizationKind?
    public var after: Cursor?
    public var limit: Int

    public init(state: String? = nil, kind: OrganizationKind? = nil, after: Cursor? = nil, limit: Int = 200) {
        self.state = state
        self.kind = kind
        self.after = after
        self.limit = limit
    }

    /// A place in the list, which runs by state, name and id: the last agency of a page.
    public struct Cursor: Sendable, Equatable {
        public var state: String
        public var name: NameCursor

        public init(after member: MemberListing) {
            state = member.state
            name = NameCursor(name: member.name, id: member.organizationID.rawValue)
        }

        /// Reads a cursor Homeward gave; nil for anything else.
        public init?(_ text: String) {
            guard let (state, rest) = CursorText.decode(text, separator: "|"), let name = NameCursor(rest) else { return nil }
            self.state = state
            self.name = name
        }

        public var text: String { CursorText.encode(state, name.text, separator: "|") }
    }
}

/// One line of the public member list.
public struct MemberListing: Sendable, Equatable, Codable {
    public var organizationID: OrganizationID
    public var name: String
    public var kind: OrganizationKind
    public var state: String
    public var recognizedOn: CivilDate
    public var termEnd: CivilDate

    public init(
        organizationID: OrganizationID, name: String, kind: OrganizationKind, state: String, recognizedOn: CivilDate, termEnd: CivilDate
    ) {
        self.organizationID = organizationID
        self.name = name
        self.kind = kind
        self.state = state
        self.recognizedOn = recognizedOn
        self.termEnd = termEnd
    }
}

/// Readiness programs, rosters, training, policies, applications and recognitions.
public protocol ReadinessStore: Sendable {
    /// Every program version, oldest first.
    func readinessPrograms() async throws -> [ReadinessProgram]
    /// Adds a version; ``HomewardError/conflict(_:)`` when the code is taken.
    func addReadinessProgram(_ program: ReadinessProgram, by user: UserID?, at instant: Date, audit: AuditEntry) async throws
    /// Adds the shipped versions that are not there yet (by code); never changes one.
    func seedReadinessPrograms(_ programs: [ReadinessProgram], at instant: Date) async throws

    func personnel(in organization: OrganizationID) async throws -> [Personnel]
    func trainingRecords(in organization: OrganizationID) async throws -> [TrainingRecord]
    /// Writes every row (new people added, known ones updated) in one transaction.
    func savePersonnel(_ rows: [Personnel], in organization: OrganizationID, at instant: Date, audit: AuditEntry) async throws
    /// Adds every completion in one transaction; one already recorded is left as it is.
    func addTrainingRecords(
        _ rows: [TrainingRecord], in organization: OrganizationID, by user: UserID, at instant: Date, audit: AuditEntry
    ) async throws
    /// Adds one completion with its certificate file, in one transaction.
    func addTrainingRecord(
        _ record: TrainingRecord, certificate: UploadedDocument, in organization: OrganizationID, by user: UserID, at instant: Date,
        audit: AuditEntry
    ) async throws
    /// A stored document (a policy or a training certificate) of one organization.
    func readinessDocument(_ id: String, of organization: OrganizationID) async throws -> UploadedDocument?
    /// The agency's own period for new hires to train, if set.
    func trainingDueDays(of organization: OrganizationID) async throws -> Int?
    func setTrainingDueDays(_ days: Int?, of organization: OrganizationID, audit: AuditEntry) async throws

    /// Stores a new policy version and returns it; mappings carry over, back to pending review.
    func addPolicy(
        _ bytes: Data, fileName: String, contentType: String, basis: PolicyBasis, in organization: OrganizationID, by user: UserID,
        at instant: Date, documentID: String, audit: AuditEntry
    ) async throws -> PolicyDocument
    /// The newest policy version.
    func currentPolicy(of organization: OrganizationID) async throws -> PolicyDocument?
    func policyBytes(of organization: OrganizationID, version: Int) async throws -> (PolicyDocument, Data)?
    func policyMappings(of organization: OrganizationID) async throws -> [String: PolicyMapping]
    /// The agency's mappings; a changed mapping goes back to pending review.
    func savePolicyMappings(
        _ mappings: [PolicyMapping], of organization: OrganizationID, by user: UserID, at instant: Date, audit: AuditEntry)
        async throws
    /// A reviewer's decisions on mappings.
    func reviewPolicyMappings(
        _ reviews: [MappingReview], of organization: OrganizationID, by user: UserID, at instant: Date, audit: AuditEntry)
        async throws

    /// Files an application; ``HomewardError/conflict(_:)`` when one is already under review.
    func addApplication(_ application: ReadinessApplication, audit: AuditEntry) async throws
    func application(_ id: String) async throws -> ReadinessApplication?
    /// An organization's applications, newest first.
    func applications(of organization: OrganizationID) async throws -> [ReadinessApplication]
    /// Applications in `status` after `cursor`: submitted ones oldest first (the review queue),
    /// decided ones newest decision first. The cursor is the last application's submission time
    /// (decision time once decided) and id.
    func applications(in status: ApplicationStatus, after cursor: PageCursor?, limit: Int) async throws -> [ReadinessApplication]
    /// How many applications are in `status`, up to ``CappedCount/limit`` and one more.
    func applicationCount(in status: ApplicationStatus) async throws -> Int
    /// Returns or approves a submitted application; approval adds the recognition in the same
    /// transaction. ``HomewardError/conflict(_:)`` when it was already decided.
    /// Writes a review in one transaction: the mapping marks (audited by `reviewAudit`), then the
    /// decision and the recognition it grants (audited by `decisionAudit`). Throws
    /// ``HomewardError/conflict(_:)`` when the application was decided meanwhile; nothing is
    /// written then.
    func recordReview(_ outcome: ReviewOutcome, reviewAudit: AuditEntry?, decisionAudit: AuditEntry?, notices: Notices) async throws
    func decideApplication(
        _ id: String, status: ApplicationStatus, comment: String, by user: UserID, at instant: Date, recognition: Recognition?,
        audit: AuditEntry
    ) async throws
    /// An organization's recognitions, newest first.
    func recognitions(of organization: OrganizationID) async throws -> [Recognition]
    /// Recognitions not revoked whose term has not ended by `day` and whose agency was not yet told
    /// the renewal opened, soonest ending first.
    func recognitionsAwaitingRenewalNotice(on day: CivilDate, limit: Int) async throws -> [Recognition]
    /// Records that the agency was told its renewal opened, with the notices, unless it was already
    /// (by this instance or another); returns whether this call recorded it.
    func recordRenewalNotice(_ recognition: String, at instant: Date, notices: Notices) async throws -> Bool
    func recognition(_ id: String) async throws -> Recognition?
    func revokeRecognition(_ id: String, reason: String, at instant: Date, audit: AuditEntry) async throws
    /// The agencies recognized on `day`: inside their term and not revoked, by state and name,
    /// matching `filter` and after its cursor.
    func members(on day: MemberDay, matching filter: MemberFilter) async throws -> [MemberListing]
    /// How many agencies are recognized on `day` in each state, of `kind` if given.
    func memberCounts(on day: MemberDay, kind: OrganizationKind?) async throws -> [String: Int]
}

/// The day the member list is read for: one date for every agency, or, at an instant, each
/// agency's own local date. A term's last day is a day of the agency's, so the public list turns
/// over when that day ends where the agency is, as its own readiness page does.
public enum MemberDay: Sendable, Equatable {
    case date(CivilDate)
    case instant(Date)

    /// The date this day is in the time zone named `identifier` (UTC for an unknown name).
    public func date(inZone identifier: String) -> CivilDate {
        switch self {
        case .date(let date): date
        case .instant(let instant): CivilDate(instant, in: TimeZone(identifier: identifier) ?? TimeZone.utc)
        }
    }
}

extension ReadinessStore {
    /// The first page of applications in `status`.
    public func applications(in status: ApplicationStatus, limit: Int) async throws -> [ReadinessApplication] {
        try await applications(in: status, after: nil, limit: limit)
    }

    public func members(on date: CivilDate, matching filter: MemberFilter) async throws -> [MemberListing] {
        try await members(on: .date(date), matching: filter)
    }

    public func memberCounts(on date: CivilDate, kind: OrganizationKind?) async throws -> [String: Int] {
        try await memberCounts(on: .date(date), kind: kind)
    }

    /// Every agency recognized on `date`, read a page at a time.
    public func members(on date: CivilDate) async throws -> [MemberListing] {
        var all: [MemberListing] = []
        var filter = MemberFilter(limit: 500)
        while true {
            let page = try await members(on: date, matching: filter)
            all += page
            guard page.count == filter.limit, let last = page.last else { return all }
            filter.after = MemberFilter.Cursor(after: last)
        }
    }

    /// Records a review telling no one (tests).
    public func recordReview(_ outcome: ReviewOutcome, reviewAudit: AuditEntry?, decisionAudit: AuditEntry?) async throws {
        try await recordReview(outcome, reviewAudit: reviewAudit, decisionAudit: decisionAudit, notices: .none)
    }
}

extension Recognition {
    /// The notice that the renewal window opened: the agency's active administrators and managers
    /// among `staff`, and its webhooks.
    public func renewalNotice(agency: Organization, staff: [User]) -> NoticeEvent {
        NoticeEvent(
            type: .renewalOpen, recipients: staff.filter { $0.active && !$0.roles.isDisjoint(with: [.agencyAdmin, .psapManager]) },
            organizations: [agency.id], organization: agency.id, subject: .readiness(agency.id), threshold: "application_renewal",
            titleKey: "staff.notice.renewal.title", textKey: "staff.notice.renewal.text",
            values: ["agency": agency.name, "termEnd": termEnd.iso], data: ["recognitionId": id, "termEnd": termEnd.iso])
    }
}
