import Broker
import Foundation
import Postgres
import PostgresServer
import TestSupport
import Testing

/// Runs the built `schoolbroker` executable as an operator would.
@Suite("schoolbroker migrate")
struct MigrateCommandTests {
    @Test("migrate via PG* variables applies the schema, then reports it current; --status lists it")
    func migrateWithEnvironment() async throws {
        try await CLIEnvironment.withDatabase { cli in
            let first = try await cli.run(["migrate"])
            #expect(first.status == 0, "\(first.output)")
            let count = try Broker.SchoolBrokerSchema.migrations().count
            #expect(first.output.contains("Applied \(count) migration(s): 1 areas"))
            let second = try await cli.run(["migrate"])
            #expect(second.output.contains("Database is up to date."))
            let status = try await cli.run(["migrate", "--status"])
            #expect(status.output.contains("0001  areas"))
            #expect(status.output.contains("applied"))
        }
    }

    @Test("migrate with a DATABASE_URL that cannot be reached fails with a clear message and non-zero status")
    func unreachable() async throws {
        let result = try await Subprocess.run(
            CLIEnvironment.executable.path, ["migrate"],
            environment: ["DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"])
        #expect(result.status != 0)
        #expect(result.output.contains("connection"))
    }

    @Test("a command on an unmigrated server says to run migrate, and changes nothing")
    func unmigratedServer() async throws {
        try await CLIEnvironment.withDatabase { environment in
            let result = try await environment.run(["import", "gias", "/nonexistent.csv"])
            #expect(result.status != 0)
            #expect(result.output.contains("run `schoolbroker migrate` first"))
            let status = try await environment.run(["migrate", "--status"])
            #expect(status.output.contains("pending"))
        }
    }
}
