import Foundation

/// What an NCIC missing-person entry is built from: the child's description and the episode's
/// facts, as raw values so that a bad one can be reported rather than guessed at.
public struct NCICSubject: Sendable, Equatable {
    public var lastName: String
    public var firstName: String
    public var middleName: String?
    public var dateOfBirth: CivilDate?
    public var sex: Sex?
    public var race: String?
    public var heightFeet: Int?
    public var heightInches: Int?
    public var weightPounds: Int?
    public var eyeColor: String?
    public var hairColor: String?
    public var marks: String?
    /// Date of last contact.
    public var lastContact: CivilDate?
    /// The investigating agency's ORI.
    public var ori: String?
    /// The agency's case number (OCA).
    public var caseNumber: String?
    public var caseType: CaseType
    public var endangerments: Set<Endangerment>
    public var circumstances: String
    public var clothing: String?
    public var possibleWhereabouts: String?
    public var vehicle: Vehicle?
    /// Age when the agency learned the child was missing; nil when the date of birth is unknown.
    public var age: Int?
    /// Whether the child is missing from foster care (the remarks say so).
    public var missingFromCare: Bool

    public init(
        lastName: String, firstName: String, middleName: String? = nil, dateOfBirth: CivilDate?, sex: Sex?, race: String?,
        heightFeet: Int?, heightInches: Int?, weightPounds: Int?, eyeColor: String?, hairColor: String?, marks: String? = nil,
        lastContact: CivilDate?, ori: String?, caseNumber: String?, caseType: CaseType, endangerments: Set<Endangerment>,
        circumstances: String, clothing: String? = nil, possibleWhereabouts: String? = nil, vehicle: Vehicle? = nil, age: Int?,
        missingFromCare: Bool = true
    ) {
        self.lastName = lastName
        self.firstName = firstName
        self.middleName = middleName
        self.dateOfBirth = dateOfBirth
        self.sex = sex
        self.race = race
        self.heightFeet = heightFeet
        self.heightInches = heightInches
        self.weightPounds = weightPounds
        self.eyeColor = eyeColor
        self.hairColor = hairColor
        self.marks = marks
        self.lastContact = lastContact
        self.ori = ori
        self.caseNumber = caseNumber
        self.caseType = caseType
        self.endangerments = endangerments
        self.circumstances = circumstances
        self.clothing = clothing
        self.possibleWhereabouts = possibleWhereabouts
        self.vehicle = vehicle
        self.age = age
        self.missingFromCare = missingFromCare
    }

    /// The subject of `episode` of `child`; dates are taken in `timeZone` (the agency's).
    public init(child: Child, episode: MissingEpisode, timeZone: TimeZone) {
        let received = CivilDate(episode.receivedAt, in: timeZone)
        self.init(
            lastName: child.lastName, firstName: child.firstName, middleName: child.middleName, dateOfBirth: child.dateOfBirth,
            sex: child.sex, race: child.race, heightFeet: child.heightInches / 12, heightInches: child.heightInches % 12,
            weightPounds: child.weightPounds, eyeColor: child.eyeColor, hairColor: child.hairColor, marks: child.marks,
            lastContact: episode.lastSeenAt.map { CivilDate($0, in: timeZone) }, ori: episode.police.ori,
            caseNumber: episode.police.reportNumber, caseType: episode.caseType, endangerments: episode.endangerments,
            circumstances: episode.circumstances, clothing: episode.clothing, possibleWhereabouts: episode.possibleWhereabouts,
            vehicle: episode.vehicle, age: child.dateOfBirth.age(on: received))
    }
}

/// The NCIC missing-person entry as police would key it, with everything that is missing or
/// invalid listed rather than formatted.
public struct NCICEntrySheet: Sendable, Equatable {
    /// One field of the entry.
    public struct Field: Sendable, Equatable {
        /// The NCIC field code (MKE, NAM, ...).
        public var code: String
        public var label: String
        public var value: String
    }

    public var fields: [Field]
    /// What must be fixed before the entry can be made, by field code.
    public var problems: [FieldErrors.Entry]
    /// The message key (EMJ, EME, EMI, EMD, EMO) and why it was chosen.
    public var category: String
    public var categoryReason: String

