import Postgres

/// Keeps the `analysis` needs of a year in step with a run's areas for improvement: one need per
/// school and area, its severity and rationale from the run's findings.
enum AnalysisNeeds {
    /// Creates the needs the run found, updates those whose severity or findings changed (and
    /// reopens a withdrawn one the run finds again), and withdraws the open ones it no longer
    /// finds. Met needs are left alone: they are in a partnership.
    static func synchronise(
        runID: Int64, academicYear: Int, on connection: PostgresConnection
    ) async throws -> AnalysisRunSummary.NeedCounts {
        let upserted = try await connection.query(
            """
            WITH found AS (
                SELECT a.urn, a.area_code, a.severity,
                       (SELECT string_agg(f ->> 'text', ' ') FROM jsonb_array_elements(a.findings) AS f) AS rationale
                FROM analysis_areas a WHERE a.run_id = \(runID)
            ), changed AS (
                INSERT INTO needs (urn, area_code, academic_year, severity, source, rationale)
                SELECT urn, area_code, \(academicYear)::integer, severity, 'analysis', coalesce(rationale, '') FROM found
                ON CONFLICT (urn, area_code, academic_year, source) DO UPDATE
                    SET severity = EXCLUDED.severity, rationale = EXCLUDED.rationale, updated_at = now(),
                        status = CASE WHEN needs.status = 'withdrawn' THEN 'open'::need_status ELSE needs.status END
                    WHERE (needs.severity, needs.rationale, needs.status = 'withdrawn')
                        IS DISTINCT FROM (EXCLUDED.severity, EXCLUDED.rationale, false)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted) AS created, count(*) FILTER (WHERE NOT inserted) AS updated
            FROM changed
            """)[0]
        let withdrawn = try await connection.query(
            """
            UPDATE needs SET status = 'withdrawn', updated_at = now()
            WHERE academic_year = \(academicYear)::integer AND source = 'analysis' AND status = 'open'
              AND NOT EXISTS (
                  SELECT FROM analysis_areas a
                  WHERE a.run_id = \(runID) AND a.urn = needs.urn AND a.area_code = needs.area_code)
            """)
        return AnalysisRunSummary.NeedCounts(
            created: try upserted.decode("created", as: Int.self), updated: try upserted.decode("updated", as: Int.self),
            withdrawn: withdrawn.affectedRows)
    }
}
