import Foundation

/// What handing a case to another investigating police agency writes, in one transaction: the
/// episode with its new agency, and the case's tips routed to that agency. Tips belong to the
/// case's current investigating agency: the new one reads every tip (tipster contacts included)
/// and receives those still waiting; the agency that handed the case over no longer reads them.
public struct InvestigationHandOver: Sendable, Equatable {
    public var episode: MissingEpisode
    /// The agency the case was with.
    public var previous: InvestigatingAgency
    /// Every tip of the case, routed to the new agency.
    public var tips: [Tip]
    /// The new agency's people who receive the tips still waiting (its investigators and
    /// supervisors, and the case manager).
    public var recipients: [UserID]
    public var reason: String

    /// The audit's words: which agency to which, why, and the tips that moved (ids only).
    public var auditDetail: String {
        let from = previous.organizationID?.rawValue ?? previous.name
        let to = episode.police.organizationID?.rawValue ?? episode.police.name
        let moved =
            tips.isEmpty
            ? "no tips" : "\(tips.count) tip\(tips.count == 1 ? "" : "s") now with \(to): \(tips.map(\.id).joined(separator: ","))"
        return "from \(from) to \(to) (\(moved)): \(reason)"
    }
}

extension EpisodeRecord {
    /// Hands the case to `target`, an active member police agency other than the current one,
    /// saying why; `policeStaff` are the target's people and `tips` the case's tips. Field errors
    /// name the reason and the agency.
    public func handingOver(to target: Organization?, reason: String, policeStaff: [User], tips: [Tip]) throws -> InvestigationHandOver {
        var errors = FieldErrors()
        let reason = reason.trimmed
        if reason.isEmpty || reason.count > 500 { errors.add("reason", "Say in a sentence why the case changes hands.") }
        TextRules.check([("reason", reason, 500, false)], errors: &errors)
        if target == nil || target?.kind != .lawEnforcement || target?.active != true {
            errors.add("policeOrganizationID", "Choose an active police agency that is a member.")
        } else if target?.id == episode.police.organizationID {
            errors.add("policeOrganizationID", "This agency investigates the case already.")
        }
        try errors.throwIfAny()
        guard let target else { throw HomewardError.notFound("agency") }
        var updated = episode
        let previous = episode.police
        updated.police = InvestigatingAgency(
            organizationID: target.id, name: target.name, ori: target.ori, phone: target.phone ?? previous.phone)
        let moved = tips.map { tip in
            var tip = tip
            tip.investigatingOrganizationID = target.id
            return tip
        }
        let staff = policeStaff.filter { $0.organizationID == target.id }
        return InvestigationHandOver(
            episode: updated, previous: previous, tips: moved,
            recipients: TipRouting.recipients(policeStaff: staff, caseManager: episode.caseManagerID), reason: reason)
    }
}

/// A tip taken in for an agency that no longer investigates the case (its route was read before
/// the case was handed over): it is routed again, never stored for the old agency.
public struct TipRouteChanged: Error, Sendable, Equatable {
    public var episodeID: EpisodeID
    public init(episodeID: EpisodeID) { self.episodeID = episodeID }
}
