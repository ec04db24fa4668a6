import Analysis
import ArgumentParser
import Broker
import Logging

extension SupportLevel: ExpressibleByArgument {}

/// `schoolbroker level agree|override`: an adviser's decision on a school's proposed level.
struct LevelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "level",
        abstract: "Agree with or override a school's proposed support level.",
        subcommands: [Agree.self, Override.self]
    )

    /// What both decisions name.
    struct Decision: ParsableArguments {
        @Option(help: "The academic year, as the year in which it ends.")
        var year: Int

        @Option(help: "The school's URN.")
        var urn: Int

        @Option(help: "The adviser making the decision.")
        var by: String
    }

    struct Agree: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Agree with the latest run's proposed level.")

        @OptionGroup var decision: Decision
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.withPool(logger: Logger(label: "schoolbroker.level")) { pool in
                print(
                    LevelCommand.describe(
                        try await LevelDecisionStore(pool: pool).agree(
                            urn: decision.urn, academicYear: decision.year, by: decision.by)))
            }
        }
    }

    struct Override: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a level against the proposal, with a reason.")

        @OptionGroup var decision: Decision

        @Option(help: "The level: \(SupportLevel.allCases.map(\.rawValue).joined(separator: ", ")).")
        var level: SupportLevel

        @Option(help: "Why the proposal is overridden (required).")
        var reason: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.withPool(logger: Logger(label: "schoolbroker.level")) { pool in
                print(
                    LevelCommand.describe(
                        try await LevelDecisionStore(pool: pool).override(
                            urn: decision.urn, academicYear: decision.year, level: level, reason: reason,
                            by: decision.by)))
            }
        }
    }

    static func describe(_ status: SchoolLevelStatus) -> String {
        "School \(status.urn), \(AnalysisReport.academicYear(status.academicYear)): \(status.decision.rawValue) "
            + "\(status.decidedLevel?.rawValue ?? "none") (proposed \(status.proposedLevel?.rawValue ?? "none"))"
            + (status.disagreement ? ", disagrees with the proposal" : "")
    }
}
