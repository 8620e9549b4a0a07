import Foundation

/// The identifier of a police agency's case opened from a 911 call.
public struct PoliceCaseID: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Where a police case stands.
public enum PoliceCaseStatus: String, Codable, Sendable, CaseIterable {
    case open
    /// Closed by the police agency (the child was found, say), with the reason.
    case closed
}

/// The responding police agency's case, opened when a 911 center hands a missing-child call to
/// it. The call is its record of what the caller said (a handed-off call no longer changes); the
/// case adds what police do with it: their report number and case type, the NCIC entry that stops
/// the 2-hour clock started when the 911 center took the report, and the link to the child-welfare
/// agency's missing-from-care report when the child is in foster care.
public struct PoliceCase: Codable, Sendable, Equatable {
    public var id: PoliceCaseID
    public var policeID: OrganizationID
    public var callID: CallID
    public var psapID: OrganizationID
    /// When the 911 center took the report: the 2-hour NCIC clock runs from it.
    public var reportedAt: Date
    public var handedOffAt: Date
    public var handedOffBy: UserID
    /// Suggested from the call's answers at hand-off; the investigator may change it.
    public var caseType: CaseType
    /// The police report number (NCIC OCA), with who recorded it and when.
    public var reportNumber: String?
    public var reportNumberRecordedBy: UserID?
    public var reportNumberRecordedAt: Date?
    /// The NCIC entry (NIC and when it was made), with who recorded it and when.
    public var ncicNumber: String?
    public var ncicEnteredAt: Date?
    public var ncicRecordedBy: UserID?
    public var ncicRecordedAt: Date?
    /// The child-welfare agency's missing-from-care report, once a person confirmed the match.
    public var episodeID: EpisodeID?
    public var linkedAt: Date?
    public var linkedBy: UserID?
    public var status: PoliceCaseStatus
    public var closedAt: Date?
    public var closedBy: UserID?
    public var closingReason: String?
    /// Counts the changes; a change made from an older version is refused by the store.
    public var version: Int

    public init(
        id: PoliceCaseID, policeID: OrganizationID, callID: CallID, psapID: OrganizationID, reportedAt: Date, handedOffAt: Date,
        handedOffBy: UserID, caseType: CaseType, reportNumber: String? = nil, reportNumberRecordedBy: UserID? = nil,
        reportNumberRecordedAt: Date? = nil, ncicNumber: String? = nil, ncicEnteredAt: Date? = nil, ncicRecordedBy: UserID? = nil,
        ncicRecordedAt: Date? = nil, episodeID: EpisodeID? = nil, linkedAt: Date? = nil, linkedBy: UserID? = nil,
        status: PoliceCaseStatus = .open, closedAt: Date? = nil, closedBy: UserID? = nil, closingReason: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.policeID = policeID
        self.callID = callID
        self.psapID = psapID
        self.reportedAt = Timestamp.truncated(reportedAt)
        self.handedOffAt = Timestamp.truncated(handedOffAt)
        self.handedOffBy = handedOffBy
        self.caseType = caseType
        self.reportNumber = reportNumber
        self.reportNumberRecordedBy = reportNumberRecordedBy
        self.reportNumberRecordedAt = reportNumberRecordedAt.map(Timestamp.truncated)
        self.ncicNumber = ncicNumber
        self.ncicEnteredAt = ncicEnteredAt.map(Timestamp.truncated)
        self.ncicRecordedBy = ncicRecordedBy
        self.ncicRecordedAt = ncicRecordedAt.map(Timestamp.truncated)
        self.episodeID = episodeID
        self.linkedAt = linkedAt.map(Timestamp.truncated)
        self.linkedBy = linkedBy
        self.status = status
        self.closedAt = closedAt.map(Timestamp.truncated)
        self.closedBy = closedBy
        self.closingReason = closingReason
        self.version = version
    }
}

// MARK: - Hand-off

