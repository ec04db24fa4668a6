import Analysis
import Foundation
import Postgres

/// Runs the desk-top analysis of an academic year against the database: reads the evidence of
/// every school in a few set-based queries, applies the pure ``Analyser``, and writes the run,
/// the needs and the support plans in one transaction.
///
/// Runs of the same year are serialised by a transaction-scoped advisory lock (so any replica
/// of the daemon may start one), which level decisions also take.
public struct AnalysisRunner: Sendable {
    public let pool: PostgresPool
    public let rules: AnalysisRules

    /// - Parameter rules: the rules to apply; validated when a run starts.
    public init(pool: PostgresPool, rules: AnalysisRules = .default) {
        self.pool = pool
        self.rules = rules
    }

    /// Analyses `academicYear` (the year in which it ends).
    ///
    /// Unless `dryRun`, stores the run with its rules, each school's proposed level, reasons,
    /// warnings, areas for improvement and strengths; creates, updates and withdraws the year's
    /// `analysis` needs; and plans support activities for schools whose effective level is new
    /// (`today` separates past activities, which re-planning keeps, from future ones). All or
    /// nothing: on any error nothing is written. A dry run reads only and writes nothing.
    ///
    /// - Parameter beforeCommit: called with the stored run's summary in its transaction, just
    ///   before it commits (an `Idempotency-Key` records its answer there); not for a dry run.
    /// - Throws: ``AnalysisRunError`` for invalid rules or areas missing from the taxonomy;
    ///   `PostgresError` from the database.
    public func run(
        academicYear: Int, dryRun: Bool = false, today: CivilDate = .utc(),
        beforeCommit: (@Sendable (PostgresConnection, AnalysisRunSummary) async throws -> Void)? = nil
    ) async throws -> AnalysisRunSummary {
        guard (2000...2100).contains(academicYear) else { throw AnalysisRunError.academicYearOutOfRange(academicYear) }
        do { try rules.validate() } catch { throw AnalysisRunError.invalidRules(error.description) }
        let started = Date()
        return try await pool.withTransaction { connection in
            try await AnalysisYearLock.acquire(academicYear: academicYear, on: connection)
            // The run's statements each touch tens of thousands of rows once: compiling them with
            // JIT costs more (over a second each, measured) than it ever saves.
            try await connection.simpleQuery("SET LOCAL jit = off")
            let clock = ContinuousClock()
            var mark = clock.now
            func lap() -> Double {
                let elapsed = clock.now - mark
                mark = clock.now
                return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            }
            var timings = AnalysisRunSummary.Timings()
            // The measures are read on a second connection sharing this transaction's snapshot,
            // while this one reads the rest.
            let evidence = try await SnapshotReader.withReader(beside: connection, configuration: pool.configuration) {
                try await AnalysisEvidence.load(
                    academicYear: academicYear, rules: rules, on: connection, measuresOn: $0)
            }
            timings.loadMilliseconds = lap()
            let analyser = try Analyser(rules: rules, comparators: evidence.comparators, academicYear: academicYear)
            let results = analyser.analyse(evidence.schools)
            timings.analyseMilliseconds = lap()
            var summary = AnalysisRunSummary(
                runID: nil, academicYear: academicYear, rulesVersion: rules.version, results: results,
                schoolsWithoutAges: evidence.schoolsWithoutAges,
                changes: Self.changes(results, previous: evidence.previousLevels, names: evidence.names),
                disagreements: [], needs: .init(), plans: .init(), timings: timings)
            guard !dryRun else { return summary }

            try await requireKnownAreas(results, on: connection)
            let runID = try await connection.query(
                """
                INSERT INTO analysis_runs (academic_year, rules_version, rules, started_at, finished_at, schools,
                    areas_for_improvement, strengths, warnings, needs_created, needs_updated, needs_withdrawn,
                    activities_planned, load_ms, analyse_ms, write_ms)
                VALUES (\(academicYear)::integer, \(rules.version), \(PostgresJSON(rules)), \(started), \(started),
                    \(results.count)::integer, \(results.reduce(0) { $0 + $1.areasForImprovement.count })::integer,
                    \(results.reduce(0) { $0 + $1.strengths.count })::integer,
                    \(results.reduce(0) { $0 + $1.warnings.count })::integer, 0, 0, 0, 0,
                    \(timings.loadMilliseconds), \(timings.analyseMilliseconds), 0)
                RETURNING id
                """)[0].decode("id", as: Int64.self)
            let written = try await AnalysisResultWriter.write(
                results, runID: runID, academicYear: academicYear, on: connection)
            summary.runID = runID
            summary.explanationsWritten = written.explanations
            summary.timings.resultsMilliseconds = lap()
            summary.needs = try await AnalysisNeeds.synchronise(written.found, academicYear: academicYear, on: connection)
            summary.timings.needsMilliseconds = lap()
            summary.plans = try await SupportPlanner.plan(academicYear: academicYear, today: today, on: connection)
            summary.timings.plansMilliseconds = lap()
            summary.disagreements = try await SchoolLevelStatus.load(
                academicYear: academicYear, onlyDisagreements: true, on: connection)
            try await connection.query(
                """
                UPDATE analysis_runs SET finished_at = clock_timestamp(), needs_created = \(summary.needs.created)::integer,
                    needs_updated = \(summary.needs.updated)::integer, needs_withdrawn = \(summary.needs.withdrawn)::integer,
                    activities_planned = \(summary.plans.activitiesAdded)::integer,
                    write_ms = \(summary.timings.writeMilliseconds)
                WHERE id = \(runID)
                """)
            try await beforeCommit?(connection, summary)
            return summary
        }
    }

    /// Schools whose proposed level differs from their level of the year before, in URN order.
    static func changes(
        _ results: [SchoolAnalysis], previous: [Int: SupportLevel], names: [Int: String]
    ) -> [AnalysisRunSummary.LevelChange] {
        results.compactMap { result in
            guard let before = previous[result.urn], before != result.level else { return nil }
            return AnalysisRunSummary.LevelChange(
                urn: result.urn, name: names[result.urn] ?? "", previous: before, proposed: result.level,
                reasons: result.reasons.filter { $0.level == result.level })
        }
    }

    /// Rules may name areas an administrator has not added to the taxonomy yet; needs and
    /// strengths must refer to areas that exist.
    private func requireKnownAreas(_ results: [SchoolAnalysis], on connection: PostgresConnection) async throws {
        let known = Set(try await connection.query("SELECT code FROM areas").map { try $0.decode("code", as: String.self) })
        var used = Set<String>()
        for result in results {
            for area in result.areasForImprovement { used.insert(area.area.rawValue) }
            for strength in result.strengths { used.insert(strength.area.rawValue) }
        }
        let unknown = used.subtracting(known).sorted()
        guard unknown.isEmpty else { throw AnalysisRunError.unknownAreas(unknown) }
    }
}

/// Why an analysis run could not start or was not written.
public enum AnalysisRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The academic year is outside 2000–2100.
    case academicYearOutOfRange(Int)
    /// The rules failed validation (the validator's message).
    case invalidRules(String)
    /// The rules produced areas that the `areas` table does not hold.
    case unknownAreas([String])

    public var description: String {
        switch self {
        case .academicYearOutOfRange(let year):
            "academic year \(year) is out of range (2000–2100; the year in which it ends)"
        case .invalidRules(let message): "the analysis rules are invalid: \(message)"
        case .unknownAreas(let codes):
            "the rules name areas that are not in the taxonomy (table areas): \(codes.joined(separator: ", "))"
        }
    }
}
