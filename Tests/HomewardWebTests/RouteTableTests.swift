import Foundation
import HomewardCore
import Testing

@testable import HomewardWeb

@Suite("The route table")
struct RouteTableTests {
    static let webSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/HomewardWeb")

    /// Every Swift file of the web layer but the table itself.
    func sources() throws -> [(String, String)] {
        let files = FileManager.default.enumerator(at: Self.webSources, includingPropertiesForKeys: nil)!
        return try files.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "Routes.swift" }
            .map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test func no_swift_source_writes_a_route_or_a_link_by_hand() throws {
        // The first segment of every route: a string literal starting with one is a hand-made path.
        let endpoints = allEndpoints(registry: metricsRegistry)
        let first = Set(endpoints.compactMap { $0.path.split(separator: "/").first.map(String.init) }).subtracting(["{version}"])
        #expect(first.contains("episodes") && first.contains("posters") && first.contains("api"))
        let pattern = try Regex("\"/(" + first.sorted().joined(separator: "|") + ")([/\"?.]|\\\\\\()")
        let keyed = try Regex("\"(GET|POST|PATCH|PUT|DELETE) /")
        for (name, text) in try sources() {
            for match in text.matches(of: pattern) {
                Issue.record("\(name) writes the path \(text[match.range]) by hand; use Routes")
            }
            for match in text.matches(of: keyed) {
                Issue.record("\(name) keys a route by hand: \(text[match.range])…; use Routes")
            }
        }
    }

    @Test func templates_take_every_link_from_their_page_model() throws {
        let templates = Self.webSources.appendingPathComponent("Assets/templates")
        let files = try FileManager.default.contentsOfDirectory(at: templates, includingPropertiesForKeys: nil)
        #expect(files.count > 30)
        let literal = try Regex(#"(href|action|src|formaction)\s*=\s*"/"#)
        for file in files where file.pathExtension == "mustache" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: literal) {
                Issue.record("\(file.lastPathComponent) links to a path it wrote itself: \(text[match.range])…")
            }
        }
    }

    @Test func every_registered_pattern_is_in_the_table_and_links_fill_it() {
        let table: [any RoutePattern] = [
            Routes.episode, Routes.users, Routes.userPassword, Routes.publicPoster, Routes.publicPosterPhoto, Routes.readinessPolicyVersion,
        ]
        let registered = Set(allEndpoints(registry: metricsRegistry).map(\.path))
        for route in table { #expect(registered.contains(route.pattern), "\(route.pattern)") }
        #expect(Routes.userPassword(OrganizationID("org 1"), UserID("u/2")) == "/organizations/org%201/users/u%2F2/password")
        #expect(Routes.publicPosterPhoto("abc", 0) == "/posters/abc/photos/0")
        #expect(Routes.publicPosterPhoto.parameters(in: "/posters/abc/photos/3") == ["abc", "3"])
        #expect(Routes.publicPoster.parameters(in: "/posters//photos") == nil)
        #expect(Routes.episodes(attention: .breached) == "/episodes?attention=breached")
    }
}
