import Foundation

/// Where a poster's tips go: the investigating police agency, and by name its active investigators
/// and supervisors and the case manager (``TipRouting/recipients(policeStaff:caseManager:)``).
public struct TipRoute: Sendable, Equatable {
    public var posterID: String
    public var episodeID: EpisodeID
    public var status: PosterStatus
    public var police: OrganizationID?
    public var recipients: [UserID]

    public init(posterID: String, episodeID: EpisodeID, status: PosterStatus, police: OrganizationID?, recipients: [UserID]) {
        self.posterID = posterID
        self.episodeID = episodeID
        self.status = status
        self.police = police
        self.recipients = recipients
    }

    /// The route of `poster`'s tips, from its case (`episode`, nil when it cannot be read) and the
    /// investigating agency's people (`policeStaff`).
    public init(poster: Poster, episode: MissingEpisode?, policeStaff: [User]) {
        self.init(
            posterID: poster.id, episodeID: poster.episodeID, status: poster.status, police: episode?.police.organizationID,
            recipients: TipRouting.recipients(policeStaff: policeStaff, caseManager: episode?.caseManagerID))
    }
}

/// A tip accepted from the public and ready to store: the tip, who it reaches and its audit entry,
/// written by one store call (``TipStore/addTip(_:recipients:audit:)``).
public struct AcceptedTip: Sendable, Equatable {
    public var tip: Tip
    public var recipients: [UserID]
    public var audit: AuditEntry
    /// Whether the sender named the tip with an `Idempotency-Key`.
    public var hasClientKey: Bool

    /// What the sender is answered once the store has it: the stored tip (`created` false when the
    /// same tip was stored before: a retry is answered as the first was). A client key names one tip:
    /// another tip under a key already used is refused rather than answered as stored.
    public func answer(stored: Tip, created: Bool) throws -> (tip: Tip, created: Bool) {
        if !created, hasClientKey, stored.submission != tip.submission { throw IdempotencyKey.reusedWithOtherContent }
        return (stored, created)
    }

    /// The same tip routed again after the case changed hands between reading `route` and storing:
    /// to the agency investigating now, never to the one before.
    public func rerouted(_ route: TipRoute) -> AcceptedTip {
        var again = self
        again.tip.investigatingOrganizationID = route.police
        again.recipients = route.recipients
        again.audit.targetOrganizationID = route.police
        again.audit.detail = "\(route.recipients.count) recipients"
        return again
    }
}

extension TipRoute {
    /// Accepts `submission`, sent to the poster published at `slug` from `address` at `instant`:
    /// refused while the poster is not published, and with the submission's field errors; otherwise
    /// routed to the investigating agency, to be marked received within `acknowledgeWithin` seconds,
    /// under the key that makes a retry (the same `clientKey`, or the same text from the same address
    /// within ``TipRetry/window``) one tip.
    public func accepting(
        _ submission: TipSubmission, slug: String, from address: String?, clientKey: String?, id: String, at instant: Date,
        acknowledgeWithin: TimeInterval, requestID: String? = nil
    ) throws -> AcceptedTip {
        guard status == .published else { throw HomewardError.notFound("poster (it has been withdrawn)") }
        let keys = TipRetry.keys(slug: slug, address: address ?? "unknown", submission: submission, clientKey: clientKey, at: instant)
        var tip = try TipRouting.accept(
            submission, id: id, posterID: posterID, episodeID: episodeID, police: police, at: instant,
            acknowledgeWithin: acknowledgeWithin, idempotencyKey: keys.key)
        tip.earlierKeys = keys.earlier
        let audit = AuditEntry(
            occurredAt: instant, actorUserID: nil, actorOrganizationID: nil, action: .tipsSubmit, recordType: .tip, recordID: id,
            targetOrganizationID: police, address: address, requestID: requestID, detail: "\(recipients.count) recipients")
        return AcceptedTip(tip: tip, recipients: recipients, audit: audit, hasClientKey: clientKey != nil)
    }
}
