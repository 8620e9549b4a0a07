import Foundation

public enum PosterStatus: String, Codable, Sendable {
    case draft, published, withdrawn

    public var title: String {
        switch self {
        case .draft: "Draft"
        case .published: "Published"
        case .withdrawn: "Withdrawn"
        }
    }
}

/// A consent to publish, recorded by a case manager: who gave it (a name and capacity, typed by
/// the case manager), who recorded it and when.
public struct PosterConsent: Codable, Sendable, Equatable {
    public var givenBy: String
    public var recordedBy: UserID
    public var recordedAt: Date
    /// The guardian's word that the child's tribal affiliation may be shown on the poster. Without
    /// it (nil or false) the affiliation stays private, as it always is by default.
    public var showsTribalAffiliation: Bool?

    public init(givenBy: String, recordedBy: UserID, recordedAt: Date, showsTribalAffiliation: Bool = false) {
        self.givenBy = givenBy
        self.recordedBy = recordedBy
        self.recordedAt = Timestamp.truncated(recordedAt)
        self.showsTribalAffiliation = showsTribalAffiliation ? true : nil
    }
}

/// The clearinghouse's poster of one episode, as staff see it. What the public sees is the
/// ``PublicPoster`` frozen from it when it is published.
public struct Poster: Sendable, Equatable {
    public var id: String
    public var episodeID: EpisodeID
    /// The stable public address: `/posters/{slug}`.
    public var slug: String
    public var status: PosterStatus
    /// Written for the public by the case manager; screened for confidential words.
    public var narrative: String
    /// The narrative written in other languages by the case manager (language → text), each
    /// screened like the English one; a language without one shows the English narrative.
    public var translations: [String: String] = [:]
    /// The photos shown, in order; the first is the main photo.
    public var photoIDs: [String]
    public var guardianConsent: PosterConsent?
    public var policeConsent: PosterConsent?
    public var createdBy: UserID
    public var createdAt: Date
    public var publishedAt: Date?
    public var withdrawnAt: Date?
    public var withdrawnReason: String?
    /// Grows with every change, so caches of the public page know when they are stale.
    public var revision: Int
    /// The public version, present once published.
    public var published: PublicPoster?
    /// The case manager's attestation about the public text, recorded at publication.
    public var attestation: PublicationAttestation?
    /// The public fields as the case manager confirmed them; nil until then (the preview shows
    /// the report's values as a suggestion, and publication waits for the confirmation).
    public var publicFields: PosterPublicFields?
    /// The version waiting for a second person's approval, if any; the live version stays live.
    public var pendingApproval: PosterApprovalRequest?
    /// Who approved the live version, and its digest.
    public var approval: PosterApproval?
    /// Everyone who changed the working copy since the live version was approved: none of them
    /// may approve the next one.
    public var editors: [UserID] = []

    public init(
        id: String, episodeID: EpisodeID, slug: String, status: PosterStatus = .draft, narrative: String = "", photoIDs: [String] = [],
        guardianConsent: PosterConsent? = nil, policeConsent: PosterConsent? = nil, createdBy: UserID, createdAt: Date,
        publishedAt: Date? = nil, withdrawnAt: Date? = nil, withdrawnReason: String? = nil, revision: Int = 1,
        published: PublicPoster? = nil, attestation: PublicationAttestation? = nil
    ) {
        self.id = id
        self.episodeID = episodeID
        self.slug = slug
        self.status = status
        self.narrative = narrative
        self.photoIDs = photoIDs
        self.guardianConsent = guardianConsent
        self.policeConsent = policeConsent
        self.createdBy = createdBy
        self.createdAt = Timestamp.truncated(createdAt)
        self.publishedAt = publishedAt.map(Timestamp.truncated)
        self.withdrawnAt = withdrawnAt.map(Timestamp.truncated)
        self.withdrawnReason = withdrawnReason
        self.revision = revision
        self.published = published
        self.attestation = attestation
    }

    /// A new slug: ten characters of an alphabet without look-alikes, unguessable and stable.
    public static func newSlug() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

/// The poster's own public fields: where the child went missing from and whom to call. Each is
/// confirmed by the case manager and checked to its format (``PosterRules/publicFieldProblems``),
/// never copied silently from the report's free text.
public struct PosterPublicFields: Codable, Sendable, Equatable {
    /// A place in `state`, as on the US place list, or one the approver confirms (`cityUnlisted`).
    public var city: String
    /// Two-letter state code.
    public var state: String
    /// The case manager says `city` is a real place the list lacks; the approver confirms it.
    public var cityUnlisted: Bool
    /// The investigating police agency's name and phone as printed.
    public var agencyName: String
    public var agencyPhone: String

