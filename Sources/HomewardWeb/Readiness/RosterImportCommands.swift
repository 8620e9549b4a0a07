import Foundation
import HTTPTypes
import HomewardCore
import Hummingbird

/// A roster or training-record import, from the page and the API alike: the parsed preview and
/// its writing in one store call.
enum RosterImportCommands {
    enum ImportKind: String, Sendable {
        case personnel, training

        var title: String { self == .personnel ? "roster" : "training records" }
    }

    /// A file read once: what the preview shows, and the rows to write if it is imported.
    struct ParsedImport: Sendable {
        enum Rows: Sendable {
            case personnel([Personnel])
            case training([TrainingRecord])
        }

        var preview: PreviewView
        var rows: Rows
    }

    /// Writes a file that previewed without errors: every row in one transaction, exactly the rows
    /// that were checked.
    static func writeImport(_ parsed: ParsedImport, state: ReadinessState, context: SignedInContext, services: AppServices) async throws {
        let organization = state.organization
        let now = services.clock.now()
        let preview = parsed.preview
        let audit = services.auditEntry(
            context, action: preview.kind == ImportKind.personnel.rawValue ? .readinessRosterImport : .readinessTrainingImport,
            recordType: .organization, recordID: organization.id.rawValue, organization: organization.id,
            detail: "\(preview.added) added, \(preview.updated) updated or already recorded")
        switch parsed.rows {
        case .personnel(let rows):
            try await services.store.savePersonnel(rows, in: organization.id, at: now, audit: audit)
        case .training(let rows):
            try await services.store.addTrainingRecords(rows, in: organization.id, by: context.user.id, at: now, audit: audit)
        }
    }

    static func buildPreview(_ kind: ImportKind, text: String, state: ReadinessState, services: AppServices) throws -> ParsedImport {
        let names = Dictionary(state.personnel.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let header: [String]
        let shown: [PreviewRow]
        let count: Int
        let errors: [ImportRowError]
        let added: Int
        let updated: Int
        let rows: ParsedImport.Rows
        switch kind {
        case .personnel:
            let p = try RosterImport.personnel(text, existing: state.personnel, today: state.today, newID: services.ids.next)
            header = [
                StaffText.text("staff.roster.employeeNumber"), StaffText.text("staff.roster.name"), StaffText.text("staff.roster.role"),
                StaffText.text("staff.roster.hired"), StaffText.text("staff.roster.active"),
            ]
            shown = p.rows.prefix(20).map {
                PreviewRow(cells: [$0.employeeNumber, $0.name, $0.role.title, $0.hireDate.iso, $0.active ? "yes" : "no"])
            }
            (count, errors, added, updated, rows) = (p.rows.count, p.errors, p.added, p.updated, .personnel(p.rows))
        case .training:
            let p = try RosterImport.training(
                text, roster: state.personnel, existing: state.training, courses: ReadinessState.courseCodes(state.programs),
                today: state.today, newID: services.ids.next)
            header = [
                StaffText.text("staff.roster.person"), StaffText.text("staff.roster.course"), StaffText.text("staff.roster.completed"),
                StaffText.text("staff.roster.reference"),
            ]
            shown = p.rows.prefix(20).map {
                PreviewRow(cells: [names[$0.personnelID] ?? "", $0.courseCode, $0.completedOn.iso, $0.reference])
            }
            (count, errors, added, updated, rows) = (p.rows.count, p.errors, p.added, p.updated, .training(p.rows))
        }
        let preview = PreviewView(
            kind: kind.rawValue, kindTitle: kind.title, added: added, updated: updated, errors: errors, header: header, rows: shown,
            more: max(0, count - 20), csv: text, canImport: errors.isEmpty && count > 0)
        return ParsedImport(preview: preview, rows: rows)
    }

    struct PreviewRow: Sendable {
        var cells: [String]
    }

    struct PreviewView: Sendable {
        var kind: String
        var kindTitle: String
        var added: Int
        var updated: Int
        var errors: [ImportRowError]
        var header: [String]
        var rows: [PreviewRow]
        var more: Int
        var csv: String
        var canImport: Bool
    }
}
