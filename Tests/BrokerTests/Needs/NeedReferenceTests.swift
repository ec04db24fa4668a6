import Broker
import Postgres
import TestSupport
import Testing

/// Needs name an existing school and area (their foreign keys): SQLSTATE 23503 with the
/// constraint's name, and nothing stored.
@Suite("Need references")
struct NeedReferenceTests {
    func insertSchools(_ pool: PostgresPool) async throws {
        try await pool.query("INSERT INTO schools (urn, la_code, name) VALUES (116000, 885, 'Alpha'), (116001, 885, 'Beta')")
    }

    func insertNeeds(_ values: String, _ pool: PostgresPool) async throws {
        // The values are this test's literals.
        try await pool.query(
            PostgresQuery(
                sql: "INSERT INTO needs (urn, area_code, academic_year, severity, source) VALUES \(values)", binds: []))
    }

    @Test("needs for existing schools and areas are stored, many in one statement")
    func validNeeds() async throws {
        try await TestDatabase.withDatabase { pool in
            try await insertSchools(pool)
            try await insertNeeds(
                "(116000, 'ks2-reading', 2025, 3, 'analysis'), (116000, 'ks2-maths', 2025, 2, 'analysis'), "
                    + "(116001, 'ks2-reading', 2025, 4, 'adviser')", pool)
            try await pool.query("UPDATE needs SET severity = 5 WHERE urn = 116000")
            #expect(try await pool.query("SELECT count(*) FROM needs WHERE severity = 5")[0].decode(0, as: Int.self) == 2)
        }
    }

    @Test("a need naming an unknown school or area is refused as a foreign key refuses it, and nothing is stored")
    func unknownReferences() async throws {
        try await TestDatabase.withDatabase { pool in
            try await insertSchools(pool)
            for (values, constraint) in [
                ("(116000, 'ks2-reading', 2025, 3, 'analysis'), (999999, 'ks2-reading', 2025, 3, 'analysis')", "needs_urn_fkey"),
                ("(116000, 'ks2-reading', 2025, 3, 'analysis'), (116001, 'no-such-area', 2025, 3, 'analysis')",
                 "needs_area_code_fkey"),
            ] {
                let error = await #expect(throws: PostgresError.self) { try await insertNeeds(values, pool) }
                #expect(error?.sqlState == "23503")
                #expect(error?.constraint == constraint)
            }
            try await insertNeeds("(116000, 'ks2-reading', 2025, 3, 'analysis')", pool)
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("UPDATE needs SET urn = 999999")
            }
            #expect(error?.constraint == "needs_urn_fkey")
            #expect(try await pool.query("SELECT count(*) FROM needs")[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test("a school or area that a need names can be neither deleted nor re-keyed; others can")
    func referencedRowsStay() async throws {
        try await TestDatabase.withDatabase { pool in
            try await insertSchools(pool)
            try await insertNeeds("(116000, 'ks2-reading', 2025, 3, 'analysis')", pool)
            for statement: PostgresQuery in [
                "DELETE FROM schools WHERE urn = 116000", "UPDATE schools SET urn = 116002 WHERE urn = 116000",
                "DELETE FROM areas WHERE code = 'ks2-reading'", "UPDATE areas SET code = 'reading' WHERE code = 'ks2-reading'",
            ] {
                let error = await #expect(throws: PostgresError.self) { try await pool.query(statement) }
                #expect(error?.sqlState == "23503")
            }
            try await pool.query("UPDATE schools SET name = 'Alpha Primary' WHERE urn = 116000")
            try await pool.query("DELETE FROM schools WHERE urn = 116001")
            #expect(try await pool.query("SELECT count(*) FROM schools")[0].decode(0, as: Int.self) == 1)
        }
    }
}
