import Foundation
import Testing

/// `schoolbroker demo-data` and `schoolbroker import`, run through the built executable.
@Suite("schoolbroker demo-data and import", .serialized)
struct ImportCommandTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("schoolbroker-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("demo-data writes a county that every import kind loads, and importing again changes nothing")
    func demoDataThenImport() async throws {
        let out = try temporaryDirectory()
        try await CLIEnvironment.withDatabase { cli in
            let demo = try await cli.run(["demo-data", "--schools", "30", "--seed", "1", "--out", out.path])
            #expect(demo.status == 0, "\(demo.output)")
            #expect(try await cli.run(["migrate"]).status == 0)
            let gias = out.appendingPathComponent("gias/edubasealldata20260602.csv").path
            let ks2 = out.appendingPathComponent("performance-tables/2024-2025/england_ks2final.csv").path
            let ks4 = out.appendingPathComponent("performance-tables/2024-2025/england_ks4final.csv").path
            let imports = [
                ["import", "gias", gias], ["import", "ks2", ks2, "--year", "2025"], ["import", "ks4", ks4, "--year", "2025"],
                ["import", "ofsted", out.appendingPathComponent("ofsted/state_funded_schools_latest_inspections.csv").path],
                ["import", "coordinates", out.appendingPathComponent("geo/school_coords.csv").path],
            ]
            for arguments in imports {
                let result = try await cli.run(arguments)
                #expect(result.status == 0, "\(arguments): \(result.output)")
                #expect(result.output.contains(" rejected"), "\(arguments): \(result.output)")
            }
            #expect(try await cli.run(imports[0]).output.contains("\(gias): 0 inserted, 0 updated, 30 unchanged, 0 rejected"))
            let missingYear = try await cli.run(["import", "ks2", ks2])
            #expect(missingYear.status != 0 && missingYear.output.contains("--year"))
        }
    }

    @Test("a bad record fails the import with file:line: column; --skip-invalid loads the rest and writes rejects")
    func badRecord() async throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("bad_gias.csv")
        try """
            URN,LA (code),EstablishmentName,StatutoryLowAge
            116000,885,Alpha First School,4
            116001,885,Beta Primary School,four

            """.write(to: file, atomically: true, encoding: .utf8)
        let rejects = directory.appendingPathComponent("rejects.csv")
        try await CLIEnvironment.withDatabase { cli in
            #expect(try await cli.run(["migrate"]).status == 0)
            let failed = try await cli.run(["import", "gias", file.path])
            #expect(failed.status != 0)
            #expect(failed.output.contains("\(file.path):3: StatutoryLowAge: invalid value \"four\""), "\(failed.output)")
            let skipped = try await cli.run(["import", "gias", file.path, "--skip-invalid", "--rejects", rejects.path])
            #expect(skipped.status == 0, "\(skipped.output)")
            #expect(skipped.output.contains("1 inserted, 0 updated, 0 unchanged, 1 rejected"), "\(skipped.output)")
            let report = try String(contentsOf: rejects, encoding: .utf8)
            #expect(report.hasPrefix("file,line,column,reason"))
            #expect(report.contains(",3,StatutoryLowAge,"))
        }
    }
}
