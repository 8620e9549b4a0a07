import Foundation

/// One problem in an imported file, pinned to its line and column.
public struct ImportRowError: Codable, Sendable, Equatable {
    /// 1-based line of the file (the header is line 1).
    public var line: Int
    public var column: String
    public var message: String

    public init(line: Int, column: String, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// What an import would do, computed before anything is written. It is written only when
/// `errors` is empty, and then whole.
public struct ImportPreview<Row: Sendable & Equatable>: Sendable, Equatable {
    public var rows: [Row]
    public var errors: [ImportRowError]
    /// Rows that add something new, and rows that change or repeat what is there.
    public var added: Int
    public var updated: Int

    public var canImport: Bool { errors.isEmpty && !rows.isEmpty }
}

/// Reads roster and training CSV files. Column names are fixed so agencies can export from their
/// personnel system once and re-import whenever the roster changes.
public enum RosterImport {
    public static let personnelColumns = ["employee_number", "name", "role", "hire_date", "active"]
    public static let trainingColumns = ["employee_number", "course", "completed_on", "reference"]

    /// The roster rows of `text`, matched to `existing` by employee number (a match updates the
    /// person), with every bad row reported.
    public static func personnel(
        _ text: String, existing: [Personnel], today: CivilDate, newID: () -> String
    ) throws -> ImportPreview<Personnel> {
        let table = try CSVTable(text, required: ["employee_number", "name", "role", "hire_date"], field: "file")
        let byNumber = Dictionary(existing.map { ($0.employeeNumber.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Personnel] = []
        var errors: [ImportRowError] = []
        var seen: [String: Int] = [:]
        var added = 0
        var updated = 0
        for record in table.records {
            let line = record.line
            let number = table.value("employee_number", in: record)
            let name = table.value("name", in: record)
            let roleText = table.value("role", in: record)
            let hireText = table.value("hire_date", in: record)
            let activeText = table.value("active", in: record).lowercased()
            var rowErrors: [ImportRowError] = []
            if number.isEmpty || number.count > 40 {
                rowErrors.append(
                    .init(line: line, column: "employee_number", message: "Give the employee or badge number (at most 40 characters)."))
            } else if let first = seen[number.lowercased()] {
                rowErrors.append(
                    .init(line: line, column: "employee_number", message: "Employee number \(number) already appears on line \(first)."))
            }
            if name.isEmpty || name.count > 120 {
                rowErrors.append(.init(line: line, column: "name", message: "Give the person's name (at most 120 characters)."))
            }
            let role = PersonnelRole(roster: roleText)
            if role == nil {
                rowErrors.append(
                    .init(
                        line: line, column: "role",
                        message:
                            "“\(roleText)” is not a role; use one of \(PersonnelRole.allCases.map(\.rawValue).joined(separator: ", "))."))
            }
            let hire = CivilDate(iso: hireText)
            if hire == nil {
                rowErrors.append(.init(line: line, column: "hire_date", message: "“\(hireText)” is not a date; write it as YYYY-MM-DD."))
            } else if let hire, hire > today {
                rowErrors.append(.init(line: line, column: "hire_date", message: "The hire date \(hire.iso) is in the future."))
            }
            let active: Bool?
            switch activeText {
            case "", "yes", "y", "true", "1", "active": active = true
            case "no", "n", "false", "0", "inactive", "separated": active = false
            default: active = nil
            }
            if active == nil {
                rowErrors.append(.init(line: line, column: "active", message: "“\(activeText)” is not yes or no."))
            }
            seen[number.lowercased()] = seen[number.lowercased()] ?? line
            guard rowErrors.isEmpty, let role, let hire, let active else {
                errors += rowErrors
                continue
            }
            if let current = byNumber[number.lowercased()] {
                updated += 1
                rows.append(
                    Personnel(
                        id: current.id, employeeNumber: current.employeeNumber, name: name, role: role, hireDate: hire, active: active))
            } else {
                added += 1
                rows.append(Personnel(id: newID(), employeeNumber: number, name: name, role: role, hireDate: hire, active: active))
            }
        }
        if table.records.isEmpty { errors.append(.init(line: 2, column: "", message: "The file has a header but no people.")) }
        return ImportPreview(rows: rows, errors: errors, added: added, updated: updated)
    }

    /// The training rows of `text`, each naming a person already on the roster and a known course.
    /// A completion already recorded (same person, course and date) is counted as unchanged.
    public static func training(
        _ text: String, roster: [Personnel], existing: [TrainingRecord], courses: Set<String>, today: CivilDate, newID: () -> String
    ) throws -> ImportPreview<TrainingRecord> {
        let table = try CSVTable(text, required: ["employee_number", "course", "completed_on"], field: "file")
        let byNumber = Dictionary(roster.map { ($0.employeeNumber.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let known = Set(existing.map { "\($0.personnelID)|\($0.courseCode)|\($0.completedOn.iso)" })
        let upperCourses = Dictionary(courses.map { ($0.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [TrainingRecord] = []
        var errors: [ImportRowError] = []
        var added = 0
        var updated = 0
        var seen = Set<String>()
        for record in table.records {
            let line = record.line
            let number = table.value("employee_number", in: record)
            let courseText = table.value("course", in: record)
            let dateText = table.value("completed_on", in: record)
            let reference = table.value("reference", in: record)
            var rowErrors: [ImportRowError] = []
            let person = byNumber[number.lowercased()]
            if person == nil {
                rowErrors.append(
                    .init(
                        line: line, column: "employee_number",
                        message: number.isEmpty ? "Give the employee number." : "No one on the roster has employee number \(number)."))
            }
            let course = upperCourses[courseText.uppercased()]
            if course == nil {
                rowErrors.append(
                    .init(
                        line: line, column: "course",
                        message: "“\(courseText)” is not a course of the program; use one of \(courses.sorted().joined(separator: ", "))."))
            }
            let date = CivilDate(iso: dateText)
            if date == nil {
                rowErrors.append(.init(line: line, column: "completed_on", message: "“\(dateText)” is not a date; write it as YYYY-MM-DD."))
            } else if let date, date > today {
                rowErrors.append(.init(line: line, column: "completed_on", message: "The completion date \(date.iso) is in the future."))
            }
            if reference.count > 200 {
                rowErrors.append(.init(line: line, column: "reference", message: "The reference is longer than 200 characters."))
            }
            guard rowErrors.isEmpty, let person, let course, let date else {
                errors += rowErrors
                continue
            }
            let key = "\(person.id)|\(course)|\(date.iso)"
            guard seen.insert(key).inserted else { continue }
            if known.contains(key) { updated += 1 } else { added += 1 }
            rows.append(TrainingRecord(id: newID(), personnelID: person.id, courseCode: course, completedOn: date, reference: reference))
        }
        if table.records.isEmpty { errors.append(.init(line: 2, column: "", message: "The file has a header but no completions.")) }
        return ImportPreview(rows: rows, errors: errors, added: added, updated: updated)
    }

    /// The roster as CSV, in the import's own columns.
    public static func personnelCSV(_ personnel: [Personnel]) -> String {
        CSV.file(
            header: personnelColumns,
            rows: personnel.map { [$0.employeeNumber, $0.name, $0.role.rawValue, $0.hireDate.iso, $0.active ? "yes" : "no"] })
    }

    /// Training records as CSV, in the import's own columns.
    public static func trainingCSV(_ records: [TrainingRecord], roster: [Personnel]) -> String {
        let numbers = Dictionary(roster.map { ($0.id, $0.employeeNumber) }, uniquingKeysWith: { first, _ in first })
        return CSV.file(
            header: trainingColumns,
            rows: records.map { [numbers[$0.personnelID] ?? "", $0.courseCode, $0.completedOn.iso, $0.reference] })
    }
}
