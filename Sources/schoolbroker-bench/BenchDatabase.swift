import ArgumentParser
import Broker
import Foundation
import Postgres
import PostgresServer

/// The database a database benchmark runs against: `--database-url`, or a private cluster in a
/// scratch folder (removed when the process exits), migrated to the current schema.
struct BenchDatabase: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "Server to use (default: a private cluster in /tmp).")
    var databaseURL: String?

    /// Starts (or names) the server and migrates it; the cluster is `nil` for `--database-url`.
    func start(in folder: URL) async throws -> (cluster: PostgresCluster?, configuration: PostgresConfiguration) {
        let cluster: PostgresCluster?
        let configuration: PostgresConfiguration
        if let databaseURL {
            (cluster, configuration) = (nil, PostgresConfiguration(connectionString: databaseURL))
        } else {
            let server = try PostgresCluster(dataDirectory: folder.appendingPathComponent("postgres"))
            try server.start()
            try server.stopWhenProcessExits(removeData: true)
            (cluster, configuration) = (server, server.configuration())
        }
        let connection = try await PostgresConnection.connect(configuration: configuration)
        try await SchoolBrokerSchema.migrator().migrate(on: connection)
        await connection.close()
        return (cluster, configuration)
    }
}
