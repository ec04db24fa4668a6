import ArgumentParser
import Broker
import Foundation
import Logging
import Postgres

/// `schoolbroker demo`: one command for a newcomer. A generated county goes into the embedded
/// database (or the configured one), an admin user gets a token, and the daemon serves it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a county, import it, create an admin token, and serve the API."
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
                    """)
                fflush(nil)  // the URL and token must show at once, even when piped
            }
        }
    }

    /// Loads the county and returns a new admin token.
    private func prepare(_ configuration: PostgresConfiguration, logger: Logger) async throws -> String {
        let pool = PostgresPool(configuration: configuration, maximumConnections: 2, logger: logger)
        do {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schoolbroker-demo-\(seed)-\(schools)")
            let files = try DemoCounty.write(schools: schools, seed: seed, to: folder)
            var imports: [(ImportKind, URL, Int?)] = [(.gias, files.gias, nil)]
            for year in DemoCounty.academicYears {
                imports += [(.ks2, files.ks2[year]!, year), (.ks4, files.ks4[year]!, year)]
            }
            imports += [(.ofsted, files.ofsted, nil), (.coordinates, files.coordinates, nil)]
            for (kind, url, year) in imports {
                let summary = try await kind.run(url, academicYear: year, into: pool, policy: .allOrNothing)
                logger.info("imported", metadata: ["file": "\(url.lastPathComponent)", "summary": "\(summary.description)"])
            }
            try? FileManager.default.removeItem(at: folder)
            // The analysis and match runs join here once their issues are merged.
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
