import Foundation

/// What the poster commands read besides the poster itself: the case, the names of the people
/// working it, the confidential lexicon in force, and how the public version is written (the
/// hotline, the NCIC code tables, the organization's time zone).
public struct PosterCase: Sendable {
    public var record: EpisodeRecord
    public var people: [String]
    public var lexicon: ConfidentialLexicon
    public var hotline: String
    public var tables: NCICCodeTables
    public var zone: TimeZone

    public init(
        record: EpisodeRecord, people: [String], lexicon: ConfidentialLexicon, hotline: String, tables: NCICCodeTables = .standard,
        zone: TimeZone
    ) {
        self.record = record
        self.people = people
        self.lexicon = lexicon
        self.hotline = hotline
        self.tables = tables
        self.zone = zone
    }

    /// The public version `poster` would have if published at `instant`.
    public func preview(of poster: Poster, at instant: Date) -> PublicPoster {
        PublicPoster.build(poster, record: record, hotline: hotline, tables: tables, zone: zone, at: instant)
    }

    /// The case's private facts, with the words of `poster`'s public version set aside.
    public func facts(for poster: Poster, at instant: Date) -> PrivateFacts {
        PrivateFacts.of(record, people: people, publicPoster: preview(of: poster, at: instant))
    }

    /// Why `poster` cannot be published at `instant`; empty when it can.
    public func publicationProblems(of poster: Poster, attestation: PublicationAttestation?, at instant: Date) -> FieldErrors {
        PosterRules.publicationProblems(
            poster, record: record, lexicon: lexicon, facts: facts(for: poster, at: instant), attestation: attestation)
    }
}

/// Whose consent to publish is recorded.
public enum PosterConsentKind: String, Sendable, CaseIterable {
    case guardian, police
}

/// The commands of a poster's life: save, consent, publish, withdraw. Each takes the current poster
/// and returns the poster to store, or throws ``HomewardError`` with nothing changed. The caller
/// stores the result in one call, which bumps the revision.
extension Poster {
    /// Saves the public narrative and the photos shown, chosen among `childPhotos` and kept in their
    /// order there. A withdrawn poster becomes a draft again. Refused while published (withdraw
    /// first: publishing freezes a version); field errors for a photo not of this child, a narrative
    /// over ``PosterRules/narrativeLimit`` or one the screen finds private facts in.
    public func saving(
        narrative: String, translations: [String: String] = [:], photos chosen: [String], childPhotos: [String], case poster: PosterCase,
        at instant: Date
    ) throws -> Poster {
        guard status != .published else {
            throw HomewardError.conflict("Withdraw the poster before changing it; publishing again freezes the new version.")
        }
        var errors = FieldErrors()
        if chosen.contains(where: { !childPhotos.contains($0) }) { errors.add("photo", "Choose among this child's photos.") }
        let narrative = narrative.trimmed
        if narrative.count > PosterRules.narrativeLimit { errors.add("narrative", "Keep the narrative under 1,200 characters.") }
        var saved = self
        saved.narrative = narrative
        saved.translations = translations.mapValues(\.trimmed).filter { !$0.value.isEmpty }
        for (language, text) in saved.translations where text.count > PosterRules.narrativeLimit {
            errors.add(PosterRules.narrativeField(language), "Keep the narrative under 1,200 characters.")
        }
        let facts = poster.facts(for: saved, at: instant)
        let findings = PosterRules.screen(saved, lexicon: poster.lexicon, facts: facts)
        if !findings.isEmpty { errors.add("narrative", PosterRules.message(for: findings)) }
        for entry in PosterRules.screenTranslations(saved, lexicon: poster.lexicon, facts: facts).entries {
            errors.add(entry.field, entry.message)
        }
        try errors.throwIfAny()
        saved.photoIDs = childPhotos.filter(chosen.contains)
        if saved.status == .withdrawn { (saved.status, saved.withdrawnAt, saved.withdrawnReason) = (.draft, nil, nil) }
        return saved
    }

    /// Records who gave `kind` consent to publish (name and capacity, up to 200 characters), and
    /// whether the guardian agreed that the child's tribal affiliation may be shown; only the
    /// guardian can agree to that.
    public func recordingConsent(
        _ kind: PosterConsentKind, givenBy: String, showsTribalAffiliation: Bool = false, by user: UserID, at instant: Date
    ) throws -> Poster {
        let givenBy = givenBy.trimmed
        guard !givenBy.isEmpty, givenBy.count <= 200 else {
            throw HomewardError.invalid(
                "givenBy.\(kind.rawValue)",
                "Say who gave consent: their name and capacity (for example “Jane Roe, agency director, by phone”).")
        }
        guard !showsTribalAffiliation || kind == .guardian else {
            throw HomewardError.invalid("showsTribalAffiliation", "Only the guardian can agree to show the child's tribal affiliation.")
        }
        var poster = self
        let consent = PosterConsent(givenBy: givenBy, recordedBy: user, recordedAt: instant, showsTribalAffiliation: showsTribalAffiliation)
        switch kind {
        case .guardian: poster.guardianConsent = consent
        case .police: poster.policeConsent = consent
        }
        return poster
    }

    /// Publishes the poster: freezes its public version and records the case manager's
    /// attestation. Refused when published already; otherwise field errors name every problem
    /// (``PosterRules/publicationProblems(_:record:lexicon:facts:attestation:)``).
    public func publishing(case poster: PosterCase, attestation: PublicationAttestation, at instant: Date) throws -> Poster {
        guard status != .published else { throw HomewardError.conflict("The poster is published already.") }
        try poster.publicationProblems(of: self, attestation: attestation, at: instant).throwIfAny()
        var published = self
        published.status = .published
        published.publishedAt = Timestamp.truncated(instant)
        published.withdrawnAt = nil
        published.withdrawnReason = nil
        published.published = poster.preview(of: self, at: instant)
        published.attestation = attestation
        return published
    }

    /// Withdraws a published poster; its public page then answers that it is gone. `reason` is
    /// kept (up to 300 characters), or a plain default when empty.
    public func withdrawing(reason: String, at instant: Date) throws -> Poster {
        guard status == .published else { throw HomewardError.conflict("Only a published poster can be withdrawn.") }
        var poster = self
        let reason = reason.trimmed
        poster.status = .withdrawn
        poster.withdrawnAt = Timestamp.truncated(instant)
        poster.withdrawnReason = reason.isEmpty ? "withdrawn by the case manager" : String(reason.prefix(300))
        return poster
    }
}
