import Foundation
import HomewardCore
import Testing

/// Audited acts and record types are named once, in `AuditAction` and `AuditRecordType`: no source
/// file writes a verb or a record type as a string, and no two names are the same.
@Suite("Audit names")
struct AuditNamesTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    @Test func no_source_file_names_an_audited_act_or_record_type_by_a_string() throws {
        var found: [String] = []
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
        let literal = try Regex(#"\b(action|recordType): "[a-z_]+(\.[a-z_]+)?""#)
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: literal) { found.append("\(url.lastPathComponent): \(text[match.range])") }
        }
        #expect(found == [])
    }

    @Test func every_name_is_written_once_in_the_trails_form() {
        let fixed: [AuditAction] = [.usersCreate, .signInFailed, .signOut, .tipsSubmit, .retentionPersonalDataRemoved]
        #expect(fixed.map(\.name) == ["users.create", "sign_in.failed", "sign_out", "tips.submit", "retention.personal_data_removed"])
        #expect(AuditAction.episodeEvent(.reportedToPolice).name == "episodes.reported_to_police")
        #expect(AuditAction.policy(.viewEpisode).name == Action.viewEpisode.rawValue)
        let types = AuditRecordType.allCases.map(\.rawValue)
        #expect(Set(types).count == types.count && types.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "_" } })
    }
}
