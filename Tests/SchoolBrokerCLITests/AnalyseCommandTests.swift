import Foundation
import Postgres
import TestSupport
import Testing

/// `schoolbroker analyse` and `schoolbroker level`, run through the built executable on an
/// imported demo county.
@Suite("schoolbroker analyse and level", .serialized)
struct AnalyseCommandTests {
    /// Writes a 30-school demo county and imports every file of it.
    func importCounty(_ cli: CLIEnvironment) async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("schoolbroker-cli-\(UUID().uuidString)")
        let demo = try await cli.run(["demo-data", "--schools", "30", "--seed", "2", "--out", out.path])
        #expect(demo.status == 0, "\(demo.output)")
        #expect(try await cli.run(["migrate"]).status == 0)
        var imports = [["gias", out.appendingPathComponent("gias/edubasealldata20260602.csv").path]]
        for year in 2023...2025 {
            for stage in ["ks2", "ks4"] {
                imports.append([
                    stage, out.appendingPathComponent("performance-tables/\(year - 1)-\(year)/england_\(stage)final.csv").path,
                    "--year", "\(year)",
                ])
            }
        }
        imports.append(["ofsted", out.appendingPathComponent("ofsted/state_funded_schools_latest_inspections.csv").path])
        for arguments in imports {
            let result = try await cli.run(["import"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.output)")
        }
    }

    @Test("a dry run prints the levels and writes nothing; a run stores them; --school explains one school")
    func analyseAndExplain() async throws {
        try await CLIEnvironment.withDatabase { cli in
            try await importCounty(cli)
            let dry = try await cli.run(["analyse", "--year", "2025", "--dry-run"])
            #expect(dry.status == 0, "\(dry.output)")
            #expect(dry.output.contains("Desk-top analysis of 2024 to 2025 (rules 2026.1): 30 schools, dry run: nothing written"))
            #expect(dry.output.contains("  secure_plus "))
            #expect(dry.output.contains("Changes since 2023 to 2024: 0 schools"))
            #expect(try await count("SELECT count(*) FROM analysis_runs", cli) == 0)

            // Last year's levels make this year's changes.
            let lastYear = try await cli.run(["analyse", "--year", "2024"])
            #expect(lastYear.status == 0, "\(lastYear.output)")
            let run = try await cli.run(["analyse", "--year", "2025"])
            #expect(run.status == 0, "\(run.output)")
            #expect(run.output.contains(", run 2"), "\(run.output)")
            #expect(run.output.contains("Support plans: 30 schools planned"), "\(run.output)")
            let changes = run.output.components(separatedBy: "\n").filter { $0.contains(" → ") }
            let changed = run.output.components(separatedBy: "Changes since 2023 to 2024: ")[1].prefix { $0.isNumber }
            #expect(changes.count == Int(changed), "\(run.output)")

            let urn = String(try await count("SELECT min(urn) FROM analysis_results", cli))
            let explained = try await cli.run(["analyse", "--year", "2025", "--school", urn])
            #expect(explained.status == 0, "\(explained.output)")
            for heading in ["Proposed level: ", "Decision: pending (the stored run proposed ", "Reasons:\n  [",
                            "Areas for improvement:", "Strengths:", "Data warnings:"] {
                #expect(explained.output.contains(heading), "\(heading) in \(explained.output)")
            }

            let refused = try await cli.run([
                "level", "override", "--year", "2025", "--urn", urn, "--level", "focus", "--reason", " ", "--by", "A. Adviser",
            ])
            #expect(refused.status != 0 && refused.output.contains("overriding a proposed level needs a reason"))
            let override = try await cli.run([
                "level", "override", "--year", "2025", "--urn", urn, "--level", "intensive", "--reason",
                "Safeguarding concern", "--by", "A. Adviser",
            ])
            #expect(override.status == 0, "\(override.output)")
            #expect(override.output.contains("overridden intensive"), "\(override.output)")
            let after = try await cli.run(["analyse", "--year", "2025", "--school", urn])
            #expect(after.output.contains("Decision: overridden intensive by A. Adviser: Safeguarding concern"), "\(after.output)")
        }
    }

    /// The integer `sql` returns from the CLI's database.
    private func count(_ sql: String, _ cli: CLIEnvironment) async throws -> Int {
        let server = try await TestDatabase.serverConfiguration()
        let connection = try await PostgresConnection.connect(configuration: server.database(cli.variables["PGDATABASE"]!))
        do {
            let value = try await connection.query(PostgresQuery(sql: sql))[0].decode(0, as: Int.self)
            await connection.close()
            return value
        } catch {
            await connection.close()
            throw error
        }
    }
}
