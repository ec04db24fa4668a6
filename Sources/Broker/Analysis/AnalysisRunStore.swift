import Analysis
import Foundation
import Postgres

/// A stored analysis run, without its per-school results.
public struct AnalysisRunRecord: Sendable, Codable, Hashable {
    public var id: Int64
    public var academicYear: Int
    public var rulesVersion: String
    public var startedAt: Date
    public var finishedAt: Date
    public var schools: Int
    public var areasForImprovement: Int
    public var strengths: Int
    public var needs: AnalysisRunSummary.NeedCounts
    public var activitiesPlanned: Int
    /// Milliseconds spent reading the evidence, analysing and writing.
    public var loadMilliseconds: Double
    public var analyseMilliseconds: Double
    public var writeMilliseconds: Double
}

/// Reads stored analysis runs and their results back.
public struct AnalysisRunStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The runs of a year (of every year when `nil`), latest first.
    public func runs(academicYear: Int?) async throws -> [AnalysisRunRecord] {
        try await select("WHERE \(academicYear)::integer IS NULL OR academic_year = \(academicYear)::integer ORDER BY id DESC")
    }

    /// The run with `id`, if any.
    public func run(id: Int64) async throws -> AnalysisRunRecord? {
        try await select("WHERE id = \(id)").first
    }

    /// The runs matching `condition` (a `WHERE …` clause whose values are bound).
    private func select(_ condition: PostgresQuery) async throws -> [AnalysisRunRecord] {
        try await pool.query(PostgresQuery(
            sql: """
                SELECT id, academic_year, rules_version, started_at, finished_at, schools, areas_for_improvement,
                       strengths, needs_created, needs_updated, needs_withdrawn, activities_planned, load_ms, analyse_ms,
                       write_ms
                FROM analysis_runs \(condition.sql)
                """, binds: condition.binds)
        ).map { row in
            AnalysisRunRecord(
                id: try row.decode("id", as: Int64.self), academicYear: try row.decode("academic_year", as: Int.self),
                rulesVersion: try row.decode("rules_version", as: String.self),
                startedAt: try row.decode("started_at", as: Date.self),
                finishedAt: try row.decode("finished_at", as: Date.self), schools: try row.decode("schools", as: Int.self),
                areasForImprovement: try row.decode("areas_for_improvement", as: Int.self),
                strengths: try row.decode("strengths", as: Int.self),
                needs: .init(
                    created: try row.decode("needs_created", as: Int.self),
                    updated: try row.decode("needs_updated", as: Int.self),
                    withdrawn: try row.decode("needs_withdrawn", as: Int.self)),
                activitiesPlanned: try row.decode("activities_planned", as: Int.self),
                loadMilliseconds: try row.decode("load_ms", as: Double.self),
                analyseMilliseconds: try row.decode("analyse_ms", as: Double.self),
                writeMilliseconds: try row.decode("write_ms", as: Double.self))
        }
    }

    /// The school's stored result in the year's latest run (or in run `runID`), as the run found
    /// it; `nil` when that run did not analyse it.
    public func result(urn: Int, academicYear: Int, runID: Int64? = nil) async throws -> SchoolAnalysis? {
        try await pool.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT jsonb_build_object(
                    'urn', r.urn, 'academicYear', runs.academic_year, 'rulesVersion', runs.rules_version,
                    'level', r.level, 'reasons', r.reasons, 'warnings', r.warnings,
                    'areasForImprovement', coalesce(
                        (SELECT jsonb_agg(jsonb_build_object('area', a.area_code, 'severity', a.severity,
                                          'findings', a.findings) ORDER BY a.position)
                         FROM analysis_areas a WHERE a.run_id = r.run_id AND a.urn = r.urn), '[]'),
                    'strengths', coalesce(
                        (SELECT jsonb_agg(jsonb_build_object('area', s.area_code, 'strength', s.strength,
                                          'findings', s.findings) ORDER BY s.position)
                         FROM analysis_strengths s WHERE s.run_id = r.run_id AND s.urn = r.urn), '[]')
                ) AS analysis
                FROM analysis_results r JOIN analysis_runs runs ON runs.id = r.run_id
                WHERE r.urn = \(urn)::integer AND r.run_id = coalesce(\(runID),
                    (SELECT max(id) FROM analysis_runs WHERE academic_year = \(academicYear)::integer))
                """)
            return try rows.first?.decode("analysis", as: PostgresJSON<SchoolAnalysis>.self).value
        }
    }
}
