import ArgumentParser

/// Release-mode benchmarks, run by hand: `swift run -c release schoolbroker-bench <subcommand>`.
/// Each subcommand prints, last, one JSON line so that results can be scripted.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schoolbroker-bench",
        abstract: "Benchmarks for SchoolBroker's modules, side by side with their peers.",
        subcommands: [
            PoolBenchmark.self, MatchBenchmark.self, StableBenchmark.self, AnalysisBenchmark.self, AnalysisRunBenchmark.self,
            ImportBenchmark.self, MatchRunBenchmark.self, HTTPBenchmark.self, PracticeSearchBenchmark.self,
            PartnerSearchBenchmark.self, ReportBenchmark.self,
        ]
    )
}
