import Analysis
@testable import Broker
import Postgres
import TestSupport
import Testing

/// Migration 0012 turns runs stored before it (explanations in the results, areas and strengths
/// rows) into one document per school that reads back as the same result.
@Suite("Explanation documents migration")
struct ExplanationMigrationTests {
    @Test("a run stored before migration 0012 reads back unchanged after it")
    func storedRunSurvives() async throws {
        try await TestDatabase.withEmptyDatabase { pool in try await check(pool) }
    }

    private func check(_ pool: PostgresPool) async throws {
        let migrations = try SchoolBrokerSchema.migrations()
        try await pool.withConnection { connection in
            _ = try await Migrator(migrations: migrations.filter { $0.version < 12 }).migrate(on: connection)
        }
        let run = try await RecordedRun.insert(year: 2025, in: pool)
        // As the writer before 0012 stored them: evidence as arrays (0009), or as objects (before).
        let reading = #"{"ruleID":"outcomes.ks2-reading","subject":"ks2-reading","text":"Reading: below.","#
            + #""evidence":[["school","KS2_READ",2025,61.5],["flag"]]}"#
        let maths = #"{"ruleID":"outcomes.ks2-maths","subject":"ks2-maths","text":"Maths: well above.","#
            + #""evidence":[{"label":"England","subject":"KS2_MAT","academicYear":2024,"value":60}]}"#
        try await pool.query(
            """
            INSERT INTO analysis_results (run_id, urn, level, reasons, warnings)
            VALUES (\(run), 100001, 'focus', \("[{\"level\":\"focus\",\"finding\":" + reading + "}]"),
                    '[{"kind":"missing","subject":"KS2_READ","academicYear":2025,"code":"figure"}]'),
                   (\(run), 100002, 'secure', '[]', '[]')
            """)
        try await pool.query(
            """
            INSERT INTO analysis_areas (run_id, urn, area_code, position, severity, findings)
            VALUES (\(run), 100001, 'assessment', 1, 2, \("[" + reading + "]")),
                   (\(run), 100001, 'ks2-reading', 0, 3, \("[" + reading + "," + reading + "]"))
            """)
        try await pool.query(
            """
            INSERT INTO analysis_strengths (run_id, urn, area_code, position, strength, findings)
            VALUES (\(run), 100001, 'ks2-maths', 0, 0.8, \("[" + maths + "]"))
            """)
        try await pool.withConnection { connection in
            let applied = try await SchoolBrokerSchema.migrator().migrate(on: connection)
            #expect(applied.map(\.version).contains(12))
        }

        let readingFinding = Finding(
            ruleID: "outcomes.ks2-reading", subject: "ks2-reading", text: "Reading: below.",
            evidence: [Evidence("school", subject: "KS2_READ", academicYear: 2025, value: 61.5), Evidence("flag")])
        let mathsFinding = Finding(
            ruleID: "outcomes.ks2-maths", subject: "ks2-maths", text: "Maths: well above.",
            evidence: [Evidence("England", subject: "KS2_MAT", academicYear: 2024, value: 60)])
        let store = AnalysisRunStore(pool: pool)
        #expect(
            try await store.result(urn: 100001, academicYear: 2025)
                == SchoolAnalysis(
                    urn: 100001, academicYear: 2025, rulesVersion: "test", level: .focus,
                    reasons: [LevelReason(level: .focus, finding: readingFinding)],
                    areasForImprovement: [
                        AreaForImprovement(area: .ks2Reading, severity: 3, findings: [readingFinding, readingFinding]),
                        AreaForImprovement(area: .assessment, severity: 2, findings: [readingFinding]),
                    ],
                    strengths: [Strength(area: .ks2Maths, strength: 0.8, findings: [mathsFinding])],
                    warnings: [DataWarning(kind: .missing, subject: "KS2_READ", academicYear: 2025, code: "figure")]))
        #expect(
            try await store.result(urn: 100002, academicYear: 2025)
                == SchoolAnalysis(
                    urn: 100002, academicYear: 2025, rulesVersion: "test", level: .secure, reasons: [],
                    areasForImprovement: [], strengths: [], warnings: []))
        // SQL readers find the same findings by position.
        let texts = try await pool.query(
            "SELECT analysis_findings(\(run), 100001, 'areas', 0) ->> 1 AS second, analysis_findings(\(run), 100001, 'strengths', 0) AS strength")[0]
        #expect(try texts.decode("second", as: String.self).contains("Reading: below."))
        #expect(try texts.decode("strength", as: String.self).contains("Maths: well above."))
    }
}