extension MissingChildCall {
    /// Hands the call to the responding police agency: the ended call, and the agency's case
    /// opened from it with a case type suggested by the answers. Refused once the call has ended,
    /// for an organization that is not an active police agency, and while police would lack the
    /// child's name, age and where the child was last seen (field errors named after the items).
    public func handingOff(
        to agency: Organization, caseID: PoliceCaseID, checklist: CallChecklist, zone: TimeZone, at instant: Date, by person: UserID
    ) throws -> (call: MissingChildCall, policeCase: PoliceCase) {
        guard status == .open else { throw HomewardError.conflict("This call has ended already.") }
        guard agency.kind == .lawEnforcement, agency.active else {
            throw HomewardError.invalid("agency", "Choose an active police agency to hand the call to.")
        }
        try handOffProblems.throwIfAny()
        var call = self
        call.status = .handedOff
        call.handedOffTo = agency.id
        call.endedAt = Timestamp.truncated(instant)
        call.endedBy = person
        let policeCase = PoliceCase(
            id: caseID, policeID: agency.id, callID: id, psapID: psapID, reportedAt: openedAt, handedOffAt: instant, handedOffBy: person,
            caseType: PoliceCase.suggestedCaseType(self, checklist: checklist, zone: zone))
        return (call, policeCase)
    }

    /// The child's age on the day of the call: the age given, else from the date of birth.
    public func childAge(zone: TimeZone) -> Int? {
        NumberKind.callChildAge.value(value(CallItem.childAge))
            ?? CivilDate(iso: value(CallItem.childDateOfBirth)).map { $0.age(on: CivilDate(openedAt, in: zone)) }
    }

    /// Whether a present answer says something other than no ("none", "no", "n/a").
    func says(_ itemID: String) -> Bool {
        let text = value(itemID).lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        return !["", "no", "none", "none known", "nobody", "n/a", "na", "unknown", "not known"].contains(text)
    }
}

extension PoliceCase {
    /// The case type the call's answers point to: an abduction (by family when there is a custody
    /// order or family dispute), a young adult, a child who may have wandered or been hurt, else an
    /// endangered runaway.
    public static func suggestedCaseType(_ call: MissingChildCall, checklist: CallChecklist, zone: TimeZone) -> CaseType {
        if call.value(CallItem.abductionBelieved) == "yes" {
            return call.says(CallItem.custody) ? .familyAbduction : .nonfamilyAbduction
        }
        if let age = call.childAge(zone: zone), age >= 18 { return .criticallyMissingYoungAdult }
        if call.autismBranchShown(checklist) || call.childAge(zone: zone).map({ $0 <= 12 }) == true {
            return .lostInjuredOtherwiseMissing
        }
        return .endangeredRunaway
    }

    /// The risks the call's answers show.
    public static func endangerments(_ call: MissingChildCall, checklist: CallChecklist) -> Set<Endangerment> {
        var risks = Set<Endangerment>()
        if call.autismBranchShown(checklist) { risks.insert(.autismSpectrum) }
        if call.says(CallItem.medical) { risks.insert(.medicalCondition) }
        if call.value(CallItem.dangerBelieved) == "yes" && call.says(CallItem.suspect) { risks.insert(.withEndangeringPerson) }
        return risks
    }
}

// MARK: - What police do with the case

extension PoliceCase {
    private func changed(_ change: (inout PoliceCase) -> Void) throws -> PoliceCase {
        guard status == .open else { throw HomewardError.conflict("This case is closed.") }
        var updated = self
        change(&updated)
        return updated
    }

