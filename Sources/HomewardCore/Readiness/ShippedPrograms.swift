import Foundation

/// The program versions Homeward ships with, from `FACTS.md` sections 2 and 3. They are seeded
/// into the database once; from then on they are data the clearinghouse can add to. Effective
/// dates and course lists are reference data to verify against the program's current publication.
extension ReadinessProgram {
    public static let shipped: [ReadinessProgram] = [seedCriteria, modularScheme]

    static let commonCourses: [ReadinessCourse] = [
        .init(code: "CEO", title: "Missing Children Seminar for Chief Executives", audience: "Chiefs, sheriffs and PSAP directors"),
        .init(code: "MCDR-2", title: "Missing Children: Dynamics & Response, Part 2", audience: "Executives and supervisors"),
        .init(code: "MCDR-1", title: "Missing Children: Dynamics & Response, Part 1", audience: "Sworn personnel and telecommunicators"),
        .init(code: "MCDR", title: "Missing Children: Dynamics & Response", audience: "Sworn personnel"),
        .init(
            code: "TBP", title: "Telecommunications Best Practices for Missing and Abducted Children", audience: "Telecommunicators"),
    ]

    static let lawEnforcementComponents: [PolicyItem] = [
        .init(
            id: "le-no-waiting", title: "No waiting period",
            description: "Reports are accepted immediately, in person or by phone, with no waiting period."),
        .init(
            id: "le-at-risk", title: "Every missing child at risk",
            description: "Every missing child is treated as at risk until shown otherwise."),
        .init(
            id: "le-unusual", title: "Unusual circumstances defined",
            description:
                "13 or younger; out of the zone of safety; mentally diminished; drug dependent; possible foul play or exploitation; life-threatening situation; absent over 24 hours before reported; with people who could endanger them; other reasonable concern; behaviour out of pattern."
        ),
        .init(
            id: "le-intake", title: "Intake and dispatch duties",
            description: "What call takers and dispatchers do on a missing-child call."),
        .init(
            id: "le-initial-officer", title: "Initial responding officer",
            description:
                "Confirm the child is missing, verify custody, search the home even if last seen elsewhere, secure the room and devices, descriptions and photo, classify the case, evaluate AMBER criteria, broadcast."
        ),
        .init(
            id: "le-supervisor", title: "Supervisor duties",
            description:
                "Verify NCIC entry within 2 hours, decide on AMBER or community notification, resources, command post, lead management."),
        .init(
            id: "le-investigator", title: "Investigator duties",
            description: "Canvass, verification and the techniques for each case type."),
        .init(
            id: "le-ncic", title: "NCIC entry within 2 hours and maintenance",
            description: "Entry within 2 hours; review the entry; update within 30 days; add the photo; CA/AA flags."),
        .init(id: "le-amber", title: "AMBER Alert and community notification", description: "When and how the public is alerted."),
        .init(
            id: "le-prolonged", title: "Prolonged investigation",
            description: "At 30 days: dental records, recent photo, unidentified-persons check, age progression."),
        .init(
            id: "le-recovery", title: "Recovery",
            description:
                "Verify identity and wellbeing; return interview including exploitation and trafficking; clear NCIC; notify the clearinghouse; services."
        ),
        .init(
            id: "le-special", title: "Special populations",
            description: "Children with autism or special needs; wandering toward water."),
    ]

    static let psapComponents: [PolicyItem] = [
        .init(
            id: "psap-priority", title: "High priority for every call",
            description: "Every missing-child call is high priority, runaways included."),
        .init(id: "psap-caller", title: "Caller location and callback", description: "The caller's location and callback number."),
        .init(
            id: "psap-description", title: "The child's description",
            description: "Name, date of birth or age, sex, race, height, weight, hair, eyes, clothing, marks, photo availability."),
        .init(
            id: "psap-last-seen", title: "Last seen",
            description: "Where, when and by whom the child was last seen; direction of travel; possible destinations."),
        .init(
            id: "psap-companions", title: "Companions, suspect and vehicle",
            description: "Companions; suspect; vehicle make, model, color, plate and direction."),
        .init(
            id: "psap-risk", title: "Custody and risk factors",
            description:
                "Custody orders; medical, mental-health, medication and disability needs (autism included); prior runaway history; phones and social media."
        ),
        .init(
            id: "psap-searched", title: "Home searched", description: "Whether the home and its surroundings were searched."),
        .init(
            id: "psap-pre-arrival", title: "Pre-arrival instructions",
            description:
                "Search closets, beds, laundry, appliances, vehicles and trunks; do not disturb the child's room; secure devices without searching them; restrict access to the home; have a photo ready."
        ),
        .init(
            id: "psap-dispatch", title: "Immediate dispatch and BOLO",
            description: "High-priority dispatch; BOLO to units and neighbouring jurisdictions; notify a supervisor."),
        .init(
            id: "psap-checks", title: "Records checks",
            description: "CAD/RMS history for the address, child and suspect; sex-offender registry near the scene."),
        .init(
            id: "psap-ncic-amber", title: "NCIC, AMBER and NCMEC support",
            description: "Support NCIC entry within 2 hours; AMBER and community-notification support; notify NCMEC."),
    ]

