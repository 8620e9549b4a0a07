import Foundation

/// A missing-from-care report as typed into the intake form or sent to the API, before validation.
/// Every field is text, so that a draft can hold anything and the form can show it back.
public struct ReportForm: Sendable, Equatable, Codable {
    public var firstName = ""
    public var middleName = ""
    public var lastName = ""
    /// `YYYY-MM-DD`.
    public var dateOfBirth = ""
    /// `F` or `M`.
    public var sex = ""
    public var race = ""
    public var heightFeet = ""
    public var heightInches = ""
    public var weightPounds = ""
    public var eyeColor = ""
    public var hairColor = ""
    public var marks = ""
    public var tribalAffiliation = ""
    /// When the agency received the information, `YYYY-MM-DDTHH:MM` in the agency's time zone.
    public var receivedAt = ""
    /// When the child was last seen, same form; optional.
    public var lastSeenAt = ""
    public var lastSeenCity = ""
    public var lastSeenState = ""
    public var lastSeenPlace = ""
    public var circumstances = ""
    public var endangerments: [String] = []
    /// Set when the reporter confirms that none of the endangerments applies: the question must
    /// be answered either way.
    public var noEndangerments = false
    public var clothing = ""
    public var possibleWhereabouts = ""
    public var vehicleYear = ""
    public var vehicleMake = ""
    public var vehicleModel = ""
    public var vehicleColor = ""
    public var vehiclePlate = ""
    public var vehiclePlateState = ""
    public var guardianName = ""
    public var guardianAgency = ""
    public var guardianPhone = ""
    public var guardianEmail = ""
    /// The id of a police agency that uses Homeward, or empty for another agency described below.
    public var policeOrganizationID = ""
    public var policeName = ""
    public var policeOri = ""
    public var policePhone = ""
    public var policeReportNumber = ""
    public var officerName = ""
    public var badge = ""
    public var caseType = ""
    /// For a child who may have gone missing before: `new` for a different child, or
    /// `link:<child id>` once a person has confirmed it is the same child. Never decided by
    /// Homeward alone.
    public var childDecision = ""
    /// A supervisor's reason for a second open case, when a child of the same name and date of
    /// birth already has one (see ``SecondOpenCaseRule``).
    public var secondCaseReason = ""
    /// `first` or `second`: which of two identical local times was meant, when the clocks went back.
    public var receivedAtOccurrence = ""
    public var lastSeenAtOccurrence = ""

    public init() {}

    /// The form as a flat dictionary, for drafts.
    public var fields: [String: String] {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        var fields: [String: String] = [:]
        for (key, value) in object {
            if let text = value as? String {
                fields[key] = text
            } else if let list = value as? [String] {
                fields[key] = list.joined(separator: ",")
            } else if let flag = value as? Bool {
                fields[key] = flag ? "true" : ""
            }
        }
        return fields
    }

    /// The form as it would have to be filled to describe `child` and `episode` today, for edits.
    /// Times are written as UTC instants, which parse back exactly.
    public init(child: Child, episode: MissingEpisode) {
        self.init()
        firstName = child.firstName
        middleName = child.middleName ?? ""
        lastName = child.lastName
        dateOfBirth = child.dateOfBirth.iso
        sex = child.sex.rawValue
        race = child.race ?? ""
        heightFeet = String(child.heightInches / 12)
        heightInches = String(child.heightInches % 12)
        weightPounds = String(child.weightPounds)
        eyeColor = child.eyeColor ?? ""
        hairColor = child.hairColor ?? ""
        marks = child.marks ?? ""
        tribalAffiliation = child.tribalAffiliation ?? ""
        receivedAt = Timestamp.format(episode.receivedAt)
        lastSeenAt = episode.lastSeenAt.map(Timestamp.format) ?? ""
        lastSeenCity = episode.lastSeenCity
        lastSeenState = episode.lastSeenState
        lastSeenPlace = episode.lastSeenPlace ?? ""
        circumstances = episode.circumstances
        endangerments = episode.endangerments.map(\.rawValue).sorted()
        noEndangerments = episode.endangerments.isEmpty
        clothing = episode.clothing ?? ""
        possibleWhereabouts = episode.possibleWhereabouts ?? ""
        vehicleYear = episode.vehicle?.year ?? ""
        vehicleMake = episode.vehicle?.make ?? ""
        vehicleModel = episode.vehicle?.model ?? ""
        vehicleColor = episode.vehicle?.color ?? ""
        vehiclePlate = episode.vehicle?.plate ?? ""
        vehiclePlateState = episode.vehicle?.plateState ?? ""
        guardianName = episode.guardian.name
        guardianAgency = episode.guardian.agency ?? ""
        guardianPhone = episode.guardian.phone
        guardianEmail = episode.guardian.email ?? ""
        policeOrganizationID = episode.police.organizationID?.rawValue ?? ""
        policeName = episode.police.name
        policeOri = episode.police.ori ?? ""
        policePhone = episode.police.phone
        policeReportNumber = episode.police.reportNumber ?? ""
        officerName = episode.police.officerName ?? ""
        badge = episode.police.badge ?? ""
        caseType = episode.caseType.rawValue
    }

