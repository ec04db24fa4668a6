import Foundation
import Testing

/// `schoolbroker report`, run through the built executable on an imported demo county.
@Suite("schoolbroker report", .serialized)
struct ReportCommandTests {
    @Test("prints the report as a table or tidy CSV; a bad LA code is refused")
    func report() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("schoolbroker-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        try await CLIEnvironment.withDatabase { cli in
            #expect(try await cli.run(["demo-data", "--schools", "40", "--seed", "5", "--out", out.path]).status == 0)
            #expect(try await cli.run(["migrate"]).status == 0)
            for (kind, file) in [("gias", "gias/edubasealldata20260602.csv"), ("ks2", "performance-tables/2024-2025/england_ks2final.csv")] {
                let result = try await cli.run(["import", kind, out.appendingPathComponent(file).path, "--year", "2025"])
                #expect(result.status == 0, "\(kind): \(result.output)")
            }
            let table = try await cli.run(["report", "--year", "2025"])
            #expect(table.status == 0, "\(table.output)")
            #expect(table.output.contains("Strategy report 2024–2025, England") && table.output.contains("| **all** |"))
            let csv = try await cli.run(["report", "--year", "2025", "--format", "csv"])
            let lines = csv.output.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(csv.status == 0 && lines.first == "academic_year,la_code,section,district,item,value")
            #expect(lines.contains { $0.hasPrefix("2025,england,outcomes,,ks2_reading_expected,") && !$0.hasSuffix(",") })
            let refused = try await cli.run(["report", "--year", "2025", "--la", "0"])
            #expect(refused.status != 0 && refused.output.contains("--la"))
        }
    }
}
