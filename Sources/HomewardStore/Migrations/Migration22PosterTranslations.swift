extension Migrations {
    /// Version 22: a poster's narrative in other languages (JSON, language → text).
    static let v22 = Migration(
        version: 22, name: "poster narratives in other languages",
        statements: ["ALTER TABLE posters ADD COLUMN translations TEXT"]
    )
}