    /// A form from a draft's fields.
    public init(fields: [String: String]) {
        var object: [String: Any] = [:]
        for (key, value) in fields {
            switch key {
            case "endangerments": object[key] = value.split(separator: ",").map(String.init)
            case "noEndangerments": object[key] = value == "true"
            default: object[key] = value
            }
        }
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        self = (try? JSONDecoder().decode(ReportForm.self, from: data)) ?? ReportForm()
    }

    private enum CodingKeys: String, CodingKey {
        case firstName, middleName, lastName, dateOfBirth, sex, race, heightFeet, heightInches, weightPounds, eyeColor, hairColor, marks
        case tribalAffiliation
        case receivedAt, lastSeenAt, lastSeenCity, lastSeenState, lastSeenPlace, circumstances, endangerments, noEndangerments, clothing
        case possibleWhereabouts, vehicleYear, vehicleMake, vehicleModel, vehicleColor, vehiclePlate, vehiclePlateState
        case guardianName, guardianAgency, guardianPhone, guardianEmail, policeOrganizationID, policeName, policeOri, policePhone
        case policeReportNumber, officerName, badge, caseType, childDecision, secondCaseReason, receivedAtOccurrence, lastSeenAtOccurrence
    }

    /// Missing keys decode as empty, so a partial JSON body gets field errors, not a decoding error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? "" }
        firstName = try text(.firstName)
        middleName = try text(.middleName)
        lastName = try text(.lastName)
        dateOfBirth = try text(.dateOfBirth)
        sex = try text(.sex)
        race = try text(.race)
        heightFeet = try text(.heightFeet)
        heightInches = try text(.heightInches)
        weightPounds = try text(.weightPounds)
        eyeColor = try text(.eyeColor)
        hairColor = try text(.hairColor)
        marks = try text(.marks)
        tribalAffiliation = try text(.tribalAffiliation)
        receivedAt = try text(.receivedAt)
        lastSeenAt = try text(.lastSeenAt)
        lastSeenCity = try text(.lastSeenCity)
        lastSeenState = try text(.lastSeenState)
        lastSeenPlace = try text(.lastSeenPlace)
        circumstances = try text(.circumstances)
        endangerments = try c.decodeIfPresent([String].self, forKey: .endangerments) ?? []
        noEndangerments = try c.decodeIfPresent(Bool.self, forKey: .noEndangerments) ?? false
        clothing = try text(.clothing)
        possibleWhereabouts = try text(.possibleWhereabouts)
        vehicleYear = try text(.vehicleYear)
        vehicleMake = try text(.vehicleMake)
        vehicleModel = try text(.vehicleModel)
        vehicleColor = try text(.vehicleColor)
        vehiclePlate = try text(.vehiclePlate)
        vehiclePlateState = try text(.vehiclePlateState)
        guardianName = try text(.guardianName)
        guardianAgency = try text(.guardianAgency)
        guardianPhone = try text(.guardianPhone)
        guardianEmail = try text(.guardianEmail)
        policeOrganizationID = try text(.policeOrganizationID)
        policeName = try text(.policeName)
        policeOri = try text(.policeOri)
        policePhone = try text(.policePhone)
        policeReportNumber = try text(.policeReportNumber)
        officerName = try text(.officerName)
        badge = try text(.badge)
        caseType = try text(.caseType)
        childDecision = try text(.childDecision)
        secondCaseReason = try text(.secondCaseReason)
        receivedAtOccurrence = try text(.receivedAtOccurrence)
        lastSeenAtOccurrence = try text(.lastSeenAtOccurrence)
    }

    /// What the validated form becomes.
    /// The child this report was confirmed to be about, when the person linked it to an earlier record.
    public var linkedChildID: ChildID? {
        childDecision.hasPrefix("link:") ? ChildID(String(childDecision.dropFirst(5))) : nil
    }

    public struct Validated: Sendable, Equatable {
        public var child: Child
        public var episode: MissingEpisode
    }

    /// Validates the form for `agency`, reporting every problem at once. `policeAgencies` are the
    /// member police agencies the reporter may pick; `tables` the NCIC codes; `rules` the versions
    /// of the agency's state rules, of which the one in force when the agency received the
    /// information adds its required fields and age limit, and becomes the episode's rules.
    public func validated(
        agency: Organization, reporter: UserID, policeAgencies: [Organization], childID: ChildID, episodeID: EpisodeID, now: Date,
        requireOffsets: Bool = false, tables: NCICCodeTables = .standard, rules: [JurisdictionRules] = []
    ) throws -> Validated {
        var errors = FieldErrors()
        let zone = agency.zone
        func required(_ value: String, _ field: String, _ message: String) -> String {
            let value = value.trimmed
            if value.isEmpty { errors.add(field, message) }
            return value
        }
        func optional(_ value: String) -> String? { value.trimmed.nilIfEmpty }
        // Every field first: what it may hold and how long it may be. Several lines only where a
        // person describes something.
        let paragraphs: Set<String> = ["circumstances", "possibleWhereabouts", "marks", "clothing"]
        TextRules.check(
            fields.sorted { $0.key < $1.key }.map { name, value in
                (name, value, paragraphs.contains(name) ? TextRules.paragraphLimit : TextRules.lineLimit, paragraphs.contains(name))
            }, errors: &errors)

        let first = required(firstName, "firstName", "Enter the child's first name.")
        let last = required(lastName, "lastName", "Enter the child's last name.")
        let dob = CivilDate(iso: dateOfBirth)
        if dob == nil { errors.add("dateOfBirth", "Enter the date of birth as YYYY-MM-DD.") }
        let sex = Sex(rawValue: sex.trimmed.uppercased())
        if sex == nil { errors.add("sex", "Choose female or male.") }
        let race = optional(race)?.uppercased()
        if let race, tables.races[race] == nil { errors.add("race", "Choose a race from the list (Unknown if not known).") }
        let feet = NumberKind.heightFeet.value(heightFeet)
        let inches = heightInches.trimmed.isEmpty ? 0 : NumberKind.heightInches.value(heightInches)
        if feet == nil || inches == nil {
            errors.add("heightFeet", "Enter the height in feet (1 to 8) and inches (0 to 11).")
        }
        let weight = NumberKind.weightPounds.value(weightPounds)
        if weight == nil { errors.add("weightPounds", "Enter the weight in pounds, from 1 to 999.") }
        let eye = optional(eyeColor)?.uppercased()
        if let eye, tables.eyeColors[eye] == nil { errors.add("eyeColor", "Choose an eye color from the list.") }
        let hair = optional(hairColor)?.uppercased()
        if let hair, tables.hairColors[hair] == nil { errors.add("hairColor", "Choose a hair color from the list.") }

        let received = LocalDateTime.instant(
            receivedAt, occurrence: receivedAtOccurrence, field: "receivedAt", in: zone, requireOffset: requireOffsets, now: now,
            bornOn: dob, missing: "Enter when your agency learned the child was missing (date and time).", errors: &errors)
        var lastSeen: Date?
        if !lastSeenAt.trimmed.isEmpty {
            lastSeen = LocalDateTime.instant(
                lastSeenAt, occurrence: lastSeenAtOccurrence, field: "lastSeenAt", in: zone, requireOffset: requireOffsets, now: now,
                bornOn: dob, missing: "", errors: &errors)
        }
        let city = required(lastSeenCity, "lastSeenCity", "Enter the city where the child went missing.")
        let state = lastSeenState.trimmed.uppercased()
        if !USState.isValid(state) { errors.add("lastSeenState", "Choose the state where the child went missing.") }
        let circumstances = required(circumstances, "circumstances", "Describe the circumstances of the disappearance.")

        let flags = endangermentFlags(errors: &errors)

        let guardianName = required(
            guardianName, "guardianName", "Enter the guardian's name (for a child in care, the agency or person with custody).")
        let guardianPhone = required(guardianPhone, "guardianPhone", "Enter a telephone number for the guardian.")
        if !guardianPhone.isEmpty && !OrganizationRules.isValidPhone(guardianPhone) {
            errors.add("guardianPhone", "Enter a telephone number with 10 digits.")
        }
        let guardianEmail = optional(guardianEmail)
        if let guardianEmail, !UserRules.isValidEmail(guardianEmail.lowercased()) {
            errors.add("guardianEmail", "Enter a valid e-mail address or leave it empty.")
        }

        let police = investigatingAgency(among: policeAgencies, errors: &errors)

        // The state's rules in force when the agency learned of the child: its required fields, and
        // the age under which the state counts a missing child (federal: 18).
        let stateRules = received.flatMap { JurisdictionRules.inForce(rules, state: agency.state, at: $0) }
        if let stateRules {
            let stateName = USState.names[stateRules.state] ?? stateRules.state
            // `fields` encodes the whole form: once, not once per required field.
            let typed = fields
            for name in stateRules.requiredFields where (typed[name] ?? "").trimmed.isEmpty {
                errors.add(name, "\(stateName) requires this (\(stateRules.citation)).")
            }
        }
        let childUnder = stateRules?.childUnder ?? 18
        let caseType = checkedCaseType(bornOn: dob, received: received, zone: zone, childUnder: childUnder, errors: &errors)

        let vehicle = givenVehicle(errors: &errors)

        try errors.throwIfAny()
        var child = Child(
            id: childID, organizationID: agency.id, firstName: first, middleName: optional(middleName), lastName: last, dateOfBirth: dob!,
            sex: sex!, race: race, heightInches: feet! * 12 + inches!, weightPounds: weight!, eyeColor: eye, hairColor: hair,
            marks: optional(marks), createdAt: now)
        child.tribalAffiliation = optional(tribalAffiliation)
        let episode = MissingEpisode(
            id: episodeID, childID: childID, organizationID: agency.id, status: .open, receivedAt: received!, lastSeenAt: lastSeen,
            lastSeenCity: city, lastSeenState: state, lastSeenPlace: optional(lastSeenPlace), circumstances: circumstances,
            endangerments: flags,
            clothing: optional(clothing), possibleWhereabouts: optional(possibleWhereabouts), vehicle: vehicle,
            guardian: Guardian(name: guardianName, agency: optional(guardianAgency), phone: guardianPhone, email: guardianEmail),
            police: police, caseType: caseType!, createdBy: reporter, createdAt: now, submittedAt: now)
        var validated = Validated(child: child, episode: episode)
        validated.episode.rulesID = stateRules?.id
        return validated
    }

    /// The ticked risks: each a listed one, and either some or "none of these", never both or neither.
    private func endangermentFlags(errors: inout FieldErrors) -> Set<Endangerment> {
        var flags = Set<Endangerment>()
        for raw in endangerments where !raw.isEmpty {
            if let flag = Endangerment(rawValue: raw) {
                flags.insert(flag)
            } else {
                errors.add("endangerments", "“\(raw)” is not a listed risk.")
            }
        }
        if flags.isEmpty && !noEndangerments {
            errors.add("endangerments", "Tick every risk that applies, or confirm that none does.")
        } else if !flags.isEmpty && noEndangerments {
            errors.add("endangerments", "You ticked risks and also “none of these”; choose one or the other.")
        }
        return flags
    }

    /// The police agency the report goes to: a member chosen from the list, a member named by its
    /// ORI, or another agency by name, ORI and telephone number; with the report number and officer.
    private func investigatingAgency(among policeAgencies: [Organization], errors: inout FieldErrors) -> InvestigatingAgency {
        var police = InvestigatingAgency(name: "", phone: "")
        if let chosen = Self.trimmedOrNil(policeOrganizationID) {
            if let member = policeAgencies.first(where: { $0.id.rawValue == chosen }) {
                police = InvestigatingAgency(organizationID: member.id, name: member.name, ori: member.ori, phone: member.phone ?? "")
                if police.phone.isEmpty { police.phone = policePhone.trimmed }
            } else {
                errors.add("policeOrganizationID", "Choose a police agency from the list, or “another agency”.")
            }
        } else if let ori = Self.trimmedOrNil(policeOri)?.uppercased(),
            let member = policeAgencies.first(where: { $0.ori?.uppercased() == ori })
        {
            // "Another agency" given by the ORI of a member (one of another state, say): the report
            // goes to that member, as if it had been chosen from the list.
            police = InvestigatingAgency(organizationID: member.id, name: member.name, ori: member.ori, phone: member.phone ?? "")
            if police.phone.isEmpty { police.phone = policePhone.trimmed }
        } else {
            police.name = Self.required(policeName, "policeName", "Enter the name of the police agency you report to.", errors: &errors)
            police.ori = Self.trimmedOrNil(policeOri)?.uppercased()
            if let ori = police.ori, !OrganizationRules.isValidORI(ori) {
                errors.add("policeOri", "An ORI is 9 characters: the 2-letter state code, then 7 letters or digits.")
            }
            police.phone = policePhone.trimmed
        }
        if police.phone.isEmpty {
            errors.add("policePhone", "Enter the police agency's telephone number.")
        } else if !OrganizationRules.isValidPhone(police.phone) {
            errors.add("policePhone", "Enter a telephone number with 10 digits.")
        }
        police.reportNumber = Self.trimmedOrNil(policeReportNumber)
        if let number = police.reportNumber, number.count > 20 {
            errors.add("policeReportNumber", "A report number has at most 20 characters.")
        }
        police.officerName = Self.trimmedOrNil(officerName)
        police.badge = Self.trimmedOrNil(badge)
        return police
    }

    /// The kind of case, checked against the child's age when the agency learned of it: under 21,
    /// and a young adult's case only from the age the state stops counting children.
    private func checkedCaseType(bornOn dob: CivilDate?, received: Date?, zone: TimeZone, childUnder: Int, errors: inout FieldErrors)
        -> CaseType?
    {
        var caseType = CaseType(rawValue: caseType)
        if let dob, let received {
            let age = dob.age(on: CivilDate(received, in: zone))
            if age >= 21 {
                errors.add("dateOfBirth", "The person was 21 or older; this report is for children and young adults under 21.")
            } else if age < 0 {
                errors.add("dateOfBirth", "The date of birth is after the disappearance.")
            } else if age >= childUnder {
                if caseType == nil { caseType = .criticallyMissingYoungAdult }
            } else if caseType == .criticallyMissingYoungAdult {
                errors.add(
                    "caseType",
                    childUnder == 18
                        ? "“Critically missing young adult” is for ages 18 to 20."
                        : "“Critically missing young adult” is for ages \(childUnder) to 20: the state counts younger people as children.")
            }
        }
        if caseType == nil { errors.add("caseType", "Choose the kind of case.") }
        return caseType
    }

    /// The vehicle, when any of it was given; its plate's state must be a state.
    private func givenVehicle(errors: inout FieldErrors) -> Vehicle? {
        var vehicle: Vehicle? = Vehicle(
            year: Self.trimmedOrNil(vehicleYear), make: Self.trimmedOrNil(vehicleMake), model: Self.trimmedOrNil(vehicleModel),
            color: Self.trimmedOrNil(vehicleColor),
            plate: Self.trimmedOrNil(vehiclePlate)?.uppercased(), plateState: Self.trimmedOrNil(vehiclePlateState)?.uppercased())
        if vehicle == Vehicle() { vehicle = nil }
        if let plateState = vehicle?.plateState, !USState.isValid(plateState) {
            errors.add("vehiclePlateState", "Choose the plate's state.")
        }
        return vehicle
    }

    /// `value` without surrounding spaces, or nil when nothing is left.
    private static func trimmedOrNil(_ value: String) -> String? { value.trimmed.nilIfEmpty }

    /// `value` without surrounding spaces; `message` on `field` when nothing is left.
    private static func required(_ value: String, _ field: String, _ message: String, errors: inout FieldErrors) -> String {
        let value = value.trimmed
        if value.isEmpty { errors.add(field, message) }
        return value
    }
}

