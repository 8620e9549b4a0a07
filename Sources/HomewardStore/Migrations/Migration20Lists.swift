extension Migrations {
    /// Version 20: the indexes the paged lists read (911 calls, police cases, pending QA reviews,
    /// decided readiness applications, published posters), and each published poster's state in
    /// a column of its own so that the public list filters by state in SQL.
    static let v20 = Migration(
        version: 20, name: "indexes for paged lists",
        statements: [
            // An agency's cases newest first, and over a report's period.
            "CREATE INDEX episodes_by_organization_receipt ON episodes (organization_id, received_at, id)",
            "CREATE INDEX calls_by_psap_opened ON calls (psap_id, opened_at, id)",
            "CREATE INDEX police_cases_by_agency_reported ON police_cases (police_id, reported_at, id)",
            "CREATE INDEX qa_reviews_pending_by_psap ON qa_reviews (psap_id, due_at, id) WHERE submitted_at IS NULL",
            "CREATE INDEX readiness_applications_decided ON readiness_applications (status, decided_at, id)",
            "ALTER TABLE posters ADD COLUMN public_state TEXT",
            // The report form names a member police agency elsewhere by its ORI.
            "CREATE INDEX organizations_by_ori ON organizations (ori)",
            // These serve what the index by status and publication time did, and page without a sort.
            "DROP INDEX posters_by_status",
            "CREATE INDEX posters_published ON posters (status, published_at, slug)",
            "CREATE INDEX posters_published_by_state ON posters (status, public_state, published_at, slug)",
        ],
        sqliteOnly: [
            "UPDATE posters SET public_state = json_extract(public_json, '$.missingFromState') WHERE public_json IS NOT NULL"
        ],
        postgresOnly: [
            "UPDATE posters SET public_state = (public_json::jsonb) ->> 'missingFromState' WHERE public_json IS NOT NULL"
        ]
    )
}
