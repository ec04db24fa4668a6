import Broker
import Foundation
import Postgres
import TestSupport
import Testing

/// The supporters import against a real database.
@Suite("Supporters import", .serialized)
struct SupporterImportTests {
    static let header = "Reference,Name,Kind,Home URN,Designations,Phases,Capacity,Available from,Available to,"
        + "Status,Latitude,Longitude,Specialisms,Evidence,Conflicts of interest\n"

    /// Two schools for supporters to be based at and to declare conflicts with.
    func addSchools(_ pool: PostgresPool) async throws {
        try await pool.query("""
            INSERT INTO schools (urn, la_code, name) VALUES (116000, 885, 'Alpha First'), (116001, 885, 'Beta Primary')
            """)
    }

    func write(_ rows: String) throws -> URL {
        let file = try ImportFixtures.temporaryDirectory().appendingPathComponent("supporters.csv")
        try (Self.header + rows).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func specialisms(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query("""
            SELECT supporters.reference || ' ' || area_code || ' ' || strength || ' ' || evidence AS entry
            FROM supporter_specialisms JOIN supporters ON supporters.id = supporter_id ORDER BY 1
            """).map { try $0.decode("entry", as: String.self) }
    }

    @Test("imports supporters with specialisms and conflicts; importing again changes nothing; a changed file updates")
    func idempotentUpsert() async throws {
        try await TestDatabase.withDatabase { pool in
            try await addSchools(pool)
            let first = try write("""
                S1,Alpha First School,school,116000,NLE;SLE,primary,2,2024-09-01,2026-08-31,,,,ks2-maths:0.9;phonics:0.75,Strong KS2,116001:shared governor
                L1,Jo Smith,system_leader,,NLG,primary,1,,,,52.1,-2.2,leadership:1,,

                """)
            let summary = try await ImportKind.supporters.run(first, into: pool, policy: .allOrNothing)
            #expect(summary.inserted == 6 && summary.updated == 0 && summary.rejected.isEmpty, "\(summary.description)")
            let again = try await ImportKind.supporters.run(first, into: pool, policy: .allOrNothing)
            #expect(again.inserted == 0 && again.updated == 0 && again.unchanged == 6, "\(again.description)")
            let row = try await pool.query("""
                SELECT CAST(kind AS text) AS kind, designations, phases, capacity, CAST(status AS text) AS status,
                       CAST(available_to AS text) AS available_to FROM supporters WHERE reference = 'S1'
                """)[0]
            #expect(try row.decode("kind", as: String.self) == "school")
            #expect(try row.decode("designations", as: [String].self) == ["NLE", "SLE"])
            #expect(try row.decode("status", as: String.self) == "confirmed")
            #expect(try row.decode("available_to", as: String.self) == "2026-08-31")

            // Capacity changes, phonics is dropped, a conflict is withdrawn.
            let second = try write("""
                S1,Alpha First School,school,116000,NLE;SLE,primary,3,2024-09-01,2026-08-31,,,,ks2-maths:0.9,Strong KS2,
                L1,Jo Smith,system_leader,,NLG,primary,1,,,,52.1,-2.2,leadership:1,,

                """)
            let changed = try await ImportKind.supporters.run(second, into: pool, policy: .allOrNothing)
            #expect(changed.updated == 1 && changed.inserted == 0, "\(changed.description)")
            #expect(try await specialisms(pool) == ["L1 leadership 1 ", "S1 ks2-maths 0.9 Strong KS2"])
            #expect(try await pool.query("SELECT count(*) AS n FROM supporter_conflicts")[0].decode("n", as: Int.self) == 0)
            #expect(try await pool.query("SELECT count(*) AS n FROM supporters")[0].decode("n", as: Int.self) == 2)
        }
    }

    @Test("a bad record aborts the import at file:line: column and writes nothing")
    func allOrNothing() async throws {
        try await TestDatabase.withDatabase { pool in
            try await addSchools(pool)
            let file = try write("""
                S1,Alpha First School,school,116000,,primary,2,,,,,,ks2-maths:0.9,,
                S2,Beta,school,116001,,primary,2,,,,,,ks2-maths:0.9;reading:1,,

                """)
            let error = await #expect(throws: ImportError.self) {
                try await ImportKind.supporters.run(file, into: pool, policy: .allOrNothing)
            }
            #expect(error?.description == "\(file.path):3: Specialisms: unknown area \"reading\"")
            #expect(try await pool.query("SELECT count(*) AS n FROM supporters")[0].decode("n", as: Int.self) == 0)
            let skipped = try await ImportKind.supporters.run(file, into: pool, policy: .skipInvalid)
            #expect(skipped.inserted == 2 && skipped.rejected.count == 1, "\(skipped.description)")
        }
    }
}
