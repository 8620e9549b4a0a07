import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb

/// Fictional missing-from-care cases for the demo, placed relative to the moment the demo is
/// loaded so that every clock state is on screen at once: running, warning, met on time, met
/// late and breached, and a child with a repeat episode. Every name is invented.
enum DemoCases {
    struct DemoChild {
        var first: String
        var last: String
        var dob: (Int, Int, Int)
        var sex: Sex
        var race: String
        var height: Int
        var weight: Int
        var eyes: String
        var hair: String
        var clothing: String
        var risks: Set<Endangerment>
    }

    /// One demo episode: when the agency learned of it (hours before now) and when each duty was
    /// done (hours after that), nil for not yet.
    struct DemoEpisode {
        var child: Int
        var receivedHoursAgo: Double
        var filedAfter: Double
        var policeAfter: Double?
        var phoneReportAfter: Double?
        var ncicAfterPolice: Double?
        var status: EpisodeStatus = .open
        /// Hours after the agency learned of it that the child was recovered.
        var recoveredAfter: Double?
        var circumstances: String
    }

    static let children: [DemoChild] = [
        .init(
            first: "Mira", last: "Quillfeather", dob: (2011, 4, 12), sex: .female, race: "W", height: 63, weight: 94, eyes: "BRO",
            hair: "BLK",
            clothing: "Green hooded sweatshirt, black jeans", risks: [.traffickingConcern]),
        .init(
            first: "Dashiell", last: "Brookmoor", dob: (2009, 9, 3), sex: .male, race: "B", height: 68, weight: 140, eyes: "BRO",
            hair: "BLK",
            clothing: "Red basketball jersey, grey sweatpants", risks: []),
        .init(
            first: "Tamsin", last: "Verelock", dob: (2014, 1, 27), sex: .female, race: "W", height: 56, weight: 80, eyes: "BLU",
            hair: "BLN",
            clothing: "Yellow raincoat, blue rain boots", risks: [.autismSpectrum]),
        .init(
            first: "Eliot", last: "Marrowfield", dob: (2008, 6, 15), sex: .male, race: "I", height: 70, weight: 155, eyes: "HAZ",
            hair: "BRO",
            clothing: "Black puffer jacket", risks: [.suicidalIdeation]),
        .init(
            first: "Juniper", last: "Ashcombe", dob: (2010, 11, 2), sex: .female, race: "A", height: 61, weight: 102, eyes: "BRO",
            hair: "BLK",
            clothing: "Purple school uniform cardigan", risks: [.pregnancy, .medicalCondition]),
        .init(
            first: "Kit", last: "Fennimore", dob: (2007, 3, 9), sex: .male, race: "W", height: 72, weight: 165, eyes: "GRN", hair: "RED",
            clothing: "Denim jacket, white sneakers", risks: []),
        .init(
            first: "Aurelio", last: "Brightwell", dob: (2012, 2, 19), sex: .male, race: "W", height: 60, weight: 88, eyes: "BLU",
            hair: "BRO",
            clothing: "Orange windbreaker, black backpack", risks: [.traffickingConcern]),
        .init(
            first: "Posy", last: "Lindqvale", dob: (2013, 7, 30), sex: .female, race: "B", height: 57, weight: 79, eyes: "BRO",
            hair: "BLK",
            clothing: "Pink scarf, grey school coat", risks: []),
    ]

    static let episodes: [DemoEpisode] = [
        // Running: learned of two hours ago, filed, police not yet told.
        .init(child: 0, receivedHoursAgo: 2, filedAfter: 0.5, circumstances: "Did not return to the foster home after school."),
        // Warning: twenty hours in, police still not told.
        .init(child: 1, receivedHoursAgo: 20, filedAfter: 1, circumstances: "Left the group home during the night through a window."),
        // Met on time: every duty done within its window; recovered yesterday, interview still open.
        .init(
            child: 2, receivedHoursAgo: 72, filedAfter: 1, policeAfter: 0.5, ncicAfterPolice: 1.5, status: .recovered, recoveredAfter: 48,
            circumstances: "Walked away from a respite placement at a park; drawn to water."),
        // Met late: the report to police came after 30 hours, the clearinghouse heard by phone at 26.
        .init(
            child: 3, receivedHoursAgo: 120, filedAfter: 40, policeAfter: 30, phoneReportAfter: 26, ncicAfterPolice: 1,
            circumstances: "Did not return from a weekend visit with a relative."),
        // Breached: filed promptly, but 30 hours on nobody has reported to police.
        .init(
            child: 4, receivedHoursAgo: 30, filedAfter: 2, circumstances: "Left the foster home with an adult the caseworker does not know."
        ),
        // A repeat: the same child ran before (recovered), and again now.
        .init(
            child: 5, receivedHoursAgo: 24 * 60, filedAfter: 2, policeAfter: 1, ncicAfterPolice: 1, status: .recovered,
            recoveredAfter: 72, circumstances: "Left the placement after an argument; found at a friend's home."),
        .init(
            child: 5, receivedHoursAgo: 6, filedAfter: 1, policeAfter: 2, ncicAfterPolice: 0.75,
            circumstances: "Left the placement again after a phone call; may be heading to the same friend's home."),
        // Long-term: missing for 45 days, every duty met; the poster is published.
        .init(
            child: 6, receivedHoursAgo: 24 * 45, filedAfter: 1, policeAfter: 1, ncicAfterPolice: 1,
            circumstances: "Left the placement on a school morning; seen at the bus terminal with an older man."),
        // Ten days missing, every duty met; the poster is published.
        .init(
            child: 7, receivedHoursAgo: 24 * 10, filedAfter: 2, policeAfter: 1, ncicAfterPolice: 0.5,
            circumstances: "Did not come back from a sibling visit at the library."),
    ]

