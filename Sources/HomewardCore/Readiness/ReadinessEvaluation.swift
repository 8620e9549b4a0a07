import Foundation

/// The answer for one criterion: met or not, why in plain words, and who or what is responsible.
public struct CriterionResult: Codable, Sendable, Equatable {
    public enum Section: String, Codable, Sendable {
        case training, policy
        case qualityAssurance = "quality_assurance"
    }

    public var id: String
    public var section: Section
    public var title: String
    public var met: Bool
    public var reason: String
    /// Progress: how many of `total` people, components or elements are in order.
    public var done: Int
    public var total: Int
    /// The people lacking training, or the components and elements not shown.
    public var responsible: [String]
}

/// One person who must still take a course.
public struct TrainingGap: Codable, Sendable, Equatable {
    public var personnelID: String
    public var employeeNumber: String
    public var name: String
    public var role: PersonnelRole
    public var requirementID: String
    public var requirement: String
    /// "CEO or MCDR-2".
    public var courses: String
    /// When the person's training falls due (hire date plus the agency's period).
    public var dueOn: CivilDate
    /// "never completed", "CEO of 2019-04-02 is older than 5 years".
    public var detail: String
}

/// An agency measured against one program version on one day.
public struct ReadinessEvaluation: Codable, Sendable, Equatable {
    public var programCode: String
    public var programName: String
    public var kind: OrganizationKind
    public var evaluatedOn: CivilDate
    public var renewal: Bool
    public var criteria: [CriterionResult]
    /// People who must train now: the gap list.
    public var gaps: [TrainingGap]
    /// New hires still inside their training period: not yet gaps.
    public var pending: [TrainingGap]
    /// What changed since recognition that needs attention.
    public var warnings: [String]

    public var allMet: Bool { !criteria.isEmpty && criteria.allSatisfy(\.met) }

    /// The gap list as CSV: who must take which course, by when.
    public func gapsCSV() -> String {
        CSV.file(
            header: ["employee_number", "name", "role", "requirement", "courses", "due_on", "status", "detail"],
            rows: (gaps.map { ($0, "overdue") } + pending.map { ($0, "due") }).map { gap, status in
                [
                    gap.employeeNumber, gap.name, gap.role.rawValue, gap.requirement, gap.courses, gap.dueOn.iso, status, gap.detail,
                ]
            })
    }
}

/// Measures an agency's evidence against a program version. Pure and fast: one pass over the
/// training records, then one over the roster per requirement.
public enum ReadinessEvaluator {
    /// Evaluates `evidence` on `date`. With a `baseline` (the agency is recognized) the monitoring
    /// warnings are added; with `renewal` the program's renewal rules apply as well.
    public static func evaluate(
        _ evidence: ReadinessEvidence, program: ReadinessProgram, on date: CivilDate, baseline: RecognitionBaseline? = nil,
        renewal: Bool = false
    ) -> ReadinessEvaluation {
        var result = ReadinessEvaluation(
            programCode: program.code, programName: program.name, kind: evidence.kind, evaluatedOn: date,
            renewal: renewal && baseline != nil, criteria: [], gaps: [], pending: [], warnings: [])
        guard let track = program.track(for: evidence.kind) else {
            result.criteria = [
                CriterionResult(
                    id: "program", section: .training, title: "Program", met: false,
                    reason: "\(program.name) has no criteria for a \(evidence.kind.title.lowercased()).", done: 0, total: 1,
                    responsible: [])
            ]
            return result
        }
        let index = TrainingIndex(evidence, program: program, on: date)
        let dueDays = evidence.trainingDueDays ?? program.defaultTrainingDueDays
        for requirement in track.requirements {
            result.criteria.append(
                trainingCriterion(
                    requirement, program: program, evidence: evidence, index: index, date: date, dueDays: dueDays,
                    baseline: baseline, renewal: result.renewal, into: &result))
        }
        result.criteria.append(policyCriterion(track: track, policy: evidence.policy))
        result.criteria.append(qualityAssuranceCriterion(program.qualityAssurance, policy: evidence.policy))
        if let baseline {
            result.warnings = monitoringWarnings(result, evidence: evidence, baseline: baseline)
        }
        return result
    }

    /// The latest counting completion of each course by each person, in one flat table.
    struct TrainingIndex {
        var row: [String: Int] = [:]
        var column: [String: Int] = [:]
        var latest: [Int32]

