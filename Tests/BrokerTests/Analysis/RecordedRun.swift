import Postgres

/// Analysis runs recorded by hand, for tests that write a run's results themselves.
enum RecordedRun {
    /// Inserts a run of `year` with zero counts and timings and returns its id.
    static func insert(year: Int, in pool: PostgresPool) async throws -> Int64 {
        try await pool.query(
            """
            INSERT INTO analysis_runs (academic_year, rules_version, rules, started_at, finished_at, schools,
                areas_for_improvement, strengths, warnings, needs_created, needs_updated, needs_withdrawn,
                activities_planned, load_ms, analyse_ms, write_ms)
            VALUES (\(year), 'test', '{}', now(), now(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) RETURNING id
            """)[0].decode("id")
    }
}
