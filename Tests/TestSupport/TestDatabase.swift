import Broker
import Foundation
import Logging
import Postgres
import PostgresServer

/// Databases for tests: one PostgreSQL cluster per test process (or the server named by
/// `TEST_DATABASE_URL`), one migrated template database, and a fresh copy of the template for
/// every test — isolated, parallel-safe and fast (`CREATE DATABASE … TEMPLATE` copies files).
public enum TestDatabase {
    /// Server-level facts shared by every test in the process.
    struct Environment: Sendable {
        let server: PostgresConfiguration
        let template: String
    }

    private static let environment = Task<Environment, Error> {
        let processEnvironment = ProcessInfo.processInfo.environment
        let server: PostgresConfiguration
        if let url = processEnvironment["TEST_DATABASE_URL"], !url.isEmpty {
            server = PostgresConfiguration(connectionString: url)
        } else {
            let cluster = try startCluster()
            server = cluster.configuration()
        }
        let template = "schoolbroker_template_\(ProcessInfo.processInfo.processIdentifier)"
        let admin = try await PostgresConnection.connect(configuration: server)
        try await admin.simpleQuery("DROP DATABASE IF EXISTS \(template)")
        try await admin.simpleQuery("CREATE DATABASE \(template)")
        await admin.close()
        let connection = try await PostgresConnection.connect(configuration: server.database(template))
        try await SchoolBrokerSchema.migrator().migrate(on: connection)
        await connection.close()
        return Environment(server: server, template: template)
    }

    /// A cluster in a new temporary folder, stopped and removed when this process exits.
    public static func startCluster(settings: [String: String] = fastSettings) throws -> PostgresCluster {
        let directory = URL(fileURLWithPath: "/tmp/schoolbroker-test-\(UUID().uuidString.prefix(8))")
        let cluster = try PostgresCluster(dataDirectory: directory, settings: settings)
        try cluster.start()
        try cluster.stopWhenProcessExits(removeData: true)
        return cluster
    }

    /// Durability off: test data is thrown away, speed matters.
    public static let fastSettings = [
        "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
    ]

    /// The test server's configuration for the maintenance database.
    public static func serverConfiguration() async throws -> PostgresConfiguration {
        try await environment.value.server
    }

    /// Runs `body` with a pool on a brand-new migrated database, dropped afterwards.
    public static func withDatabase<T: Sendable>(
        maximumConnections: Int = 4,
        acquireTimeout: Duration = .seconds(30),
        _ body: (PostgresPool) async throws -> T
    ) async throws -> T {
        try await withDatabase(migrated: true, maximumConnections: maximumConnections, acquireTimeout: acquireTimeout, body)
    }

    /// Runs `body` with a pool on a brand-new database without any migration, dropped afterwards.
    public static func withEmptyDatabase<T: Sendable>(_ body: (PostgresPool) async throws -> T) async throws -> T {
        try await withDatabase(migrated: false, maximumConnections: 2, acquireTimeout: .seconds(30), body)
    }

    private static func withDatabase<T: Sendable>(
        migrated: Bool, maximumConnections: Int, acquireTimeout: Duration, _ body: (PostgresPool) async throws -> T
    ) async throws -> T {
        let environment = try await environment.value
        // Generated here, never from input: safe to place in the statement as an identifier.
        let name = "test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        let admin = try await PostgresConnection.connect(configuration: environment.server)
        try await admin.simpleQuery(
            migrated ? "CREATE DATABASE \(name) TEMPLATE \(environment.template)" : "CREATE DATABASE \(name)")
        let pool = PostgresPool(
            configuration: environment.server.database(name), maximumConnections: maximumConnections,
            acquireTimeout: acquireTimeout)
        do {
            let value = try await body(pool)
            await pool.close()
            try await admin.simpleQuery("DROP DATABASE \(name) WITH (FORCE)")
            await admin.close()
            return value
        } catch {
            await pool.close()
            try? await admin.simpleQuery("DROP DATABASE \(name) WITH (FORCE)")
            await admin.close()
            throw error
        }
    }
}
