@testable import Broker
import Postgres
import TestSupport
import Testing

/// The second connection an analysis run reads its measures on: it must see what the run's
/// transaction saw when the reader was opened, whatever commits meanwhile.
@Suite("Snapshot reader")
struct SnapshotReaderTests {
    func areaCount(on connection: PostgresConnection) async throws -> Int {
        try await connection.query("SELECT count(*) FROM areas")[0].decode(0, as: Int.self)
    }

    @Test("the reader sees the transaction's data as of its opening, not what commits after")
    func readerSharesTheSnapshot() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.withTransaction { connection in
                let before = try await areaCount(on: connection)
                let seen = try await SnapshotReader.withReader(beside: connection, configuration: pool.configuration) {
                    reader in
                    // Committed by another connection after the reader opened.
                    try await pool.query("INSERT INTO areas (code, title) VALUES ('snapshot-test', 'Snapshot test')")
                    return try await areaCount(on: reader)
                }
                #expect(seen == before)
                // The transaction's next statement (read committed) does see the commit.
                #expect(try await areaCount(on: connection) == before + 1)
            }
        }
    }

    @Test("the reader's transaction is read-only, and an error in it reaches the caller")
    func readerIsReadOnly() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.withTransaction { connection in
                await #expect(throws: PostgresError.self) {
                    try await SnapshotReader.withReader(beside: connection, configuration: pool.configuration) {
                        try await $0.query("INSERT INTO areas (code, title) VALUES ('read-only', 'Read only')")
                    }
                }
            }
            #expect(try await pool.query("SELECT count(*) FROM areas WHERE code = 'read-only'")[0].decode(0, as: Int.self) == 0)
        }
    }
}
