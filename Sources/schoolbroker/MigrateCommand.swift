import ArgumentParser
import Broker
import Logging
import Postgres

/// `schoolbroker migrate [--status]`: applies pending schema migrations, or lists them.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (or show their status with --status)."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "List every migration and whether it is applied; change nothing.")
    var status = false

    func run() async throws {
        let logger = Logger(label: "schoolbroker.migrate")
        let migrator = try SchoolBrokerSchema.migrator()
        try await database.withDatabase(logger: logger, requireCurrentSchema: false) { configuration in
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
            defer { Task { await connection.close() } }
            if status {
                for entry in try await migrator.status(on: connection) {
                    let state = entry.appliedAt.map { "applied \($0)" } ?? "pending"
                    print("\(String(format: "%04d", entry.version))  \(entry.name.padding(toLength: 32, withPad: " ", startingAt: 0))  \(state)")
                }
            } else {
                let applied = try await migrator.migrate(on: connection)
                print(applied.isEmpty ? "Database is up to date." : "Applied \(applied.count) migration(s): "
                    + applied.map { "\($0.version) \($0.name)" }.joined(separator: ", "))
            }
        }
    }
}