    public init(city: String, state: String, cityUnlisted: Bool = false, agencyName: String, agencyPhone: String) {
        self.city = city
        self.state = state
        self.cityUnlisted = cityUnlisted
        self.agencyName = agencyName
        self.agencyPhone = agencyPhone
    }

    /// What the report suggests: its city and state, its police agency's name and phone.
    public static func suggested(by episode: MissingEpisode) -> PosterPublicFields {
        PosterPublicFields(
            city: episode.lastSeenCity, state: episode.lastSeenState, agencyName: episode.police.name, agencyPhone: episode.police.phone)
    }

    /// The values as they are published: NFC, spacing folded.
    public var published: PosterPublicFields {
        func clean(_ text: String) -> String { TextSkeleton.published(text).split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        return PosterPublicFields(
            city: clean(city), state: clean(state).uppercased(), cityUnlisted: cityUnlisted, agencyName: clean(agencyName),
            agencyPhone: PublicPhone(agencyPhone)?.written ?? clean(agencyPhone))
    }
}

/// A version of the poster waiting for a second person's approval: the exact public version, its
/// digest, who asked and who wrote it, and what the screen marked for the approver to judge.
public struct PosterApprovalRequest: Codable, Sendable, Equatable {
    /// The public version as it would be published.
    public var candidate: PublicPoster
    /// ``PublicPoster/digest``: the approval is bound to it, so any later change voids it.
    public var digest: String
    public var requestedBy: UserID
    public var requestedAt: Date
    /// Everyone who wrote this version: none of them may approve it.
    public var authors: [UserID]
    public var attestation: PublicationAttestation
    /// What the screen marked for the approver (refused findings block the request itself).
    public var highlights: [ScreenFinding]

    public init(
        candidate: PublicPoster, requestedBy: UserID, requestedAt: Date, authors: [UserID], attestation: PublicationAttestation,
        highlights: [ScreenFinding]
    ) {
        self.candidate = candidate
        self.digest = candidate.digest
        self.requestedBy = requestedBy
        self.requestedAt = Timestamp.truncated(requestedAt)
        self.authors = authors
        self.attestation = attestation
        self.highlights = highlights
    }
}

/// The approval of the live version: its digest, who wrote it and who approved it.
public struct PosterApproval: Codable, Sendable, Equatable {
    public var digest: String
    public var authors: [UserID]
    public var approvedBy: UserID
    public var approvedAt: Date

    public init(digest: String, authors: [UserID], approvedBy: UserID, approvedAt: Date) {
        self.digest = digest
        self.authors = authors
        self.approvedBy = approvedBy
        self.approvedAt = Timestamp.truncated(approvedAt)
    }
}

/// Everything the public may ever see of a missing child, and nothing else. Built only by
/// ``PublicPoster/build(_:record:hotline:tables:)`` from an allow-list of fields; the public page,
/// its PDF and image, the public JSON and every feed render from this value alone.
public struct PublicPoster: Codable, Sendable, Equatable {
    public var slug: String
    public var name: String
    /// The case-type banner ("ENDANGERED RUNAWAY").
    public var banner: String
    public var missingSince: CivilDate
    public var missingFromCity: String
    public var missingFromState: String
    public var dateOfBirth: CivilDate
    public var sex: String
    public var race: String?
    public var hair: String?
    public var eyes: String?
    /// `5'3"`.
    public var height: String
    /// `94 lbs`.
    public var weight: String
    /// The same height and weight as numbers, for a language that writes them its own way (nil on
    /// a poster published before they were kept).
    public var heightInches: Int?
    public var weightPounds: Int?
    /// The child's tribal affiliation, only when the guardian's consent says it may be shown.
    public var tribalAffiliation: String?
    public var narrative: String
    /// The narrative in other languages, as the case manager wrote them (language → text).
    public var translations: [String: String]?
    public var photoIDs: [String]
    public var caseNumber: String?
    public var hotline: String
    public var agencyName: String
    public var agencyPhone: String
    public var publishedAt: Date