    public var isReady: Bool { problems.isEmpty }

    /// The entry as keyed, one `CODE/VALUE` per line.
    public var text: String { fields.map { "\($0.code)/\($0.value)" }.joined(separator: "\n") }

    /// Builds the sheet for `subject`.
    public static func build(_ subject: NCICSubject, tables: NCICCodeTables = .standard) -> NCICEntrySheet {
        var fields: [Field] = []
        var problems = FieldErrors()
        func add(_ code: String, _ label: String, _ value: String?) {
            if let value, !value.isEmpty { fields.append(Field(code: code, label: label, value: value)) }
        }

        let (category, reason) = chooseCategory(subject)
        add("MKE", "Message key", category)

        if let ori = subject.ori?.trimmed.uppercased(), !ori.isEmpty {
            if OrganizationRules.isValidORI(ori) {
                add("ORI", "Originating agency", ori)
            } else {
                problems.add("ORI", "The investigating agency's ORI “\(ori)” is not 9 characters starting with a state code.")
            }
        } else {
            problems.add("ORI", "The investigating agency's ORI is not known.")
        }

        let name = formatName(subject)
        if name.count > tables.maximumNameLength {
            problems.add(
                "NAM", "The name is longer than \(tables.maximumNameLength) characters; NCIC needs it shortened (use AKA for the rest).")
        } else if subject.lastName.trimmed.isEmpty || subject.firstName.trimmed.isEmpty {
            problems.add("NAM", "The first and last name are required.")
        } else {
            add("NAM", "Name", name)
        }

        if let sex = subject.sex { add("SEX", "Sex", sex.rawValue) } else { problems.add("SEX", "Sex is required.") }

        if let race = subject.race?.trimmed.uppercased(), !race.isEmpty {
            if tables.races[race] != nil { add("RAC", "Race", race) } else { problems.add("RAC", "“\(race)” is not an NCIC race code.") }
        } else {
            problems.add("RAC", "Race is required (U when unknown).")
        }

        if let dob = subject.dateOfBirth {
            add("DOB", "Date of birth", dob.ncic)
        } else {
            problems.add("DOB", "The date of birth is required.")
        }

        if let feet = subject.heightFeet, let inches = subject.heightInches {
            if (1...8).contains(feet) && (0...11).contains(inches) {
                add("HGT", "Height", String(format: "%d%02d", feet, inches))
            } else {
                problems.add("HGT", "A height of \(feet)′\(inches)″ is not possible: feet 1 to 8, inches 0 to 11.")
            }
        } else {
            problems.add("HGT", "Height is required.")
        }

        if let weight = subject.weightPounds {
            if (1...999).contains(weight) {
                add("WGT", "Weight", String(format: "%03d", weight))
            } else {
                problems.add("WGT", "A weight of \(weight) lb is not possible.")
            }
        } else {
            problems.add("WGT", "Weight is required.")
        }

        if let eye = subject.eyeColor?.trimmed.uppercased(), !eye.isEmpty {
            if tables.eyeColors[eye] != nil {
                add("EYE", "Eye color", eye)
            } else {
                problems.add("EYE", "“\(eye)” is not an NCIC eye-color code.")
            }
        } else {
            problems.add("EYE", "Eye color is required (XXX when unknown).")
        }

        if let hair = subject.hairColor?.trimmed.uppercased(), !hair.isEmpty {
            if tables.hairColors[hair] != nil {
                add("HAI", "Hair color", hair)
            } else {
                problems.add("HAI", "“\(hair)” is not an NCIC hair-color code.")
            }
        } else {
            problems.add("HAI", "Hair color is required (XXX when unknown).")
        }

        if let contact = subject.lastContact {
            add("DLC", "Date of last contact", contact.ncic)
        } else {
            problems.add("DLC", "The date the child was last seen is required.")
        }

        if let oca = subject.caseNumber?.trimmed, !oca.isEmpty {
            if oca.count <= tables.maximumCaseNumberLength {
                add("OCA", "Agency case number", oca.uppercased())
            } else {
                problems.add("OCA", "The police report number is longer than \(tables.maximumCaseNumberLength) characters.")
            }
        } else {
            problems.add("OCA", "The police report number (OCA) is not known yet.")
        }

        add("MNP", "Missing person type", subject.caseType.isAbduction ? "CA" : "MP")
        add("MPC", "Circumstances code", circumstanceCode(subject.caseType))

        let remarks = remarks(subject)
        if remarks.count > tables.maximumRemarksLength {
            problems.add(
                "MIS",
                "The remarks are \(remarks.count) characters; NCIC takes \(tables.maximumRemarksLength). Shorten the circumstances or clothing."
            )
        } else {
            add("MIS", "Remarks", remarks)
        }

        if let vehicle = subject.vehicle {
            add("VYR", "Vehicle year", vehicle.year?.trimmed)
            add("VMA", "Vehicle make", vehicle.make?.trimmed.uppercased())
            add("VMO", "Vehicle model", vehicle.model?.trimmed.uppercased())
            add("VCO", "Vehicle color", vehicle.color?.trimmed.uppercased())
            add("LIC", "License plate", vehicle.plate?.trimmed.uppercased())
            add("LIS", "License state", vehicle.plateState?.trimmed.uppercased())
        }
        return NCICEntrySheet(fields: fields, problems: problems.entries, category: category, categoryReason: reason)
    }

