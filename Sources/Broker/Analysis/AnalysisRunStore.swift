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
    /// it; `nil` when that run did not analyse it. One round trip.
    public func result(urn: Int, academicYear: Int, runID: Int64? = nil) async throws -> SchoolAnalysis? {
        let rows = try await pool.withConnection { connection in
            try await connection.pipeline(Self.resultQueries(urn: urn, academicYear: academicYear, runID: runID))
        }
        return try Self.result(urn: urn, rows)
    }

    /// The three statements behind a school's stored result, for callers that batch them with
    /// others: the result with its explanation document, its areas for improvement, its
    /// strengths. They read run `runID`; else the latest run of `academicYear`; else, with
    /// neither, the school's most recently finished run of any year.
    static func resultQueries(urn: Int, academicYear: Int?, runID: Int64?) -> [PostgresQuery] {
        let binds = [urn.postgresBind, academicYear?.postgresBind ?? .null, runID?.postgresBind ?? .null]
        let run = """
            coalesce($3::bigint, CASE WHEN $2::integer IS NULL
                THEN (SELECT r.run_id FROM analysis_results r JOIN analysis_runs runs ON runs.id = r.run_id
                      WHERE r.urn = $1::integer ORDER BY runs.finished_at DESC, r.run_id DESC LIMIT 1)
                ELSE (SELECT max(id) FROM analysis_runs WHERE academic_year = $2::integer) END)
            """
        return [
            PostgresQuery(
                sql: """
                    SELECT r.run_id, runs.academic_year, runs.rules_version, r.level, e.document
                    FROM analysis_results r JOIN analysis_runs runs ON runs.id = r.run_id
                    JOIN analysis_explanations e ON e.run_id = r.explained_by AND e.urn = r.urn
                    WHERE r.urn = $1::integer AND r.run_id = \(run)
                    """, binds: binds),
            PostgresQuery(
                sql: """
                    SELECT area_code, position, severity FROM analysis_areas
                    WHERE urn = $1::integer AND run_id = \(run) ORDER BY position
                    """, binds: binds),
            PostgresQuery(
                sql: """
                    SELECT area_code, position, strength FROM analysis_strengths
                    WHERE urn = $1::integer AND run_id = \(run) ORDER BY position
                    """, binds: binds),
        ]
    }

    /// The school's result from the rows of ``resultQueries(urn:academicYear:runID:)``.
    static func result(urn: Int, _ rows: some Collection<PostgresRows>) throws -> SchoolAnalysis? {
        guard let row = rows.first?.first else { return nil }
        let explanation = try StoredExplanation(document: try row.decode("document", as: String.self))
        let (areas, strengths) = try findings(explanation.findings, rows.dropFirst())
        return SchoolAnalysis(
            urn: urn, academicYear: try row.decode("academic_year", as: Int.self),
            rulesVersion: try row.decode("rules_version", as: String.self),
            level: try row.decode("level", as: SupportLevel.self), reasons: explanation.reasons,
            areasForImprovement: areas, strengths: strengths, warnings: explanation.warnings)
    }

    /// The school's areas for improvement and strengths from the rows of
    /// ``resultQueries(urn:academicYear:runID:)``, without the rest of the explanation; empty
    /// when the run did not analyse the school.
    static func findings(_ rows: some Collection<PostgresRows>) throws
        -> (areas: [AreaForImprovement], strengths: [Strength])
    {
        guard let row = rows.first?.first else { return ([], []) }
        let document = try row.decode("document", as: String.self)
        return try findings(try StoredExplanation.Findings(document: document), rows.dropFirst())
    }

    /// Each area and strength row (the last two of `rows`) joined with its findings in the document.
    private static func findings(_ stored: StoredExplanation.Findings, _ rows: some Collection<PostgresRows>) throws
        -> (areas: [AreaForImprovement], strengths: [Strength])
    {
        let areas = try entries(rows.first!, "analysis_areas", findings: stored.areas) {
            AreaForImprovement(area: $0, severity: try $1.decode("severity", as: Int.self), findings: $2)
        }
        let strengths = try entries(rows.dropFirst().first!, "analysis_strengths", findings: stored.strengths) {
            Strength(area: $0, strength: try $1.decode("strength", as: Double.self), findings: $2)
        }
        return (areas, strengths)
    }

    /// The rows of `table` (`analysis_areas` or `analysis_strengths`), in their stored order, each
    /// made by `make` from its area, row and findings (the document's entry at the row's position).
    private static func entries<Entry>(
        _ rows: PostgresRows, _ table: String, findings: [[Finding]],
        _ make: (AreaCode, PostgresRow, [Finding]) throws -> Entry
    ) throws -> [Entry] {
        try rows.map { row in
            let position = try row.decode("position", as: Int.self)
            guard findings.indices.contains(position) else { throw StoredExplanationError.missingEntry(table, position) }
            return try make(AreaCode(rawValue: try row.decode("area_code", as: String.self)), row, findings[position])
        }
    }
}