    /// The SHA-256 of everything published (the time of publication aside), as hexadecimal: the
    /// page, the PDF, the public JSON and the feeds are all drawn from these fields alone, so the
    /// digest names the rendering an approver saw.
    public var digest: String {
        var content = self
        content.publishedAt = Date(timeIntervalSince1970: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        let data = (try? encoder.encode(content)) ?? Data()
        return SHA256Digest.hex(of: data)
    }

    /// "Age Now": whole years, or months for a child under two.
    public func ageNow(on date: CivilDate) -> String {
        switch age(on: date) {
        case .years(let years): "\(years) years"
        case .months(let months): "\(months) month\(months == 1 ? "" : "s")"
        }
    }

    /// How old the child is on `date`, as a poster counts it: years from two on, months before.
    public enum Age: Sendable, Equatable {
        case years(Int)
        case months(Int)
    }

    public func age(on date: CivilDate) -> Age {
        let years = dateOfBirth.age(on: date)
        return years >= 2 ? .years(years) : .months(max(0, dateOfBirth.ageInMonths(on: date)))
    }

    /// The facts printed beside the photo, in order, worded alike on the page and in the PDF.
    public func facts(on today: CivilDate) -> [(label: String, value: String)] {
        [
            ("Missing Since", missingSince.longText), ("Missing From", "\(missingFromCity), \(missingFromState)"),
            ("DOB", dateOfBirth.longText), ("Age Now", ageNow(on: today)), ("Sex", sex), ("Race", race ?? "—"), ("Hair", hair ?? "—"),
            ("Eyes", eyes ?? "—"), ("Height", height), ("Weight", weight),
        ] + (tribalAffiliation.map { [("Tribal Affiliation", $0)] } ?? [])
    }

    /// The `tel:` address of a phone number written for people ("1-800-843-5678 (1-800-THE-LOST)"):
    /// the digits before any parenthesis, or nil when they are not a North American number.
    public static func telephoneLink(_ written: String) -> String? {
        let digits = written.split(separator: "(").first.map { $0.filter(\.isNumber) } ?? ""
        if digits.count == 10 { return "tel:+1" + digits }
        if digits.count == 11 && digits.hasPrefix("1") { return "tel:+" + digits }
        return nil
    }

    /// The public version of `poster`, from the allow-listed fields of its episode's record.
    public static func build(
        _ poster: Poster, record: EpisodeRecord, hotline: String, tables: NCICCodeTables, zone: TimeZone, at instant: Date
    ) -> PublicPoster {
        let child = record.child
        let episode = record.episode
        let fields = (poster.publicFields ?? .suggested(by: episode)).published
        return PublicPoster(
            slug: poster.slug, name: TextSkeleton.published(child.fullName), banner: episode.caseType.title.uppercased(),
            missingSince: CivilDate(episode.lastSeenAt ?? episode.receivedAt, in: zone), missingFromCity: fields.city,
            missingFromState: fields.state, dateOfBirth: child.dateOfBirth, sex: child.sex.title,
            race: child.race.flatMap { tables.races[$0] }, hair: child.hairColor.flatMap { tables.hairColors[$0] },
            eyes: child.eyeColor.flatMap { tables.eyeColors[$0] }, height: "\(child.heightInches / 12)'\(child.heightInches % 12)\"",
            weight: "\(child.weightPounds) lbs", heightInches: child.heightInches, weightPounds: child.weightPounds,
            tribalAffiliation: poster.guardianConsent?.showsTribalAffiliation == true
                ? child.tribalAffiliation.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } : nil,
            narrative: TextSkeleton.published(poster.narrative),
            translations: poster.translations.isEmpty ? nil : poster.translations.mapValues(TextSkeleton.published),
            photoIDs: poster.photoIDs, caseNumber: episode.caseNumber, hotline: hotline, agencyName: fields.agencyName,
            agencyPhone: fields.agencyPhone, publishedAt: Timestamp.truncated(instant))
    }
}

/// The case manager's word, item by item, that the public text reveals none of what must stay
/// private; recorded with the publication. The screen catches words; this catches meaning.
public struct PublicationAttestation: Codable, Sendable, Equatable {
    /// One thing the public text must not reveal.
    public enum Item: String, Codable, Sendable, CaseIterable {
        case careStatus = "care_status"
        case custody
        case trafficking
        case medical
        case location

        /// What the case manager affirms.
        public var statement: String {
            switch self {
            case .careStatus: "It does not say or imply that the child is in foster care, a group home or any other placement."
            case .custody: "It says nothing of custody, guardianship, court orders or the agency that has the child in its care."
            case .trafficking: "It says nothing of trafficking, exploitation or abuse, suspected or known."
            case .medical: "It has no medical, mental-health, medication, disability or pregnancy details."
            case .location: "It gives no placement address or other private place: only where the child was last seen in public."
            }
        }
    }