/// Reads the `YYYY-MM-DDTHH:MM` of an HTML date-time field as an instant in a time zone, telling
/// apart the two times daylight saving time makes hard: a local time that never happened (the hour
/// skipped in spring) and one that happened twice (the hour repeated in autumn), which must be
/// named, never guessed. A full ISO 8601 time with its own offset (`2026-11-18T17:30:00Z`), as
/// systems send, is taken as is.
public enum LocalDateTime {
    /// `date` as a local time in `zone` with its abbreviation (`2026-11-23 12:10 CST`), for messages.
    public static func text(_ date: Date, in zone: TimeZone) -> String {
        formatted(date, in: zone, as: "yyyy-MM-dd HH:mm zzz")
    }

    /// What a typed time means in a zone.
    public enum Reading: Sendable, Equatable {
        case instant(Date)
        /// The local time does not exist: the clocks jumped over it.
        case skipped
        /// The local time happened twice: first at `first`, then at `second`.
        case ambiguous(first: Date, second: Date)
        case unreadable
    }

    /// Which of two identical local times was meant: the form's `…Occurrence` field.
    public enum Occurrence: String, Sendable {
        case first, second
    }

    /// Words of the message for a local time that happened twice; a page that sees them beside a
    /// field offers the choice of the first or the second.
    public static let happenedTwice = "happened twice"

