@testable import Broker
import Postgres
import TestSupport
import Testing

/// How a run's needs are written, beyond what they are (which `AnalysisRunTests` and
/// `LevelDecisionTests` check).
@Suite("Analysis needs")
struct AnalysisNeedsTests {
    @Test("new needs are told from existing ones without rescanning needs per need, even on statistics of an empty table")
    func creatingNeedsDoesNotRescanNeeds() async throws {
        try await AnalysisRunTests().withCounty { pool in
            let urns = try await pool.query("SELECT urn FROM schools ORDER BY urn").map { try $0.decode(0, as: Int.self) }
            let areas = try await pool.query("SELECT code FROM areas ORDER BY code LIMIT 2").map {
                try $0.decode(0, as: String.self)
            }
            let found = urns.flatMap { urn in
                areas.map { AnalysisNeeds.Found(urn: urn, area: $0, severity: 3, rationale: "Found by the test.") }
            }
            // As on a new database after `vacuumdb --analyze`: `needs` has statistics, of no rows.
            try await pool.query("ANALYZE needs")
            let (counts, scans) = try await pool.withTransaction { connection in
                let counts = try await AnalysisNeeds.synchronise(found, academicYear: 2025, on: connection)
                // This transaction's own sequential scans of `needs` so far.
                let scans = try await connection.query(
                    "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'needs'")[0].decode(0, as: Int.self)
                return (counts, scans)
            }
            #expect(counts.created == found.count && found.count >= 80)
            // An anti-join with `needs` planned as a nested loop scanned it once per new need,
            // rereading what the insert had added so far (quadratic at national scale).
            #expect(scans < 10, "needs was scanned \(scans) times for \(found.count) new needs")
        }
    }
}
