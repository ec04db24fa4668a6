import ArgumentParser
import Broker
import Foundation
import Postgres
import PostgresServer

/// `schoolbroker match` end to end from the database at national demo scale: a demo set of
/// schools with its supporters register, synthetic open needs (a fixed hash of school and
/// area picks about one pair in eight that fits the school's ages), then timed match runs —
/// load, candidates, solve, explain, capacity prices and storing the run with its proposals.
struct MatchRunBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match-run",
        abstract: "A whole match run from the database (load, solve, explain, store) at national demo scale."
    )

    @Option(help: "Schools in the generated demo set.")
    var schools = 22_000

    @Option(help: "Demo set seed.")
    var seed: UInt64 = 1

    @Option(help: "Percentage of school × area pairs (that fit the school's ages) made into open needs.")
    var needPercent = 12

    @Option(help: "Runs of each mode (the best is reported).")
    var runs = 3

    @OptionGroup var database: BenchDatabase

    func run() async throws {
        let folder = URL(fileURLWithPath: "/tmp/schoolbroker-bench-match-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try DemoCounty.write(schools: schools, seed: seed, to: folder.appendingPathComponent("data"))
        let (cluster, configuration) = try await database.start(in: folder)
        defer { try? cluster?.stop() }
        let pool = PostgresPool(configuration: configuration, maximumConnections: 1)
        for kind in [ImportKind.gias, .coordinates, .supporters] {
            let file = kind == .gias ? files.gias : kind == .coordinates ? files.coordinates : files.supporters
            _ = try await kind.run(file, into: pool, policy: .allOrNothing)
        }
        try await pool.query("""
            INSERT INTO needs (urn, area_code, academic_year, severity, source)
            SELECT school.urn, area.code, 2025, 1 + abs(hashtext(school.urn || area.code)) % 5, 'analysis'
            FROM schools AS school CROSS JOIN areas AS area
            WHERE abs(hashtext(area.code || school.urn)) % 100 < \(needPercent)
              AND (area.applies_to_age IS NULL OR (school.statutory_low_age <= area.applies_to_age
                                                   AND school.statutory_high_age >= area.applies_from_age))
            """)
        try await pool.query("ANALYZE")

        print("| mode | needs | supporters | edges | matched | load s | candidates s | solve s | explain s | pricing s | store s | total s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        var json: [String] = []
        for mode in MatchMode.allCases {
            var best: MatchRunOutcome?
            for _ in 0..<max(1, runs) {
                let outcome = try await MatchRunner(pool: pool).run(MatchRunRequest(academicYear: 2025, mode: mode))
                if best == nil || outcome.timings.total < best!.timings.total { best = outcome }
            }
            let outcome = best!
            let t = outcome.timings
            let cells = [t.load, t.candidates, t.solve, t.explain, t.pricing, t.store, t.total].map(format)
            print("| \(mode.rawValue) | \(outcome.needs) | \(outcome.supporters) | \(outcome.candidateEdges) | "
                + "\(outcome.matched) | " + cells.joined(separator: " | ") + " |")
            json.append("\"\(mode.rawValue)\": {\"needs\": \(outcome.needs), \"supporters\": \(outcome.supporters), "
                + "\"edges\": \(outcome.candidateEdges), \"matched\": \(outcome.matched), "
                + "\"objective\": \(outcome.objective), \"load_s\": \(cells[0]), \"candidates_s\": \(cells[1]), "
                + "\"solve_s\": \(cells[2]), \"explain_s\": \(cells[3]), \"pricing_s\": \(cells[4]), "
                + "\"store_s\": \(cells[5]), \"total_s\": \(cells[6]), \"peak_rss_mb\": \(PeerComparison.peakRSSMegabytes())}")
        }
        await pool.close()
        print("{" + json.joined(separator: ", ") + "}")
    }

    private func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
