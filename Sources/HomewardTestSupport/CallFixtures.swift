import Foundation
import HomewardCore

/// A 911 center, a police agency and calls at the center, for the call tests of every target.
/// Fictional people and places only.
public enum CallFixtures {
    public static let now = Date(timeIntervalSince1970: 1_795_014_000)
    public static let zone = TimeZone(identifier: "America/Chicago")!
    public static let checklist = CallChecklist.telecommunicatorStandard
    public static let psap = Organization(
        id: OrganizationID("psap"), code: "lakeshore", name: "Lakeshore Regional 911", kind: .psap, state: "IL",
        timeZone: "America/Chicago", createdAt: Date(timeIntervalSince1970: 0))
    public static let police = Organization(
        id: OrganizationID("pd"), code: "lakeshore-pd", name: "Lakeshore Police Department", kind: .lawEnforcement, state: "IL",
        timeZone: "America/Chicago", createdAt: Date(timeIntervalSince1970: 0))
    public static let telecommunicator = UserID("tc")
    public static let reviewer = UserID("qa")

    public static func openCall() throws -> MissingChildCall {
        try MissingChildCall.open(
            id: CallID("call"), psap: psap, checklist: checklist, cadIncident: " 26-118842 ", at: now, by: telecommunicator)
    }

    /// A call with `answers` given a minute apart.
    public static func call(_ answers: [(String, String)]) throws -> MissingChildCall {
        var call = try openCall()
        for (index, (item, value)) in answers.enumerated() {
            call = try call.answering(item, value, checklist: checklist, at: now + Double(60 * (index + 1)), by: telecommunicator).0
        }
        return call
    }

    public static let essentials = [("child-name", "Wren Halloway"), ("child-age", "9"), ("last-seen-where", "Elm Street playground")]
}
