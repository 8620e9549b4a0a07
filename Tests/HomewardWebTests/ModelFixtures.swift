import Foundation
import HomewardCore
import HomewardTestSupport

/// The page-model tests' fixtures: the call tests' fictional center, police agency and calls
/// (``CallFixtures``), and a reader.
enum ModelFixtures {
    static let now = CallFixtures.now
    static let chicago = CallFixtures.zone
    static let checklist = CallFixtures.checklist
    static let psap = CallFixtures.psap
    static let police = CallFixtures.police

    /// An open call at the center with `answers` given a minute apart.
    static func call(_ answers: [(String, String)]) throws -> MissingChildCall { try CallFixtures.call(answers) }

    static func principal(_ role: Role, in organization: OrganizationID, kind: OrganizationKind) -> Principal {
        Principal(userID: UserID("u"), organizationID: organization, organizationKind: kind, roles: [role], credential: .session)
    }
}