    public static func read(_ text: String, in zone: TimeZone, requireOffset: Bool = false) -> Reading {
        let text = text.trimmed
        if let instant = Timestamp.parse(text) { return .instant(instant) }
        // Only a text that names its offset is taken as an absolute time; a bare local time must
        // not be read as UTC.
        if let (local, offset) = offsetSuffix(text) {
            guard let parts = components(local), let offset else { return .unreadable }
            return .instant(Date(timeIntervalSince1970: Double(parts.date.epochDay) * 86_400 + Double(parts.secondOfDay - offset)))
        }
        if requireOffset { return .unreadable }
        guard let local = components(text) else { return .unreadable }
        // Try every offset the zone uses around that day; keep those that agree with themselves.
        let asUTC = Double(local.date.epochDay) * 86_400 + Double(local.secondOfDay)
        let offsets = Set([-86_400.0, 0, 86_400].map { zone.secondsFromGMT(for: Date(timeIntervalSince1970: asUTC + $0)) })
        let candidates = offsets.map { Date(timeIntervalSince1970: asUTC - Double($0)) }
            .filter { zone.secondsFromGMT(for: $0) == Int(asUTC - $0.timeIntervalSince1970) }.sorted()
        switch candidates.count {
        case 0: return .skipped
        case 1: return .instant(candidates[0])
        default: return .ambiguous(first: candidates[0], second: candidates[candidates.count - 1])
        }
    }

