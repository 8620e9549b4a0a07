import Foundation

/// One version of a state's or territory's rules for children missing from care: federal law is
/// the floor (24-hour reports, 2-hour NCIC entry, under 18), and a state may be stricter (shorter
/// windows, earlier warnings) or broader (an older age limit, more required fields). Versions are
/// never edited: a change is a new version in force from a stated instant, with who made it, when,
/// the citation they gave and why. An episode's clocks run under the version in force for the
/// reporting agency's state when the agency received the information, so a later change leaves the
/// episodes already running as they were.
public struct JurisdictionRules: Sendable, Equatable, Codable {
    /// The two-letter code of the state or territory.
    public var state: String
    public var version: Int
    public var effectiveFrom: Date
    /// Hours for each duty the state shortens; a duty it does not name keeps the federal window.
    public var windowHours: [String: Int]
    /// Percentages of the window at which warnings go out, ascending; nil keeps the federal ones.
    public var warningPercents: [Int]?
    /// The state treats a person under this age as a missing child (federal: 18).
    public var childUnder: Int
    /// Report-form fields the state requires beyond the federal ones (see ``requirableFields``).
    public var requiredFields: [String]
    /// The state's missing persons clearinghouse.
    public var clearinghouseName: String
    public var clearinghousePhone: String
    /// The statute or regulation the rules come from, as the administrator gave it.
    public var citation: String
    /// Why the rules changed, in a sentence.
    public var note: String
    public var recordedBy: UserID
    public var recordedAt: Date

    public init(
        state: String, version: Int, effectiveFrom: Date, windowHours: [String: Int] = [:], warningPercents: [Int]? = nil,
        childUnder: Int = 18, requiredFields: [String] = [], clearinghouseName: String = "", clearinghousePhone: String = "",
        citation: String, note: String, recordedBy: UserID, recordedAt: Date
    ) {
        self.state = state
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.windowHours = windowHours
        self.warningPercents = warningPercents
        self.childUnder = childUnder
        self.requiredFields = requiredFields
        self.clearinghouseName = clearinghouseName
        self.clearinghousePhone = clearinghousePhone
        self.citation = citation
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// How an episode names the rules it runs under: `TX-3`.
    public var id: String { "\(state)-\(version)" }

    /// The state and version an ``id`` names, or nil for text that is not one.
    public static func parse(id: String) -> (state: String, version: Int)? {
        let parts = id.split(separator: "-")
        guard parts.count == 2, let version = Int(parts[1]) else { return nil }
        return (String(parts[0]), version)
    }

    /// The state and version in words: "Texas rules, version 3".
    public var title: String { "\(USState.names[state] ?? state) rules, version \(version)" }

    /// The duties as these rules set them: the federal definitions with the state's windows and
    /// warnings in their place.
    public func definitions(over federal: [ClockDefinition]) -> [ClockDefinition] {
        federal.map { definition in
            var definition = definition
            if let hours = windowHours[definition.kind.rawValue] {
                definition.window = TimeInterval(hours * 3600)
                definition.duty +=
                    " \(USState.names[state] ?? state) requires it within \(hours) hour\(hours == 1 ? "" : "s") (\(citation))."
            }
            if let warningPercents { definition.warningFractions = warningPercents.map { Double($0) / 100 } }
            return definition
        }
    }

    /// The version in force for `state` at `instant` among `versions`: the latest that took effect
    /// by then, or nil when the state has none (federal rules apply).
    public static func inForce(_ versions: [JurisdictionRules], state: String, at instant: Date) -> JurisdictionRules? {
        versions.filter { $0.state == state && $0.effectiveFrom <= instant }
            .max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
    }

    /// The report-form fields a state may require beyond the federal ones, with their labels.
    public static let requirableFields: [(name: String, label: String)] = [
        ("race", "Race"), ("eyeColor", "Eye color"), ("hairColor", "Hair color"), ("marks", "Scars, marks, tattoos"),
        ("lastSeenAt", "When the child was last seen"), ("lastSeenPlace", "Place last seen"), ("clothing", "Clothing"),
        ("possibleWhereabouts", "Possible whereabouts"), ("guardianEmail", "Guardian's e-mail"),
        ("policeReportNumber", "Police report number"), ("officerName", "Officer's name"),
    ]
}

/// The rules an episode's clocks run under: a state's version, or the federal defaults.
public struct AppliedRules: Sendable, Equatable {
    public var rules: JurisdictionRules?
    public var definitions: [ClockDefinition]

    public init(_ rules: JurisdictionRules?, federal: [ClockDefinition]) {
        self.rules = rules
        definitions = rules?.definitions(over: federal) ?? federal
    }

    /// What the case page says: "Texas rules, version 3 (Tex. Fam. Code § 264.123)" or the federal floor.
    public var summary: String {
        guard let rules else { return "Federal rules (42 U.S.C. 671(a)(35)(B); 34 U.S.C. 41308)" }
        return "\(rules.title) (\(rules.citation))"
    }
}

/// A new version of a state's rules as an administrator types it, checked whole.
public struct JurisdictionRulesDraft: Sendable, Equatable {
    public var state: String
    public var effectiveFrom: String
    public var policeReportHours: String
    public var clearinghouseReportHours: String
    public var ncicEntryHours: String
    public var warningPercents: String
    public var childUnder: String
    public var requiredFields: [String]
    public var clearinghouseName: String
    public var clearinghousePhone: String
    public var citation: String
    public var note: String

