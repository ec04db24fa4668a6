import Analysis
@testable import Broker
import Foundation
import Postgres
import TestSupport
import Testing

/// The desk-top analysis against a real database: a 40-school demo county imported, then
/// analysed, re-analysed, overridden and re-levelled.
@Suite("Analysis runs", .serialized)
struct AnalysisRunTests {
    static let county = Result { try DemoCounty.write(schools: 40, seed: 3, to: ImportFixtures.temporaryDirectory()) }
    /// Before the first activity of 2024 to 2025 falls due.
    static let startOfYear = CivilDate(2024, 9, 1)

    func withCounty(_ body: (PostgresPool) async throws -> Void) async throws {
        try await TestDatabase.withDatabase { pool in
            _ = try await Self.county.get().load(into: pool)
            try await body(pool)
        }
    }

    func count(_ sql: PostgresQuery, in pool: PostgresPool) async throws -> Int {
        try await pool.query(sql)[0].decode(0, as: Int.self)
    }

    @Test("a run stores levels, reasons, areas, strengths, needs and a support plan for every school")
    func runStoresEverything() async throws {
        try await withCounty { pool in
            let summary = try await AnalysisRunner(pool: pool).run(academicYear: 2025, today: Self.startOfYear)
            let runID = try #require(summary.runID)
            #expect(summary.results.count == 40)
            #expect(summary.levelCounts.values.reduce(0, +) == 40)
            #expect(Set(summary.results.map(\.level)).count > 1, "a county has schools at several levels")

            let run = try await pool.query(
                "SELECT rules_version, rules ->> 'version' AS stored, schools, areas_for_improvement FROM analysis_runs")
            #expect(run.count == 1)
            #expect(try run[0].decode("rules_version", as: String.self) == AnalysisRules.default.version)
            #expect(try run[0].decode("stored", as: String.self) == AnalysisRules.default.version)
            let areas = summary.results.reduce(0) { $0 + $1.areasForImprovement.count }
            #expect(try run[0].decode("areas_for_improvement", as: Int.self) == areas)
            #expect(areas > 0)

            // What is stored reads back as what was found.
            let stored = try await pool.query(
                """
                SELECT r.urn, r.level, r.explained_by, e.document FROM analysis_results r
                JOIN analysis_explanations e ON e.run_id = r.explained_by AND e.urn = r.urn
                WHERE r.run_id = \(runID) ORDER BY r.urn
                """)
            #expect(stored.count == 40)
            #expect(summary.explanationsWritten == 40)
            for (row, result) in zip(stored, summary.results) {
                #expect(try row.decode("urn", as: Int.self) == result.urn)
                #expect(try row.decode("level", as: SupportLevel.self) == result.level)
                #expect(try row.decode("explained_by", as: Int64.self) == runID)
                let explanation = try StoredExplanation(document: row.decode("document"))
                #expect(explanation.reasons == result.reasons)
                #expect(explanation.warnings == result.warnings)
                #expect(explanation.findings.areas == result.areasForImprovement.map(\.findings))
                #expect(explanation.findings.strengths == result.strengths.map(\.findings))
            }
            // One document per school, compressed with lz4 once over PostgreSQL's 2 kB threshold.
            let documents = try await pool.query(
                """
                SELECT count(*) FILTER (WHERE octet_length(document) > 2100) AS large,
                       count(*) FILTER (WHERE octet_length(document) > 2100 AND pg_column_compression(document) = 'lz4')
                           AS compressed
                FROM analysis_explanations WHERE run_id = \(runID)
                """)[0]
            #expect(try documents.decode("large", as: Int.self) > 0)
            #expect(try documents.decode("compressed", as: Int.self) == documents.decode("large", as: Int.self))
            #expect(try await count("SELECT count(*) FROM analysis_areas WHERE run_id = \(runID)", in: pool) == areas)
            #expect(
                try await count("SELECT count(*) FROM analysis_strengths WHERE run_id = \(runID)", in: pool)
                    == summary.results.reduce(0) { $0 + $1.strengths.count })

            // One open analysis need per area for improvement, with its severity.
            #expect(summary.needs == .init(created: areas, updated: 0, withdrawn: 0))
            #expect(
                try await count(
                    """
                    SELECT count(*) FROM needs n JOIN analysis_areas a
                        ON a.urn = n.urn AND a.area_code = n.area_code AND a.severity = n.severity
                    WHERE a.run_id = \(runID) AND n.source = 'analysis' AND n.status = 'open'
                        AND n.academic_year = 2025 AND n.rationale <> ''
                    """, in: pool) == areas)

