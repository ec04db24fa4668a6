import Broker
import Foundation
import Postgres
import PostgresServer
import TestSupport
import Testing

/// Runs the built `schoolbroker` executable as an operator would.
@Suite("schoolbroker migrate")
struct MigrateCommandTests {
    /// The executable sits beside the test bundle in the build folder.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("schoolbroker")

    func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        try Subprocess.run(Self.executable.path, arguments, environment: environment)
    }

    @Test("migrate via PG* variables applies the schema, then reports it current; --status lists it")
    func migrateWithEnvironment() async throws {
        let server = try await TestDatabase.serverConfiguration()
        let name = "cli_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresConnection.connect(configuration: server)
        try await admin.simpleQuery("CREATE DATABASE \(name)")
        defer { Task { try? await admin.simpleQuery("DROP DATABASE \(name) WITH (FORCE)"); await admin.close() } }
        // The test server's connection string, expressed as libpq's standard variables.
        let socket = try await admin.query("SELECT current_setting('unix_socket_directories') AS dir, current_setting('port') AS port")[0]
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "PGHOST": try socket.decode("dir", as: String.self), "PGPORT": try socket.decode("port", as: String.self),
            "PGUSER": "postgres", "PGDATABASE": name,
        ]
        let first = try run(["migrate"], environment: environment)
        #expect(first.status == 0, "\(first.output)")
        let count = try Broker.SchoolBrokerSchema.migrations().count
        #expect(first.output.contains("Applied \(count) migration(s): 1 areas"))
        let second = try run(["migrate"], environment: environment)
        #expect(second.output.contains("Database is up to date."))
        let status = try run(["migrate", "--status"], environment: environment)
        #expect(status.output.contains("0001  areas"))
        #expect(status.output.contains("applied"))
    }

    @Test("migrate with a DATABASE_URL that cannot be reached fails with a clear message and non-zero status")
    func unreachable() throws {
        let result = try run(["migrate"], environment: ["DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"])
        #expect(result.status != 0)
        #expect(result.output.contains("connection"))
    }
}
