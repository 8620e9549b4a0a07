import Foundation

/// What an organization is, which decides the roles its people can hold and what it can do.
public enum OrganizationKind: String, CaseIterable, Codable, Sendable {
    /// The missing-children clearinghouse that runs Homeward.
    case clearinghouse
    /// A state or county foster-care agency.
    case childWelfare = "child_welfare"
    /// A police or sheriff's agency, identified in NCIC by its ORI.
    case lawEnforcement = "law_enforcement"
    /// A 911 center (public-safety answering point).
    case psap

    /// The name people use.
    public var title: String {
        switch self {
        case .clearinghouse: "Clearinghouse"
        case .childWelfare: "Child-welfare agency"
        case .lawEnforcement: "Law-enforcement agency"
        case .psap: "911 center (PSAP)"
        }
    }
}

/// An organization that uses Homeward.
public struct Organization: Sendable, Equatable, Codable, Identifiable {
    public var id: OrganizationID
    /// A short, unique, human-friendly code (`cw-lakeshore`), usable in place of the id on the
    /// command line.
    public var code: String
    public var name: String
    public var kind: OrganizationKind
    /// USPS two-letter state code.
    public var state: String
    /// IANA time zone in which the organization's times are shown.
    public var timeZone: String
    /// NCIC Originating Agency Identifier; law-enforcement agencies only.
    public var ori: String?
    /// The PSAP identifier from the FCC registry; PSAPs only.
    public var psapIdentifier: String?
    /// The organization's main telephone number.
    public var phone: String?
    /// The tribal nation whose police, child-welfare agency or 911 center this is (Savanna's Act,
    /// 25 U.S.C. 5701 et seq.); nil for a state, county or local one.
    public var tribe: String?
    public var active: Bool
    public var createdAt: Date

    public init(
        id: OrganizationID, code: String, name: String, kind: OrganizationKind, state: String,
        timeZone: String, ori: String? = nil, psapIdentifier: String? = nil, phone: String? = nil,
        tribe: String? = nil, active: Bool = true, createdAt: Date
    ) {
        self.tribe = tribe
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.state = state
        self.timeZone = timeZone
        self.ori = ori
        self.psapIdentifier = psapIdentifier
        self.phone = phone
        self.active = active
        self.createdAt = createdAt
    }
}

