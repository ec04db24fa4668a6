import Foundation
import Postgres
import TestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    static let first = Migration(version: 1, name: "supporters", sql: "CREATE TABLE supporters (id int PRIMARY KEY);")
    static let second = Migration(
        version: 2, name: "capacity",
        sql: "ALTER TABLE supporters ADD COLUMN capacity int NOT NULL DEFAULT 1; INSERT INTO supporters VALUES (1, 2);")

    /// A fresh empty database (not the application schema) for migrating by hand.
    func withEmptySchema(_ body: (PostgresPool) async throws -> Void) async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query("DROP SCHEMA public CASCADE")
            try await pool.query("CREATE SCHEMA public")
            try await body(pool)
        }
    }

    @Test("migrations apply in order, once; applying again is a no-op")
    func applyTwice() async throws {
        try await withEmptySchema { pool in
            let migrator = Migrator(migrations: [Self.second, Self.first].sorted { $0.version < $1.version })
            let applied = try await pool.withConnection { try await migrator.migrate(on: $0) }
            #expect(applied.map(\.version) == [1, 2])
            let again = try await pool.withConnection { try await migrator.migrate(on: $0) }
            #expect(again.isEmpty)
            #expect(try await pool.query("SELECT count(*) AS n FROM supporters")[0].decode("n", as: Int.self) == 1)
            let status = try await pool.withConnection { try await migrator.status(on: $0) }
            #expect(status.map(\.isApplied) == [true, true])
        }
    }

    @Test("an edited applied migration is refused with a clear message")
    func checksumMismatch() async throws {
        try await withEmptySchema { pool in
            try await pool.withConnection { try await Migrator(migrations: [Self.first]).migrate(on: $0) }
            var edited = Self.first
            edited.sql = "CREATE TABLE supporters (id bigint PRIMARY KEY);"
            let error = await #expect(throws: MigrationError.self) {
                try await pool.withConnection { try await Migrator(migrations: [edited, Self.second]).migrate(on: $0) }
            }
            #expect(error?.description.contains("migration 1 (supporters) was edited after it was applied") == true)
            // Nothing after the refusal ran.
            #expect(
                try await pool.query("SELECT count(*) AS n FROM schema_migrations")[0].decode("n", as: Int.self) == 1)
        }
    }

    @Test("a failing migration leaves no trace and stops the run")
    func failingMigration() async throws {
        try await withEmptySchema { pool in
            let broken = Migration(
                version: 2, name: "broken", sql: "CREATE TABLE half (id int); SELECT * FROM nowhere;")
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { try await Migrator(migrations: [Self.first, broken]).migrate(on: $0) }
            }
            let tables = try await pool.query(
                "SELECT to_regclass('half') IS NULL AS gone, (SELECT count(*) FROM schema_migrations) AS n")[0]
            #expect(try tables.decode("gone", as: Bool.self))
            #expect(try tables.decode("n", as: Int.self) == 1)
        }
    }

    @Test("two migrators at once are safe: each migration applies exactly once")
    func concurrentMigrators() async throws {
        try await withEmptySchema { pool in
            let slow = Migration(version: 3, name: "slow", sql: "SELECT pg_sleep(0.5); CREATE TABLE slow (id int);")
            let migrator = Migrator(migrations: [Self.first, Self.second, slow])
            let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await pool.withConnection { try await migrator.migrate(on: $0).count } }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(applied.sorted() == [0, 0, 3])
        }
    }

    @Test("a database newer than the code is refused")
    func unknownVersion() async throws {
        try await withEmptySchema { pool in
            try await pool.withConnection { try await Migrator(migrations: [Self.first, Self.second]).migrate(on: $0) }
            let error = await #expect(throws: MigrationError.self) {
                try await pool.withConnection { try await Migrator(migrations: [Self.first]).migrate(on: $0) }
            }
            #expect(error == .unknownAppliedVersion(2))
        }
    }

    @Test("migration files load by number and reject bad names")
    func loading() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "SELECT 2;".write(to: directory.appendingPathComponent("0010_later.sql"), atomically: true, encoding: .utf8)
        try "SELECT 1;".write(to: directory.appendingPathComponent("0002_early.sql"), atomically: true, encoding: .utf8)
        try "notes".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let loaded = try Migration.load(from: directory)
        #expect(loaded.map(\.version) == [2, 10])
        #expect(loaded.map(\.name) == ["early", "later"])
        try "SELECT 3;".write(to: directory.appendingPathComponent("third.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("third.sql")) { try Migration.load(from: directory) }
    }
}
