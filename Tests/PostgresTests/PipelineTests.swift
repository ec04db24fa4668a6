import Postgres
import TestSupport
import Testing

@Suite("Pipelined statements")
struct PipelineTests {
    @Test("statements sent together come back in order, each with its own rows and parameters")
    func resultsInOrder() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            try await pool.query("CREATE TABLE pipeline_schools (urn int PRIMARY KEY, name text)")
            try await pool.query("INSERT INTO pipeline_schools VALUES (\(100001), \("Abbey Primary")), (\(100002), \("Brook Academy"))")
            let results = try await pool.withConnection { connection in
                try await connection.pipeline([
                    "SELECT name FROM pipeline_schools WHERE urn = \(100002)",
                    "SELECT urn FROM pipeline_schools ORDER BY urn",
                    "SELECT name FROM pipeline_schools WHERE urn = \(999999)",
                    "SELECT \("Café") || \(" ☕") AS greeting",
                ])
            }
            #expect(results.count == 4)
            #expect(try results[0].map { try $0.decode("name", as: String.self) } == ["Brook Academy"])
            #expect(try results[1].map { try $0.decode("urn", as: Int.self) } == [100001, 100002])
            #expect(results[2].isEmpty)
            #expect(try results[3][0].decode("greeting", as: String.self) == "Café ☕")
        }
    }

    @Test("a failing statement is thrown, undoes the writes before it, and leaves the connection usable")
    func failureUndoesAndRecovers() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            try await pool.query("CREATE TABLE pipeline_notes (id int PRIMARY KEY)")
            try await pool.withConnection { connection in
                let error = await #expect(throws: PostgresError.self) {
                    try await connection.pipeline([
                        "INSERT INTO pipeline_notes VALUES (\(1))",
                        "INSERT INTO pipeline_notes VALUES (\(1))",  // duplicate key
                        "INSERT INTO pipeline_notes VALUES (\(2))",
                    ])
                }
                #expect(error?.sqlState == "23505")
                #expect(connection.transactionStatus == .idle)
                // The same connection goes on, in and out of pipelines.
                #expect(try await connection.query("SELECT count(*) AS n FROM pipeline_notes")[0].decode("n", as: Int.self) == 0)
                let again = try await connection.pipeline(["SELECT \(7)::int8 AS n", "SELECT \(8)::int8 AS n"])
                #expect(try again.map { try $0[0].decode("n", as: Int.self) } == [7, 8])
            }
        }
    }

    @Test("inside a transaction the pipeline's writes commit or roll back with it")
    func insideTransaction() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            try await pool.query("CREATE TABLE pipeline_levels (urn int PRIMARY KEY, level text)")
            try await pool.withTransaction { connection in
                _ = try await connection.pipeline([
                    "INSERT INTO pipeline_levels VALUES (\(100001), \("focus"))",
                    "UPDATE pipeline_levels SET level = \("intensive") WHERE urn = \(100001)",
                ])
                #expect(connection.transactionStatus == .inTransaction)
            }
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    _ = try await connection.pipeline(["INSERT INTO pipeline_levels VALUES (\(100002), \("secure"))"])
                    try await connection.query("SELECT 1/0")
                }
            }
            let rows = try await pool.query("SELECT urn, level FROM pipeline_levels")
            #expect(rows.count == 1)
            #expect(try rows[0].decode("level", as: String.self) == "intensive")
        }
    }

    @Test("pipelined statements use and fill the prepared-statement cache, and work with it off")
    func statementCache() async throws {
        let server = try await TestDatabase.serverConfiguration()
        for capacity in [0, 2, 100] {
            var configuration = server
            configuration.statementCacheCapacity = capacity
            let connection = try await PostgresConnection.connect(configuration: configuration)
            for round in 0..<3 {
                let queries: [PostgresQuery] = (0..<4).map { offset in
                    PostgresQuery(sql: "SELECT $1::int8 * \(offset + 1) AS n", binds: [round.postgresBind])
                }
                let results = try await connection.pipeline(queries)
                #expect(try results.map { try $0[0].decode("n", as: Int.self) } == (1...4).map { round * $0 })
            }
            let prepared = try await connection.query("SELECT count(*) AS n FROM pg_prepared_statements")[0]
            #expect(try prepared.decode("n", as: Int.self) <= capacity + 1)
            await connection.close()
        }
    }

    @Test("a cached SELECT * in a pipeline survives its table gaining a column")
    func tableChangesShape() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            try await pool.query("CREATE TABLE pipeline_probe (urn int)")
            try await pool.query("INSERT INTO pipeline_probe VALUES (\(100001))")
            let read: @Sendable (PostgresConnection) async throws -> [PostgresRows] = {
                try await $0.pipeline(["SELECT * FROM pipeline_probe", "SELECT \(1)::int8 AS one"])
            }
            _ = try await pool.withConnection(read)
            try await pool.query("ALTER TABLE pipeline_probe ADD COLUMN name text DEFAULT 'Abbey Primary'")
            let results = try await pool.withConnection(read)
            #expect(try results[0][0].decode("name", as: String.self) == "Abbey Primary")
        }
    }
}
