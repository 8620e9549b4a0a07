import Foundation
import Testing

/// Page and API files are thin: what two of them need alike lives in a capability's loads or
/// commands file (`EpisodeLoads`, `ReadinessLoads`, `PosterLoads`, `CallCommands`), never in
/// another page file. The calls between page files that remain are listed here, to be moved out
/// one by one: a new one fails this test, and so does a listed one that is gone (take it off the
/// list, so that the list only shrinks).
@Suite("Page files do not call each other")
struct PageLayeringTests {
    static let webSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/HomewardWeb")

    /// Calls from one page or API file into another page file, still to be moved out.
    static let remaining: Set<String> = [
        "CallAPI -> CallPages.checklistInForce",
        "CallReferencePages -> ReviewPages.describe",
        "CasePages -> EpisodePages.RecoveryTyped",
        "CasePages -> EpisodePages.detailModel",
        "CasePages -> EpisodePages.names",
        "CaseWorkAPI -> CasePages.completing",
        "CaseWorkAPI -> TipPages.json",
        "EpisodeAPI -> EpisodePages.filter",
        "EpisodeAPI -> EpisodePages.recordProof",
        "EpisodeAPI -> ReportPages.file",
        "EpisodePages -> ReferralPages.ReferralRow",
        "EpisodePages -> ReferralPages.Suggestion",
        "EpisodePages -> ReferralPages.rows",
        "PhotoPages -> EpisodePages.detailModel",
        "PoliceCasePages -> CallPages.sheetContent",
        "PolicyPages -> ReadinessPages.flash",
        "PosterAPI -> PosterPages.persist",
        "QADashboardPages -> QAReviewPages.peopleNames",
        "ReadinessAPI -> ReadinessPages.ImportKind",
        "ReadinessAPI -> ReadinessPages.buildPreview",
        "ReadinessAPI -> ReadinessPages.writeImport",
        "ReadinessPages -> QAReviewPages.PracticeView",
        "ReadinessPages -> QAReviewPages.practice",
        "ReportPages -> QuickReferencePages.dutiesSentence",
        "ReportPages -> QuickReferencePages.rulesInForce",
        "ReviewPages -> QAReviewPages.PracticeView",
        "ReviewPages -> QAReviewPages.practice",
        "ReviewPages -> ReadinessPages.SectionView",
        "ReviewPages -> ReadinessPages.sections",
        "RosterPages -> QAReviewPages.TrainingNeed",
        "RosterPages -> QAReviewPages.trainingNeeds",
    ]

    @Test func no_page_or_api_file_calls_into_another_page_file_beyond_the_shrinking_list() throws {
        var found = Set<String>()
        let files = FileManager.default.enumerator(at: Self.webSources, includingPropertiesForKeys: nil)!
        let reference = try Regex(#"\b([A-Z][A-Za-z]*Pages)\.([a-zA-Z]+)"#)
        for case let url as URL in files where url.pathExtension == "swift" {
            let name = url.deletingPathExtension().lastPathComponent
            guard name.hasSuffix("Pages") || name.hasSuffix("API") else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: reference) {
                let target = String(text[match.output[1].range!])
                guard target != name else { continue }
                found.insert("\(name) -> \(target).\(text[match.output[2].range!])")
            }
        }
        let added = found.subtracting(Self.remaining)
        #expect(
            added.isEmpty, "Page files calling other page files: \(added.sorted()). Move what they share into a loads or commands file.")
        let gone = Self.remaining.subtracting(found)
        #expect(gone.isEmpty, "No longer called: \(gone.sorted()). Take them off the list.")
    }
}
