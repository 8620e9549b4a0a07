import Foundation

/// The answer for one criterion: met or not, why in plain words, and who or what is responsible.
public struct CriterionResult: Codable, Sendable, Equatable {
    public enum Section: String, Codable, Sendable, CaseIterable {
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
    /// For a training criterion: the roster roles it counts, as the program's data names them
    /// (absent in evaluations frozen before it was recorded).
    public var countedRoles: [String]?
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
        if let baseline, let warning = policyWarning(evidence, baseline: baseline) { result.warnings.append(warning) }
        return result
    }

    /// The evidence laid out for the hot loops: the latest counting completion of each course by
    /// each person in one flat table, and each person's role, state and hire day as plain numbers,
    /// so the loops over the roster touch no strings.
    struct TrainingIndex {
        let width: Int
        let codes: [String]
        var latest: [Int32]
        var role: [UInt8]
        var active: [Bool]
        var hired: [Int32]

        init(_ evidence: ReadinessEvidence, program: ReadinessProgram, on date: CivilDate) {
            let count = evidence.personnel.count
            var row: [String: Int32] = [:]
            var role: [UInt8] = []
            var active: [Bool] = []
            var hired: [Int32] = []
            row.reserveCapacity(count)
            role.reserveCapacity(count)
            active.reserveCapacity(count)
            hired.reserveCapacity(count)
            // Read in place, field by field: copying each element would retain all its strings.
            evidence.personnel.withUnsafeBufferPointer { people in
                for i in people.indices {
                    row[people[i].id] = Int32(i)
                    role.append(people[i].role.ordinal)
                    active.append(people[i].active)
                    hired.append(Int32(people[i].hireDate.epochDay))
                }
            }
            let codes = program.courses.map(\.code)
            let width = max(codes.count, 1)
            var latest = [Int32](repeating: Int32.min, count: count * width)
            let limit = Int32(date.epochDay)
            // The store returns a person's records together, so the last id saves most lookups.
            var lastID = ""
            var lastRow: Int32 = -1
            evidence.training.withUnsafeBufferPointer { records in
                for k in records.indices {
                    if records[k].personnelID != lastID {
                        lastID = records[k].personnelID
                        lastRow = row[lastID] ?? -1
                    }
                    // A program has a handful of courses: comparing beats hashing.
                    guard lastRow >= 0, let c = codes.firstIndex(of: records[k].courseCode) else { continue }
                    let day = Int32(records[k].completedOn.epochDay)
                    let slot = Int(lastRow) * width + c
                    if day <= limit && day > latest[slot] { latest[slot] = day }
                }
            }
            (self.width, self.codes, self.latest, self.role, self.active, self.hired) = (width, codes, latest, role, active, hired)
        }

        /// Course columns of each alternative; an unknown course is -1 and never completed.
        func columns(_ alternatives: [[String]]) -> [[Int]] {
            alternatives.map { $0.map { codes.firstIndex(of: $0) ?? -1 } }
        }
    }

