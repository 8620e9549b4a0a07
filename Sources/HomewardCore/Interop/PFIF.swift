import Foundation

/// One PFIF 1.4 person record: a published poster's public fields only, or the expired
/// placeholder of a withdrawn one, which keeps the record id and the dates and nothing else.
public struct PFIFPerson: Sendable, Equatable {
    public var recordID: String
    /// When the record last changed here; the feed's order, so a client can sync from its last one.
    public var entryDate: Date
    public var expiryDate: Date?
    public var sourceDate: Date
    public var authorName: String?
    public var sourceName: String?
    public var sourceURL: String?
    public var fullName: String?
    public var sex: String?
    public var dateOfBirth: String?
    public var description: String?
    public var photoURL: String?
    public var profileURLs: String?

    /// The fields in the order of the specification's person element, as (element, value).
    public var fields: [(String, String)] {
        let dated: [(String, String?)] = [
            ("person_record_id", recordID), ("entry_date", Timestamp.formatSeconds(entryDate)),
            ("expiry_date", expiryDate.map(Timestamp.formatSeconds)), ("author_name", authorName), ("source_name", sourceName),
            ("source_date", Timestamp.formatSeconds(sourceDate)), ("source_url", sourceURL), ("full_name", fullName),
            ("description", description), ("sex", sex), ("date_of_birth", dateOfBirth), ("photo_url", photoURL),
            ("profile_urls", profileURLs),
        ]
        return dated.compactMap { name, value in value.map { (name, $0) } }
    }

    /// What the specification does not allow in this record, in words; empty when valid. A live
    /// record needs its id, source date and full name; an expired one keeps only the id and dates.
    public var problems: [String] {
        var problems: [String] = []
        let parts = recordID.split(separator: "/", maxSplits: 1)
        if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty || parts[0].contains(" ") {
            problems.append("person_record_id must be domain/local-id")
        }
        if let sex, !["female", "male", "other"].contains(sex) { problems.append("sex must be female, male or other") }
        if let dateOfBirth, dateOfBirth.range(of: #"^\d{4}(-\d{2}(-\d{2})?)?$"#, options: .regularExpression) == nil {
            problems.append("date_of_birth must be YYYY, YYYY-MM or YYYY-MM-DD")
        }
        if expiryDate != nil && fullName != nil { problems.append("an expired record keeps only its id and dates") }
        if expiryDate == nil && (fullName ?? "").isEmpty { problems.append("full_name is required") }
        return problems
    }
}

/// PFIF 1.4, the People Finder Interchange Format: the published posters as person records, for
/// other finders to import and keep in step.
public enum PFIF {
    public static let namespace = "http://zesty.ca/pfif/1.4"

    /// The record of `poster`: built from its public fields (the same allow-list as the poster page),
    /// or the expired placeholder once it is withdrawn; nil for a poster never published.
    public static func person(
        _ poster: Poster, domain: String, clearinghouse: String, photoURL: (String) -> String, pageURL: (String) -> String
    ) -> PFIFPerson? {
        let recordID = "\(domain)/poster.\(poster.id)"
        if poster.status == .withdrawn, let withdrawn = poster.withdrawnAt {
            return PFIFPerson(recordID: recordID, entryDate: withdrawn, expiryDate: withdrawn, sourceDate: withdrawn)
        }
        guard poster.status == .published, let published = poster.published else { return nil }
        let sex = ["female": "female", "male": "male", "f": "female", "m": "male"][published.sex.lowercased()]
        let description = [
            published.banner + ".",
            "Missing since \(published.missingSince.longText) from \(published.missingFromCity), \(published.missingFromState).",
            [
                published.height.isEmpty ? nil : "Height \(published.height)",
                published.weight.isEmpty ? nil : "weight \(published.weight)",
                published.hair.map { "hair \($0)" }, published.eyes.map { "eyes \($0)" },
            ].compactMap { $0 }.joined(separator: ", ") + ".",
            published.narrative,
            "Anyone having information should contact \(published.agencyName) \(published.agencyPhone) or \(published.hotline).",
        ].filter { $0 != "." && !$0.isEmpty }.joined(separator: " ")
        let entry = poster.publishedAt ?? published.publishedAt
        return PFIFPerson(
            recordID: recordID, entryDate: entry, sourceDate: entry, authorName: clearinghouse,
            sourceName: clearinghouse, sourceURL: pageURL(published.slug), fullName: published.name, sex: sex,
            dateOfBirth: published.dateOfBirth.iso, description: description,
            photoURL: published.photoIDs.isEmpty ? nil : photoURL(published.slug), profileURLs: nil)
    }

    /// The feed document: every record in the order given.
    public static func document(_ persons: [PFIFPerson]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pfif:pfif xmlns:pfif=\"\(namespace)\">\n"
        for person in persons {
            xml += "  <pfif:person>\n"
            for (name, value) in person.fields { xml += "    <pfif:\(name)>\(escaped(value))</pfif:\(name)>\n" }
            xml += "  </pfif:person>\n"
        }
        return xml + "</pfif:pfif>\n"
    }

    /// Text as XML character data: the five markup characters escaped, and control characters
    /// XML 1.0 cannot carry dropped.
    static func escaped(_ text: String) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in text.unicodeScalars
        where scalar == "\t" || scalar == "\n" || scalar == "\r"
            || (scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF)
        {
            kept.append(scalar)
        }
        return Markup.escaped(String(kept))
    }
}
