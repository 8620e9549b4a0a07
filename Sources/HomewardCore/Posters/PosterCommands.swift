import Foundation

/// What the poster commands read besides the poster itself: the case with its case work (tasks,
/// referrals), the names of the people working it, the confidential lexicon in force, and how the
/// public version is written (the hotline, the NCIC code tables, the organization's time zone).
public struct PosterCase: Sendable {
    public var record: EpisodeRecord
    public var people: [String]
    public var tasks: [CaseTask]
    public var referrals: [Referral]
    public var lexicon: ConfidentialLexicon
    public var hotline: String
    public var tables: NCICCodeTables
    public var zone: TimeZone

    public init(
        record: EpisodeRecord, people: [String], tasks: [CaseTask] = [], referrals: [Referral] = [], lexicon: ConfidentialLexicon,
        hotline: String, tables: NCICCodeTables = .standard, zone: TimeZone
    ) {
        self.record = record
        self.people = people
        self.tasks = tasks
        self.referrals = referrals
        self.lexicon = lexicon
        self.hotline = hotline
        self.tables = tables
        self.zone = zone
    }

    /// The public version `poster` would have if published at `instant`.
    public func preview(of poster: Poster, at instant: Date) -> PublicPoster {
        PublicPoster.build(poster, record: record, hotline: hotline, tables: tables, zone: zone, at: instant)
    }

    /// The case's private facts, with only the values the case manager confirmed as public set
    /// aside: the child's name, and the poster's confirmed place, police agency and the hotline.
    public func facts(for poster: Poster, at instant: Date) -> PrivateFacts {
        var confirmed = [hotline]
        if let fields = poster.publicFields?.published {
            confirmed += [fields.city, USState.names[fields.state] ?? fields.state, fields.state, fields.agencyName, fields.agencyPhone]
        }
        return PrivateFacts.of(record, people: people, tasks: tasks, referrals: referrals, confirmedPublic: confirmed)
    }

    /// The case's private facts with nothing set aside but the child's name and those of the
    /// report's suggested public values that are in a public field's format (a town of letters, a
    /// police agency's name without notes, a phone number): what the public fields themselves are
    /// checked against, so a timeline note naming the town or the police agency is no objection.
    public var unexemptedFacts: PrivateFacts {
        let episode = record.episode
        var suggestions: [String] = []
        if episode.lastSeenCity.allSatisfy({ $0.isLetter || " -'’.".contains($0) }) { suggestions.append(episode.lastSeenCity) }
        if episode.police.name.allSatisfy({ $0.isLetter || $0.isNumber || " -'’.&,".contains($0) }) {
            suggestions.append(episode.police.name)
        }
        if let phone = PublicPhone(episode.police.phone) { suggestions.append(phone.written) }
        return PrivateFacts.of(record, people: people, tasks: tasks, referrals: referrals, confirmedPublic: suggestions)
    }

    /// Why `poster` cannot be published at `instant`; empty when it can.
    public func publicationProblems(of poster: Poster, attestation: PublicationAttestation?, at instant: Date) -> FieldErrors {
        PosterRules.publicationProblems(
            poster, record: record, lexicon: lexicon, facts: facts(for: poster, at: instant), attestation: attestation,
            fieldFacts: unexemptedFacts)
    }

    /// Everything the approver must judge in `poster`: the screen's highlighted findings in its
    /// text and public fields.
    public func highlights(of poster: Poster, at instant: Date) -> [ScreenFinding] {
        var highlights = PosterRules.findings(poster, lexicon: lexicon, facts: facts(for: poster, at: instant)).filter {
            $0.severity == .highlighted
        }
        if let fields = poster.publicFields {
            highlights += PosterRules.publicFieldProblems(fields, lexicon: lexicon, facts: unexemptedFacts).highlights
        }
        return highlights
    }

