extension Migrations {
    /// Version 14: an agency is told once when its recognition's renewal window opens.
    static let v14 = Migration(
        version: 14, name: "renewal notices",
        statements: [
            """
            CREATE TABLE renewal_notices (
                recognition_id TEXT PRIMARY KEY REFERENCES recognitions (id),
                recorded_at TEXT NOT NULL
            )
            """
        ]
    )
}
