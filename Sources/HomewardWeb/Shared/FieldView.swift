import HomewardCore

/// One form field as the shared `field` template draws it: label, hint, error beside it, and
/// the value the person typed.
struct FieldView: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    var name: String
    var label: String
    var value: String
    var hint: String?
    var error: String?
    var type: String = "text"
    var required = false
    var options: [Option] = []
    var isSelect = false
    var isTextarea = false
    var isInput = true
    var autocomplete = "off"
    /// A time that happened twice (the clocks went back): the field offers the first or the second.
    /// Stored, not computed: templates see stored values only.
    var asksOccurrence = false

    static func text(
        _ name: String, _ label: String, _ value: String, errors: FieldErrors, hint: String? = nil, type: String = "text",
        required: Bool = false
    )
        -> FieldView
    {
        FieldView(
            name: name, label: label, value: value, hint: hint, error: errors[name], type: type, required: required,
            asksOccurrence: errors[name]?.contains(LocalDateTime.happenedTwice) == true)
    }

    static func textarea(_ name: String, _ label: String, _ value: String, errors: FieldErrors, hint: String? = nil, required: Bool = false)
        -> FieldView
    {
        FieldView(
            name: name, label: label, value: value, hint: hint, error: errors[name], required: required, isTextarea: true, isInput: false)
    }

    static func select(
        _ name: String, _ label: String, _ value: String, options: [(String, String)], errors: FieldErrors, hint: String? = nil,
        required: Bool = false
    ) -> FieldView {
        FieldView(
            name: name, label: label, value: value, hint: hint, error: errors[name], required: required,
            options: options.map { Option(value: $0.0, label: $0.1, selected: $0.0 == value) }, isSelect: true, isInput: false)
    }

    /// The state pick list of a public filter form, "All states" first.
    static func stateFilter(
        _ selected: String, label: String = StaffText.text("staff.field.state"), all: String = StaffText.text("staff.field.allStates")
    ) -> FieldView {
        .select(
            "state", label, selected, options: [("", all)] + USState.codesByName.map { ($0, USState.names[$0]!) },
            errors: FieldErrors())
    }
}