    /// The instant, or nil when the text is no time, names a skipped time, or an ambiguous one.
    public static func parse(_ text: String, in zone: TimeZone) -> Date? {
        if case .instant(let date) = read(text, in: zone) { return date }
        return nil
    }

    /// The instant meant by `text` (and `occurrence`, for a time that happened twice), or nil
    /// with a message for `field` that says what is wrong: missing, unreadable, skipped, or
    /// ambiguous (asking which), or outside the range any submitted time must fall in.
    public static func instant(
        _ text: String, occurrence: String? = nil, field: String, in zone: TimeZone, requireOffset: Bool = false, now: Date,
        bornOn: CivilDate? = nil, missing: String, errors: inout FieldErrors
    ) -> Date? {
        guard !text.trimmed.isEmpty else {
            errors.add(field, missing)
            return nil
        }
        let instant: Date?
        switch read(text, in: zone, requireOffset: requireOffset) {
        case .instant(let date):
            instant = date
        case .unreadable where Int(text.trimmed.prefix(4)).map { $0 < 1900 } == true:
            errors.add(field, "A time before 1900 cannot be right: check the year.")
            instant = nil
        case .unreadable:
            errors.add(
                field,
                requireOffset
                    ? "Give the time with its offset or Z, such as 2026-11-18T17:30:00-06:00 or 2026-11-18T23:30:00Z."
                    : "Enter a date and time, such as 2026-11-18 17:30.")
            instant = nil
        case .skipped:
            errors.add(
                field,
                "\(text.trimmed.replacingOccurrences(of: "T", with: " ")) did not happen in \(zone.identifier): the clocks jumped forward an hour for daylight saving time. Check the time; it was probably an hour later."
            )
            instant = nil
        case .ambiguous(let first, let second):
            switch occurrence.flatMap(Occurrence.init(rawValue:)) {
            case .first: instant = first
            case .second: instant = second
            case nil:
                func name(_ instant: Date) -> String {
                    let hours = zone.secondsFromGMT(for: instant) / 3600
                    let kind = zone.isDaylightSavingTime(for: instant) ? "daylight time" : "standard time"
                    return "\(kind), UTC\(hours < 0 ? "−" : "+")\(abs(hours))"
                }
                let firstName = name(first)
                let secondName = name(second)
                errors.add(
                    field,
                    "\(text.trimmed.replacingOccurrences(of: "T", with: " ")) \(happenedTwice) in \(zone.identifier): the clocks went back an hour. Choose below whether it was the first (\(firstName)) or the second (\(secondName))."
                )
                instant = nil
            }
        }
        if let instant, let problem = SubmittedInstant.problem(instant, now: now, bornOn: bornOn) {
            errors.add(field, problem)
            return nil
        }
        return instant
    }

