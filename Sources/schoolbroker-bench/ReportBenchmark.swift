import Analysis
import ArgumentParser
import Broker
import Foundation
import Postgres

/// Strategy reports on the national demo set: England's and the largest LA's, each the best of
/// `--runs`. Goal: < 2 s each.
struct ReportBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "Strategy report times (England and the largest LA) on the national demo set.")

    @OptionGroup var demo: NationalDemo

    @Option(help: "Runs of each report (the best is reported).")
    var runs = 3

    func run() async throws {
        let folder = URL(fileURLWithPath: "/tmp/schoolbroker-bench-reports-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (cluster, pool) = try await demo.start(in: folder)
        defer { try? cluster?.stop() }
        let year = DemoCountySetup.academicYear
        let admin = try await benchAdmin(in: pool)
        let largest: Int = try await pool.query(
            "SELECT la_code FROM schools GROUP BY la_code ORDER BY count(*) DESC, la_code LIMIT 1")[0].decode("la_code")
        print("| report | districts | best s | CSV rows |")
        print("|---|---:|---:|---:|")
        var json: [String] = []
        for (name, la) in [("england", nil), ("la \(largest)", Optional(largest))] {
            var best = Double.infinity
            var report: StrategyReport?
            for _ in 0..<max(1, runs) {
                let started = ContinuousClock.now
                report = try await StrategyReportStore.report(
                    academicYear: year, laCode: la, today: CivilDate(year, 3, 1), for: admin, in: pool)
                best = min(best, PeerComparison.seconds(ContinuousClock.now - started))
            }
            print("| \(name) | \(report!.districts.count - 1) | \(String(format: "%.3f", best)) | \(report!.csvRows.count - 1) |")
            json.append(#""\#(name)_s":\#(String(format: "%.3f", best))"#)
        }
        await pool.close()
        print(#"{"benchmark":"reports","# + json.joined(separator: ",") + #","goal_s":2}"#)
    }
}
