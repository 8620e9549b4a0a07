import Foundation
import HomewardCore

/// What a police case and the missing-from-care report linked to it show of each other's proofs:
/// the other agency's proofs of the duties (on the police case; the report's timeline lists the
/// police case's proofs among its own), and every difference between the two records with its
/// settlement, or the form to settle it for those who may.
struct LinkedProofsView: Sendable {
    struct Proof: Sendable {
        var title: String
        var reference: String
        var when: String
        var by: String
    }

    struct Difference: Sendable {
        var id: String
        var duty: String
        var summary: String
        var agencySide: String
        var policeSide: String
        var settled: String?
    }

    var proofs: [Proof]
    var differences: [Difference]
    /// The settle form's action, for a reader who may settle and while a difference is open.
    var settleAction: String?
    var noteError: String?
    var note: String
    var isEmpty: Bool { proofs.isEmpty && differences.isEmpty }

    /// Built from `events` (a report's timeline with its linked police cases' proofs). `showing`
    /// picks the proofs listed as the other agency's.
    static func build(
        _ events: [EpisodeEvent], showing: (EpisodeEvent) -> Bool, settleAction: String?, errors: FieldErrors, typedNote: String?,
        local: LocalTime, services: AppServices
    ) async throws -> LinkedProofsView {
        let people = try await EpisodeView.names(events.map(\.recordedBy), services: services)
        let agencies = Dictionary(
            try await services.store.organizations(Array(Set(events.map(\.recordedByOrganization)))).map { ($0.id, $0.name) },
            uniquingKeysWith: { first, _ in first })
        func by(_ event: EpisodeEvent) -> String {
            let person = people[event.recordedBy] ?? "—"
            let agency = agencies[event.recordedByOrganization] ?? "—"
            return "\(person), \(agency), recorded \(local.format(event.recordedAt))"
        }
        func side(_ event: EpisodeEvent) -> String {
            "\(event.reference ?? "—") at \(local.format(event.occurredAt)) (\(by(event)))"
        }
        let proofs = events.filter { showing($0) && [.reportedToPolice, .ncicEntered].contains($0.kind) && $0.missingProof.isEmpty }
            .map { Proof(title: $0.kind.title, reference: $0.reference ?? "", when: local.format($0.occurredAt), by: by($0)) }
        let differences = ProofDifference.find(in: events).map { difference in
            Difference(
                id: difference.id, duty: difference.duty.title, summary: difference.summary, agencySide: side(difference.agency),
                policeSide: side(difference.police),
                settled: difference.settlement.map { settlement in
                    StaffText.text(
                        "staff.proofs.settledBy",
                        ["time": local.format(settlement.recordedAt), "person": by(settlement), "note": settlement.note ?? ""])
                })
        }
        let open = differences.contains { $0.settled == nil }
        return LinkedProofsView(
            proofs: proofs, differences: differences, settleAction: open ? settleAction : nil,
            noteError: errors["note"] ?? errors["difference"],
            note: typedNote ?? "")
    }
}
