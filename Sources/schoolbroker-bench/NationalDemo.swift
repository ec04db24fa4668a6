import Analysis
import ArgumentParser
import Broker
import Foundation
import Postgres
import PostgresServer

/// The national demo data the group and report benchmarks run on: ``DemoCountySetup`` (import,
/// analysis of the latest year, an optimal match run), the year before analysed too (level
/// movement), and half the run's matches made active partnerships (engagements, coverage,
/// impact; the other half leaves supporters capacity for partner search to find).
struct NationalDemo: ParsableArguments {
    @Option(help: "Schools in the generated demo set.")
    var schools = 22_000

    @Option(help: "Demo set seed.")
    var seed: UInt64 = 1

    @OptionGroup var database: BenchDatabase

    @Flag(help: "The server named by --database-url already holds this set-up: do not generate, import or analyse.")
    var skipImport = false

    func validate() throws {
        if skipImport && database.databaseURL == nil { throw ValidationError("--skip-import needs --database-url") }
        guard schools > 0 else { throw ValidationError("--schools must be positive") }
    }

    /// Starts the database and, unless skipped, prepares the data; returns the pool (one
    /// connection) and the cluster to stop (`nil` for `--database-url`).
    func start(in folder: URL) async throws -> (cluster: PostgresCluster?, pool: PostgresPool) {
        let (cluster, configuration) = try await database.start(in: folder)
        let pool = PostgresPool(configuration: configuration, maximumConnections: 1)
        if !skipImport {
            let started = ContinuousClock.now
            let year = DemoCountySetup.academicYear
            let today = CivilDate(year, 3, 1)
            _ = try await DemoCountySetup.prepare(schools: schools, seed: seed, into: pool, today: today)
            _ = try await AnalysisRunner(pool: pool).run(academicYear: year - 1, today: CivilDate(year - 1, 3, 1))
            try await pool.query(
                """
                WITH matched AS (
                    SELECT p.need_id, p.supporter_id, n.urn FROM match_proposals p JOIN needs n ON n.id = p.need_id
                    WHERE p.run_id = (SELECT max(id) FROM match_runs) AND p.supporter_id IS NOT NULL AND p.need_id % 2 = 0
                ), created AS (
                    INSERT INTO partnerships (supporter_id, status, academic_year, urn)
                    SELECT DISTINCT supporter_id, 'active'::partnership_status, \(year), urn FROM matched RETURNING id, urn, supporter_id
                )
                INSERT INTO partnership_needs (partnership_id, need_id)
                SELECT created.id, matched.need_id FROM created JOIN matched USING (urn, supporter_id)
                """)
            try await pool.query("ANALYZE")
            print("national demo set prepared in \(String(format: "%.1f", PeerComparison.seconds(ContinuousClock.now - started))) s")
        }
        return (cluster, pool)
    }
}
