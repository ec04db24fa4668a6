import ArgumentParser
import Broker
import Foundation
import Postgres

/// Effective-practice search at library scale: `--records` generated records (vocabulary varied
/// by area, so queries have selective and common terms) written by COPY into a fresh database,
/// then searches timed at the store level, by kind: a term, a term with an area or phase
/// filter, filters without a term. Reports p50/p95/p99 per kind.
struct PracticeSearchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice-search",
        abstract: "Full-text practice search (ranked, with snippets and filters) over a generated library."
    )

    @Option(help: "Practice records to generate.")
    var records = 50_000

    @Option(help: "Searches of each kind to time.")
    var queries = 300

    @Option(help: "Page size of each search.")
    var limit = 20

    @Option(help: "Generator seed.")
    var seed: UInt64 = 7

    @OptionGroup var database: BenchDatabase

    func run() async throws {
        let folder = URL(fileURLWithPath: "/tmp/schoolbroker-bench-practice-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cluster, configuration) = try await database.start(in: folder)
        defer { try? cluster?.stop() }
        let pool = PostgresPool(configuration: configuration, maximumConnections: 1)
        var random = DemoRandom(seed: seed)
        let loadStart = ContinuousClock.now
        try await PracticeLibrary.generate(records: records, random: &random, into: pool)
        let load = ContinuousClock.now - loadStart

        let reader = User(id: 0, name: "bench", email: "bench@example.org", role: .admin)
        let phases = ["primary", "secondary"]
        let kinds: [(String, (inout DemoRandom) -> PracticeSearch)] = [
            ("term", { PracticeSearch(query: PracticeLibrary.query(&$0)) }),
            ("term + area/phase", { random in
                let query = PracticeLibrary.query(&random)
                return random.next() % 2 == 0
                    ? PracticeSearch(query: query, area: PracticeLibrary.areas.randomElement(using: &random)!.code)
                    : PracticeSearch(query: query, phase: phases.randomElement(using: &random)!)
            }),
            ("filters, no term", { random in
                PracticeSearch(
                    area: PracticeLibrary.areas.randomElement(using: &random)!.code, phase: phases.randomElement(using: &random)!,
                    district: random.next() % 2 == 0 ? "District \(random.next() % UInt64(PracticeLibrary.districts))" : nil)
            }),
        ]
        print("records: \(records), generated and copied in \(String(format: "%.1f", load.seconds)) s")
        print("| kind | searches | hits/search | p50 ms | p95 ms | p99 ms |")
        print("|---|---:|---:|---:|---:|---:|")
        var json: [String] = []
        for (name, make) in kinds {
            var times: [Double] = []
            var hits = 0
            for _ in 0..<3 { _ = try await PracticeStore.search(make(&random), for: reader, limit: limit, in: pool) }
            for _ in 0..<queries {
                let search = make(&random)
                let start = ContinuousClock.now
                hits += try await PracticeStore.search(search, for: reader, limit: limit, in: pool).items.count
                times.append((ContinuousClock.now - start).seconds * 1000)
            }
            times.sort()
            let cells = [0.50, 0.95, 0.99].map { String(format: "%.2f", times[min(times.count - 1, Int(Double(times.count) * $0))]) }
            print("| \(name) | \(queries) | \(String(format: "%.1f", Double(hits) / Double(queries))) | " + cells.joined(separator: " | ") + " |")
            json.append("\"\(name)\": {\"p50_ms\": \(cells[0]), \"p95_ms\": \(cells[1]), \"p99_ms\": \(cells[2])}")
        }
        await pool.close()
        print("{" + json.joined(separator: ", ") + "}")
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
