import Foundation
import HomewardCore
import HomewardStore
import HomewardWeb

/// Four months of fictional missing-child calls at Lakeshore Regional 911, each worked through
/// the checklist and reviewed: most on time, some late, one overdue, one calibrated by a second
/// reviewer, the latest still in its window, and one call open now. Every name is invented.
enum DemoCalls {
    /// Invented children and callers, one per call.
    private static let people: [(child: String, age: String, caller: String, relationship: String, place: String)] = [
        ("Wren Halloway", "9", "Jordan Pike", "Mother", "Elm Street playground"),
        ("Tobias Marchetti", "14", "Renata Marchetti", "Grandmother", "Lakeshore Mall food court"),
        ("Ivy Castellan", "6", "Devon Castellan", "Father", "Backyard, 400 block of Birch Lane"),
        ("Marcus Oyelaran", "16", "Pat Oyelaran", "Foster parent", "Northside bus station"),
        ("Lena Sorvik", "11", "Chris Sorvik", "Mother", "Walking home from Harbor Middle School"),
        ("Eli Brandtner", "8", "Sam Brandtner", "Father", "Riverside Park near the boat launch"),
        ("Noor Haddadin", "13", "Ameen Haddadin", "Uncle", "Corner of 5th and Maple"),
        ("Piper Lindqvist", "4", "Morgan Lindqvist", "Mother", "Apartment complex pool area"),
        ("Dante Velasquez", "15", "Rosa Velasquez", "Mother", "Friend's house on Cedar Court"),
        ("Hazel Okonkwo", "10", "Femi Okonkwo", "Father", "Public library, Main Street branch"),
    ]

    static func load(into services: AppServices, organizations: [String: Organization]) async throws {
        let store = services.store
        guard let psap = organizations["psap-lakeshore"], let police = organizations["pd-maplewood"],
            let telecommunicator = try await store.user(email: "telecommunicator@demo.homeward.example"),
            let reviewer = try await store.user(email: "qa.reviewer@demo.homeward.example"),
            let manager = try await store.user(email: "psap.manager@demo.homeward.example"),
            let investigator = try await store.user(email: "investigator@demo.homeward.example"),
            try await store.calls(in: psap.id, status: nil, limit: 1).isEmpty
        else { return }
        func checklist(at instant: Date) -> CallChecklist {
            CallChecklist.inForce(on: CivilDate(instant, in: psap.zone).iso, among: CallChecklist.shipped) ?? .telecommunicatorStandard
        }
        let bands = try await store.scoreBands()
        let section = QASection(reviewer: .role(.qaReviewer), windowHours: 72, stated: true)
        let now = services.clock.now()
        func audit(_ action: AuditAction, _ id: String) -> AuditEntry {
            AuditEntry(
                occurredAt: now, actorUserID: nil, actorOrganizationID: nil, action: action, recordType: .call, recordID: id,
                targetOrganizationID: psap.id, address: "command line", detail: "demo data")
        }
        for (index, person) in people.enumerated() {
            let opened = index == 0 ? now - 20 * 3600 : now - Double(index * 12 + 3) * 86_400 - 3 * 3600
            let skipsSearch = index % 4 == 1
            let checklist = checklist(at: opened)
            var call = try MissingChildCall.open(
                id: CallID(services.ids.next()), psap: psap, checklist: checklist, cadIncident: "26-\(118_800 + index * 37)", at: opened,
                by: telecommunicator.id)
            call = try answered(
                call, person, index: index, checklist: checklist, opened: opened, by: telecommunicator.id, skipsSearch: skipsSearch)
            // The same command the pages and the API end calls with; the demo's past reviews tell no one.
            let ending = try call.ending(
                .handingOff(to: police, caseID: PoliceCaseID(services.ids.next())), checklist: checklist, psap: psap, section: section,
                staff: [], reviewID: QAReviewID(services.ids.next()), at: opened + 25 * 60, by: telecommunicator.id)
            let (ended, review) = (ending.call, ending.review)
            guard let handed = ending.policeCase else { continue }
            let policeCase = try worked(handed, index: index, by: investigator.id, now: now)
            _ = try await store.openCall(call, idempotencyKey: nil, audit: audit(.callsOpen, call.id.rawValue))
            try await store.endCall(ended, policeCase: policeCase, review: review, audit: audit(.callsHandOff, call.id.rawValue))
            // The latest call is still inside its window; one older call was never reviewed.
            if index == 0 || index == 5 { continue }
            let hoursToReview: Double = index % 3 == 2 ? 90 : 20
            let scores = checklist.scoredItems(branchShown: false).map { item in
                skipsSearch && item.id == "search-home"
                    ? ItemReview(itemID: item.id, score: .notDone, grade: .major, note: "The caller was not asked to search the home.")
                    : ItemReview(itemID: item.id, score: .done)
            }
            let submitted = try review.submitting(
                scores, findings: skipsSearch ? "Ask every caller whether the home and surroundings were searched." : "A complete call.",
                followUpTraining: skipsSearch ? ["TBP"] : [], call: ended, checklist: checklist, bands: bands, by: reviewer.id,
                at: ended.endedAt! + hoursToReview * 3600)
            try await store.submitQAReview(submitted, audit: audit(.qaReviewsSubmit, review.id.rawValue))
            if index == 2 {
                // The manager scores the same call blind, for calibration.
                let second = try QAReview.opening(
                    id: QAReviewID(services.ids.next()), for: ended, section: section, isCalibration: true, at: opened + 30 * 3600)
                try await store.addQAReview(second, audit: audit(.qaReviewsCalibrate, second.id.rawValue))
                var other = scores
                other[3] = ItemReview(itemID: other[3].itemID, score: .notApplicable)
                let calibrated = try second.submitting(
                    other, findings: "Calibration.", followUpTraining: [], call: ended, checklist: checklist, bands: bands, by: manager.id,
                    at: opened + 40 * 3600)
                try await store.submitQAReview(calibrated, audit: audit(.qaReviewsSubmit, second.id.rawValue))
            }
        }
        // One call on the line now, a few questions in.
        let opened = now - 6 * 60
        let checklist = checklist(at: opened)
        var open = try MissingChildCall.open(
            id: CallID(services.ids.next()), psap: psap, checklist: checklist, cadIncident: "26-119301", at: opened, by: telecommunicator.id
        )
        for (offset, (item, value)) in [
            ("caller-name", "Quinn Abernathy"), ("caller-relationship", "Mother"), ("child-name", "Juniper Abernathy"),
        ]
        .enumerated() {
            open = try open.answering(item, value, checklist: checklist, at: opened + Double(offset + 1) * 40, by: telecommunicator.id).0
        }
        _ = try await store.openCall(open, idempotencyKey: nil, audit: audit(.callsOpen, open.id.rawValue))
    }