    /// The findings of the screen in force on a live public version: what it refuses now, and
    /// what it marks as close to a private fact or a lexicon word. The names and the unlisted town
    /// an approver already judged are not asked again.
    public func rescreen(_ live: PublicPoster) -> [ScreenFinding] {
        var poster = Poster(id: "", episodeID: record.episode.id, slug: live.slug, createdBy: UserID(""), createdAt: live.publishedAt)
        poster.narrative = live.narrative
        poster.translations = live.translations ?? [:]
        let fields = PosterPublicFields(
            city: live.missingFromCity, state: live.missingFromState, cityUnlisted: true, agencyName: live.agencyName,
            agencyPhone: live.agencyPhone)
        poster.publicFields = fields
        var findings = PosterRules.findings(poster, lexicon: lexicon, facts: facts(for: poster, at: live.publishedAt)).filter {
            $0.severity == .refused || $0.reason != PublicTextScreen.nameReason
        }
        findings += PosterRules.publicFieldProblems(fields, lexicon: lexicon, facts: unexemptedFacts).errors.entries.map {
            ScreenFinding(field: $0.field, fragment: "", reason: $0.message)
        }
        return findings
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
    /// Saves the public narrative, its translations, the public fields and the photos shown,
    /// chosen among `childPhotos` and kept in their order there. A withdrawn poster becomes a draft
    /// again. On a published poster the live version stays live: the change waits for approval.
    /// Any change voids a pending request for approval. Field errors for a photo not of this
    /// child, a narrative over ``PosterRules/narrativeLimit``, invisible characters, public fields
    /// out of format, or private facts the screen finds.
    public func saving(
        narrative: String, translations: [String: String] = [:], publicFields: PosterPublicFields? = nil, photos chosen: [String],
        childPhotos: [String], case poster: PosterCase, by user: UserID? = nil, at instant: Date
    ) throws -> Poster {
        var errors = FieldErrors()
        if chosen.contains(where: { !childPhotos.contains($0) }) { errors.add("photo", "Choose among this child's photos.") }
        var saved = self
        saved.narrative = TextSkeleton.published(narrative)
        if saved.narrative.count > PosterRules.narrativeLimit { errors.add("narrative", "Keep the narrative under 1,200 characters.") }
        if let problem = TextSkeleton.problem(narrative) { errors.add("narrative", problem) }
        saved.translations = translations.mapValues(TextSkeleton.published).filter { !$0.value.isEmpty }
        for (language, text) in saved.translations where text.count > PosterRules.narrativeLimit {
            errors.add(PosterRules.narrativeField(language), "Keep the narrative under 1,200 characters.")
        }
        if let publicFields {
            saved.publicFields = publicFields.published
            for entry in PosterRules.publicFieldProblems(publicFields, lexicon: poster.lexicon, facts: poster.unexemptedFacts).errors
                .entries
            {
                errors.add(entry.field, entry.message)
            }
        }
        let facts = poster.facts(for: saved, at: instant)
        if errors["narrative"] == nil {
            let findings = PosterRules.screen(saved, lexicon: poster.lexicon, facts: facts)
            if !findings.isEmpty { errors.add("narrative", PosterRules.message(for: findings)) }
        }
        for entry in PosterRules.screenTranslations(saved, lexicon: poster.lexicon, facts: facts).entries {
            errors.add(entry.field, entry.message)
        }
        try errors.throwIfAny()
        saved.photoIDs = childPhotos.filter(chosen.contains)
        if saved.status == .withdrawn { (saved.status, saved.withdrawnAt, saved.withdrawnReason) = (.draft, nil, nil) }
        if saved != self {
            saved.pendingApproval = nil
            if let user, !saved.editors.contains(user) { saved.editors.append(user) }
        }
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

    /// Asks a second person to approve the current version for publication: freezes the public
    /// version that would be published, with its digest, the case manager's attestation and what
    /// the screen marks for the approver. Field errors name every problem that stops it
    /// (``PosterRules/publicationProblems(_:record:lexicon:facts:attestation:fieldFacts:)``); a
    /// conflict when the live version is the same already.
    public func requestingApproval(case poster: PosterCase, attestation: PublicationAttestation, by user: UserID, at instant: Date) throws
        -> Poster
    {
        try poster.publicationProblems(of: self, attestation: attestation, at: instant).throwIfAny()
        let candidate = poster.preview(of: self, at: instant)
        if status == .published, let live = published, live.digest == candidate.digest {
            throw HomewardError.conflict("The live poster already shows this version: there is nothing to approve.")
        }
        var requested = self
        var authors = editors
        if !authors.contains(user) { authors.append(user) }
        requested.pendingApproval = PosterApprovalRequest(
            candidate: candidate, requestedBy: user, requestedAt: instant, authors: authors, attestation: attestation,
            highlights: poster.highlights(of: self, at: instant))
        requested.attestation = attestation
        return requested
    }

    /// Approves the version waiting for approval and publishes it, if `approver` wrote none of
    /// it and `digest` is the digest of the version the approver saw, which must still be the
    /// version the poster would publish now (any change since voids the approval). The screen
    /// runs once more. The live version is replaced at once.
    public func approving(digest: String, by approver: UserID, case poster: PosterCase, at instant: Date) throws -> Poster {
        guard let request = pendingApproval else {
            throw HomewardError.conflict("No version of this poster is waiting for approval.")
        }
        guard !request.authors.contains(approver) else {
            throw HomewardError.forbidden("A second person approves a poster: you wrote or submitted this version.")
        }
        let current = poster.preview(of: self, at: request.requestedAt)
        guard digest == request.digest, current.digest == request.digest else {
            throw HomewardError.conflict("The poster changed after this version was shown to you: review the current version.")
        }
        try poster.publicationProblems(of: self, attestation: request.attestation, at: instant).throwIfAny()
        var approved = self
        approved.status = .published
        approved.publishedAt = Timestamp.truncated(instant)
        approved.withdrawnAt = nil
        approved.withdrawnReason = nil
        var live = request.candidate
        live.publishedAt = Timestamp.truncated(instant)
        approved.published = live
        approved.attestation = request.attestation
        approved.approval = PosterApproval(digest: request.digest, authors: request.authors, approvedBy: approver, approvedAt: instant)
        approved.pendingApproval = nil
        approved.editors = []
        return approved
    }

    /// Sends back the version waiting for approval, with the approver's reason (kept in the audit
    /// trail); the live version, if any, stays.
    public func returningForChanges(by approver: UserID) throws -> Poster {
        guard let request = pendingApproval else { throw HomewardError.conflict("No version of this poster is waiting for approval.") }
        guard !request.authors.contains(approver) else {
            throw HomewardError.forbidden("The author withdraws a request by editing the poster; a second person sends it back.")
        }
        var returned = self
        returned.pendingApproval = nil
        return returned
    }

    /// Withdraws a published poster; its public page then answers that it is gone. `reason` is
    /// kept (up to 300 characters), or a plain default when empty.
    public func withdrawing(reason: String, at instant: Date) throws -> Poster {
        guard status == .published else { throw HomewardError.conflict("Only a published poster can be withdrawn.") }
        var poster = self
        let reason = reason.trimmed
        poster.status = .withdrawn
        poster.pendingApproval = nil
        poster.withdrawnAt = Timestamp.truncated(instant)
        poster.withdrawnReason = reason.isEmpty ? "withdrawn by the case manager" : String(reason.prefix(300))
        return poster
    }
}
