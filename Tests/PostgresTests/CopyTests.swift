import Foundation
import Postgres
import TestSupport
import Testing

@Suite("COPY FROM STDIN")
struct CopyTests {
    @Test("200,000 rows stream in, with awkward text intact")
    func bulkLoad() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query("CREATE TABLE staging (urn int, name text, note text)")
            let copied = try await pool.withConnection { connection in
                try await connection.copyFrom("COPY staging (urn, name, note) FROM STDIN") { writer in
                    for urn in 0..<200_000 {
                        try await writer.append([
                            String(urn), "School \(urn)", urn % 1000 == 0 ? nil : "tab\there \\ new\nline",
                        ])
                    }
                }
            }
            #expect(copied == 200_000)
            let row = try await pool.query(
                """
                SELECT count(*) AS n, count(note) AS notes, sum(urn) AS total,
                       (SELECT note FROM staging WHERE urn = 1) AS sample
                FROM staging
                """)[0]
            #expect(try row.decode("n", as: Int.self) == 200_000)
            #expect(try row.decode("notes", as: Int.self) == 199_800)
            #expect(try row.decode("total", as: Int.self) == (0..<200_000).reduce(0, +))
            #expect(try row.decode("sample", as: String.self) == "tab\there \\ new\nline")
        }
    }

    @Test("every placement of the characters COPY escapes reads back intact, in short fields and long ones")
    func escapes() async throws {
        let alphabet = ["a", "\\", "\t", "\n", "\r", "é"]
        var fields = [""]
        for _ in 0..<3 { fields += fields.flatMap { field in alphabet.map { field + $0 } } }
        fields = Array(Set(fields)).sorted()
        let run = String(repeating: "x", count: 10_000)
        fields += ["\\" + run + "\r\n", run + "\t" + run, "\n\n" + run]
        try await TestDatabase.withDatabase { pool in
            try await pool.query("CREATE TABLE staging (position int, text text)")
            try await pool.withConnection { connection in
                try await connection.copyFrom("COPY staging (position, text) FROM STDIN") { writer in
                    for (position, field) in fields.enumerated() { try await writer.append([String(position), field]) }
                }
            }
            let stored = try await pool.query("SELECT text FROM staging ORDER BY position").map {
                try $0.decode("text", as: String.self)
            }
            #expect(stored == fields)
        }
    }

    @Test("a COPY whose producer throws loads nothing and leaves the connection usable")
    func abortedCopy() async throws {
        struct BadRow: Error {}
        try await TestDatabase.withDatabase(maximumConnections: 1) { pool in
            try await pool.query("CREATE TABLE staging (urn int)")
            await #expect(throws: BadRow.self) {
                try await pool.withConnection { connection in
                    try await connection.copyFrom("COPY staging (urn) FROM STDIN", chunkSize: 64) { writer in
                        for urn in 0..<1000 { try await writer.append([String(urn)]) }
                        throw BadRow()
                    }
                }
            }
            #expect(try await pool.query("SELECT count(*) AS n FROM staging")[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test("a row the server rejects aborts the COPY with the server's error")
    func rejectedRow() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query("CREATE TABLE staging (urn int NOT NULL)")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withConnection { connection in
                    try await connection.copyFrom("COPY staging (urn) FROM STDIN") { writer in
                        try await writer.append(["100000"])
                        try await writer.append(["not a number"])
                    }
                }
            }
            #expect(error?.sqlState == "22P02")
            #expect(try await pool.query("SELECT count(*) AS n FROM staging")[0].decode("n", as: Int.self) == 0)
        }
    }
}
