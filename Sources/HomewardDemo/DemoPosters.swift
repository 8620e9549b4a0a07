import Foundation
import HomewardCore
import HomewardImaging
import HomewardPDF
import HomewardStore
import HomewardWeb

/// Demo posters (with generated portraits, never photographs), a withdrawn poster, tips in the
/// police inbox and open referrals. Eliot Marrowfield's case is left without a poster so a
/// newcomer can publish one.
enum DemoPosters {
    struct Plan {
        var child: String
        var narrative: String
        var withdrawn: Bool
        var tips: [TipSubmission]
    }

    static let plans: [Plan] = [
        .init(
            child: "Kit Fennimore",
            narrative:
                "Kit was last seen near the Maplewood transit center wearing a denim jacket and white sneakers. He may be trying to reach a friend on the east side of town.",
            withdrawn: false,
            tips: [
                TipSubmission(
                    seen: "A young man in a denim jacket asking for directions to Elm Street",
                    place: "Maplewood transit center, platform 2",
                    when: "This morning around 8", contactName: "Robin Example", contactPhone: "555-010-7001"),
                TipSubmission(
                    seen: "Someone who looked like him buying a bus ticket", place: "Route 9 ticket office", when: "Yesterday evening"),
            ]),
        .init(
            child: "Aurelio Brightwell",
            narrative:
                "Aurelio was last seen at the Maplewood bus terminal wearing an orange windbreaker and carrying a black backpack. He may be with an older man.",
            withdrawn: false,
            tips: [
                TipSubmission(
                    seen: "A boy with an orange jacket in a blue sedan", place: "Gas station on Route 9 and Oak",
                    when: "Last Tuesday night",
                    contactEmail: "witness@example.org")
            ]),
        .init(
            child: "Posy Lindqvale",
            narrative: "Posy was last seen leaving the Maplewood public library wearing a pink scarf and a grey school coat.",
            withdrawn: false,
            tips: []),
        .init(
            child: "Tamsin Verelock", narrative: "Tamsin was last seen near Maplewood Park wearing a yellow raincoat and blue rain boots.",
            withdrawn: true, tips: []),
    ]

