import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Bound parameters and types")
struct ParameterTests {
    @Test(
        "hostile and unusual strings round-trip unchanged",
        arguments: [
            "O'Brien's \"quoted\" school", "'; DROP TABLE schema_migrations; --", "Ysgol Gymraeg Caerdydd — ñ ü 🏫 中文",
            "", "back\\slash\ttab\nnewline", "$1 is not a placeholder",
        ])
    func stringRoundTrip(_ value: String) async throws {
        try await TestDatabase.withDatabase { pool in
            let row = try await pool.query("SELECT \(value)::text AS value, length(\(value)::text) AS length")[0]
            #expect(try row.decode("value", as: String.self) == value)
            #expect(try row.decode("length", as: Int.self) == value.count)
            // The schema survived the DROP TABLE attempt.
            let tables = try await pool.query("SELECT count(*) AS n FROM schema_migrations")
            #expect(try tables[0].decode("n", as: Int.self) >= 1)
        }
    }

    @Test("NULL binds and decodes as nil")
    func nullRoundTrip() async throws {
        try await TestDatabase.withDatabase { pool in
            let missing: String? = nil
            let row = try await pool.query("SELECT \(missing)::text AS value, \(missing)::text IS NULL AS is_null")[0]
            #expect(try row.decode("value", as: String?.self) == nil)
            #expect(try row.decode("is_null", as: Bool.self))
            #expect(row.isNull("value"))
        }
    }

    @Test("a text parameter holding NUL is refused, not truncated")
    func nulByte() async throws {
        try await TestDatabase.withDatabase { pool in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT \("before\0after")::text")
            }
            #expect(error?.sqlState == "22021")
        }
    }

    struct Profile: Codable, Equatable, Sendable {
        var name: String
        var areas: [String]
        var severity: Int
    }

    @Test("every supported type round-trips")
    func typeRoundTrip() async throws {
        try await TestDatabase.withDatabase { pool in
            let date = Date(timeIntervalSince1970: 1_756_713_600.123456)  // 2025-09-01 08:00:00.123456Z
            let uuid = UUID()
            let bytes = Data([0, 1, 2, 0xfe, 0xff, 0x27, 0x5c])
            let profile = Profile(name: "St Mary's", areas: ["ks2-reading", "phonics"], severity: 4)
            let words = ["plain", "with space", "comma,inside", "quote\"inside", "back\\slash", "NULL", "", "{brace}"]
            let row = try await pool.query(
                """
                SELECT \(Int.max)::int8 AS int, \(Int32.min)::int4 AS int32, \(Int64(-42))::int8 AS int64,
                       \(0.1 + 0.2)::float8 AS double, \(Double.infinity)::float8 AS infinity,
                       \(true)::bool AS yes, \(false)::bool AS no,
                       \(date)::timestamptz AS at, \(uuid)::uuid AS id, \(bytes)::bytea AS bytes,
                       \(PostgresJSON(profile))::jsonb AS profile, \(words)::text[] AS words,
                       \([Int32(1), -2, 3])::int4[] AS small, \([Int]())::int8[] AS empty,
                       DATE '2025-08-31' AS day
                """)[0]
            #expect(try row.decode("int", as: Int.self) == Int.max)
            #expect(try row.decode("int32", as: Int32.self) == Int32.min)
            #expect(try row.decode("int64", as: Int64.self) == -42)
            #expect(try row.decode("double", as: Double.self) == 0.1 + 0.2)
            #expect(try row.decode("infinity", as: Double.self) == .infinity)
            #expect(try row.decode("yes", as: Bool.self) == true)
            #expect(try row.decode("no", as: Bool.self) == false)
            #expect(try row.decode("at", as: Date.self) == date)
            #expect(try row.decode("id", as: UUID.self) == uuid)
            #expect(try row.decode("bytes", as: Data.self) == bytes)
            #expect(try row.decode("profile", as: PostgresJSON<Profile>.self).value == profile)
            #expect(try row.decode("words", as: [String].self) == words)
            #expect(try row.decode("small", as: [Int32].self) == [1, -2, 3])
            #expect(try row.decode("empty", as: [Int].self) == [])
            #expect(try row.decode("day", as: Date.self) == Date(timeIntervalSince1970: 1_756_598_400))
        }
    }

    @Test("dates before 1970 and timestamps with offsets decode to the same instant")
    func timestampEdges() async throws {
        try await TestDatabase.withDatabase { pool in
            let old = Date(timeIntervalSince1970: -1_234_567_890.5)
            let row = try await pool.query(
                """
                SELECT \(old)::timestamptz AS old,
                       '2025-09-01 09:30:00+05:30'::timestamptz::text AS offset_text
                """)[0]
            #expect(try row.decode("old", as: Date.self) == old)
            #expect(try row.decode("offset_text", as: Date.self) == Date(timeIntervalSince1970: 1_756_699_200))
        }
    }

    @Test("decoding errors name the column and the type")
    func decodingErrors() async throws {
        try await TestDatabase.withDatabase { pool in
            let row = try await pool.query("SELECT 'abc'::text AS urn, NULL::int AS pupils")[0]
            let notANumber = #expect(throws: PostgresDecodingError.self) { try row.decode("urn", as: Int.self) }
            #expect(notANumber?.column == "urn")
            #expect(notANumber?.type == "Int")
            #expect(notANumber?.description.contains("'abc'") == true)
            let null = #expect(throws: PostgresDecodingError.self) { try row.decode("pupils", as: Int.self) }
            #expect(null?.column == "pupils")
            #expect(null?.reason == "value is NULL")
            let missing = #expect(throws: PostgresDecodingError.self) { try row.decode("nope", as: Int.self) }
            #expect(missing?.reason == "no such column in the result")
        }
    }
}
