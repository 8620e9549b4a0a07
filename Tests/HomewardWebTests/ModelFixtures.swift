import Foundation
import HomewardCore

/// Fictional organizations and a call for the page-model tests, which build models from values.
enum ModelFixtures {
    static let now = Date(timeIntervalSince1970: 1_795_014_000)
    static let chicago = TimeZone(identifier: "America/Chicago")!
    static let checklist = CallChecklist.telecommunicatorStandard
    static let psap = Organization(
        id: OrganizationID("psap"), code: "lakeshore", name: "Lakeshore Regional 911", kind: .psap, state: "IL",
        timeZone: "America/Chicago", createdAt: Date(timeIntervalSince1970: 0))
    static let police = Organization(
        id: OrganizationID("pd"), code: "lakeshore-pd", name: "Lakeshore Police Department", kind: .lawEnforcement, state: "IL",
        timeZone: "America/Chicago", createdAt: Date(timeIntervalSince1970: 0))

    /// An open call at the center with `answers` given a minute apart.
    static func call(_ answers: [(String, String)]) throws -> MissingChildCall {
        var call = try MissingChildCall.open(
            id: CallID("call"), psap: psap, checklist: checklist, cadIncident: "26-118842", at: now, by: UserID("tc"))
        for (index, (item, value)) in answers.enumerated() {
            call = try call.answering(item, value, checklist: checklist, at: now + Double(60 * (index + 1)), by: UserID("tc")).0
        }
        return call
    }

    static func principal(_ role: Role, in organization: OrganizationID, kind: OrganizationKind) -> Principal {
        Principal(userID: UserID("u"), organizationID: organization, organizationKind: kind, roles: [role], credential: .session)
    }
}
