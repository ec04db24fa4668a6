import Foundation
import Postgres
import TestSupport
import Testing

/// `schoolbroker import supporters` and `schoolbroker match`, run through the built executable.
@Suite("schoolbroker match", .serialized)
struct MatchCommandTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schoolbroker-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `sql` on the CLI's database.
    func execute(_ sql: String, in cli: CLIEnvironment) async throws -> PostgresRows {
        let server = try await TestDatabase.serverConfiguration()
        let connection = try await PostgresConnection.connect(configuration: server.database(cli.variables["PGDATABASE"]!))
        defer { Task { await connection.close() } }
        return try await connection.query(PostgresQuery(sql: sql))
    }

    @Test("a demo county with its supporters matches end to end; the summary names levels, areas, reasons, quality and timings")
    func matchDemoCounty() async throws {
        let out = try temporaryDirectory()
        try await CLIEnvironment.withDatabase { cli in
            #expect(try await cli.run(["demo-data", "--schools", "60", "--seed", "3", "--out", out.path]).status == 0)
            #expect(try await cli.run(["migrate"]).status == 0)
            for (kind, file) in [("gias", "gias/edubasealldata20260602.csv"), ("coordinates", "geo/school_coords.csv"),
                                 ("supporters", "supporters/supporters.csv")] {
                let result = try await cli.run(["import", kind, out.appendingPathComponent(file).path])
                #expect(result.status == 0, "\(kind): \(result.output)")
            }
            _ = try await execute("""
                INSERT INTO needs (urn, area_code, academic_year, severity, source)
                SELECT urn, code, 2025, 3, 'adviser' FROM schools CROSS JOIN areas
                WHERE code IN ('leadership', 'disadvantaged', 'safeguarding') AND urn % 3 = 0
                """, in: cli)
            // One school with needs is placed in focus support by an adviser; the others have no level yet.
            _ = try await execute("""
                INSERT INTO level_decisions (urn, academic_year, kind, level, reason, decided_by)
                SELECT min(urn), 2025, 'overridden', 'focus', 'new head teacher', 'A. Adviser' FROM needs
                """, in: cli)

            let run = try await cli.run(["match", "--year", "2025", "--mode", "optimal"])
            #expect(run.status == 0, "\(run.output)")
            for expected in ["Match run 1: optimal mode, academic year 2025, max 40 km", "Inputs fingerprint ",
                             "Needs matched by level:", "  " + "focus".padding(toLength: 24, withPad: " ", startingAt: 0) + "      3", "  (no level) ",
                             "Needs matched by area:", "  leadership ", "Unmatched needs by reason:",
                             "no supporter with this specialism", "Total quality: ", "Timings: load "] {
                #expect(run.output.contains(expected), "\(expected) in \(run.output)")
            }
            let dry = try await cli.run(["match", "--year", "2025", "--mode", "stable", "--max-km", "15", "--dry-run"])
            #expect(dry.status == 0, "\(dry.output)")
            #expect(dry.output.contains("Dry run (nothing stored): stable mode, academic year 2025, max 15 km"), "\(dry.output)")
            #expect(try await execute("SELECT count(*) AS n FROM match_runs", in: cli)[0].decode("n", as: Int.self) == 1)

            let badMode = try await cli.run(["match", "--year", "2025", "--mode", "greedy"])
            #expect(badMode.status != 0 && badMode.output.contains("greedy"), "\(badMode.output)")
        }
    }

    @Test("a bad supporters file fails at file:line: column and writes nothing")
    func badSupportersFile() async throws {
        let file = try temporaryDirectory().appendingPathComponent("supporters.csv")
        try """
            Reference,Name,Kind,Phases,Capacity,Specialisms
            L1,Jo Smith,system_leader,primary,1,leadership:0.8
            L2,Sam Jones,system_leader,primary,two,leadership:0.8

            """.write(to: file, atomically: true, encoding: .utf8)
        try await CLIEnvironment.withDatabase { cli in
            #expect(try await cli.run(["migrate"]).status == 0)
            let failed = try await cli.run(["import", "supporters", file.path])
            #expect(failed.status != 0)
            #expect(failed.output.contains("\(file.path):3: Capacity: invalid value \"two\""), "\(failed.output)")
            #expect(try await execute("SELECT count(*) AS n FROM supporters", in: cli)[0].decode("n", as: Int.self) == 0)
        }
    }
}
