import ArgumentParser
import Broker
import Foundation
import Logging
import Postgres

extension MatchMode: ExpressibleByArgument {}

/// `schoolbroker match --year 2025 --mode optimal|stable [--max-km 40] [--dry-run]`: matches
/// the year's open needs with the available supporters, stores the run and prints a summary.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match a year's open needs with available supporters, store the run and print a summary.",
        discussion: """
            Needs already in an accepted or active partnership, and the capacity those use, are respected. \
            The same inputs and parameters give the same fingerprint and the same result.
            """
    )

    @Option(help: "The academic year, as the year in which it ends (2025 = 2024 to 2025).")
    var year: Int

    @Option(help: "optimal (maximum total quality) or stable (head teachers' preferences, no blocking pair).")
    var mode: MatchMode = .optimal

    @Option(name: .customLong("max-km"), help: "Maximum straight-line distance between school and supporter.")
    var maxKm: Double = 40

    @Flag(help: "Compute and print the result, store nothing.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (2000...2100).contains(year) else { throw ValidationError("--year must be between 2000 and 2100.") }
        guard maxKm > 0, maxKm.isFinite else { throw ValidationError("--max-km must be a positive number.") }
    }

    func run() async throws {
        let logger = Logger(label: "schoolbroker.match")
        var parameters = MatchRunParameters()
        parameters.maxDistanceKm = maxKm
        let request = MatchRunRequest(academicYear: year, mode: mode, parameters: parameters, dryRun: dryRun)
        let outcome = try await database.withDatabase(logger: logger) { configuration in
            let pool = PostgresPool(configuration: configuration, maximumConnections: 1, logger: logger)
            do {
                let outcome = try await MatchRunner(pool: pool).run(request)
                await pool.close()
                return outcome
            } catch {
                await pool.close()
                throw error
            }
        }
        print(MatchSummary(outcome).text)
    }
}
