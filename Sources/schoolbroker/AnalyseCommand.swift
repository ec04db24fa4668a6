import Analysis
import ArgumentParser
import Broker
import Logging

/// `schoolbroker analyse --year 2025 [--dry-run] [--school URN]`: runs the desk-top analysis of
/// a year and prints the levels, the changes since the year before and their reasons; or
/// explains one school in full.
struct AnalyseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyse",
        abstract: "Run the desk-top analysis of an academic year, or explain one school.",
        discussion: """
            A run stores every school's proposed level with its reasons, areas for improvement and strengths, \
            keeps the year's analysis needs in step and plans support activities, all in one transaction. \
            Advisers' decisions survive re-running; where a run proposes another level, it says so. \
            --school analyses one school afresh and writes nothing.
            """
    )

    @Option(help: "The academic year, as the year in which it ends (2025 = 2024 to 2025).")
    var year: Int

    @Flag(help: "Analyse and print, but write nothing.")
    var dryRun = false

    @Option(help: "Explain one school (its URN) in full instead of running the analysis.")
    var school: Int?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (2000...2100).contains(year) else {
            throw ValidationError("--year must be the year in which the academic year ends, 2000–2100.")
        }
        if school != nil && dryRun { throw ValidationError("--school writes nothing anyway: drop --dry-run.") }
    }

    func run() async throws {
        let logger = Logger(label: "schoolbroker.analyse")
        try await database.withPool(logger: logger) { pool in
            let runner = AnalysisRunner(pool: pool)
            if let school {
                print(AnalysisReport.explanation(try await runner.explain(urn: school, academicYear: year)))
            } else {
                print(AnalysisReport.summary(try await runner.run(academicYear: year, dryRun: dryRun)))
            }
        }
    }
}