    /// The date and second of the day of `YYYY-MM-DD[T ]HH:MM[:SS]`.
    /// A text ending in an offset (`Z`, `+05:30`, `-0600`) split into its local part and the offset
    /// in seconds east of UTC (nil when the offset itself is out of range); nil when it names none.
    static func offsetSuffix(_ text: String) -> (local: String, offset: Int?)? {
        let bytes = Array(text.utf8)
        if bytes.last == 0x5A { return (String(decoding: bytes.dropLast(), as: UTF8.self), 0) }
        func digit(_ index: Int) -> Int? {
            index >= 0 && index < bytes.count && (0x30...0x39).contains(bytes[index]) ? Int(bytes[index] - 0x30) : nil
        }
        for length in [6, 5] {
            let start = bytes.count - length
            guard start > 0, bytes[start] == 0x2B || bytes[start] == 0x2D else { continue }
            let colon = length == 6
            guard !colon || bytes[start + 3] == 0x3A, let h1 = digit(start + 1), let h2 = digit(start + 2),
                let m1 = digit(start + (colon ? 4 : 3)), let m2 = digit(start + (colon ? 5 : 4))
            else { continue }
            let hours = h1 * 10 + h2
            let minutes = m1 * 10 + m2
            let sign = bytes[start] == 0x2B ? 1 : -1
            let local = String(decoding: bytes[..<start], as: UTF8.self)
            return (local, hours <= 14 && minutes < 60 ? sign * (hours * 3600 + minutes * 60) : nil)
        }
        return nil
    }

