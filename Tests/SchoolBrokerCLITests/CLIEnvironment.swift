import Foundation
import Postgres
import PostgresServer
import TestSupport

/// The built `schoolbroker` executable and a fresh, empty database for it, named to it by
/// libpq's standard `PG*` variables as an operator would.
struct CLIEnvironment {
    /// The executable sits beside the test bundle in the build folder.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("schoolbroker")

    /// `PATH` and the `PG*` variables naming the database.
    let variables: [String: String]

    /// The same database, for the test's own connections.
    var configuration: PostgresConfiguration {
        PostgresConfiguration(connectionString:
            "host=\(variables["PGHOST"]!) port=\(variables["PGPORT"]!) user=postgres dbname=\(variables["PGDATABASE"]!)")
    }

    /// Runs the executable with `arguments`, returning its exit status and combined output.
    func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await Subprocess.run(Self.executable.path, arguments, environment: variables)
    }

    /// Runs `body` with a new empty database on the test server, dropped afterwards.
    static func withDatabase(_ body: (CLIEnvironment) async throws -> Void) async throws {
        let server = try await TestDatabase.serverConfiguration()
        // Generated here, never from input: safe to place in the statement as an identifier.
        let name = "cli_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresConnection.connect(configuration: server)
        try await admin.simpleQuery("CREATE DATABASE \(name)")
        defer { Task { try? await admin.simpleQuery("DROP DATABASE \(name) WITH (FORCE)"); await admin.close() } }
        // The test server's connection string, expressed as libpq's standard variables.
        let socket = try await admin.query("SELECT current_setting('unix_socket_directories') AS dir, current_setting('port') AS port")[0]
        try await body(CLIEnvironment(variables: [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "PGHOST": try socket.decode("dir", as: String.self), "PGPORT": try socket.decode("port", as: String.self),
            "PGUSER": "postgres", "PGDATABASE": name,
        ]))
    }
}