    static let qualityAssuranceElements: [PolicyItem] = [
        .init(
            id: "qa-reviewer", title: "Reviewer", description: "The person or title who reviews missing and abducted child calls.",
            missingText: "QA section names no reviewer (name or title)"),
        .init(
            id: "qa-window", title: "Review window", description: "How long after the call the review happens (hours or days).",
            missingText: "QA section names no review window", isReviewWindow: true),
        .init(
            id: "qa-process", title: "Review process", description: "How the review is carried out.",
            missingText: "QA section does not describe the review process"),
        .init(
            id: "qa-training", title: "Training statement",
            description: "Current personnel are trained on the policy and all future new employees will be.",
            missingText: "QA section does not say that current and all future employees are trained"),
    ]

    static let standardAffirmations: [Affirmation] = [
        .init(
            id: "first-responders-trained",
            text: "Our first responders have been trained on the policy submitted with this application.",
            kinds: [.lawEnforcement, .psap]),
        .init(
            id: "calls-reviewed",
            text: "Every missing or abducted child call is reviewed under the quality-assurance section of our policy.",
            kinds: [.psap]),
        .init(
            id: "statements-true",
            text:
                "The statements in this application are true. We understand that recognition may be revoked if any of them proves false.",
            kinds: [.lawEnforcement, .psap]),
    ]

    static let psapTrack = ReadinessTrack(
        kind: .psap, framework: "ANSI/APCO/NCMEC 1.101 standard for telecommunicators",
        requirements: [
            .init(
                id: "psap-executive", title: "PSAP manager", roles: [.executive], alternatives: [["CEO"], ["MCDR-2"]],
                minimumMembers: 1, expiresForRenewal: true),
            .init(
                id: "psap-telecommunicators", title: "Telecommunicators", roles: [.telecommunicator, .supervisor],
                alternatives: [["MCDR-1"], ["TBP"]]),
        ],
        components: psapComponents)

    /// The criteria as first published (the seed document), with "Missing Children: Dynamics &
    /// Response" accepted in place of MCDR-1.
    public static let seedCriteria = ReadinessProgram(
        code: "mkrp-2018", name: "Missing Kids Readiness Project — published criteria", effectiveFrom: "2018-01-01",
        courses: commonCourses,
        tracks: [
            .init(
                kind: .lawEnforcement, framework: "NCMEC Law-Enforcement Model Policy",
                requirements: [
                    .init(
                        id: "le-executive", title: "Chief or sheriff", roles: [.executive], alternatives: [["CEO"], ["MCDR-2"]],
                        minimumMembers: 1, expiresForRenewal: true),
                    .init(
                        id: "le-sworn", title: "Sworn personnel", roles: [.commandStaff, .supervisor, .investigator, .sworn],
                        alternatives: [["MCDR-1"], ["MCDR"]]),
                ],
                components: lawEnforcementComponents),
            psapTrack,
        ],
        qualityAssurance: qualityAssuranceElements, affirmations: standardAffirmations)

    /// The later modular curriculum for police: every sworn officer takes MECINTRO and MECPAT,
    /// supervisors add MECSUP, investigators MECCID, and command staff the three-day CEO seminar.
    public static let modularScheme = ReadinessProgram(
        code: "mkrp-modular", name: "Missing Kids Readiness Project — modular curriculum", effectiveFrom: "2025-01-01",
        courses: commonCourses + [
            .init(code: "MECINTRO", title: "Missing and Exploited Children: Introduction", audience: "All sworn officers"),
            .init(code: "MECPAT", title: "Missing and Exploited Children: Patrol Response", audience: "All sworn officers"),
            .init(code: "MECSUP", title: "Missing and Exploited Children: Supervisors", audience: "Supervisors"),
            .init(code: "MECCID", title: "Missing and Exploited Children: Investigations", audience: "Investigators"),
        ],
        tracks: [
            .init(
                kind: .lawEnforcement, framework: "NCMEC Law-Enforcement Model Policy",
                requirements: [
                    .init(
                        id: "le-command", title: "Chief, sheriff and command staff", roles: [.executive, .commandStaff],
                        alternatives: [["CEO"]], minimumMembers: 1, expiresForRenewal: true),
                    .init(
                        id: "le-sworn-core", title: "All sworn officers",
                        roles: [.executive, .commandStaff, .supervisor, .investigator, .sworn], alternatives: [["MECINTRO", "MECPAT"]]),
                    // A department with no supervisors or no investigators has no one to send to
                    // those courses: the criterion does not apply to it.
                    .init(
                        id: "le-supervisors", title: "Supervisors", roles: [.supervisor], alternatives: [["MECSUP"]],
                        whenNoneHold: .doesNotApply),
                    .init(
                        id: "le-investigators", title: "Investigators", roles: [.investigator], alternatives: [["MECCID"]],
                        whenNoneHold: .doesNotApply),
                ],
                components: lawEnforcementComponents),
            psapTrack,
        ],
        qualityAssurance: qualityAssuranceElements, affirmations: standardAffirmations)
}