        init(_ evidence: ReadinessEvidence, program: ReadinessProgram, on date: CivilDate) {
            row.reserveCapacity(evidence.personnel.count)
            for (i, person) in evidence.personnel.enumerated() { row[person.id] = i }
            for (i, course) in program.courses.enumerated() { column[course.code] = i }
            let width = max(program.courses.count, 1)
            latest = Array(repeating: Int32.min, count: evidence.personnel.count * width)
            let limit = Int32(date.epochDay)
            for record in evidence.training {
                guard let r = row[record.personnelID], let c = column[record.courseCode] else { continue }
                let day = Int32(record.completedOn.epochDay)
                let slot = r * width + c
                if day <= limit && day > latest[slot] { latest[slot] = day }
            }
        }

        func completed(_ person: Int, _ course: String) -> Int32? {
            guard let c = column[course] else { return nil }
            let value = latest[person * max(column.count, 1) + c]
            return value == Int32.min ? nil : value
        }
    }

    private static func trainingCriterion(
        _ requirement: TrainingRequirement, program: ReadinessProgram, evidence: ReadinessEvidence, index: TrainingIndex,
        date: CivilDate, dueDays: Int, baseline: RecognitionBaseline?, renewal: Bool, into result: inout ReadinessEvaluation
    ) -> CriterionResult {
        let roles = Set(requirement.roles)
        let courses = program.describe(requirement)
        let expiry: Int32? =
            renewal && requirement.expiresForRenewal ? Int32(date.adding(years: -program.executiveTrainingMaxAgeYears).epochDay) : nil
        var members = 0
        var trained = 0
        var lacking: [String] = []
        var expired: [String] = []
        var pending = 0
        var earliestPendingDue: CivilDate?
        for (i, person) in evidence.personnel.enumerated() where person.active && roles.contains(person.role) {
            members += 1
            var expiredCompletion: (String, Int32)?
            let isTrained = requirement.alternatives.contains { alternative in
                alternative.allSatisfy { course in
                    guard let day = index.completed(i, course) else { return false }
                    if let expiry, day < expiry {
                        expiredCompletion = (course, day)
                        return false
                    }
                    return true
                }
            }
            if isTrained {
                trained += 1
                continue
            }
            let due = person.hireDate.adding(days: dueDays)
            let hiredSinceRecognition = baseline.map { person.hireDate >= $0.termStart } ?? false
            let graceApplies = !(renewal && program.newHiresMustBeTrainedAtRenewal && hiredSinceRecognition)
            let detail: String
            if let (course, day) = expiredCompletion {
                detail =
                    "\(course) of \(CivilDate(epochDay: Int(day)).iso) is older than \(program.executiveTrainingMaxAgeYears) years; retake for renewal"
                expired.append("\(person.name)’s \(course) (\(CivilDate(epochDay: Int(day)).iso))")
            } else {
                detail = "never completed"
            }
            let gap = TrainingGap(
                personnelID: person.id, employeeNumber: person.employeeNumber, name: person.name, role: person.role,
                requirementID: requirement.id, requirement: requirement.title, courses: courses, dueOn: due, detail: detail)
            if graceApplies && due > date && expiredCompletion == nil {
                pending += 1
                earliestPendingDue = min(earliestPendingDue ?? due, due)
                result.pending.append(gap)
            } else {
                lacking.append(person.name)
                result.gaps.append(gap)
            }
        }
        let counted = members - pending
        let required = Int((requirement.requiredShare * Double(counted)).rounded(.up))
        let enoughMembers = members >= requirement.minimumMembers
        let met = enoughMembers && trained >= required
        let title = requirement.title
        let group = title.dropFirst().first?.isLowercase == true ? title.prefix(1).lowercased() + title.dropFirst() : title
        var reason: String
        if !enoughMembers {
            reason = "No active \(group) on the roster."
        } else if members == 0 {
            reason = "No one on the roster holds this role."
        } else if !expired.isEmpty && !met {
            reason =
                "\(expired.joined(separator: ", ")) \(expired.count == 1 ? "is" : "are") older than "
                + "\(program.executiveTrainingMaxAgeYears) years and must be retaken for renewal."
        } else if lacking.isEmpty {
            reason = trained == counted ? "All \(counted) trained (\(courses))." : "\(trained) of \(counted) trained (\(courses))."
        } else {
            reason = "\(lacking.count) of \(counted) \(group) lack \(courses): \(listed(lacking))."
            if met {
                reason += " \(Int(requirement.requiredShare * 100))% required; \(trained) of \(counted) trained."
            }
        }
        if pending > 0, let due = earliestPendingDue {
            reason += " \(pending) new hire\(pending == 1 ? " is" : "s are") within the training period (first due \(due.iso))."
        }
        return CriterionResult(
            id: requirement.id, section: .training, title: "\(requirement.title): \(courses)", met: met, reason: reason,
            done: trained, total: max(counted, requirement.minimumMembers), responsible: lacking)
    }

