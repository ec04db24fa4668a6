import ArgumentParser
import Matching

/// `schoolbroker-bench stable FILE.hr.json`: need-proposing Gale–Shapley on a
/// reference-harness preference file.
struct StableBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stable",
        abstract: "Solve a matchpeer .hr.json stable matching; print, last, one JSON line.")

    @Argument(help: "A matchpeer-hr/1 file (…/name_k25.hr.json).")
    var file: String

    @OptionGroup var comparison: PeerComparison

    func run() throws {
        let preferences = try MatchpeerFormat.parsePreferences(PeerComparison.read(file))
        var matching: StableMatching?
        let solveSeconds = comparison.median {
            matching = StableSolver.solve(preferences)
        }
        guard let matching else { return }
        let result: [(String, Any)] = [
            ("solver", "swift_gs"), ("assignment_sha", Fingerprint.assignmentHash(matching.assignment)),
            ("blocking_pairs", StableSolver.blockingPairs(matching.assignment, preferences)),
            ("matched", matching.assignment.count { $0 >= 0 }), ("proposals", matching.proposals),
            ("solve_s", PeerComparison.rounded(solveSeconds)), ("peak_rss_mb", PeerComparison.peakRSSMegabytes()),
        ]
        if comparison.summary {
            comparison.printSummary(instance: file, suffix: ".hr.json", ours: solveSeconds, peers: ["hr_gs"])
        }
        print(PeerComparison.jsonLine(result))
    }
}
