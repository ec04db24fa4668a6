import ArgumentParser
import Broker
import Foundation
import Logging
import Postgres
import PostgresServer

/// Which database a command uses: `--database-url` or `DATABASE_URL` (a URL or libpq connection
/// string), else a server named by libpq's `PG*` variables, else the embedded cluster in
/// `--data-dir`, started for the command and stopped after it.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "PostgreSQL URL or libpq connection string (default: $DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("data-dir"), help: "Folder of the embedded PostgreSQL cluster used when no database is configured.")
    var dataDirectory: String = ProcessInfo.processInfo.environment["SCHOOLBROKER_DATA_DIR"] ?? "schoolbroker-data/postgres"

    /// The configured external server, if any.
    var externalConfiguration: PostgresConfiguration? {
        let environment = ProcessInfo.processInfo.environment
        if let databaseURL { return PostgresConfiguration(connectionString: databaseURL) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return PostgresConfiguration(connectionString: url) }
        if environment.keys.contains(where: { ["PGHOST", "PGDATABASE", "PGSERVICE"].contains($0) }) {
            return PostgresConfiguration()
        }
        return nil
    }

    /// Runs `body` against the configured database, starting (and afterwards stopping) the
    /// embedded cluster when none is configured.
    ///
    /// With `requireCurrentSchema`, pending migrations are applied to the embedded cluster (we own
    /// it), while a configured server must be migrated explicitly with `schoolbroker migrate`.
    func withDatabase<T>(
        logger: Logger, requireCurrentSchema: Bool = true, _ body: (PostgresConfiguration) async throws -> T
    ) async throws -> T {
        do {
            return try await withDatabaseUnexplained(logger: logger) { configuration in
                if requireCurrentSchema {
                    try await ensureSchema(configuration, embedded: externalConfiguration == nil, logger: logger)
                }
                return try await body(configuration)
            }
        } catch let error as PostgresError {
            // An operator at a terminal needs the server's own words, not the client-safe summary.
            throw OperatorError(message: error.diagnostics)
        }
    }

    private func ensureSchema(_ configuration: PostgresConfiguration, embedded: Bool, logger: Logger) async throws {
        let migrator = try SchoolBrokerSchema.migrator()
        let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        do {
            let pending = try await migrator.status(on: connection).filter { !$0.isApplied }
            if !pending.isEmpty {
                guard embedded else {
                    throw OperatorError(
                        message: "the database schema is not current (\(pending.count) pending migration(s)): "
                            + "run `schoolbroker migrate` first")
                }
                logger.info("applying \(pending.count) migration(s) to the embedded database")
                try await migrator.migrate(on: connection)
            }
            await connection.close()
        } catch {
            await connection.close()
            throw error
        }
    }

    private func withDatabaseUnexplained<T>(logger: Logger, _ body: (PostgresConfiguration) async throws -> T) async throws -> T {
        if let external = externalConfiguration { return try await body(external) }
        let directory = URL(fileURLWithPath: dataDirectory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let cluster = try PostgresCluster(dataDirectory: directory.absoluteURL, logger: logger)
        let wasRunning = cluster.isRunning
        try cluster.start()
        let configuration = cluster.configuration()
        do {
            let value = try await body(configuration)
            if !wasRunning { try cluster.stop() }
            return value
        } catch {
            if !wasRunning { try? cluster.stop() }
            throw error
        }
    }
}

/// An error printed in full for the operator running a command.
struct OperatorError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension DatabaseOptions {
    /// Runs `body` with a one-connection pool on the configured (or embedded) database, with
    /// problems reported to the operator in full.
    func withPool<T>(logger: Logger, _ body: (PostgresPool) async throws -> T) async throws -> T {
        do {
            return try await withDatabase(logger: logger) { configuration in
                let pool = PostgresPool(configuration: configuration, maximumConnections: 1, logger: logger)
                do {
                    let value = try await body(pool)
                    await pool.close()
                    return value
                } catch {
                    await pool.close()
                    throw error
                }
            }
        } catch let error as ValidationFailed {
            throw OperatorError(message: error.description)
        }
    }
}
