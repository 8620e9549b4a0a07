import Foundation

extension CallChecklist {
    /// The checklists Homeward ships; the clearinghouse may add versions.
    public static let shipped: [CallChecklist] = [telecommunicatorStandard, telecommunicatorStandardStructured]

    /// The standard's checklist with the child described as NCIC records a missing person (sex,
    /// race, height, weight, hair and eyes as coded answers, the family name spelled) and whether
    /// the child is in foster care, so that a call handed to police fills their NCIC worksheet.
    public static let telecommunicatorStandardStructured: CallChecklist = {
        var checklist = telecommunicatorStandard
        checklist.code = "ans-1.101-2026.2"
        checklist.effectiveFrom = "2026-11-25"
        let tables = NCICCodeTables.standard
        let child = ChecklistSection(
            id: "child", title: "Child",
            items: [
                .init(id: CallItem.childName, title: "Child's name", prompt: "What is the child's full name?", answer: .text),
                .init(
                    id: CallItem.childLastName, title: "Family name", prompt: "Which is the family name? Please spell it.",
                    answer: .text),
                .init(id: CallItem.childAge, title: "Age", prompt: "How old is the child?", answer: .number),
                .init(id: CallItem.childDateOfBirth, title: "Date of birth", prompt: "What is the child's date of birth?", answer: .date),
                .init(
                    id: CallItem.childSex, title: "Sex", prompt: "Is the child a boy or a girl?", answer: .choice,
                    options: Sex.allCases.map { ChecklistOption(value: $0.rawValue, label: $0.title) }),
                .init(
                    id: CallItem.childRace, title: "Race", prompt: "What is the child's race?", answer: .choice,
                    options: ChecklistOption.codes(tables.races)),
                .init(id: CallItem.childHeight, title: "Height", prompt: "How tall is the child?", answer: .height),
                .init(id: CallItem.childWeight, title: "Weight", prompt: "About how much does the child weigh?", answer: .weight),
                .init(
                    id: CallItem.childHair, title: "Hair", prompt: "What colour is the child's hair?", answer: .choice,
                    options: ChecklistOption.codes(tables.hairColors)),
                .init(
                    id: CallItem.childEyes, title: "Eyes", prompt: "What colour are the child's eyes?", answer: .choice,
                    options: ChecklistOption.codes(tables.eyeColors)),
                .init(
                    id: CallItem.childDescription, title: "Other identifiers",
                    prompt: "Glasses, braces, scars, marks, tattoos, build?", answer: .text),
                .init(id: CallItem.childClothing, title: "Clothing", prompt: "What was the child wearing?", answer: .text),
                .init(
                    id: "child-photo", title: "Recent photo available", prompt: "Do you have a recent photo of the child?",
                    answer: .yesNo),
                .init(
                    id: CallItem.childInCare, title: "In foster care",
                    prompt: "Is the child in foster care or in the custody of a child-welfare agency?", answer: .yesNo),
                .init(
                    id: CallItem.childCareAgency, title: "Child-welfare agency",
                    prompt: "Which agency has custody of the child? Who is the caseworker?", answer: .text),
            ])
        checklist.sections = checklist.sections.map { $0.id == "child" ? child : $0 }
        checklist.amber = checklist.amber.map { criterion in
            guard criterion.id == "amber-description" else { return criterion }
            return AmberCriterion(
                id: criterion.id, title: criterion.title,
                rule: .answered(
                    [
                        CallItem.childHeight, CallItem.childDescription, CallItem.childClothing, CallItem.suspect,
                        CallItem.suspectVehicle,
                    ], minimum: 3))
        }
        return checklist
    }()