            // Every school's plan is its level's offer.
            #expect(summary.plans.schools == 40)
            let expected = try await count(
                """
                SELECT coalesce(sum(cardinality(o.terms) * o.per_term), 0)::integer FROM analysis_results r
                JOIN support_offer o ON o.level = r.level WHERE r.run_id = \(runID)
                """, in: pool)
            #expect(summary.plans.activitiesAdded == expected)
            #expect(try await count("SELECT count(*) FROM support_activities", in: pool) == expected)
            #expect(
                try await count(
                    """
                    SELECT count(*) FROM support_activities
                    WHERE due_date NOT BETWEEN '2024-09-01' AND '2025-08-31' OR status <> 'planned'
                    """, in: pool) == 0)
        }
    }

    @Test("a run of hundreds of schools, written chunk by chunk while rendered, stores each school's own explanation")
    func largeRunStoresEveryExplanation() async throws {
        let county = try DemoCounty.write(schools: 300, seed: 5, to: ImportFixtures.temporaryDirectory())
        try await TestDatabase.withDatabase { pool in
            _ = try await county.load(into: pool)
            let summary = try await AnalysisRunner(pool: pool).run(academicYear: 2025, today: Self.startOfYear)
            #expect(summary.results.count == 300)
            #expect(summary.explanationsWritten == 300)
            let store = AnalysisRunStore(pool: pool)
            for result in summary.results {
                #expect(try await store.result(urn: result.urn, academicYear: 2025) == result)
            }
            let needs = summary.results.reduce(0) { $0 + $1.areasForImprovement.count }
            #expect(try await count("SELECT count(*) FROM needs WHERE source = 'analysis'", in: pool) == needs)
        }
    }

    @Test("a stored result reads back exactly as the run found it, from the latest run or a named one")
    func storedResultsReadBack() async throws {
        try await withCounty { pool in
            let runner = AnalysisRunner(pool: pool)
            let first = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            let second = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            let store = AnalysisRunStore(pool: pool)
            #expect(try await store.runs(academicYear: 2025).map(\.id) == [second.runID, first.runID].compactMap { $0 })
            for result in second.results {
                #expect(try await store.result(urn: result.urn, academicYear: 2025) == result)
            }
            let school = first.results[3]
            #expect(try await store.result(urn: school.urn, academicYear: 2025, runID: first.runID) == school)
            #expect(try await store.result(urn: school.urn, academicYear: 2024) == nil)
        }
    }

    @Test("a school's detail shows the areas and strengths, with their findings, of its most recently finished run")
    func detailShowsLatestFindings() async throws {
        try await withCounty { pool in
            let admin = User(id: 0, name: "Admin", email: "a@b.c", role: .admin)
            let runner = AnalysisRunner(pool: pool)
            let urns = try await pool.query("SELECT urn FROM schools ORDER BY urn").map { try $0.decode("urn", as: Int.self) }
            let before = try await SchoolStore.detail(urn: urns[0], for: admin, in: pool)
            #expect(before.areasForImprovement == [] && before.strengths == [])

            let current = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            // A run of an earlier year, finished later, is the one the detail shows.
            let earlier = try await runner.run(academicYear: 2024, today: Self.startOfYear)
            #expect(zip(current.results, earlier.results).contains { $0.0 != $0.1 }, "the two years' results differ")
            for result in earlier.results {
                let detail = try await SchoolStore.detail(urn: result.urn, for: admin, in: pool)
                #expect(detail.areasForImprovement == result.areasForImprovement)
                #expect(detail.strengths == result.strengths)
            }
            #expect(earlier.results.contains { !$0.areasForImprovement.isEmpty })
            #expect(earlier.results.contains { !$0.strengths.isEmpty })
        }
    }

    @Test("a re-run writes the explanations that changed, and every run's results read back as it found them")
    func rerunWritesChangedExplanations() async throws {
        try await withCounty { pool in
            let runner = AnalysisRunner(pool: pool)
            let first = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            // One school's latest figures are withdrawn: its explanation (at least) changes.
            let urn = try await count(
                "SELECT min(urn) FROM school_measures WHERE academic_year = 2025 AND dataset IN ('ks2', 'ks4')", in: pool)
            try await pool.query("DELETE FROM school_measures WHERE urn = \(urn) AND academic_year = 2025")
            let second = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            let changed = zip(first.results, second.results).filter { $0.0 != $0.1 }.map { $0.1.urn }
            #expect(changed.contains(urn))
            #expect(second.explanationsWritten == changed.count)
            let store = AnalysisRunStore(pool: pool)
            for (before, after) in zip(first.results, second.results) {
                #expect(try await store.result(urn: after.urn, academicYear: 2025) == after)
                #expect(try await store.result(urn: before.urn, academicYear: 2025, runID: first.runID) == before)
            }
            // A third run with nothing changed writes none, and reads back the same.
            let third = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            #expect(third.explanationsWritten == 0)
            #expect(try await store.result(urn: urn, academicYear: 2025) == second.results.first { $0.urn == urn })
        }
    }

    @Test("running again gives the same results and changes no need and no plan")
    func rerunIsIdempotent() async throws {
        try await withCounty { pool in
            let runner = AnalysisRunner(pool: pool)
            let first = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            let second = try await runner.run(academicYear: 2025, today: Self.startOfYear)
            #expect(second.results == first.results)
            #expect(second.needs == .init())
            #expect(second.plans == .init())
            let (a, b) = (try #require(first.runID), try #require(second.runID))
            // Nothing changed, so the second run wrote no explanation: its results point at the first's.
            #expect(second.explanationsWritten == 0)
            #expect(try await count("SELECT count(*) FROM analysis_explanations WHERE run_id = \(b)", in: pool) == 0)
            #expect(
                try await count(
                    "SELECT count(*) FROM analysis_results WHERE run_id = \(b) AND explained_by = \(a)", in: pool) == 40)
            let columns = [
                "analysis_results": "urn, level, explained_by, digest",
                "analysis_areas": "urn, area_code, position, severity",
                "analysis_strengths": "urn, area_code, position, strength",
            ]
            for (table, list) in columns {
                // Table and column names are this test's literals.
                let differing = try await pool.query(
                    PostgresQuery(
                        sql: """
                            SELECT count(*) FROM ((SELECT \(list) FROM \(table) WHERE run_id = $1)
                                EXCEPT ALL (SELECT \(list) FROM \(table) WHERE run_id = $2)) AS d
                            """, binds: [a.postgresBind, b.postgresBind]))
                #expect(try differing[0].decode(0, as: Int.self) == 0, "\(table)")
            }
            let needs = try await pool.query(
                "SELECT count(*) AS all, count(DISTINCT (urn, area_code)) AS distinct FROM needs")[0]
            #expect(try needs.decode("all", as: Int.self) == needs.decode("distinct", as: Int.self))
        }
    }
}
