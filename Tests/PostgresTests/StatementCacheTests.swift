import Postgres
import TestSupport
import Testing

@Suite("Prepared-statement cache")
struct StatementCacheTests {
    @Test("more distinct statements than the cache holds all run correctly, again and again")
    func eviction() async throws {
        let server = try await TestDatabase.serverConfiguration()
        var configuration = server
        configuration.statementCacheCapacity = 2
        let connection = try await PostgresConnection.connect(configuration: configuration)
        for round in 0..<3 {
            for offset in 0..<5 {
                let sql = "SELECT $1::int8 + \(offset) AS n"  // five distinct statement texts
                let rows = try await connection.query(PostgresQuery(sql: sql, binds: [round.postgresBind]))
                #expect(try rows[0].decode("n", as: Int.self) == round + offset)
            }
        }
        // Only two statements stay prepared on the server.
        let prepared = try await connection.query("SELECT count(*) AS n FROM pg_prepared_statements")
        #expect(try prepared[0].decode("n", as: Int.self) <= 3)
        await connection.close()
    }

    @Test("a statement that fails to prepare is not cached, and a fixed schema then works")
    func failedPreparation() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            await #expect(throws: PostgresError.self) { try await pool.query("SELECT note FROM later") }
            try await pool.query("CREATE TABLE later (note text)")
            try await pool.query("INSERT INTO later VALUES (\("now it exists"))")
            #expect(
                try await pool.query("SELECT note FROM later")[0].decode("note", as: String.self) == "now it exists")
        }
    }

    @Test("a cached SELECT * survives its table gaining a column")
    func tableChangesShape() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            try await pool.query("CREATE TABLE cache_probe (urn int)")
            try await pool.query("INSERT INTO cache_probe VALUES (\(100001))")
            #expect(try await pool.query("SELECT * FROM cache_probe")[0].decode("urn", as: Int.self) == 100001)
            try await pool.query("ALTER TABLE cache_probe ADD COLUMN name text DEFAULT 'Abbey Primary'")
            let row = try await pool.query("SELECT * FROM cache_probe")[0]
            #expect(try row.decode("name", as: String.self) == "Abbey Primary")
        }
    }

    @Test("with the cache off, statements still run (for poolers without prepared statements)")
    func cacheOff() async throws {
        var configuration = try await TestDatabase.serverConfiguration()
        configuration.statementCacheCapacity = 0
        let connection = try await PostgresConnection.connect(configuration: configuration)
        #expect(try await connection.query("SELECT \(41)::int8 + 1 AS n")[0].decode("n", as: Int.self) == 42)
        let prepared = try await connection.query("SELECT count(*) AS n FROM pg_prepared_statements")
        #expect(try prepared[0].decode("n", as: Int.self) == 0)
        await connection.close()
    }
}