    public var items: [Item]
    public var attestedBy: UserID
    public var attestedAt: Date

    public init(items: [Item], attestedBy: UserID, attestedAt: Date) {
        self.items = items
        self.attestedBy = attestedBy
        self.attestedAt = Timestamp.truncated(attestedAt)
    }

    /// Whether every item was affirmed.
    public var isComplete: Bool { Set(items) == Set(Item.allCases) }

    /// The attestation sent as the items' names: a name that is none of the statements is refused,
    /// never dropped, so no one attests to something they did not read.
    public static func reading(_ names: [String], attestedBy person: UserID, at instant: Date) throws -> PublicationAttestation {
        var items: [Item] = []
        for name in names {
            guard let item = Item(rawValue: name.trimmed) else {
                let known = Item.allCases.map(\.rawValue).joined(separator: ", ")
                throw HomewardError.invalid("attest", "“\(String(name.prefix(40)))” is not one of the statements (\(known)).")
            }
            items.append(item)
        }
        return PublicationAttestation(items: items, attestedBy: person, attestedAt: instant)
    }
}

/// The rules a poster must meet before it is published.
public enum PosterRules {
    /// The longest narrative accepted.
    public static let narrativeLimit = 1_200

    /// Everything the screen finds in the poster's public text (narrative and translations),
    /// refused and highlighted alike.
    public static func findings(_ poster: Poster, lexicon: ConfidentialLexicon, facts: PrivateFacts) -> [ScreenFinding] {
        var findings = PublicTextScreen.screen(poster.narrative, field: "narrative", lexicon: lexicon, facts: facts)
        for (language, text) in poster.translations.sorted(by: { $0.key < $1.key }) {
            findings += PublicTextScreen.screen(text, field: narrativeField(language), lexicon: lexicon, facts: facts)
        }
        return findings
    }

    /// What the public text fields of `poster` contain that must not be published.
    public static func screen(_ poster: Poster, lexicon: ConfidentialLexicon, facts: PrivateFacts) -> [ScreenFinding] {
        PublicTextScreen.screen(poster.narrative, field: "narrative", lexicon: lexicon, facts: facts).filter { $0.severity == .refused }
    }

    /// The form field of the narrative in `language`.
    public static func narrativeField(_ language: String) -> String { "narrative_\(language)" }

    /// Each translation's refused findings, by its field: the same screen as the English narrative.
    public static func screenTranslations(_ poster: Poster, lexicon: ConfidentialLexicon, facts: PrivateFacts) -> FieldErrors {
        var errors = FieldErrors()
        for (language, text) in poster.translations.sorted(by: { $0.key < $1.key }) {
            let field = narrativeField(language)
            if let problem = TextSkeleton.problem(text) {
                errors.add(field, problem)
                continue
            }
            let findings = PublicTextScreen.screen(text, field: field, lexicon: lexicon, facts: facts).filter { $0.severity == .refused }
            if !findings.isEmpty { errors.add(field, message(for: findings)) }
        }
        return errors
    }

    /// The field message for findings: each fragment with its reason, for the person to remove.
    public static func message(for findings: [ScreenFinding]) -> String {
        "Remove what must not be published: " + findings.map(\.sentence).joined(separator: "; ") + "."
    }

    /// Words that name a building, an institution or a street rather than a town: an unlisted
    /// place may hold none of them ("Sunrise Children's Home", "Elm Court").
    static let facilityWords: Set<String> = Set(
        """
        home homes house houses center centre centers shelter facility facilities residence residential academy school ranch \
        campus cottage cottages hall lodge institute institution hospital clinic program programme placement apartment apartments \
        apt unit suite room street avenue ave road rd drive lane boulevard blvd court ct way highway hwy care custody agency \
        services service dept department office ward wards group youth children childrens kids boys girls hogar casa albergue \
        centro calle avenida
        """.split(whereSeparator: \.isWhitespace).map { TextSkeleton.of(String($0)) })

    /// Words one of which a police agency's name has.
    static let policeWords: Set<String> = Set(
        """
        police sheriff sheriffs marshal marshals marshal's constable constables patrol trooper troopers enforcement safety pd so \
        dps policia policía alguacil
        """.split(whereSeparator: \.isWhitespace).map { TextSkeleton.of(String($0)) })

