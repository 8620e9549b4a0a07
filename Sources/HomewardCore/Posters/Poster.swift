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

    public init(givenBy: String, recordedBy: UserID, recordedAt: Date) {
        self.givenBy = givenBy
        self.recordedBy = recordedBy
        self.recordedAt = Timestamp.truncated(recordedAt)
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

    public init(
        id: String, episodeID: EpisodeID, slug: String, status: PosterStatus = .draft, narrative: String = "", photoIDs: [String] = [],
        guardianConsent: PosterConsent? = nil, policeConsent: PosterConsent? = nil, createdBy: UserID, createdAt: Date,
        publishedAt: Date? = nil, withdrawnAt: Date? = nil, withdrawnReason: String? = nil, revision: Int = 1,
        published: PublicPoster? = nil
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
    public var narrative: String
    public var photoIDs: [String]
    public var caseNumber: String?
    public var hotline: String
    public var agencyName: String
    public var agencyPhone: String
    public var publishedAt: Date

    /// "Age Now": whole years, or months for a child under two.
    public func ageNow(on date: CivilDate) -> String {
        let years = dateOfBirth.age(on: date)
        if years >= 2 { return "\(years) years" }
        let months = max(0, dateOfBirth.ageInMonths(on: date))
        return "\(months) month\(months == 1 ? "" : "s")"
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
            weight: "\(child.weightPounds) lbs", narrative: poster.narrative.trimmed, photoIDs: poster.photoIDs,
            caseNumber: episode.caseNumber, hotline: hotline, agencyName: episode.police.name, agencyPhone: episode.police.phone,
            publishedAt: Timestamp.truncated(instant))
    }
}

/// The rules a poster must meet before it is published.
public enum PosterRules {
    /// Words that must never reach the public, whatever the narrative says: the child's care
    /// status, trafficking concern, and medical or other sensitive information. Reference data.
    public static let confidentialWords = [
        "foster", "custody", "placement", "placed", "group home", "residential", "state care", "ward of", "caseworker", "case worker",
        "child welfare", "children's services", "family services", "dcfs", "cps", "trafficking", "trafficked", "exploitation",
        "exploited", "prostitution", "medication", "medicine", "diagnosis", "diagnosed", "psychiatric", "mental health", "suicidal",
        "suicide", "pregnant", "pregnancy", "autism", "autistic", "disorder", "therapy", "treatment", "juvenile justice", "probation",
    ]

    /// The confidential words and private details (`extra`: the caseworker's name, the placement
    /// address, the guardian) that appear in `text`, for the case manager to remove.
    public static func confidentialTerms(in text: String, extra: [String] = []) -> [String] {
        let folded = " " + text.lowercased().replacingOccurrences(of: "’", with: "'") + " "
        var found: [String] = []
        for word in confidentialWords where folded.range(of: word) != nil {
            // Whole-word match for short words (so "cps" does not match inside another word).
            if word.count <= 4 {
                let boundary = folded.components(separatedBy: CharacterSet.letters.inverted).contains(word)
                if !boundary { continue }
            }
            found.append(word)
        }
        for term in extra.map({ $0.trimmed.lowercased() }) where term.count >= 4 && folded.contains(term) {
            found.append(term)
        }
        return found
    }

    /// Why `poster` cannot be published now; empty when it can.
    public static func publicationProblems(_ poster: Poster, record: EpisodeRecord, privateTerms: [String]) -> [String] {
        var problems: [String] = []
        if (record.episode.ncicNumber ?? "").isEmpty {
            problems.append("The episode has no NCIC number yet: police must enter the child into NCIC first.")
        }
        if poster.guardianConsent == nil { problems.append("The guardian's consent is not recorded.") }
        if poster.policeConsent == nil { problems.append("The investigating police agency's consent is not recorded.") }
        if poster.photoIDs.isEmpty { problems.append("Choose at least one photo.") }
        if poster.narrative.trimmed.isEmpty { problems.append("Write the short narrative for the public.") }
        let terms = confidentialTerms(in: poster.narrative, extra: privateTerms)
        if !terms.isEmpty { problems.append("The narrative contains words that must not be published: \(terms.joined(separator: ", ")).") }
        if [.recovered, .closed].contains(record.episode.status) { problems.append("The child has been recovered.") }
        return problems
    }
}
