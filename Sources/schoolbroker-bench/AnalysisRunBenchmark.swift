import Analysis
import ArgumentParser
import Broker
import Foundation
import Postgres

/// The full desk-top analysis run against PostgreSQL on a national demo set: reading the
/// evidence, analysing, and writing results, needs and support plans in one transaction.
/// Goal: ≤ 3 s for 22,000 schools.
struct AnalysisRunBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analysis-run",
        abstract: "Time a full analysis run (read, analyse, write) on an imported national demo set.")

    @Option(help: "Schools in the generated demo set.")
    var schools = 22_000

    @Option(help: "Demo set seed.")
    var seed: UInt64 = 1

    @Option(help: "The analysed academic year.")
    var year = DemoCounty.academicYears.last!

    @Option(help: "Runs of each measurement (the best is reported).")
    var runs = 3

    @OptionGroup var database: BenchDatabase

    @Flag(help: "The server named by --database-url already holds the demo set: do not generate or import it.")
    var skipImport = false

    mutating func validate() throws {
        if skipImport && database.databaseURL == nil { throw ValidationError("--skip-import needs --database-url") }
        guard schools > 0, runs > 0 else { throw ValidationError("--schools and --runs must be positive") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: "/tmp/schoolbroker-bench-analysis-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cluster, configuration) = try await database.start(in: folder)
        defer { try? cluster?.stop() }
        let pool = PostgresPool(configuration: configuration, maximumConnections: 1)
        if !skipImport {
            let files = try DemoCounty.write(schools: schools, seed: seed, to: folder.appendingPathComponent("data"))
            let importStart = ContinuousClock.now
            _ = try await files.load(into: pool)
            try await pool.query("ANALYZE")
            print("demo set imported in \(String(format: "%.1f", Self.seconds(ContinuousClock.now - importStart))) s")
        }
        let measureRows = try await pool.query("SELECT count(*) FROM school_measures")[0].decode(0, as: Int.self)
        print("\(schools) schools, \(measureRows) school measure rows")

        let runner = AnalysisRunner(pool: pool)
        // September 1st: every activity of the year is in the future, so each run plans in full.
        let today = CivilDate(year - 1, 9, 1)
        let written = """
            analysis_runs, analysis_results, analysis_explanations, analysis_areas, analysis_strengths, needs, support_plans,
            support_activities
            """
        /// The fastest of `runs` runs of `body`, each after `prepare`, then a vacuum and a checkpoint
        /// of what the last run wrote (as days after a run, and so that neither autovacuum nor the
        /// last run's checkpoint falls into this one), none of them timed.
        func best(
            prepare: () async throws -> Void = {}, body: () async throws -> AnalysisRunSummary
        ) async throws -> (AnalysisRunSummary, Double) {
            var result: (AnalysisRunSummary, Double)?
            for _ in 0..<runs {
                try await prepare()
                try await pool.withConnection { try await $0.simpleQuery("VACUUM (ANALYZE) \(written)") }
                try await pool.query("CHECKPOINT")
                let started = ContinuousClock.now
                let summary = try await body()
                let elapsed = Self.seconds(ContinuousClock.now - started)
                if elapsed < result?.1 ?? .infinity { result = (summary, elapsed) }
            }
            return result!
        }
        let (dry, dryTime) = try await best { try await runner.run(academicYear: year, dryRun: true, today: today) }
        let (first, firstTime) = try await best(prepare: {
            try await pool.withConnection { try await $0.simpleQuery("TRUNCATE \(written) CASCADE") }
        }) { try await runner.run(academicYear: year, today: today) }
        let (again, againTime) = try await best { try await runner.run(academicYear: year, today: today) }
        await pool.close()

        let areas = first.results.reduce(0) { $0 + $1.areasForImprovement.count }
        let strengths = first.results.reduce(0) { $0 + $1.strengths.count }
        print("levels: " + SupportLevel.allCases.map { "\($0.rawValue) \(first.levelCounts[$0]!)" }.joined(separator: ", "))
        print("\(areas) areas for improvement, \(strengths) strengths, \(first.plans.activitiesAdded) activities planned")
        print(
            "| run | total s | read ms | analyse ms | results ms | needs ms | plans ms | explanations written "
                + "| needs created/updated/withdrawn |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for (name, summary, total) in [
            ("dry run (read + analyse)", dry, dryTime), ("first run (all inserted)", first, firstTime),
            ("re-run (unchanged)", again, againTime),
        ] {
            let t = summary.timings
            let phases = [t.loadMilliseconds, t.analyseMilliseconds, t.resultsMilliseconds, t.needsMilliseconds,
                          t.plansMilliseconds].map { String(Int($0)) }
            let needs = "\(summary.needs.created)/\(summary.needs.updated)/\(summary.needs.withdrawn)"
            print("| \(name) | \(String(format: "%.3f", total)) | \(phases.joined(separator: " | ")) | \(summary.explanationsWritten) | \(needs) |")
        }
        print(
            #"{"benchmark":"analysis-run","schools":\#(schools),"measure_rows":\#(measureRows),"#
                + #""dry_run_s":\#(String(format: "%.3f", dryTime)),"first_run_s":\#(String(format: "%.3f", firstTime)),"#
                + #""rerun_s":\#(String(format: "%.3f", againTime)),"goal_s":3}"#)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