    /// The problems of the public fields, by form field (`city`, `state`, `agencyName`,
    /// `agencyPhone`), and what the approver must judge (an unlisted place, a listed place with a
    /// lexicon word in its name). `facts` are the case's private facts with nothing set aside.
    public static func publicFieldProblems(
        _ fields: PosterPublicFields, lexicon: ConfidentialLexicon, facts: PrivateFacts, places: USPlaces = .shipped
    ) -> (errors: FieldErrors, highlights: [ScreenFinding]) {
        var errors = FieldErrors()
        var highlights: [ScreenFinding] = []
        let published = fields.published
        // What is refused is returned; what is marked goes to the approver.
        func refused(_ text: String, _ field: String, _ screenFacts: PrivateFacts) -> [ScreenFinding] {
            let findings = PublicTextScreen.screen(text, field: field, lexicon: lexicon, facts: screenFacts)
            highlights += findings.filter { $0.severity == .highlighted }
            return findings.filter { $0.severity == .refused }
        }
        // Each field is screened against the private facts other than the report's own value for
        // it (the report's city is usually the poster's city), never with its own words set aside.
        // The report's city, police agency and phone are what the public fields are confirmed
        // from: they are the suggestion, not a private fact of their own.
        let suggestion = ["the reported city", "the reported police agency", "the reported police phone"]
        let fieldFacts = facts.removingFields { suggestion.contains($0.label) }
        for (field, text) in [("city", fields.city), ("agencyName", fields.agencyName), ("agencyPhone", fields.agencyPhone)] {
            if let problem = TextSkeleton.problem(text) {
                errors.add(field, problem)
            } else if text.contains(where: \.isNewline) {
                errors.add(field, "Keep it on one line.")
            }
        }
        if !USState.isValid(published.state) { errors.add("state", "Choose the state the child went missing from.") }
        let city = published.city
        let cityWords = SkeletonToken.tokens(of: city)
        if errors["city"] == nil {
            if city.isEmpty || city.count > 60 {
                errors.add("city", "Give the city or town the child went missing from (up to 60 characters).")
            } else if city.contains(where: { !($0.isLetter || $0 == " " || $0 == "-" || $0 == "'" || $0 == "’" || $0 == ".") }) {
                errors.add(
                    "city", "A city is letters only: no digits, parentheses or other signs. Name the town, not a building or address.")
            } else if errors["state"] == nil, let place = places.place(named: city, in: published.state) {
                let words = refused(city, "city", PrivateFacts(fields: [], publicText: []))
                highlights += words.map {
                    ScreenFinding(
                        field: "city", fragment: $0.fragment, reason: "\($0.reason), in the name of \(place.name), \(place.state)",
                        severity: .highlighted)
                }
            } else if !fields.cityUnlisted {
                errors.add(
                    "city",
                    "“\(city)” is not a place in \(published.state) on Homeward's list of US places. Check the spelling, or mark it as an "
                        + "unlisted place for the approver to confirm.")
            } else if let word = cityWords.first(where: { facilityWords.contains($0.skeleton) }) {
                errors.add("city", "“\(word.written)” names a building, an agency or a street, not a town: give only the town's name.")
            } else {
                let found = refused(city, "city", fieldFacts)
                if !found.isEmpty {
                    errors.add("city", message(for: found))
                } else {
                    highlights.append(
                        ScreenFinding(
                            field: "city", fragment: city, reason: "an unlisted place: confirm it is a real town", severity: .highlighted))
                }
            }
        }
        let agency = published.agencyName
        if errors["agencyName"] == nil {
            let words = SkeletonToken.tokens(of: agency)
            if agency.count < 3 || agency.count > 100 {
                errors.add("agencyName", "Give the police agency's name (up to 100 characters).")
            } else if agency.contains(where: { !($0.isLetter || $0.isNumber || " -'’.&,".contains($0)) }) {
                errors.add("agencyName", "A police agency's name is letters, digits and spaces: no parentheses or notes.")
            } else if !words.contains(where: { policeWords.contains($0.skeleton) }) {
                errors.add("agencyName", "Give the name of a police agency (a police department, sheriff's office, marshal or patrol).")
            } else if let word = words.first(where: {
                facilityWords.contains($0.skeleton) && !PublicTextScreen.skeletons(["department", "dept", "office"]).contains($0.skeleton)
            }) {
                errors.add("agencyName", "“\(word.written)” does not belong in a police agency's name.")
            } else {
                let found = refused(agency, "agencyName", fieldFacts)
                if !found.isEmpty { errors.add("agencyName", message(for: found)) }
            }
        }
        if errors["agencyPhone"] == nil {
            if let phone = PublicPhone(published.agencyPhone) {
                let found = refused(phone.written, "agencyPhone", fieldFacts)
                if !found.isEmpty { errors.add("agencyPhone", message(for: found)) }
            } else {
                errors.add("agencyPhone", "Give the police agency's ten-digit phone number, for example 555-010-3000.")
            }
        }
        return (errors, highlights)
    }

