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
        return PublicPoster(
            slug: poster.slug, name: child.fullName, banner: episode.caseType.title.uppercased(),
            missingSince: CivilDate(episode.lastSeenAt ?? episode.receivedAt, in: zone), missingFromCity: episode.lastSeenCity,
            missingFromState: episode.lastSeenState, dateOfBirth: child.dateOfBirth, sex: child.sex.title,
            race: child.race.flatMap { tables.races[$0] }, hair: child.hairColor.flatMap { tables.hairColors[$0] },
            eyes: child.eyeColor.flatMap { tables.eyeColors[$0] }, height: "\(child.heightInches / 12)'\(child.heightInches % 12)\"",
            weight: "\(child.weightPounds) lbs", heightInches: child.heightInches, weightPounds: child.weightPounds,
            tribalAffiliation: poster.guardianConsent?.showsTribalAffiliation == true
                ? child.tribalAffiliation.map(\.trimmed).flatMap { $0.isEmpty ? nil : $0 } : nil,
            narrative: poster.narrative.trimmed,
            translations: poster.translations.isEmpty ? nil : poster.translations, photoIDs: poster.photoIDs,
            caseNumber: episode.caseNumber, hotline: hotline, agencyName: episode.police.name, agencyPhone: episode.police.phone,
            publishedAt: Timestamp.truncated(instant))
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
}

/// The rules a poster must meet before it is published.
public enum PosterRules {
    /// The longest narrative accepted.
    public static let narrativeLimit = 1_200

    /// What the public text fields of `poster` contain that must not be published.
    public static func screen(_ poster: Poster, lexicon: ConfidentialLexicon, facts: PrivateFacts) -> [ScreenFinding] {
        PublicTextScreen.screen(poster.narrative, field: "narrative", lexicon: lexicon, facts: facts)
    }

    /// The form field of the narrative in `language`.
    public static func narrativeField(_ language: String) -> String { "narrative_\(language)" }

    /// Each translation's findings, by its field: the same screen as the English narrative.
    public static func screenTranslations(_ poster: Poster, lexicon: ConfidentialLexicon, facts: PrivateFacts) -> FieldErrors {
        var errors = FieldErrors()
        for (language, text) in poster.translations.sorted(by: { $0.key < $1.key }) {
            let findings = PublicTextScreen.screen(text, field: narrativeField(language), lexicon: lexicon, facts: facts)
            if !findings.isEmpty { errors.add(narrativeField(language), message(for: findings)) }
        }
        return errors
    }

    /// The field message for findings: each fragment with its reason, for the person to remove.
    public static func message(for findings: [ScreenFinding]) -> String {
        "Remove what must not be published: " + findings.map(\.sentence).joined(separator: "; ") + "."
    }

    /// Why `poster` cannot be published now, each with the form field it belongs beside; empty
    /// when it can. `attestation` is the case manager's, given with the request to publish.
    public static func publicationProblems(
        _ poster: Poster, record: EpisodeRecord, lexicon: ConfidentialLexicon, facts: PrivateFacts, attestation: PublicationAttestation?
    ) -> FieldErrors {
        var problems = FieldErrors()
        if [.recovered, .closed].contains(record.episode.status) { problems.add("publish", "The child has been recovered.") }
        if (record.episode.ncicNumber ?? "").isEmpty {
            problems.add("ncic", "The episode has no NCIC number yet: police must enter the child into NCIC first.")
        }
        if poster.guardianConsent == nil { problems.add("guardianConsent", "The guardian's consent is not recorded.") }
        if poster.policeConsent == nil { problems.add("policeConsent", "The investigating police agency's consent is not recorded.") }
        if poster.photoIDs.isEmpty { problems.add("photo", "Choose at least one photo.") }
        if poster.narrative.trimmed.isEmpty {
            problems.add("narrative", "Write the short narrative for the public.")
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