    private static func completeDemoTask(_ task: CaseTask, store: any DataStore, caseworker: User, now: Date) async throws {
        try await store.completeTask(
            task.id, by: caseworker.id, at: task.dueAt - 24 * 3600, note: "Done with the child and the caseworker.",
            audit: AuditEntry(
                occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: .episodesTaskCompleted, recordType: .caseTask,
                recordID: task.id, address: "command line", detail: "demo data"))
    }

    /// Loads the demo cases unless the demo agency already has cases.
    @discardableResult
    static func load(into services: AppServices, organizations: [String: Organization]) async throws -> Int {
        let store = services.store
        guard let agency = organizations["cw-lakeshore"], let police = organizations["pd-maplewood"],
            try await store.episodeRecords(matching: EpisodeFilter(reportingOrganization: agency.id, limit: 1)).isEmpty,
            let caseworker = try await store.user(email: "caseworker@demo.homeward.example"),
            let investigator = try await store.user(email: "investigator@demo.homeward.example")
        else { return 0 }
        let now = services.clock.now()
        let zone = agency.zone
        var childIDs: [Int: ChildID] = [:]
        var count = 0
        for demo in episodes {
            let spec = children[demo.child]
            let received = now - demo.receivedHoursAgo * 3600
            let isNew = childIDs[demo.child] == nil
            let childID = childIDs[demo.child] ?? ChildID(services.ids.next())
            childIDs[demo.child] = childID
            let child = Child(
                id: childID, organizationID: agency.id, firstName: spec.first, lastName: spec.last,
                dateOfBirth: CivilDate(year: spec.dob.0, month: spec.dob.1, day: spec.dob.2)!, sex: spec.sex, race: spec.race,
                heightInches: spec.height, weightPounds: spec.weight, eyeColor: spec.eyes, hairColor: spec.hair, createdAt: received)
            let age = child.dateOfBirth.age(on: CivilDate(received, in: zone))
            var episode = MissingEpisode(
                id: EpisodeID(services.ids.next()), childID: childID, organizationID: agency.id, status: demo.status, receivedAt: received,
                lastSeenAt: received - 1800, lastSeenCity: "Maplewood", lastSeenState: "IL", circumstances: demo.circumstances,
                endangerments: spec.risks, clothing: spec.clothing,
                guardian: Guardian(name: agency.name, agency: agency.name, phone: agency.phone ?? "555-010-2000"),
                police: InvestigatingAgency(
                    organizationID: police.id, name: police.name, ori: police.ori, phone: police.phone ?? "555-010-3000"),
                caseType: age >= 18 ? .criticallyMissingYoungAdult : .endangeredRunaway, createdBy: caseworker.id, createdAt: received,
                submittedAt: received + demo.filedAfter * 3600)
            func event(_ kind: EpisodeEventKind, after hours: Double, by user: User, method: String, reference: String?) -> EpisodeEvent {
                let at = received + hours * 3600
                return EpisodeEvent(
                    id: EpisodeEventID(services.ids.next()), episodeID: episode.id, kind: kind, occurredAt: at, recordedAt: at + 300,
                    recordedBy: user.id, recordedByOrganization: user.organizationID, method: method, reference: reference)
            }
            var events = [
                event(.reportedToClearinghouse, after: demo.filedAfter, by: caseworker, method: "Homeward report", reference: nil)
            ]
            if let phone = demo.phoneReportAfter {
                events.append(
                    event(.reportedToClearinghouse, after: phone, by: caseworker, method: "phone", reference: "CALL-\(1000 + count)"))
            }
            if let policeAfter = demo.policeAfter {
                let number = "MPD-2026-\(String(format: "%04d", 140 + count))"
                episode.police.reportNumber = number
                events.append(event(.reportedToPolice, after: policeAfter, by: caseworker, method: "phone", reference: number))
                if let ncic = demo.ncicAfterPolice {
                    let nic = "M\(String(format: "%09d", 900_000_100 + count))"
                    episode.ncicNumber = nic
                    events.append(event(.ncicEntered, after: policeAfter + ncic, by: investigator, method: "NCIC terminal", reference: nic))
                }
            }
            var recovery: EpisodeEvent?
            if let after = demo.recoveredAfter {
                recovery = event(.recovered, after: after, by: caseworker, method: "Maplewood Police Department", reference: "Maplewood")
                recovery!.note = "Unharmed; hungry and tired."
            }
            _ = try await store.fileReport(
                child: child, childIsNew: isNew, episode: episode, events: events, deletingDraft: nil, idempotencyKey: nil,
                audit: AuditEntry(
                    occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: .episodesCreate, recordType: .episode,
                    recordID: episode.id.rawValue, targetOrganizationID: agency.id, address: "command line", detail: "demo data"))
            if let recovery {
                let tasks = RecoveryTaskPolicy().tasks(for: episode, recoveredAt: recovery.occurredAt) { services.ids.next() }
                try await store.appendEvent(
                    recovery, updating: nil, opening: tasks, saving: nil,
                    audit: AuditEntry(
                        occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: .episodesRecovered, recordType: .episode,
                        recordID: episode.id.rawValue, targetOrganizationID: agency.id, address: "command line", detail: "demo data"))
                if demo.child == 5 {
                    for task in tasks { try await completeDemoTask(task, store: store, caseworker: caseworker, now: now) }
                }
            }
            count += 1
        }
        return count
    }
}
