import Foundation
import Testing

/// Page and API files are thin, and none calls another's logic: what two of them need alike lives
/// in a capability's loads, commands or view file (`EpisodeLoads`, `EpisodeCommands`,
/// `EpisodeView`, `CallCommands`, `TipService`, …). Only the application's route list reads a page
/// file's endpoints, and only the template and OpenAPI registries name its model types.
@Suite("Page files do not call each other")
struct PageLayeringTests {
    static let webSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/HomewardWeb")

    /// Files that list page files' model types to register them (templates, API schemas).
    static let registries: Set<String> = ["TemplateModel", "OpenAPIDocument"]

    @Test func no_file_calls_into_a_page_file_and_only_the_registries_name_its_types() throws {
        var found: [String] = []
        let files = FileManager.default.enumerator(at: Self.webSources, includingPropertiesForKeys: nil)!
        let reference = try Regex(#"\b([A-Z][A-Za-z]*Pages)\.([a-zA-Z]+)"#)
        for case let url as URL in files where url.pathExtension == "swift" {
            let name = url.deletingPathExtension().lastPathComponent
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: reference) {
                let target = String(text[match.output[1].range!])
                let member = String(text[match.output[2].range!])
                guard target != name, member != "endpoints" else { continue }
                let isType = member.first?.isUppercase == true
                if isType && Self.registries.contains(name) { continue }
                found.append("\(name) -> \(target).\(member)")
            }
        }
        #expect(found.isEmpty, "Calls into page files: \(found.sorted()). Move what they share into a loads, commands or view file.")
    }

    /// A path parameter is named once, in its ``PathParameter``: routes, scopes and handlers use that
    /// value, so no handler reads one by a string the route could stop matching.
    @Test func handlers_read_path_parameters_by_their_typed_name() throws {
        var found: [String] = []
        let files = FileManager.default.enumerator(at: Self.webSources, includingPropertiesForKeys: nil)!
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            if text.contains("context.parameters.get(\"") { found.append(url.lastPathComponent) }
            // Route patterns are built from their parameters, never written with braces by hand.
            if url.lastPathComponent == "Routes.swift", text.contains("<OrganizationID>(\"") { found.append("Routes.swift") }
        }
        #expect(found.isEmpty, "Path parameters read or written by string in: \(found)")
    }
}