    /// What police did with a case from a call: the report number and the NCIC entry (one late),
    /// and the cases older than a month closed with the child found.
    private static func worked(_ handed: PoliceCase, index: Int, by investigator: UserID, now: Date) throws -> PoliceCase {
        var policeCase = handed
        policeCase.reportNumber = "MPD-26-\(4400 + index)"
        policeCase.reportNumberRecordedBy = investigator
        policeCase.reportNumberRecordedAt = handed.reportedAt + 40 * 60
        policeCase.ncicNumber = String(format: "M%09d", 551_200 + index)
        policeCase.ncicEnteredAt = handed.reportedAt + (index == 3 ? 150 : 70) * 60
        policeCase.ncicRecordedBy = investigator
        policeCase.ncicRecordedAt = policeCase.ncicEnteredAt.map { $0 + 5 * 60 }
        if now.timeIntervalSince(handed.reportedAt) > 30 * 86_400 {
            policeCase = try policeCase.closing(reason: "The child was found safe.", at: handed.reportedAt + 2 * 86_400, by: investigator)
        }
        return policeCase
    }

    /// The call worked through: every question asked, the instructions given, the steps confirmed.
    private static func answered(
        _ call: MissingChildCall, _ person: (child: String, age: String, caller: String, relationship: String, place: String),
        index: Int, checklist: CallChecklist, opened: Date, by telecommunicator: UserID, skipsSearch: Bool
    ) throws -> MissingChildCall {
        let age = Int(person.age) ?? 10
        let inCare = person.relationship == "Foster parent"
        let structured: [String: String] = [
            CallItem.childLastName: String(person.child.split(separator: " ").last ?? ""),
            CallItem.childSex: Array("FMFMFMFFMF")[index % 10] == "F" ? "F" : "M", CallItem.childRace: "U",
            CallItem.childHeight: HeightAnswer(String(30 + age * 2))?.stored ?? "", CallItem.childWeight: String(30 + age * 6),
            CallItem.childHair: "BRO", CallItem.childEyes: "BRO", CallItem.childInCare: inCare ? "yes" : "no",
            CallItem.childCareAgency: inCare ? "Lakeshore County Children's Services" : "",
        ]
        let values: [String: String] = structured.merging([
            "caller-name": person.caller, "caller-relationship": person.relationship, "caller-location": "At home",
            "caller-callback": "555-0100", "child-name": person.child, "child-age": person.age,
            "child-description": "Brown hair, brown eyes, about average height for the age", "child-clothing": "Blue jacket, jeans",
            "child-photo": "yes", "last-seen-where": person.place, "last-seen-when": "About an hour before the call",
            "last-seen-by": person.caller, "last-seen-with": "Alone", "travel-direction": "Unknown", "travel-mode": "On foot",
            "travel-destinations": "A friend's house nearby", "abduction-believed": "no", "suspect-description": "None known",
            "suspect-vehicle": "None known", "danger-believed": "no", "custody-dispute": "None", "needs-medical": "None",
            "needs-autism": "no", "needs-disability": "None", "history-prior": "None", "history-devices": "A phone, switched off",
            "search-home": skipsSearch ? "" : "yes",
        ]) { $1 }
        var call = call
        var minute = 1.0
        for item in checklist.scoredItems(branchShown: false) {
            let value = item.answer == .confirm ? "done" : values[item.id] ?? ""
            guard !value.isEmpty else { continue }
            call = try call.answering(item.id, value, checklist: checklist, at: opened + minute * 30, by: telecommunicator).0
            minute += 1
        }
        return call
    }
}
