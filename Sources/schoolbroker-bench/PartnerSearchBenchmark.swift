import ArgumentParser
import Broker
import Foundation
import Postgres

/// Partner search on the national demo set: one group holding every school, searches for the
/// schools' needs of the latest year (a fixed sample), each timed end to end (group, school,
/// specialists in the box, scoring). Goal: p95 < 50 ms.
struct PartnerSearchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner-search",
        abstract: "Partner search latency (p50/p95/p99) on the national demo set.")

    @OptionGroup var demo: NationalDemo

    @Option(help: "Searches timed (after 20 untimed warm-up searches).")
    var queries = 1_000

    @Option(help: "Distance limit of each search, km.")
    var maxKm = 40.0

    func run() async throws {
        let folder = URL(fileURLWithPath: "/tmp/schoolbroker-bench-partner-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cluster, pool) = try await demo.start(in: folder)
        defer { try? cluster?.stop() }
        let year = DemoCountySetup.academicYear
        let admin = try await benchAdmin(in: pool)
        let group: Int64 = try await pool.query(
            """
            WITH g AS (INSERT INTO school_groups (name, kind, la_code) VALUES ('Benchmark ' || \(UUID().uuidString), 'alliance', 1) RETURNING id)
            INSERT INTO school_group_members (group_id, urn) SELECT g.id, urn FROM g, school_coordinates RETURNING group_id
            """)[0].decode("group_id")
        let sample = try await pool.query(
            """
            SELECT n.urn, n.area_code FROM needs n JOIN school_coordinates c ON c.urn = n.urn
            WHERE n.academic_year = \(year) ORDER BY hashtext(n.id::text) LIMIT \(queries + 20)
            """).map { (try $0.decode("urn", as: Int.self), try $0.decode("area_code", as: String.self)) }
        guard !sample.isEmpty else { throw ValidationError("the database holds no needs of \(year)") }
        var latencies: [Double] = []
        var found = 0
        for (index, (urn, area)) in (0..<(queries + 20)).map({ sample[$0 % sample.count] }).enumerated() {
            let started = ContinuousClock.now
            let result = try await PartnerSearch.search(
                PartnerSearchRequest(urn: urn, areaCode: area, academicYear: year, maxDistanceKm: maxKm), inGroup: group,
                for: admin, in: pool)
            if index >= 20 {
                latencies.append(PeerComparison.seconds(ContinuousClock.now - started) * 1000)
                found += result.candidates.count
            }
        }
        try await pool.query("DELETE FROM school_groups WHERE id = \(group)")
        await pool.close()
        latencies.sort()
        func percentile(_ p: Double) -> String { String(format: "%.2f", latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) }
        print("| searches | candidates per search | p50 ms | p95 ms | p99 ms | max ms |")
        print("|---:|---:|---:|---:|---:|---:|")
        print("| \(latencies.count) | \(String(format: "%.1f", Double(found) / Double(latencies.count))) | \(percentile(0.5)) | "
            + "\(percentile(0.95)) | \(percentile(0.99)) | \(String(format: "%.2f", latencies.last!)) |")
        print(#"{"benchmark":"partner-search","searches":\#(latencies.count),"p50_ms":\#(percentile(0.5)),"#
            + #""p95_ms":\#(percentile(0.95)),"p99_ms":\#(percentile(0.99)),"goal_p95_ms":50}"#)
    }
}

/// An admin user for a benchmark (created once per database).
func benchAdmin(in pool: PostgresPool) async throws -> User {
    if let admin = try await UserStore.find(email: "bench@schoolbroker.example", in: pool) { return admin }
    return try await UserStore.create(.init(name: "Benchmark", email: "bench@schoolbroker.example", role: .admin), in: pool)
}
