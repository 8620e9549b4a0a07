/// The checklist items Homeward reads by name: what police need before a call is handed to them,
/// what fills their case and the NCIC worksheet, and the NCIC dispatch step. A checklist version
/// without one of them still works; what it lacks shows as missing on the worksheet.
public enum CallItem {
    public static let childName = "child-name"
    /// The family name as NCIC records it, when the telecommunicator asked the caller to spell it.
    public static let childLastName = "child-last-name"
    public static let childAge = "child-age"
    public static let childDateOfBirth = "child-dob"
    public static let childSex = "child-sex"
    public static let childRace = "child-race"
    public static let childHeight = "child-height"
    public static let childWeight = "child-weight"
    public static let childEyes = "child-eyes"
    public static let childHair = "child-hair"
    public static let childDescription = "child-description"
    public static let childClothing = "child-clothing"
    /// Whether the child is in foster care, and the child-welfare agency responsible.
    public static let childInCare = "child-in-care"
    public static let childCareAgency = "child-care-agency"
    public static let lastSeenWhere = "last-seen-where"
    public static let lastSeenWhen = "last-seen-when"
    public static let travelMode = "travel-mode"
    public static let destinations = "travel-destinations"
    public static let abductionBelieved = "abduction-believed"
    public static let dangerBelieved = "danger-believed"
    public static let suspect = "suspect-description"
    public static let suspectVehicle = "suspect-vehicle"
    public static let custody = "custody-dispute"
    public static let medical = "needs-medical"
    public static let autism = "needs-autism"
    public static let ncicStep = "dispatch-ncic"

    /// The items every checklist version must have: the hand-off needs them.
    public static let handOffRequired = [childName, childAge, childDateOfBirth, lastSeenWhere]
}
