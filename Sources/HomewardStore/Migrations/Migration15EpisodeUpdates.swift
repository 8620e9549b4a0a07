extension Migrations {
    /// Version 15: each episode keeps when its record or its timeline last changed, so that a
    /// system can ask for what changed since it last looked.
    static let v15 = Migration(
        version: 15, name: "when each episode last changed",
        statements: [
            "ALTER TABLE episodes ADD COLUMN updated_at TEXT",
            """
            UPDATE episodes SET updated_at = COALESCE(
                (SELECT MAX(recorded_at) FROM episode_events WHERE episode_events.episode_id = episodes.id), submitted_at, created_at)
            """,
            "CREATE INDEX episodes_by_update ON episodes (updated_at)",
        ]
    )
}
