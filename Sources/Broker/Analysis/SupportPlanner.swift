import Analysis
import Postgres

/// Plans each school's support activities from its effective level (decided, else proposed)
/// and the level's offer (`support_offer`), over the academic year's terms.
///
/// A school is planned once per level: planning again changes nothing unless its effective
/// level changed. Re-levelling removes the old level's still-planned activities due from
/// `today` on and adds the new level's activities due from `today` on; past, done, cancelled
/// and hand-added activities stay. A first plan includes activities already past due (they show
/// as overdue).
enum SupportPlanner {
    /// Plans the year's schools (only those in `urns`, when given) on `connection`, inside the
    /// caller's transaction, which holds the year's ``AnalysisYearLock`` (no other plan runs meanwhile).
    static func plan(
        academicYear: Int, today: CivilDate, urns: [Int]? = nil, on connection: PostgresConnection
    ) async throws -> AnalysisRunSummary.PlanCounts {
        let only = urns.map { $0.map(Int32.init) }
        let counts = try await connection.query(
            """
            WITH terms AS (
                -- Each term's dates once, not once per activity.
                SELECT term, term_dates(\(academicYear)::integer, term) AS span
                FROM unnest(enum_range(NULL::school_term)) AS term
            ), changed AS (
                SELECT l.urn, l.effective_level AS level, p.level IS NOT NULL AS replanning
                FROM school_levels_in(\(academicYear)::integer) l
                LEFT JOIN support_plans p ON p.urn = l.urn AND p.academic_year = \(academicYear)::integer
                WHERE l.effective_level IS NOT NULL AND p.level IS DISTINCT FROM l.effective_level
                  AND (\(only)::integer[] IS NULL OR l.urn = ANY(\(only)::integer[]))
            ), removed AS (
                DELETE FROM support_activities a USING changed c
                WHERE a.urn = c.urn AND a.academic_year = \(academicYear)::integer AND a.status = 'planned'
                  AND a.planned_for_level IS NOT NULL AND a.due_date >= \(today)
                RETURNING a.id
            ), planned AS (
                -- A plain insert for the schools without a plan, not `ON CONFLICT … DO UPDATE`:
                -- its speculative insertion writes twice the WAL (runs are serialised by the lock).
                INSERT INTO support_plans (urn, academic_year, level, planned_at)
                SELECT urn, \(academicYear)::integer, level, now() FROM changed WHERE NOT replanning
            ), replanned AS (
                UPDATE support_plans p SET level = c.level, planned_at = now()
                FROM changed c
                WHERE c.replanning AND p.urn = c.urn AND p.academic_year = \(academicYear)::integer
            ), schedule AS MATERIALIZED (
                -- Each level's activities and due dates once (a few dozen rows), not once per school.
                -- The first due `first_due_week` weeks in, the rest spread evenly to the term's end.
                SELECT o.level, o.kind, t.term, lower(t.span) + o.first_due_week * 7
                        + k.i * (upper(t.span) - 1 - lower(t.span) - o.first_due_week * 7) / o.per_term AS due_date
                FROM support_offer o
                CROSS JOIN LATERAL unnest(o.terms) AS offered (term)
                JOIN terms t ON t.term = offered.term
                CROSS JOIN LATERAL generate_series(0, o.per_term - 1) AS k (i)
            ), added AS (
                INSERT INTO support_activities (urn, academic_year, kind, term, due_date, planned_for_level)
                SELECT c.urn, \(academicYear)::integer, s.kind, s.term, s.due_date, c.level
                FROM changed c JOIN schedule s ON s.level = c.level
                WHERE NOT c.replanning OR s.due_date >= \(today)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM changed) AS schools, (SELECT count(*) FROM added) AS added,
                   (SELECT count(*) FROM removed) AS removed
            """)[0]
        return AnalysisRunSummary.PlanCounts(
            schools: try counts.decode("schools", as: Int.self), activitiesAdded: try counts.decode("added", as: Int.self),
            activitiesRemoved: try counts.decode("removed", as: Int.self))
    }
}
