extension Migrations {
    /// Version 6: photos encoded anew from their pixels.
    static let v6 = Migration(
        version: 6, name: "photos encoded anew from their pixels",
        statements: [
            // Existing photos were cleaned by editing segments, which can leave private data in
            // trailers and between scans; they are marked 0 and hidden until encoded anew.
            "ALTER TABLE photos ADD COLUMN pixel_encoding INTEGER NOT NULL DEFAULT 0"
        ]
    )
}
