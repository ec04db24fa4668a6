import ArgumentParser
import Broker
import Foundation
import Logging
import Postgres

/// `schoolbroker demo`: one command for a newcomer. A generated county goes into the embedded
/// database (or the configured one) with its supporters, is analysed and matched, an admin user
/// gets a token, and the daemon serves it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a county, import, analyse and match it, create an admin token, and serve the API."
    )

    @Option(help: "How many schools the generated county has.")
    var schools = 250

    @Option(help: "The random seed of the generated county.")
    var seed: UInt64 = 1

    @Option(help: "Write the admin token to this file as well (for scripts).")
    var tokenFile: String?

    @OptionGroup var serve: ServeOptions
    @OptionGroup var database: DatabaseOptions

    static let adminEmail = "admin@demo.schoolbroker.invalid"

    func run() async throws {
        let settings = try await serve.settings(databaseURL: database.databaseURL)
        settings.bootstrapLogging()
        let logger = Logger(label: "schoolbroker.demo")
        var database = database
        database.databaseURL = settings.databaseURL
        try await database.withDatabase(logger: logger) { configuration in
            let token = try await prepare(configuration, logger: logger)
            try await Daemon.serve(configuration: configuration, settings: settings, logger: logger) { port in
                print("""
                    SchoolBroker demo is serving http://\(settings.host):\(port)
                    Admin token: \(token)
                    Try: curl -H 'Authorization: Bearer \(token)' http://\(settings.host):\(port)/schools?limit=5
                         curl -H 'Authorization: Bearer \(token)' 'http://\(settings.host):\(port)/levels?year=\(DemoCountySetup.academicYear)&limit=5'
                         curl -H 'Authorization: Bearer \(token)' http://\(settings.host):\(port)/match-runs
                    """)
                fflush(nil)  // the URL and token must show at once, even when piped
            }
        }
    }

    /// Loads, analyses and matches the county (``DemoCountySetup``) and returns a new admin token.
    private func prepare(_ configuration: PostgresConfiguration, logger: Logger) async throws -> String {
        let pool = PostgresPool(configuration: configuration, maximumConnections: 2, logger: logger)
        do {
            let setup = try await DemoCountySetup.prepare(schools: schools, seed: seed, into: pool)
            for summary in setup.imports {
                logger.info("imported", metadata: ["summary": "\(summary.description)"])
            }
            let levels = setup.analysis.levelCounts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            logger.info("analysed", metadata: [
                "year": "\(DemoCountySetup.academicYear)", "run": "\(setup.analysis.runID ?? 0)",
                "levels": "\(levels.joined(separator: ", "))"])
            logger.info("matched", metadata: [
                "run": "\(setup.match.runID ?? 0)", "needs": "\(setup.match.needs)", "matched": "\(setup.match.matched)"])
            let admin: User
            if let existing = try await UserStore.find(email: Self.adminEmail, in: pool) {
                admin = existing
            } else {
                admin = try await UserStore.create(
                    .init(name: "Demo administrator", email: Self.adminEmail, role: .admin), in: pool)
            }
            let token = try await TokenStore.create(for: admin, in: pool)
            if let tokenFile { try Data((token.secret + "\n").utf8).write(to: URL(fileURLWithPath: tokenFile)) }
            await pool.close()
            return token.secret
        } catch {
            await pool.close()
            throw error
        }
    }
}