    private static func trainingCriterion(
        _ requirement: TrainingRequirement, program: ReadinessProgram, evidence: ReadinessEvidence, index: TrainingIndex,
        date: CivilDate, dueDays: Int, baseline: RecognitionBaseline?, renewal: Bool, into result: inout ReadinessEvaluation
    ) -> CriterionResult {
        var applies = [Bool](repeating: false, count: PersonnelRole.allCases.count)
        for role in requirement.roles { applies[Int(role.ordinal)] = true }
        let courses = program.describe(requirement)
        let alternatives = index.columns(requirement.alternatives)
        let expiry: Int32 =
            renewal && requirement.expiresForRenewal ? Int32(date.adding(years: -program.executiveTrainingMaxAgeYears).epochDay) : Int32.min
        let today = Int32(date.epochDay)
        let recognizedSince = baseline.map { Int32($0.termStart.epochDay) } ?? Int32.max
        let noGraceAtRenewal = renewal && program.newHiresMustBeTrainedAtRenewal
        let width = index.width
        var members = 0
        var trained = 0
        var lacking: [String] = []
        var expired: [String] = []
        var pending = 0
        var earliestPendingDue: CivilDate?
        var overdueSinceRecognition: [(person: Int, due: CivilDate)] = []
        for i in 0..<index.role.count where index.active[i] && applies[Int(index.role[i])] {
            members += 1
            let base = i * width
            var expiredCompletion: (column: Int, day: Int32)?
            var isTrained = false
            for alternative in alternatives {
                var complete = true
                for c in alternative {
                    let day = c < 0 ? Int32.min : index.latest[base + c]
                    if day == Int32.min {
                        complete = false
                        break
                    }
                    if day < expiry {
                        expiredCompletion = (c, day)
                        complete = false
                        break
                    }
                }
                if complete {
                    isTrained = true
                    break
                }
            }
            if isTrained {
                trained += 1
                continue
            }
            let person = evidence.personnel[i]
            let dueDay = index.hired[i] + Int32(dueDays)
            let due = CivilDate(epochDay: Int(dueDay))
            let hiredSinceRecognition = index.hired[i] >= recognizedSince
            let detail: String
            if let (c, day) = expiredCompletion {
                let course = program.courses[c].code
                let completed = CivilDate(epochDay: Int(day)).iso
                detail = "\(course) of \(completed) is older than \(program.executiveTrainingMaxAgeYears) years; retake for renewal"
                expired.append("\(person.name)’s \(course) (\(completed))")
            } else {
                detail = "never completed"
            }
            let gap = TrainingGap(
                personnelID: person.id, employeeNumber: person.employeeNumber, name: person.name, role: person.role,
                requirementID: requirement.id, requirement: requirement.title, courses: courses, dueOn: due, detail: detail)
            if !(noGraceAtRenewal && hiredSinceRecognition) && dueDay > today && expiredCompletion == nil {
                pending += 1
                earliestPendingDue = min(earliestPendingDue ?? due, due)
                result.pending.append(gap)
            } else {
                lacking.append(person.name)
                result.gaps.append(gap)
                if hiredSinceRecognition && dueDay <= today { overdueSinceRecognition.append((i, due)) }
            }
        }
        if let (first, due) = overdueSinceRecognition.first {
            let person = evidence.personnel[first]
            result.warnings.append(
                overdueSinceRecognition.count == 1
                    ? "\(person.name) (\(person.role.title.lowercased()), hired \(person.hireDate.iso)) passed the training due date "
                        + "\(due.iso) without \(courses)."
                    : "\(overdueSinceRecognition.count) people hired since recognition passed their training due date without \(courses): "
                        + "\(listed(overdueSinceRecognition.prefix(6).map { evidence.personnel[$0.person].name }, total: overdueSinceRecognition.count))."
            )
        }
        let title = requirement.title
        let group = title.dropFirst().first?.isLowercase == true ? title.prefix(1).lowercased() + title.dropFirst() : title
        let roleNames = requirement.roles.map { $0.title.prefix(1).lowercased() + $0.title.dropFirst() }.joined(separator: " or ")
        if members == 0 && requirement.whenNoneHold == .doesNotApply {
            return CriterionResult(
                id: requirement.id, section: .training, title: "\(requirement.title): \(courses)", met: true,
                reason: "Does not apply: the roster has no \(roleNames), and the criteria ask this only of agencies that have them.",
                done: 0, total: 0, responsible: [], countedRoles: requirement.roles.map(\.title))
        }
        let counted = members - pending
        let required = Int((requirement.requiredShare * Double(counted)).rounded(.up))
        // A criterion about a role is met only by people who hold it: an empty roster meets nothing.
        let enoughMembers = members >= max(1, requirement.minimumMembers)
        let met = enoughMembers && trained >= required
        var reason: String
        if !enoughMembers {
            reason =
                members == 0
                ? "The roster has no \(roleNames): the criteria require \(group) trained in \(courses); add them to the roster."
                : "\(members) of the \(requirement.minimumMembers) \(group) required are on the roster."
        } else if !expired.isEmpty && !met {
            reason =
                "\(expired.joined(separator: ", ")) \(expired.count == 1 ? "is" : "are") older than "
                + "\(program.executiveTrainingMaxAgeYears) years and must be retaken for renewal."
        } else if lacking.isEmpty {
            reason = trained == counted ? "All \(counted) trained (\(courses))." : "\(trained) of \(counted) trained (\(courses))."
        } else {
            reason = "\(lacking.count) of \(counted) \(group) lack \(courses): \(listed(Array(lacking.prefix(6)), total: lacking.count))."
            if met {
                reason += " \(Int(requirement.requiredShare * 100))% required; \(trained) of \(counted) trained."
            }
        }
        if pending > 0, let due = earliestPendingDue {
            reason += " \(pending) new hire\(pending == 1 ? " is" : "s are") within the training period (first due \(due.iso))."
        }
        return CriterionResult(
            id: requirement.id, section: .training, title: "\(requirement.title): \(courses)", met: met, reason: reason,
            done: trained, total: max(counted, requirement.minimumMembers, 1), responsible: lacking,
            countedRoles: requirement.roles.map(\.title))
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
                if element.isReviewWindow && ReviewWindow.reading(mapping.statement) == .tooLong {
                    problem = "QA review window “\(mapping.statement.trimmed)” is longer than a year"
                } else if element.isReviewWindow && ReviewWindow.hours(in: mapping.statement) == nil {
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

    private static func policyWarning(_ evidence: ReadinessEvidence, baseline: RecognitionBaseline) -> String? {
        guard let policy = evidence.policy, let version = baseline.policyVersion, policy.version != version else { return nil }
        return "The policy changed since recognition: version \(policy.version) was uploaded \(policy.uploadedOn.iso) "
            + "(recognized on version \(version))."
    }

    /// "A, B, C, D, E and 3 more".
    static func listed(_ names: [String], total: Int, limit: Int = 5) -> String {
        guard total > limit else {
            return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
        return names.prefix(limit).joined(separator: ", ") + " and \(total - limit) more"
    }
}
