extension Migrations {
    /// Version 24: a poster's own public fields (JSON), the version waiting for a second person's
    /// approval (JSON, with its digest), the approval of the live version, and who edited since.
    static let v24 = Migration(
        version: 24, name: "poster public fields and approval by a second person",
        statements: [
            "ALTER TABLE posters ADD COLUMN public_fields TEXT",
            "ALTER TABLE posters ADD COLUMN pending_approval TEXT",
            "ALTER TABLE posters ADD COLUMN approval TEXT",
            "ALTER TABLE posters ADD COLUMN editors TEXT",
        ]
    )
}
