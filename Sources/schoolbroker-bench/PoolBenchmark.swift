import ArgumentParser
import Foundation
import Postgres
import PostgresServer

/// Single-row SELECTs through ``PostgresPool`` side by side with `pgbench -S` (select-only) against
/// the same server in the same run, at each concurrency.
struct PoolBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool",
        abstract: "Pool throughput vs pgbench -S: single-row SELECTs at concurrency 1 and 8."
    )

    @Option(help: "Seconds per measurement.")
    var seconds = 10

    @Option(help: "Concurrency levels (comma-separated).")
    var concurrency = "1,8"

    @Option(help: "pgbench scale factor (100,000 accounts each).")
    var scale = 1

    @Option(name: .customLong("database-url"), help: "Server to use (default: a private cluster in /tmp).")
    var databaseURL: String?

    func run() async throws {
        let levels = concurrency.split(separator: ",").compactMap { Int($0) }
        let (configuration, cluster) = try startServer()
        defer { try? cluster?.stop() }
        let pgbenchTarget = configuration.connectionString
        _ = try runPgbench(["-i", "-q", "-s", "\(scale)", pgbenchTarget])
        var results: [(level: Int, ours: Double, peer: Double, prepared: Double)] = []
        for level in levels {
            let peer = try pgbenchTPS(concurrency: level, mode: "simple", target: pgbenchTarget)
            let ours = try await poolTPS(concurrency: level, configuration: configuration)
            let prepared = try pgbenchTPS(concurrency: level, mode: "prepared", target: pgbenchTarget)
            results.append((level, ours, peer, prepared))
        }
        // Our pool prepares each statement once per connection, so pgbench's prepared mode is
        // shown too: it is the fairer like-for-like figure.
        print("| concurrency | SchoolBroker pool tps | pgbench -S tps | ratio | pgbench -S -M prepared tps | ratio |")
        print("|---:|---:|---:|---:|---:|---:|")
        for result in results {
            print(
                "| \(result.level) | \(Int(result.ours)) | \(Int(result.peer)) | \(percent(result.ours / result.peer)) "
                    + "| \(Int(result.prepared)) | \(percent(result.ours / result.prepared)) |")
        }
        let json = results.map {
            "\"c\($0.level)\": {\"pool_tps\": \(Int($0.ours)), \"pgbench_tps\": \(Int($0.peer)), "
                + "\"ratio\": \(String(format: "%.3f", $0.ours / $0.peer)), \"pgbench_prepared_tps\": \(Int($0.prepared))}"
        }
        print("{" + json.joined(separator: ", ") + "}")
    }

    private func startServer() throws -> (PostgresConfiguration, PostgresCluster?) {
        if let databaseURL { return (PostgresConfiguration(connectionString: databaseURL), nil) }
        let directory = URL(fileURLWithPath: "/tmp/schoolbroker-bench-\(getpid())")
        let cluster = try PostgresCluster(dataDirectory: directory, settings: ["max_connections": "50"])
        try cluster.start()
        try cluster.stopWhenProcessExits(removeData: true)
        return (cluster.configuration(), cluster)
    }

    private func percent(_ ratio: Double) -> String { String(format: "%.0f %%", ratio * 100) }

    private func pgbenchTPS(concurrency: Int, mode: String, target: String) throws -> Double {
        let output = try runPgbench([
            "-S", "-n", "-M", mode, "-c", "\(concurrency)", "-j", "\(min(concurrency, 2))", "-T", "\(seconds)", target,
        ])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let value = Double(line.dropFirst(6).split(separator: " ")[0])
        else { throw ValidationError("could not read tps from pgbench's output:\n\(output)") }
        return value
    }

    private func runPgbench(_ arguments: [String]) throws -> String {
        let (status, output) = try Subprocess.run("/usr/bin/pgbench", arguments)
        guard status == 0 else { throw ValidationError("pgbench failed:\n\(output)") }
        return output
    }

    private func poolTPS(concurrency: Int, configuration: PostgresConfiguration) async throws -> Double {
        let pool = PostgresPool(configuration: configuration, maximumConnections: concurrency)
        defer { Task { await pool.close() } }
        let accounts = 100_000 * scale
        // Warm every connection first: pgbench's figure excludes connection time too.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
            try await group.waitForAll()
        }
        let started = ContinuousClock.now
        let deadline = started + .seconds(seconds)
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    var count = 0
                    while ContinuousClock.now < deadline {
                        let aid = Int.random(in: 1...accounts, using: &generator)
                        let rows = try await pool.query("SELECT abalance FROM pgbench_accounts WHERE aid = \(aid)")
                        count += rows.count
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - started
        return Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
