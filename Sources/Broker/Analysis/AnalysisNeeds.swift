import Postgres

/// Keeps the `analysis` needs of a year in step with a run's areas for improvement: one need per
/// school and area, its severity and rationale from the run's findings.
enum AnalysisNeeds {
    /// Creates the needs the run found, updates those whose severity or findings changed (and
    /// reopens a withdrawn one the run finds again), and withdraws the open ones it no longer
    /// finds. Met needs are left alone: they are in a partnership.
    ///
    /// - Parameter found: the run's areas for improvement, each with its findings' texts.
    static func synchronise(
        _ found: [Found], academicYear: Int, on connection: PostgresConnection
    ) async throws -> AnalysisRunSummary.NeedCounts {
        // The rationales come from the writer's rendering: the stored findings are compact text
        // that SQL does not read.
        try await connection.simpleQuery(
            """
            CREATE TEMP TABLE analysis_found (
                urn integer NOT NULL, area_code text NOT NULL, severity integer NOT NULL, rationale text NOT NULL,
                PRIMARY KEY (urn, area_code)) ON COMMIT DROP
            """)
        try await connection.copyFrom("COPY analysis_found (urn, area_code, severity, rationale) FROM STDIN") {
            writer in
            for area in found {
                try await writer.append([String(area.urn), area.area, String(area.severity), area.rationale])
            }
        }
        // No ANALYZE (70–100 ms a national run): the planner sizes a fresh table from its pages,
        // and the joins below are hash joins either way (checked with EXPLAIN).
        // Set-based diff, not `ON CONFLICT … DO UPDATE … WHERE`: that locks (and so writes) every
        // existing need even when nothing changed. The table is named twice rather than put in a
        // CTE, which PostgreSQL would copy (to disk, past `work_mem`) for its two readers.
        let changed = try await connection.query(
            """
            WITH updated AS (
                UPDATE needs SET severity = found.severity, rationale = found.rationale, updated_at = now(),
                    status = CASE WHEN needs.status = 'withdrawn' THEN 'open'::need_status ELSE needs.status END
                FROM analysis_found found
                WHERE needs.urn = found.urn AND needs.area_code = found.area_code
                  AND needs.academic_year = \(academicYear)::integer AND needs.source = 'analysis'
                  AND (needs.severity, needs.rationale, needs.status = 'withdrawn')
                      IS DISTINCT FROM (found.severity, found.rationale, false)
                RETURNING 1
            ), created AS (
                -- The existing needs are told by the unique index, not by an anti-join with
                -- `needs`: planned from statistics of an empty table (a new database after
                -- `vacuumdb --analyze`), that join rescanned the rows this insert was adding, once
                -- per row (measured: 13–27 s for a national first run's needs instead of 0.8–1.1).
                INSERT INTO needs (urn, area_code, academic_year, severity, source, rationale)
                SELECT urn, area_code, \(academicYear)::integer, severity, 'analysis', rationale FROM analysis_found
                ON CONFLICT (urn, area_code, academic_year, source) DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM created) AS created, (SELECT count(*) FROM updated) AS updated
            """)[0]
        let withdrawn = try await connection.query(
            """
            UPDATE needs SET status = 'withdrawn', updated_at = now()
            WHERE academic_year = \(academicYear)::integer AND source = 'analysis' AND status = 'open'
              AND NOT EXISTS (
                  SELECT FROM analysis_found a WHERE a.urn = needs.urn AND a.area_code = needs.area_code)
            """)
        return AnalysisRunSummary.NeedCounts(
            created: try changed.decode("created", as: Int.self), updated: try changed.decode("updated", as: Int.self),
            withdrawn: withdrawn.affectedRows)
    }

    /// One area for improvement of a run: the need it calls for.
    struct Found: Sendable {
        let urn: Int
        let area: String
        let severity: Int
        /// The area's findings' texts, joined by spaces.
        let rationale: String
    }
}
