import Broker
import Postgres
import TestSupport
import Testing

@Suite("Application schema")
struct SchemaTests {
    @Test("the shipped migrations load in order from the module's resources")
    func migrationsLoad() throws {
        let migrations = try SchoolBrokerSchema.migrations()
        #expect(!migrations.isEmpty)
        #expect(migrations.map(\.version) == migrations.map(\.version).sorted())
        #expect(migrations.first?.name == "areas")
    }

    @Test("the migrated schema seeds the areas for improvement of DESIGN.md")
    func areasSeeded() async throws {
        try await TestDatabase.withDatabase { pool in
            let codes = try await pool.query("SELECT code FROM areas ORDER BY code").map { try $0.decode("code", as: String.self) }
            #expect(Set(codes) == [
                "ks2-reading", "ks2-writing", "ks2-maths", "phonics", "early-years", "ks4-english", "ks4-maths",
                "ks4-science", "post-16", "disadvantaged", "send-inclusion", "attendance-behaviour",
                "curriculum-teaching", "assessment", "leadership", "governance", "personal-development", "safeguarding",
            ])
            let reading = try await pool.query("SELECT measures FROM areas WHERE code = \("ks2-reading")")[0]
            #expect(try reading.decode("measures", as: [String].self).contains("PTREAD_EXP"))
            // Area codes are constrained to the kebab-case key form.
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("INSERT INTO areas (code, title) VALUES (\("Bad Code"), \("x"))")
            }
            #expect(error?.sqlState == "23514")
        }
    }
}