    /// Records the police report number (NCIC OCA), with who recorded it and when, and the case type.
    public func recordingDetails(reportNumber: String, caseType: String, at instant: Date, by person: UserID) throws -> PoliceCase {
        var errors = FieldErrors()
        let number = reportNumber.trimmed.uppercased()
        let limit = NCICCodeTables.standard.maximumCaseNumberLength
        if number.count > limit { errors.add("reportNumber", "A report number has at most \(limit) characters.") }
        if !number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            errors.add("reportNumber", "A report number has only letters, digits and hyphens.")
        }
        let type = CaseType(rawValue: caseType)
        if type == nil { errors.add("caseType", "Choose a case type.") }
        try errors.throwIfAny()
        return try changed {
            let recorded = number.isEmpty ? nil : number
            if recorded != $0.reportNumber {
                $0.reportNumber = recorded
                $0.reportNumberRecordedBy = recorded == nil ? nil : person
                $0.reportNumberRecordedAt = recorded == nil ? nil : Timestamp.truncated(instant)
            }
            $0.caseType = type ?? $0.caseType
        }
    }

    /// Records the NCIC entry: the NIC and when the entry was made (a local time on the agency's
    /// clock, not before the report nor in the future). It stops the 2-hour clock.
    public func recordingNCICEntry(nic: String, enteredAt text: String, occurrence: String?, by recorder: Recorder) throws -> PoliceCase {
        var errors = FieldErrors()
        let normalized = NICNumber.normalized(nic)
        if normalized == nil { errors.add("nic", "A NIC is a letter and 9 digits, such as M123456789.") }
        let entered = LocalDateTime.instant(
            text, occurrence: occurrence, field: "enteredAt", in: recorder.zone, now: recorder.at,
            missing: "Enter the date and time of the NCIC entry.", errors: &errors)
        if let entered, entered < reportedAt - 60 {
            errors.add("enteredAt", "The entry cannot come before the 911 center took the report.")
        }
        try errors.throwIfAny()
        return try changed {
            $0.ncicNumber = normalized
            $0.ncicEnteredAt = entered.map(Timestamp.truncated)
            $0.ncicRecordedBy = recorder.user
            $0.ncicRecordedAt = Timestamp.truncated(recorder.at)
        }
    }

    /// Links the child-welfare agency's missing-from-care report of the same child, after the
    /// investigator confirmed the match. A draft is not a report; a case links one report.
    public func linking(_ episode: MissingEpisode, at instant: Date, by person: UserID) throws -> PoliceCase {
        guard episodeID == nil else { throw HomewardError.conflict("This case is linked to a missing-from-care report already.") }
        guard episode.status != .draft else { throw HomewardError.invalid("episode", "A draft is not a report yet.") }
        return try changed {
            $0.episodeID = episode.id
            $0.linkedAt = Timestamp.truncated(instant)
            $0.linkedBy = person
        }
    }

    /// Closes the case, saying why (the child was found, say).
    public func closing(reason: String, at instant: Date, by person: UserID) throws -> PoliceCase {
        let reason = reason.trimmed
        guard (1...500).contains(reason.count) else { throw HomewardError.invalid("reason", "Say in a sentence why the case closes.") }
        return try changed {
            $0.status = .closed
            $0.closedAt = Timestamp.truncated(instant)
            $0.closedBy = person
            $0.closingReason = reason
        }
    }

    /// The escalation thresholds the NCIC clock has crossed while the entry is owed, as the case
    /// clocks name them (`0.50`, `0.90`, `breach`): the federal NCIC entry's warning points, then
    /// the deadline. Nothing once the entry is recorded (on this case or, for a linked case, on
    /// the child-welfare agency's report: `linked` is that report's timeline) or the case is closed.
    public func ncicThresholds(at instant: Date, linked: [EpisodeEvent]) -> [String] {
        guard status == .open, ncicEntry(linked: linked) == nil else { return [] }
        let elapsed = instant.timeIntervalSince(reportedAt) / MissingChildCall.ncicWindow
        let fractions = ClockDefinition.federal.first { $0.kind == .ncicEntry }?.warningFractions ?? [0.5, 0.9]
        var keys = fractions.filter { elapsed >= $0 }.map { String(format: "%.2f", $0) }
        if elapsed > 1 { keys.append("breach") }
        return keys
    }

    /// The earliest moment an NCIC escalation can be due: the first warning point.
    public static var firstNCICWarning: TimeInterval {
        MissingChildCall.ncicWindow * (ClockDefinition.federal.first { $0.kind == .ncicEntry }?.warningFractions.first ?? 0.5)
    }

    /// The 2-hour NCIC clock from the moment the 911 center took the report: met at the earliest
    /// NCIC entry with a valid NIC, whichever agency recorded it (this case, or the linked report
    /// whose timeline is `linked`), else running, in warning past three quarters of the window, or
    /// breached.
    public func ncicClock(at instant: Date, linked: [EpisodeEvent]) -> ClockStatus {
        MissingChildCall.ncicClock(from: reportedAt, metAt: ncicEntry(linked: linked)?.at, at: instant)
    }

    /// What to search for the child's missing-from-care report: the date of birth and the name.
    public static func childQuery(_ call: MissingChildCall) -> ChildQuery? {
        let names = call.value(CallItem.childName).split(separator: " ").map(String.init)
        guard !names.isEmpty else { return nil }
        return ChildQuery(dateOfBirth: CivilDate(iso: call.value(CallItem.childDateOfBirth)), names: names)
    }

    /// Whether a search hit may be the child's missing-from-care report: a reported (not draft)
    /// episode still open, the same date of birth when the call has one, and a name close enough.
    public static func isPossibleReport(_ hit: ChildSearchHit, of call: MissingChildCall) -> Bool {
        guard let episode = hit.latestEpisode, [.open, .located].contains(episode.status) else { return false }
        if let born = CivilDate(iso: call.value(CallItem.childDateOfBirth)), born != hit.child.dateOfBirth { return false }
        return hit.nameDistance <= 4
    }
}

