import Foundation

/// Who hears that a legal clock of a case crossed a warning point or its deadline, and in what
/// words: the case number and the duty, never the child's name.
public enum ClockAlert {
    /// Who is told about `clock` of `episode`: those who owe the duty and their supervisors (the
    /// reporting agency's caseworkers and supervisors for its two reports, the investigating
    /// agency's investigators and supervisors for the NCIC entry), and the case's clearinghouse case
    /// manager (every case manager while none is assigned, or the assigned one is not among them).
    /// Active people only, each once.
    public static func recipients(
        of episode: MissingEpisode, clock: ClockKind, reportingStaff: [User], policeStaff: [User], caseManagers: [User]
    ) -> [User] {
        let owing =
            clock == .ncicEntry
            ? policeStaff.filter { !$0.roles.isDisjoint(with: [.investigator, .supervisor]) }
            : reportingStaff.filter { !$0.roles.isDisjoint(with: [.caseworker, .supervisor]) }
        let managers = caseManagers.filter { $0.roles.contains(.caseManager) }
        let assigned = managers.filter { $0.id == episode.caseManagerID }
        var seen = Set<UserID>()
        return (owing + (assigned.isEmpty ? managers : assigned)).filter { $0.active && seen.insert($0.id).inserted }
    }

    /// The notice of `threshold` (`0.50`, `0.90`, `breach`; see
    /// ``StatutoryClocks/crossedThresholds(_:at:)``) on `reading`: an inbox row and e-mail for each
    /// of `recipients`, and the webhooks of the agency that owes the duty (the investigating agency
    /// for the NCIC entry, the reporting agency otherwise).
    public static func notice(_ episode: MissingEpisode, reading: ClockReading, threshold: String, recipients: [User]) -> NoticeEvent {
        let kind = reading.definition.kind
        let caseNumber = episode.caseNumber ?? episode.id.rawValue
        let owing = kind == .ncicEntry ? [episode.police.organizationID].compactMap { $0 } : [episode.organizationID]
        let titleKey =
            switch threshold {
            case "breach": "staff.notice.clock.breach"
            case "0.50": "staff.notice.clock.half"
            default: "staff.notice.clock.near"
            }
        var data = ["episodeId": episode.id.rawValue, "clock": kind.rawValue, "threshold": threshold]
        if let number = episode.caseNumber { data["caseNumber"] = number }
        if let deadline = reading.deadline { data["deadline"] = Timestamp.formatSeconds(deadline) }
        return NoticeEvent(
            type: threshold == "breach" ? .clockBreach : .clockWarning, recipients: recipients, organizations: owing,
            organization: nil, subject: .episode(episode.id), clockKind: kind, threshold: threshold, titleKey: titleKey,
            textKey: reading.deadline == nil ? "staff.notice.clock.textWithoutDeadline" : "staff.notice.clock.text",
            values: [
                "caseNumber": caseNumber, "duty": reading.definition.title.lowercased(), "dutyInFull": reading.definition.duty,
            ],
            times: reading.deadline.map { ["deadline": $0] } ?? [:], data: data)
    }
}