    @discardableResult
    static func load(into services: AppServices, organizations: [String: Organization]) async throws -> Int {
        let store = services.store
        guard let agency = organizations["cw-lakeshore"],
            let manager = try await store.user(email: "case.manager@demo.homeward.example"),
            let investigator = try await store.user(email: "investigator@demo.homeward.example"),
            let approver = try await store.user(email: "admin@demo.homeward.example")
        else { return 0 }
        let records = try await store.episodeRecords(matching: EpisodeFilter(reportingOrganization: agency.id, limit: 100))
        // Loaded once: any poster of the agency's cases means the demo posters are there.
        for record in records where try await store.poster(ofEpisode: record.episode.id) != nil { return 0 }
        let now = services.clock.now()
        let zone = agency.zone
        func audit(_ action: AuditAction, _ id: String) -> AuditEntry {
            AuditEntry(
                occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: .poster, recordID: id,
                targetOrganizationID: agency.id, address: "command line", detail: "demo data")
        }
        var published = 0
        for (index, plan) in plans.enumerated() {
            // The child's latest episode: the one a poster is for.
            guard
                let record = records.filter({ $0.child.fullName == plan.child }).max(by: { $0.episode.receivedAt < $1.episode.receivedAt })
            else { continue }
            let portrait = try PhotoReencoder.reencode(PlaceholderPortrait.png(seed: index * 5 + 1))
            let photo = ChildPhoto(
                id: services.ids.next(), childID: record.child.id, episodeID: record.episode.id, contentType: portrait.contentType,
                bytes: portrait.bytes,
                uploadedBy: manager.id, uploadedAt: record.episode.receivedAt + 3600)
            try await store.addPhoto(photo, audit: audit(.photosAdd, photo.id))
            let publishedAt = record.episode.receivedAt + 6 * 3600
            var poster = Poster(
                id: services.ids.next(), episodeID: record.episode.id, slug: Poster.newSlug(), narrative: plan.narrative,
                photoIDs: [photo.id],
                guardianConsent: PosterConsent(
                    givenBy: "Agency director, by phone", recordedBy: manager.id, recordedAt: publishedAt - 3600),
                policeConsent: PosterConsent(givenBy: "Lt. Example, Maplewood PD", recordedBy: manager.id, recordedAt: publishedAt - 1800),
                createdBy: manager.id, createdAt: publishedAt - 7200)
            // Maplewood, IL is a fictional town: published as an unlisted place its approver confirmed.
            poster.publicFields = PosterPublicFields(
                city: record.episode.lastSeenCity, state: record.episode.lastSeenState, cityUnlisted: true,
                agencyName: record.episode.police.name, agencyPhone: record.episode.police.phone)
            // Published the one way there is: the case manager asks, the administrator approves.
            var posterCase = try await PosterLoads.posterCase(record, zone: zone, services: services)
            // A withdrawn poster was published before the child's recovery.
            if plan.withdrawn { posterCase.record.episode.status = .open }
            let attestation = PublicationAttestation(
                items: PublicationAttestation.Item.allCases, attestedBy: manager.id, attestedAt: publishedAt - 600)
            poster = try poster.requestingApproval(case: posterCase, attestation: attestation, by: manager.id, at: publishedAt - 600)
            poster = try poster.approving(
                digest: poster.pendingApproval?.digest ?? "", by: approver.id, case: posterCase, at: publishedAt)
            // Tips are taken in the one way there is, while the poster was published: routed to the
            // investigating agency's investigators and supervisors and the demo's case manager.
            var policeStaff: [User] = []
            if let police = record.episode.police.organizationID { policeStaff = try await store.users(in: police) }
            let route = TipRoute(
                posterID: poster.id, episodeID: record.episode.id, status: poster.status, police: record.episode.police.organizationID,
                recipients: TipRouting.recipients(policeStaff: policeStaff, caseManager: manager.id))
            if plan.withdrawn { poster.status = .withdrawn }
            if plan.withdrawn {
                poster.withdrawnAt = record.events.last { $0.kind == .recovered }?.recordedAt ?? now
                poster.withdrawnReason = "recovered"
            }
            try await store.savePoster(poster, audit: audit(plan.withdrawn ? .posterWithdraw : .posterPublish, poster.id))
            published += plan.withdrawn ? 0 : 1
            for (n, submission) in plan.tips.enumerated() {
                let submitted = min(now - 600, publishedAt + Double(n + 1) * 5 * 3600)
                let accepted = try route.accepting(
                    submission, slug: poster.slug, from: nil, clientKey: "demo-\(n)", id: services.ids.next(), at: submitted,
                    acknowledgeWithin: TimeInterval(services.configuration.tipAcknowledgeMinutes * 60))
                let tip = accepted.tip
                _ = try await store.addTip(tip, recipients: accepted.recipients, audit: accepted.audit)
                if n == plan.tips.count - 1 && plan.tips.count > 1 {
                    try await store.markTip(
                        tip.id, received: true, actionable: true, by: investigator.id, at: submitted + 1200,
                        audit: audit(.tipsMark, tip.id))
                }
            }
            if record.episode.endangerments.contains(.traffickingConcern) && !plan.withdrawn {
                try await store.saveReferral(
                    Referral(
                        id: services.ids.next(), episodeID: record.episode.id, kind: .traffickingRecovery,
                        note: "Recovery and safety planning with the caseworker", requestedBy: manager.id, requestedAt: publishedAt),
                    audit: audit(.referralsRequest, record.episode.id.rawValue))
                try await store.saveReferral(
                    Referral(
                        id: services.ids.next(), episodeID: record.episode.id, kind: .teamHope, status: .accepted,
                        note: "Peer support for the foster family", requestedBy: manager.id, requestedAt: publishedAt),
                    audit: audit(.referralsRequest, record.episode.id.rawValue))
            }
        }
        _ = try await BackgroundPass.longTermCases.runOnce(services)
        return published
    }
}
