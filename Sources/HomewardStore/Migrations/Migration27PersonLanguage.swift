extension Migrations {
    /// Version 27: each person reads the notices Homeward sends them in a language of their
    /// choosing, English unless they choose another.
    static let v27 = Migration(
        version: 27, name: "a person's language",
        statements: ["ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en'"])
}
