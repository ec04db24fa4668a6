import ArgumentParser
import Foundation
import Matching
import PostgresServer

/// `schoolbroker-bench match FILE.edges.txt`: the optimal solver on a reference-harness
/// candidate set.
struct MatchBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Solve a matchpeer .edges.txt optimally; print, last, one JSON line.")

    @Argument(help: "A matchpeer-edges/1 file (…/name_k25.edges.txt).")
    var file: String

    @OptionGroup var comparison: PeerComparison

    func run() throws {
        let peakBefore = PeerComparison.peakRSSMegabytes()
        let (problem, buildSeconds) = try PeerComparison.timed {
            try MatchpeerFormat.parseEdges(PeerComparison.read(file))
        }
        var solution: OptimalSolution?
        let solveSeconds = comparison.median {
            solution = OptimalSolver.solve(problem)
        }
        guard let solution, problem.objective(of: solution.assignment) == solution.objective else {
            throw ValidationError("infeasible assignment")
        }
        let result: [(String, Any)] = [
            ("solver", "swift_ssp"), ("objective", solution.objective), ("matched", solution.matched),
            ("needs", problem.needCount), ("supporters", problem.supporterCount), ("edges", problem.edgeCount),
            ("components", solution.componentCount), ("build_s", PeerComparison.rounded(buildSeconds)),
            ("solve_s", PeerComparison.rounded(solveSeconds)),
            ("peak_rss_mb", PeerComparison.peakRSSMegabytes()), ("peak_rss_before_mb", peakBefore),
        ]
        if comparison.summary {
            comparison.printSummary(
                instance: file, suffix: ".edges.txt", ours: solveSeconds, peers: ["ortools_mcf", "pot_emd_sparse"])
        }
        print(PeerComparison.jsonLine(result))
    }
}

/// Options and helpers shared by the benchmarks: timing, peak memory, and the comparison
/// with the peer solvers (recorded in RESULTS.md, and measured in the same run when the
/// Python harness is installed).
struct PeerComparison: ParsableArguments {
    @Option(help: "Timed repetitions; the median is reported.")
    var repetitions = 5

    @Flag(help: "Print our time next to the peers' (recorded, and measured when --python is given).")
    var summary = false

    @Option(help: "RESULTS.md of the harness (default: next to the file's data folder).")
    var results: String?

    @Option(help: "Python with the peers installed, to time them in the same run.")
    var python: String?

    @Option(help: "A writable copy of the harness with the .npz files regenerated (see its README).")
    var peerDir: String?

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        return [UInt8](data)
    }

    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try body()
        return (value, seconds(clock.now - start))
    }

    /// Median wall time of `repetitions` runs of `body`.
    func median(_ body: () -> Void) -> Double {
        let times = (0..<max(1, repetitions)).map { _ in Self.timed(body).1 }.sorted()
        return times[times.count / 2]
    }

    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) * 1e-18
    }

    static func rounded(_ seconds: Double) -> Double { (seconds * 1e6).rounded() / 1e6 }

    /// `VmHWM` of this process in MB.
    static func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ")[1])
        else { return 0 }
        return (kilobytes / 1024 * 10).rounded() / 10
    }

    static func jsonLine(_ fields: [(String, Any)]) -> String {
        "{" + fields.map { key, value in
            "\"\(key)\": " + (value is String ? "\"\(value)\"" : "\(value)")
        }.joined(separator: ", ") + "}"
    }

    /// Prints a table: our median solve time beside each peer's recorded and measured ones.
    func printSummary(instance file: String, suffix: String, ours: Double, peers: [String]) {
        let url = URL(fileURLWithPath: file)
        let name = url.lastPathComponent.replacingOccurrences(of: suffix, with: "")
        let resultsPath = results ?? url.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RESULTS.md").path
        let recorded = (try? String(contentsOfFile: resultsPath, encoding: .utf8)).map {
            Self.recordedSolveTimes($0, instance: name)
        } ?? [:]
        print("\(name): solve seconds (median of \(repetitions)); ratio = peer / ours")
        print("| solver | recorded s | measured s | ratio (measured or recorded) |")
        print("|---|---|---|---|")
        print("| swift (this run) | | \(Self.rounded(ours)) | 1 |")
        for peer in peers {
            let measured = measure(peer: peer, instance: name)
            let reference = measured ?? recorded[peer]
            let ratio = reference.map { String(format: "%.1f×", $0 / ours) } ?? "–"
            let cells = [recorded[peer], measured].map { $0.map { "\($0)" } ?? "–" }
            print("| \(peer) | \(cells[0]) | \(cells[1]) | \(ratio) |")
        }
    }

    /// `solve s` per solver in the RESULTS.md section of `instance`.
    static func recordedSolveTimes(_ markdown: String, instance: String) -> [String: Double] {
        var inSection = false
        var times: [String: Double] = [:]
        for line in markdown.split(separator: "\n") {
            if line.hasPrefix("## ") {
                inSection = line.dropFirst(3).trimmingCharacters(in: .whitespaces) == instance
            } else if inSection, line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                // | solver | ok | objective | gap % | matched | build s | solve s | …
                if cells.count > 7, let solve = Double(cells[7]) { times[cells[1]] = solve }
            }
        }
        return times
    }

    /// Runs `solve.py peer prefix` in the harness copy; its `t_solve`, when it succeeds.
    private func measure(peer: String, instance: String) -> Double? {
        guard let python, let peerDir else { return nil }
        // `cd` through the shell with positional arguments, so no path needs quoting.
        let command = ["-c", "cd \"$1\" && shift && exec \"$@\"", "sh", peerDir, python, "solve.py", peer, "data/\(instance)"]
        guard let (status, output) = try? Subprocess.run("/bin/sh", command), status == 0,
            let last = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
            object["ok"] as? Bool == true
        else { return nil }
        return object["t_solve"] as? Double
    }
}
