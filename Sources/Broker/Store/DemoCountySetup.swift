import Analysis
import Foundation
import Postgres

/// What `schoolbroker demo` puts into a database before serving: a generated county's files
/// (with its supporters register) imported, the latest year analysed, and an optimal match run
/// stored, so that every part of the API has data to show.
public enum DemoCountySetup {
    /// What the setup did.
    public struct Outcome: Sendable {
        /// One per imported file, in import order (the supporters register last).
        public var imports: [ImportSummary]
        public var analysis: AnalysisRunSummary
        public var match: MatchRunOutcome
    }

    /// The year the demo analyses and matches: the county's latest.
    public static let academicYear = DemoCounty.academicYears.max()!

    /// Generates a county of `schools` from `seed` in a temporary folder (removed afterwards),
    /// imports it, runs the analysis of ``academicYear`` and stores an optimal match run.
    /// - Parameter today: separates past support activities from future ones when planning.
    public static func prepare(schools: Int, seed: UInt64, into pool: PostgresPool, today: CivilDate = .utc())
        async throws -> Outcome
    {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("schoolbroker-demo-\(seed)-\(schools)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try DemoCounty.write(schools: schools, seed: seed, to: folder)
        var imports = try await files.load(into: pool)
        imports.append(try await ImportKind.supporters.run(files.supporters, into: pool, policy: .allOrNothing))
        let analysis = try await AnalysisRunner(pool: pool).run(academicYear: academicYear, today: today)
        let match = try await MatchRunner(pool: pool).run(
            MatchRunRequest(academicYear: academicYear, mode: .optimal, createdBy: "schoolbroker demo"))
        return Outcome(imports: imports, analysis: analysis, match: match)
    }
}