    /// The missing-child call checklist after the telecommunicator standard's critical elements
    /// (APCO/NCMEC ANS 1.101), with the IACP Home Safe autism / wandering questions.
    public static let telecommunicatorStandard = CallChecklist(
        code: "ans-1.101-2026", name: "Missing, abducted and sexually exploited child call", effectiveFrom: "2026-01-01",
        sections: [
            ChecklistSection(
                id: "caller", title: "Caller",
                items: [
                    .init(id: "caller-name", title: "Caller's name", prompt: "What is your name?", answer: .text),
                    .init(
                        id: "caller-relationship", title: "Relationship to the child",
                        prompt: "How are you related to the child?", answer: .text),
                    .init(id: "caller-location", title: "Caller's location", prompt: "Where are you right now?", answer: .text),
                    .init(
                        id: "caller-callback", title: "Callback number",
                        prompt: "What number can we reach you at if we are cut off?", answer: .text),
                ]),
            ChecklistSection(
                id: "child", title: "Child",
                items: [
                    .init(id: "child-name", title: "Child's name", prompt: "What is the child's full name?", answer: .text),
                    .init(id: "child-age", title: "Age", prompt: "How old is the child?", answer: .number),
                    .init(id: "child-dob", title: "Date of birth", prompt: "What is the child's date of birth?", answer: .date),
                    .init(
                        id: "child-description", title: "Description",
                        prompt: "Sex, race, height, weight, hair, eyes, glasses, marks or scars?", answer: .text),
                    .init(id: "child-clothing", title: "Clothing", prompt: "What was the child wearing?", answer: .text),
                    .init(
                        id: "child-photo", title: "Recent photo available", prompt: "Do you have a recent photo of the child?",
                        answer: .yesNo),
                ]),
            ChecklistSection(
                id: "last-seen", title: "Last seen",
                items: [
                    .init(id: "last-seen-where", title: "Where", prompt: "Where was the child last seen?", answer: .text),
                    .init(id: "last-seen-when", title: "When", prompt: "When was the child last seen?", answer: .text),
                    .init(id: "last-seen-by", title: "By whom", prompt: "Who saw the child last?", answer: .text),
                    .init(id: "last-seen-with", title: "With whom", prompt: "Was the child with anyone?", answer: .text),
                ]),
            ChecklistSection(
                id: "travel", title: "Travel",
                items: [
                    .init(id: "travel-direction", title: "Direction of travel", prompt: "Which way did the child go?", answer: .text),
                    .init(
                        id: "travel-mode", title: "Mode",
                        prompt: "On foot, on a bicycle, in a vehicle? Make, model, colour and plate?", answer: .text),
                    .init(
                        id: "travel-destinations", title: "Possible destinations",
                        prompt: "Where might the child go? Friends, relatives, places?", answer: .text),
                ]),
            ChecklistSection(
                id: "suspect", title: "Suspect and vehicle",
                items: [
                    .init(
                        id: "abduction-believed", title: "Abduction believed",
                        prompt: "Do you believe someone took the child?", answer: .yesNo),
                    .init(
                        id: "suspect-description", title: "Suspect", prompt: "Who? Name, description, relationship to the child?",
                        answer: .text),
                    .init(
                        id: "suspect-vehicle", title: "Suspect's vehicle",
                        prompt: "What vehicle? Make, model, colour, plate, direction?", answer: .text),
                    .init(
                        id: "danger-believed", title: "Child in danger",
                        prompt: "Is the child in danger of serious injury or death?", answer: .yesNo),
                ]),
            ChecklistSection(
                id: "custody", title: "Custody",
                items: [
                    .init(
                        id: "custody-dispute", title: "Custody order or family dispute",
                        prompt: "Is there a custody order or a dispute in the family?", answer: .text)
                ]),
            ChecklistSection(
                id: "needs", title: "Medical and other needs",
                items: [
                    .init(
                        id: "needs-medical", title: "Medical, mental-health and medication needs",
                        prompt: "Does the child need medication or have a medical or mental-health condition?", answer: .text),
                    .init(
                        id: "needs-autism", title: "Autism or wandering",
                        prompt: "Does the child have autism or a condition that makes them wander?", answer: .yesNo),
                    .init(id: "needs-disability", title: "Disability", prompt: "Does the child have a disability?", answer: .text),
                ]),
            ChecklistSection(
                id: "history", title: "History",
                items: [
                    .init(
                        id: "history-prior", title: "Prior missing episodes",
                        prompt: "Has the child gone missing before? Where was the child found?", answer: .text),
                    .init(
                        id: "history-devices", title: "Phones and social media",
                        prompt: "Does the child have a phone, tablet or social-media accounts?", answer: .text),
                ]),
            ChecklistSection(
                id: "search", title: "Search",
                items: [
                    .init(
                        id: "search-home", title: "Home and surroundings searched",
                        prompt: "Have you searched the house, closets, beds, vehicles, crawl spaces and the yard?", answer: .yesNo)
                ]),
        ],
        autismBranch: ChecklistSection(
            id: "autism", title: "Autism and wandering",
            items: [
                .init(
                    id: "autism-supervisor", title: "Supervisor told", prompt: "Tell the supervisor: a child with autism is missing.",
                    answer: .confirm),
                .init(
                    id: "autism-water", title: "Water searched and secured",
                    prompt: "Send responders to search and secure nearby water at once.", answer: .confirm),
                .init(
                    id: "autism-favourites", title: "Favourite places", prompt: "Where does the child like to go?", answer: .text),
                .init(
                    id: "autism-attractions", title: "Attractions",
                    prompt: "Is the child drawn to water, roads, trains or heavy machinery?", answer: .text),
                .init(id: "autism-swim", title: "Can swim", prompt: "Can the child swim?", answer: .yesNo),
                .init(
                    id: "autism-approach", title: "Reaction to being approached",
                    prompt: "How does the child react to strangers, sirens or being called by name?", answer: .text),
            ]),
        autismTrigger: "needs-autism",
        preArrival: [
            .init(
                id: "pre-search-again", title: "Search again",
                prompt: "Search again everywhere a child could hide: closets, beds, laundry, appliances, vehicles and trunks.",
                answer: .confirm),
            .init(
                id: "pre-secure-room", title: "Secure the room and devices",
                prompt: "Do not disturb the child's room or belongings; secure computers and phones without searching them.",
                answer: .confirm),
            .init(
                id: "pre-photo-ready", title: "Photo and identifiers ready",
                prompt: "Have a recent photo, a description of the clothing and any identifiers ready for the officer.",
                answer: .confirm),
            .init(
                id: "pre-stay-by-phone", title: "Stay by the phone", prompt: "Stay by this phone; keep the line free.",
                answer: .confirm),
        ],
        dispatch: [
            .init(id: "dispatch-priority", title: "High-priority dispatch", answer: .confirm),
            .init(id: "dispatch-supervisor", title: "Supervisor notified", answer: .confirm),
            .init(id: "dispatch-bolo", title: "BOLO / ATL sent", answer: .confirm),
            .init(id: "dispatch-history", title: "CAD/RMS prior calls checked", answer: .confirm),
            .init(id: "dispatch-registry", title: "Sex-offender registry checked", answer: .confirm),
            .init(id: "dispatch-ncic", title: "NCIC entry supported", answer: .confirm),
            .init(id: "dispatch-clearinghouse", title: "Clearinghouse notified", answer: .confirm),
        ],
        amber: [
            AmberCriterion(id: "amber-abduction", title: "Reasonable belief that an abduction occurred", rule: .yes("abduction-believed")),
            AmberCriterion(id: "amber-danger", title: "Risk of serious bodily injury or death", rule: .yes("danger-believed")),
            AmberCriterion(
                id: "amber-description", title: "Enough descriptive information to help",
                rule: .answered(["child-description", "child-clothing", "suspect-description", "suspect-vehicle"], minimum: 3)),
            AmberCriterion(
                id: "amber-age", title: "The child is 17 or younger", rule: .ageAtMost(17, age: "child-age", dateOfBirth: "child-dob")),
            AmberCriterion(id: "amber-ncic", title: "Entered in NCIC", rule: .confirmed("dispatch-ncic")),
        ])
}