    /// The message key from the facts, with the reason in words.
    static func chooseCategory(_ subject: NCICSubject) -> (String, String) {
        if subject.caseType.isAbduction {
            return ("EMI", "Involuntary: the case is a \(subject.caseType.title.lowercased()), so the disappearance may not be voluntary.")
        }
        if subject.endangerments.contains(.autismSpectrum) {
            return ("EMD", "Disability: the child is on the autism spectrum, which may put the child in danger.")
        }
        var reasons = subject.endangerments.sorted { $0.rawValue < $1.rawValue }.map { $0.title.lowercased() }
        if let age = subject.age, age <= 13 { reasons.insert("13 or younger", at: 0) }
        if !reasons.isEmpty {
            return ("EME", "Endangered: " + reasons.joined(separator: "; ") + ".")
        }
        if let age = subject.age, age >= 21 {
            return ("EMO", "Other: 21 or older with a reasonable concern for safety.")
        }
        return ("EMJ", "Juvenile: under 21 and no other category applies.")
    }

    static func circumstanceCode(_ caseType: CaseType) -> String? {
        switch caseType {
        case .endangeredRunaway: "R"
        case .familyAbduction: "N"
        case .nonfamilyAbduction: "S"
        case .lostInjuredOtherwiseMissing, .criticallyMissingYoungAdult: nil
        }
    }

    /// "LAST, FIRST MIDDLE" in capitals, keeping letters, spaces and hyphens.
    static func formatName(_ subject: NCICSubject) -> String {
        func clean(_ part: String?) -> String {
            let kept = (part ?? "").uppercased().filter { $0.isLetter || $0 == " " || $0 == "-" }
            return kept.split(separator: " ").joined(separator: " ")
        }
        let rest = [clean(subject.firstName), clean(subject.middleName)].filter { !$0.isEmpty }.joined(separator: " ")
        return clean(subject.lastName) + ", " + rest
    }

    static func remarks(_ subject: NCICSubject) -> String {
        var parts = (subject.missingFromCare ? ["MISSING FROM FOSTER CARE."] : []) + [subject.circumstances.trimmed]
        if let clothing = subject.clothing?.trimmed, !clothing.isEmpty { parts.append("CLOTHING: \(clothing).") }
        if let marks = subject.marks?.trimmed, !marks.isEmpty { parts.append("MARKS: \(marks).") }
        if let whereabouts = subject.possibleWhereabouts?.trimmed, !whereabouts.isEmpty {
            parts.append("POSSIBLE WHEREABOUTS: \(whereabouts).")
        }
        if !subject.endangerments.isEmpty {
            parts.append(
                "RISKS: " + subject.endangerments.sorted { $0.rawValue < $1.rawValue }.map { $0.title }.joined(separator: "; ") + ".")
        }
        return parts.joined(separator: " ").uppercased().replacingOccurrences(of: "..", with: ".")
    }
}
