import Broker
import Foundation
import Postgres
import PostgresServer

/// The server a database benchmark runs against: the one named by `--database-url`, or a
/// private cluster in `folder`, removed when the process exits. Either way migrated.
struct BenchDatabase {
    let configuration: PostgresConfiguration
    private let cluster: PostgresCluster?

    init(folder: URL, databaseURL: String?) async throws {
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
    }

    /// Stops the private cluster, if there is one.
    func stop() {
        try? cluster?.stop()
    }
}