/// What a person submits to create or edit an organization, before validation.
public struct OrganizationDraft: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var kind: String
    public var state: String
    public var timeZone: String
    public var ori: String?
    public var psapIdentifier: String?
    public var phone: String?
    /// The tribal nation, for a tribal agency.
    public var tribe: String?

    public init(
        code: String, name: String, kind: String, state: String, timeZone: String,
        ori: String? = nil, psapIdentifier: String? = nil, phone: String? = nil, tribe: String? = nil
    ) {
        self.tribe = tribe
        self.code = code
        self.name = name
        self.kind = kind
        self.state = state
        self.timeZone = timeZone
        self.ori = ori
        self.psapIdentifier = psapIdentifier
        self.phone = phone
    }

    /// The organization this draft describes, or every problem with it at once.
    public func validated(id: OrganizationID, createdAt: Date) throws -> Organization {
        var errors = FieldErrors()
        let code = self.code.trimmed.lowercased()
        if !OrganizationRules.isValidCode(code) {
            errors.add("code", "Use 2 to 32 lowercase letters, digits or hyphens, starting with a letter.")
        }
        let name = self.name.trimmed
        if name.isEmpty || name.count > 200 {
            errors.add("name", "Enter the organization's name (up to 200 characters).")
        } else if let problem = TextRules.problem(name, limit: 200, multiline: false) {
            errors.add("name", problem)
        }
        let kind = OrganizationKind(rawValue: self.kind)
        if kind == nil { errors.add("kind", "Choose what kind of organization this is.") }
        let state = self.state.trimmed.uppercased()
        if !USState.isValid(state) { errors.add("state", "Choose a state or territory.") }
        let timeZone = self.timeZone.trimmed
        if TimeZone(identifier: timeZone) == nil || !timeZone.contains("/") {
            errors.add("timeZone", "Enter an IANA time zone such as America/Chicago.")
        }
        let tribe = self.tribe?.trimmed.nilIfEmpty
        if let tribe {
            if let problem = TextRules.problem(tribe, limit: 200, multiline: false) {
                errors.add("tribe", problem)
            } else if kind == .clearinghouse {
                errors.add("tribe", "A clearinghouse is not a tribal agency.")
            }
        }
        let ori = self.ori?.trimmed.uppercased().nilIfEmpty
        if kind == .lawEnforcement {
            if let ori {
                if !OrganizationRules.isValidORI(ori) {
                    errors.add("ori", "An ORI is 9 characters: the 2-letter state code, then 7 letters or digits.")
                }
            } else if tribe == nil {
                // A tribal police department may have no ORI of its own yet.
                errors.add("ori", "A law-enforcement agency needs its 9-character ORI (a tribal one, where it has one).")
            }
        } else if ori != nil {
            errors.add("ori", "Only law-enforcement agencies have an ORI.")
        }
        let psap = self.psapIdentifier?.trimmed.nilIfEmpty
        if let psap {
            if kind != .psap {
                errors.add("psapIdentifier", "Only 911 centers have a PSAP identifier.")
            } else if !(1...8).contains(psap.count) || !psap.allSatisfy(\.isNumber) {
                errors.add("psapIdentifier", "A PSAP identifier is up to 8 digits.")
            }
        }
        let phone = self.phone?.trimmed.nilIfEmpty
        if let phone, !OrganizationRules.isValidPhone(phone) {
            errors.add("phone", "Enter a telephone number with 10 digits, such as 555-010-0100.")
        }
        try errors.throwIfAny()
        return Organization(
            id: id, code: code, name: name, kind: kind!, state: state, timeZone: timeZone, ori: ori,
            psapIdentifier: psap, phone: phone, tribe: tribe, createdAt: createdAt
        )
    }
}

/// Format rules for organization fields.
public enum OrganizationRules {
    /// A short code: a letter, then letters, digits or hyphens; 2 to 32 characters.
    public static func isValidCode(_ code: String) -> Bool {
        guard (2...32).contains(code.count), let first = code.first, first.isASCII, first.isLetter else { return false }
        return code.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// An NCIC ORI: nine characters, the first two a state code, the rest letters or digits.
    public static func isValidORI(_ ori: String) -> Bool {
        guard ori.count == 9, USState.isValid(String(ori.prefix(2))) else { return false }
        return ori.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    /// A North American telephone number: ten digits once punctuation is removed (a leading 1
    /// and an extension are allowed).
    public static func isValidPhone(_ phone: String) -> Bool {
        let main = phone.lowercased().components(separatedBy: "ext").first ?? phone
        var digits = main.filter(\.isNumber)
        if digits.count == 11, digits.first == "1" { digits.removeFirst() }
        let allowed = Set("0123456789 ()-.+")
        return digits.count == 10 && main.allSatisfy { allowed.contains($0) }
    }
}

extension String {
    /// The string without leading and trailing white space.
    public var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    /// Nil for an empty string.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Organization {
    /// The names of the fields that differ in `updated`, for the audit trail.
    public func changedFields(to updated: Organization) -> [String] {
        var fields: [String] = []
        if code != updated.code { fields.append("code") }
        if name != updated.name { fields.append("name") }
        if state != updated.state { fields.append("state") }
        if timeZone != updated.timeZone { fields.append("timeZone") }
        if ori != updated.ori { fields.append("ori") }
        if psapIdentifier != updated.psapIdentifier { fields.append("psapIdentifier") }
        if phone != updated.phone { fields.append("phone") }
        if active != updated.active { fields.append(updated.active ? "reactivated" : "deactivated") }
        return fields
    }
}

extension Organization {
    /// The organization's time zone, in which its people read and type times (UTC should the
    /// stored identifier ever be unknown; validation accepts only known ones).
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone.utc }
}