    private static func policyCriterion(track: ReadinessTrack, policy: PolicyEvidence?) -> CriterionResult {
        let title = "Policy meets the \(track.framework)"
        let total = track.components.count
        guard let policy else {
            return CriterionResult(
                id: "policy", section: .policy, title: title, met: false, reason: "No policy document uploaded.", done: 0, total: total,
                responsible: [])
        }
        if policy.basis == .adopted {
            return CriterionResult(
                id: "policy", section: .policy, title: title, met: true,
                reason: "Adopted the \(track.framework) (policy version \(policy.version), uploaded \(policy.uploadedOn.iso)).",
                done: total, total: total, responsible: [])
        }
        var problems: [String] = []
        var responsible: [String] = []
        for component in track.components {
            let problem: String? =
                switch policy.mappings[component.id] {
                case nil: "not mapped"
                case let m? where !m.present: "absent"
                case let m? where m.citation.trimmed.isEmpty: "no citation"
                case let m? where m.review == .rejected:
                    m.reviewComment.isEmpty ? "rejected by the reviewer" : "rejected: \(m.reviewComment)"
                default: nil
                }
            if let problem {
                problems.append("\(component.title) (\(problem))")
                responsible.append(component.title)
            }
        }
        let done = total - problems.count
        return CriterionResult(
            id: "policy", section: .policy, title: title, met: problems.isEmpty,
            reason: problems.isEmpty
                ? "All \(total) critical components cited in policy version \(policy.version)."
                : "\(problems.count) of \(total) critical components not shown: \(problems.joined(separator: "; ")).",
            done: done, total: total, responsible: responsible)
    }

    private static func qualityAssuranceCriterion(_ elements: [PolicyItem], policy: PolicyEvidence?) -> CriterionResult {
        var problems: [String] = []
        var responsible: [String] = []
        for element in elements {
            let mapping = policy?.mappings[element.id]
            let missing = element.missingText ?? "QA section lacks the \(element.title.lowercased())"
            var problem: String?
            if let mapping, mapping.present, !mapping.statement.trimmed.isEmpty {
                if element.isReviewWindow && ReviewWindow.hours(in: mapping.statement) == nil {
                    problem = "QA review window “\(mapping.statement.trimmed)” states no number of hours or days"
                } else if mapping.review == .rejected {
                    problem =
                        "\(element.title) rejected by the reviewer" + (mapping.reviewComment.isEmpty ? "" : ": \(mapping.reviewComment)")
                }
            } else {
                problem = missing
            }
            if let problem {
                problems.append(problem)
                responsible.append(element.title)
            }
        }
        let total = elements.count
        let reason: String =
            if policy == nil { "No policy document uploaded; the QA section is part of the policy." } else if problems.isEmpty {
                "The QA section names the reviewer, the review window, the process and the training of current and future employees."
            } else { problems.joined(separator: "; ") + "." }
        return CriterionResult(
            id: "quality-assurance", section: .qualityAssurance, title: "Quality-assurance section",
            met: policy != nil && problems.isEmpty, reason: reason, done: total - problems.count, total: total, responsible: responsible)
    }

    private static func monitoringWarnings(
        _ result: ReadinessEvaluation, evidence: ReadinessEvidence, baseline: RecognitionBaseline
    ) -> [String] {
        var warnings: [String] = []
        let byID = Dictionary(evidence.personnel.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for gap in result.gaps where gap.dueOn <= result.evaluatedOn {
            guard let person = byID[gap.personnelID], person.hireDate >= baseline.termStart else { continue }
            warnings.append(
                "\(person.name) (\(person.role.title.lowercased()), hired \(person.hireDate.iso)) passed the training due date "
                    + "\(gap.dueOn.iso) without \(gap.courses).")
        }
        if let policy = evidence.policy, let version = baseline.policyVersion, policy.version != version {
            warnings.append(
                "The policy changed since recognition: version \(policy.version) was uploaded \(policy.uploadedOn.iso) "
                    + "(recognized on version \(version)).")
        }
        return warnings
    }

    /// "A, B, C, D, E and 3 more".
    static func listed(_ names: [String], limit: Int = 5) -> String {
        guard names.count > limit else {
            return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
        return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
    }
}