    static func components(_ text: String) -> (date: CivilDate, secondOfDay: Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16 || bytes.count == 19, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x20,
            bytes[13] == 0x3A, bytes.count == 16 || bytes[16] == 0x3A
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), hour < 24, minute < 60, let date = CivilDate(year: year, month: month, day: day)
        else { return nil }
        let second = bytes.count == 19 ? number(17..<19) : 0
        guard let second, second < 60 else { return nil }
        return (date, hour * 3600 + minute * 60 + second)
    }

    /// The `YYYY-MM-DDTHH:MM` an HTML date-time field shows for `date` in `zone`.
    public static func format(_ date: Date, in zone: TimeZone) -> String {
        formatted(date, in: zone, as: "yyyy-MM-dd'T'HH:mm")
    }

    private static func formatted(_ date: Date, in zone: TimeZone, as pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}

/// What a correction of a report changed, for its audit event: each changed field with its old and
/// new value, so the trail shows what the report said before.
public enum ReportCorrection {
    public static func describe(before: [String: String], after: [String: String]) -> String {
        let changed = Set(before.keys).union(after.keys).sorted().filter { (before[$0] ?? "") != (after[$0] ?? "") }
        guard !changed.isEmpty else { return "no field changed" }
        return changed.map { "\($0): “\(before[$0] ?? "")” → “\(after[$0] ?? "")”" }.joined(separator: "; ")
    }
}
