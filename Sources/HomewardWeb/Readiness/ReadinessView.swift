import Foundation
import HTTPTypes
import HomewardCore
import HomewardPDF
import Hummingbird

/// A readiness evaluation as the agency's page and the reviewer's application page show it:
/// sections and their criteria.
enum ReadinessView {
    struct SectionView: Sendable {
        var title: String
        var criteria: [CriterionView]
    }

    /// The checklist: the criteria by section, each with its progress.
    static func sections(_ evaluation: ReadinessEvaluation) -> [SectionView] {
        let titles: [(CriterionResult.Section, String)] = [
            (.training, StaffText.text("staff.readiness.training")), (.policy, StaffText.text("staff.readiness.policy")),
            (.qualityAssurance, StaffText.text("staff.readiness.qualityAssurance")),
        ]
        return titles.compactMap { section, title in
            let criteria = evaluation.criteria.filter { $0.section == section }
            guard !criteria.isEmpty else { return nil }
            return SectionView(
                title: title,
                criteria: criteria.map {
                    CriterionView(
                        title: $0.title, met: $0.met, reason: $0.reason, done: $0.done, total: $0.total,
                        percent: $0.total == 0 ? ($0.met ? 100 : 0) : $0.done * 100 / $0.total,
                        counts: $0.countedRoles.map {
                            StaffText.text("staff.readiness.countsTheRosterRoles") + $0.map { $0.lowercased() }.joined(separator: ", ")
                                + "."
                        })
                })
        }
    }

    struct CriterionView: Sendable {
        var title: String
        var met: Bool
        var reason: String
        var done: Int
        var total: Int
        var percent: Int
        /// "Counts: telecommunicators, supervisors", as the program's data says.
        var counts: String?
    }
}
