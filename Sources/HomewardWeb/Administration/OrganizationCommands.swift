import Foundation
import HomewardCore
import Hummingbird

/// What the organization pages and the administration API do to organizations alike: create and
/// update, each audited as the signed-in person's act.
enum OrganizationCommands {
    /// Creates an organization from `draft`, or throws its field errors.
    static func create(_ draft: OrganizationDraft, context: SignedInContext, services: AppServices) async throws -> Organization {
        let organization = try draft.validated(id: OrganizationID(services.ids.next()), createdAt: services.clock.now())
        try await services.store.createOrganization(
            organization,
            audit: services.auditEntry(
                context, action: .organizationsCreate, recordType: .organization, recordID: organization.id.rawValue,
                organization: organization.id))
        return organization
    }

    /// Saves `draft` over `existing` (and whether it is active), auditing which fields changed.
    static func update(
        _ existing: Organization, with draft: OrganizationDraft, active: Bool, context: SignedInContext, services: AppServices
    ) async throws {
        var updated = try draft.validated(id: existing.id, createdAt: existing.createdAt)
        updated.active = active
        let changed = existing.changedFields(to: updated)
        try await services.store.updateOrganization(
            updated,
            audit: services.auditEntry(
                context, action: .organizationsUpdate, recordType: .organization, recordID: existing.id.rawValue,
                organization: existing.id, detail: changed.isEmpty ? "no change" : "changed: " + changed.joined(separator: ", ")))
    }
}