// MARK: - The NCIC worksheet

extension NCICSubject {
    /// The subject of a police case, read from the call it was opened from: the name split into
    /// family and given names (the family name as spelled when asked, else the last word), the
    /// coded description, and the agency's ORI and report number. What the call lacks stays empty
    /// and the worksheet lists it.
    public init(call: MissingChildCall, checklist: CallChecklist, policeCase: PoliceCase, police: Organization, zone: TimeZone) {
        let (first, middle, last) = Self.split(call.value(CallItem.childName), family: call.value(CallItem.childLastName))
        let height = HeightAnswer(call.value(CallItem.childHeight))
        let vehicle = call.says(CallItem.suspectVehicle) ? call.value(CallItem.suspectVehicle) : ""
        let circumstances = [
            "Reported to 911 \(CivilDate(call.openedAt, in: zone).iso).",
            call.value(CallItem.lastSeenWhere).nilIfEmpty.map { "Last seen at \($0)." },
            call.value(CallItem.lastSeenWhen).nilIfEmpty.map { "When: \($0)." },
            call.value(CallItem.travelMode).nilIfEmpty.map { "Travel: \($0)." },
            call.says(CallItem.suspect) ? "Suspect: \(call.value(CallItem.suspect))." : nil,
            vehicle.isEmpty ? nil : "Vehicle: \(vehicle).",
        ].compactMap { $0 }.joined(separator: " ")
        let inCare = call.value(CallItem.childInCare) == "yes" || policeCase.episodeID != nil
        self.init(
            lastName: last, firstName: first, middleName: middle, dateOfBirth: CivilDate(iso: call.value(CallItem.childDateOfBirth)),
            sex: Sex(rawValue: call.value(CallItem.childSex)), race: call.value(CallItem.childRace).nilIfEmpty,
            heightFeet: height?.feet, heightInches: height?.inches, weightPounds: Int(call.value(CallItem.childWeight)),
            eyeColor: call.value(CallItem.childEyes).nilIfEmpty, hairColor: call.value(CallItem.childHair).nilIfEmpty,
            marks: call.value(CallItem.childDescription).nilIfEmpty, lastContact: CivilDate(call.openedAt, in: zone), ori: police.ori,
            caseNumber: policeCase.reportNumber, caseType: policeCase.caseType,
            endangerments: PoliceCase.endangerments(call, checklist: checklist), circumstances: circumstances,
            clothing: call.value(CallItem.childClothing).nilIfEmpty, possibleWhereabouts: call.value(CallItem.destinations).nilIfEmpty,
            age: call.childAge(zone: zone), missingFromCare: inCare)
    }

    /// "First Middle Last" split into given, middle and family names: the family name as spelled
    /// when it ends the full name (or stands alone), else the last word.
    static func split(_ fullName: String, family: String) -> (first: String, middle: String?, last: String) {
        var words = fullName.split(separator: " ").map(String.init)
        let familyWords = family.split(separator: " ").map(String.init)
        var last = ""
        if !familyWords.isEmpty {
            last = familyWords.joined(separator: " ")
            let folded = familyWords.map { $0.lowercased() }
            if words.count > familyWords.count, Array(words.suffix(familyWords.count)).map({ $0.lowercased() }) == folded {
                words.removeLast(familyWords.count)
            }
        } else if words.count > 1 {
            last = words.removeLast()
        }
        let first = words.first ?? ""
        let middle = words.dropFirst().joined(separator: " ")
        return (first, middle.isEmpty ? nil : middle, last)
    }
}