    public init(
        state: String, effectiveFrom: String, policeReportHours: String = "", clearinghouseReportHours: String = "",
        ncicEntryHours: String = "", warningPercents: String = "", childUnder: String = "18", requiredFields: [String] = [],
        clearinghouseName: String = "", clearinghousePhone: String = "", citation: String, note: String
    ) {
        self.state = state
        self.effectiveFrom = effectiveFrom
        self.policeReportHours = policeReportHours
        self.clearinghouseReportHours = clearinghouseReportHours
        self.ncicEntryHours = ncicEntryHours
        self.warningPercents = warningPercents
        self.childUnder = childUnder
        self.requiredFields = requiredFields
        self.clearinghouseName = clearinghouseName
        self.clearinghousePhone = clearinghousePhone
        self.citation = citation
        self.note = note
    }

    /// The version this draft makes, after `latest` (the state's newest version, if any), or every
    /// problem at once. A version takes effect at midnight in the state (its capital's time zone),
    /// never before `now`, whoever records it from wherever: rules in force when an agency learned
    /// of a child stay the rules of that case. `zone` is only a fallback for an unknown state.
    public func validated(
        latest: JurisdictionRules?, federal: [ClockDefinition], zone fallback: TimeZone, by user: UserID, at now: Date
    ) throws -> JurisdictionRules {
        var errors = FieldErrors()
        let state = state.trimmed.uppercased()
        if !USState.isValid(state) { errors.add("state", "Choose a state or territory.") }
        let zone = USState.zone(of: state) ?? fallback
        var effective: Date?
        if let day = CivilDate(iso: effectiveFrom) {
            effective = max(day.start(in: zone), now)
            if day.start(in: zone) < CivilDate(now, in: zone).start(in: zone) {
                errors.add("effectiveFrom", "Rules take effect today or later; cases already reported keep the rules they began under.")
            }
        } else {
            errors.add("effectiveFrom", "Enter the date the rules take effect, such as 2027-01-01.")
        }
        var hours: [String: Int] = [:]
        for (field, kind, typed) in [
            ("policeReportHours", ClockKind.policeReport, policeReportHours),
            ("clearinghouseReportHours", .clearinghouseReport, clearinghouseReportHours), ("ncicEntryHours", .ncicEntry, ncicEntryHours),
        ] {
            let text = typed.trimmed
            guard !text.isEmpty else { continue }
            let federalHours = Int((federal.first { $0.kind == kind }?.window ?? 0) / 3600)
            if let value = NumberKind.stateWindowHours.value(text), value <= federalHours {
                if value < federalHours { hours[kind.rawValue] = value }
            } else {
                errors.add(field, "Enter whole hours from 1 to \(federalHours): federal law is the longest a state may allow.")
            }
        }
        var warnings: [Int]?
        let warningText = warningPercents.trimmed
        if !warningText.isEmpty {
            let values = warningText.split(separator: ",").map { NumberKind.warningPercent.value(String($0)) }
            if values.isEmpty || values.contains(where: { $0 == nil }) {
                errors.add("warningPercents", "Enter percentages of the window from 5 to 99, comma-separated, such as 50, 90.")
            } else {
                warnings = Array(Set(values.map { $0! })).sorted()
            }
        }
        let age = NumberKind.childUnderAge.value(childUnder)
        if age == nil {
            errors.add("childUnder", "Enter an age from 18 (the federal definition) to 21.")
        }
        let requirable = Set(JurisdictionRules.requirableFields.map(\.name))
        if requiredFields.contains(where: { !requirable.contains($0) }) {
            errors.add("requiredFields", "Choose fields from the list.")
        }
        let phone = clearinghousePhone.trimmed
        if !phone.isEmpty && !OrganizationRules.isValidPhone(phone) {
            errors.add("clearinghousePhone", "Enter a telephone number with 10 digits.")
        }
        let citation = citation.trimmed
        if citation.isEmpty || citation.count > 300 {
            errors.add("citation", "Cite the statute or regulation (300 characters at most).")
        } else if let problem = TextRules.problem(citation, limit: 300, multiline: false) {
            errors.add("citation", problem)
        }
        let note = note.trimmed
        if note.isEmpty || note.count > 500 {
            errors.add("note", "Say in a sentence why the rules change (500 characters at most).")
        } else if let problem = TextRules.problem(note, limit: 500, multiline: false) {
            errors.add("note", problem)
        }
        if let problem = TextRules.problem(clearinghouseName.trimmed, limit: 200, multiline: false) {
            errors.add("clearinghouseName", problem)
        }
        try errors.throwIfAny()
        return JurisdictionRules(
            state: state, version: (latest?.version ?? 0) + 1, effectiveFrom: effective!, windowHours: hours, warningPercents: warnings,
            childUnder: age!, requiredFields: JurisdictionRules.requirableFields.map(\.name).filter(requiredFields.contains),
            clearinghouseName: clearinghouseName.trimmed, clearinghousePhone: phone, citation: citation, note: note, recordedBy: user,
            recordedAt: now)
    }
}

/// State and territory rules, every version kept.
public protocol JurisdictionRulesStore: Sendable {
    /// Every version of a state's rules, newest first.
    func jurisdictionRules(of state: String) async throws -> [JurisdictionRules]
    /// The newest version of each state that has any, by state.
    func latestJurisdictionRules() async throws -> [JurisdictionRules]
    /// Stores a new version; conflict when its number is not the state's next (someone else
    /// changed the rules meanwhile).
    func addJurisdictionRules(_ rules: JurisdictionRules, audit: AuditEntry) async throws
    /// The rules an episode's ``MissingEpisode/rulesID`` names (nil: the federal rules).
    func appliedRules(_ id: String?) async throws -> AppliedRules
}

extension JurisdictionRulesStore {
    /// The rules `episode`'s clocks run under.
    public func appliedRules(for episode: MissingEpisode) async throws -> AppliedRules {
        try await appliedRules(episode.rulesID)
    }
}
