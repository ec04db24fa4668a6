import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Errors and transactions")
struct ErrorAndTransactionTests {
    @Test("a unique violation carries SQLSTATE 23505, the constraint and a generic description")
    func uniqueViolation() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query(
                "CREATE TABLE scratch_supporters (id int PRIMARY KEY, email text CONSTRAINT scratch_supporters_email_key UNIQUE)")
            try await pool.query("INSERT INTO scratch_supporters VALUES (1, \("head@example.org"))")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("INSERT INTO scratch_supporters VALUES (2, \("head@example.org"))")
            }
            #expect(error?.sqlState == "23505")
            #expect(error?.isUniqueViolation == true)
            #expect(error?.constraint == "scratch_supporters_email_key")
            #expect(error?.table == "scratch_supporters")
            #expect(error?.detail?.contains("head@example.org") == true)
            // Safe to show a client: no SQL, no values, no table names.
            #expect(error?.description == "database error (SQLSTATE 23505)")
        }
    }

    @Test("a syntax error keeps SQL out of the description")
    func syntaxError() async throws {
        try await TestDatabase.withDatabase { pool in
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELEC secret_column FROM t") }
            #expect(error?.sqlState == "42601")
            #expect(error?.description.contains("secret_column") == false)
        }
    }

    @Test("a throwing transaction leaves nothing behind")
    func rollbackOnThrow() async throws {
        struct Abandon: Error {}
        try await TestDatabase.withDatabase { pool in
            try await pool.query("CREATE TABLE scratch_partnerships (id int PRIMARY KEY)")
            await #expect(throws: Abandon.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO scratch_partnerships VALUES (\(1))")
                    try await connection.query("INSERT INTO scratch_partnerships VALUES (\(2))")
                    throw Abandon()
                }
            }
            let count = try await pool.query("SELECT count(*) AS n FROM scratch_partnerships")[0].decode("n", as: Int.self)
            #expect(count == 0)
            try await pool.withTransaction { connection in
                try await connection.query("INSERT INTO scratch_partnerships VALUES (\(3))")
            }
            #expect(try await pool.query("SELECT count(*) AS n FROM scratch_partnerships")[0].decode("n", as: Int.self) == 1)
        }
    }

    @Test("a swallowed error inside a transaction makes the commit fail rather than silently roll back")
    func abortedTransaction() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query("CREATE TABLE t (id int PRIMARY KEY)")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO t VALUES (\(1))")
                    _ = try? await connection.query("INSERT INTO t VALUES (\(1))")
                }
            }
            #expect(error?.sqlState == "25P02")
            #expect(try await pool.query("SELECT count(*) AS n FROM t")[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test("a connection released mid-transaction is rolled back before reuse")
    func releaseInTransaction() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            try await pool.query("CREATE TABLE t (id int)")
            try await pool.withConnection { connection in
                try await connection.simpleQuery("BEGIN")
                try await connection.query("INSERT INTO t VALUES (\(1))")
            }
            // The single connection is back, idle, and the insert did not commit.
            let row = try await pool.query("SELECT count(*) AS n FROM t")[0]
            #expect(try row.decode("n", as: Int.self) == 0)
            #expect(pool.statistics().idle == 1)
        }
    }
}