    /// Why `poster` cannot be published now, each with the form field it belongs beside; empty
    /// when it can. `attestation` is the case manager's, given with the request.
    public static func publicationProblems(
        _ poster: Poster, record: EpisodeRecord, lexicon: ConfidentialLexicon, facts: PrivateFacts, attestation: PublicationAttestation?,
        fieldFacts: PrivateFacts? = nil
    ) -> FieldErrors {
        var problems = FieldErrors()
        if [.recovered, .closed].contains(record.episode.status) { problems.add("publish", "The child has been recovered.") }
        if (record.episode.ncicNumber ?? "").isEmpty {
            problems.add("ncic", "The episode has no NCIC number yet: police must enter the child into NCIC first.")
        }
        if poster.guardianConsent == nil { problems.add("guardianConsent", "The guardian's consent is not recorded.") }
        if poster.policeConsent == nil { problems.add("policeConsent", "The investigating police agency's consent is not recorded.") }
        if poster.photoIDs.isEmpty { problems.add("photo", "Choose at least one photo.") }
        if let fields = poster.publicFields {
            for entry in publicFieldProblems(fields, lexicon: lexicon, facts: fieldFacts ?? facts).errors.entries {
                problems.add(entry.field, entry.message)
            }
        } else {
            problems.add("city", "Confirm the public place and police agency: the report's values are only a suggestion.")
        }
        if poster.narrative.trimmed.isEmpty {
            problems.add("narrative", "Write the short narrative for the public.")
        } else if let problem = TextSkeleton.problem(poster.narrative) {
            problems.add("narrative", problem)
        } else {
            let findings = screen(poster, lexicon: lexicon, facts: facts)
            if !findings.isEmpty { problems.add("narrative", message(for: findings)) }
        }
        // Every translation passes the same screen, at publication as when saved.
        for entry in screenTranslations(poster, lexicon: lexicon, facts: facts).entries { problems.add(entry.field, entry.message) }
        if let attestation, !attestation.isComplete {
            let missing = PublicationAttestation.Item.allCases.filter { !attestation.items.contains($0) }
            problems.add("attest", "Confirm each statement about the text before publishing (\(missing.count) not confirmed).")
        }
        return problems
    }
}

/// A North American phone number as the public is given it: ten digits, written 555-010-3000,
/// with an extension if there is one.
public struct PublicPhone: Sendable, Equatable {
    public var digits: String
    public var extensionDigits: String?

    /// Parses "555-010-3000", "(555) 010-3000", "+1 555 010 3000", "555.010.3000 ext. 12"; nil for
    /// anything else (letters, notes, too few or too many digits).
    public init?(_ text: String) {
        var main = text.lowercased()
        var ext: String?
        for marker in ["extension", "ext.", "ext", "x"] {
            if let range = main.range(of: marker) {
                let tail = main[range.upperBound...].filter { !$0.isWhitespace }
                guard !tail.isEmpty, tail.count <= 6, tail.allSatisfy(\.isASCIIDigit) else { return nil }
                ext = String(tail)
                main = String(main[..<range.lowerBound])
                break
            }
        }
        guard main.allSatisfy({ $0.isASCIIDigit || " -().+".contains($0) }) else { return nil }
        var digits = main.filter(\.isASCIIDigit)
        if digits.count == 11 && digits.hasPrefix("1") { digits.removeFirst() }
        guard digits.count == 10, let first = digits.first, first != "0", first != "1" else { return nil }
        self.digits = digits
        self.extensionDigits = ext
    }

    /// `555-010-3000`, or `555-010-3000 ext. 12`.
    public var written: String {
        let d = Array(digits)
        return String(d[0..<3]) + "-" + String(d[3..<6]) + "-" + String(d[6..<10]) + (extensionDigits.map { " ext. \($0)" } ?? "")
    }
}
