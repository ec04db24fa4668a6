import Broker
import Postgres
import TestSupport
import Testing

/// Keyed runs (analysis and match runs commit in transactions of their own): the key's answer
/// commits with the run, so a retry never runs twice.
@Suite("Idempotency-Key on runs")
struct IdempotentRunTests {
    /// A stand-in run: stores one row in its own transaction and records its answer there.
    static func run(
        _ pool: PostgresPool, label: String, failAfterRecording: Bool = false,
        record: @escaping IdempotencyStore.Recorder<Int>
    ) async throws -> Int {
        try await pool.withTransaction { connection in
            let id = try await connection.query("INSERT INTO probe_runs (label) VALUES (\(label)) RETURNING id")[0]
                .decode("id", as: Int.self)
            // Let a concurrent request with the same key get as far as its own run.
            try await connection.query("SELECT pg_sleep(0.2)")
            try await record(connection, id)
            if failAfterRecording { throw CancellationError() }
            return id
        }
    }

    @Test("concurrent requests with one key store one run; the later one replays the first's answer")
    func concurrentRequests() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query("CREATE TABLE probe_runs (id serial PRIMARY KEY, label text)")
            let user = try await UserStore.create(.init(name: "Adviser", email: "a@example.org", role: .admin), in: pool)
            let outcomes = try await withThrowingTaskGroup(of: IdempotencyStore.Outcome<Int>.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await IdempotencyStore.performRun(
                            key: "run-2025", user: user, fingerprint: "POST /runs {}", status: 201, in: pool
                        ) { record in try await Self.run(pool, label: "keyed", record: record) }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let stored = try await pool.query("SELECT id FROM probe_runs").map { try $0.decode("id", as: Int.self) }
            #expect(stored.count == 1)
            #expect(outcomes.allSatisfy { $0.response == stored.first })
            #expect(outcomes.filter { !$0.replayed }.count == 1)

            let retry = try await IdempotencyStore.performRun(
                key: "run-2025", user: user, fingerprint: "POST /runs {}", status: 201, in: pool
            ) { record in try await Self.run(pool, label: "again", record: record) }
            #expect(retry.replayed && retry.response == stored.first)
            await #expect(throws: Conflict.self) {
                try await IdempotencyStore.performRun(
                    key: "run-2025", user: user, fingerprint: "POST /runs {\"dryRun\":true}", status: 201, in: pool
                ) { record in try await Self.run(pool, label: "other", record: record) }
            }
        }
    }

    @Test("a run that fails after recording stores neither the run nor the answer; the retry runs")
    func failedRun() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query("CREATE TABLE probe_runs (id serial PRIMARY KEY, label text)")
            let user = try await UserStore.create(.init(name: "Adviser", email: "a@example.org", role: .admin), in: pool)
            await #expect(throws: CancellationError.self) {
                try await IdempotencyStore.performRun(
                    key: "run-2026", user: user, fingerprint: "POST /runs {}", status: 201, in: pool
                ) { record in try await Self.run(pool, label: "failed", failAfterRecording: true, record: record) }
            }
            #expect(try await pool.query("SELECT 1 FROM probe_runs UNION ALL SELECT 1 FROM idempotency_keys").isEmpty)
            let retry = try await IdempotencyStore.performRun(
                key: "run-2026", user: user, fingerprint: "POST /runs {}", status: 201, in: pool
            ) { record in try await Self.run(pool, label: "retried", record: record) }
            #expect(!retry.replayed)
            let labels = try await pool.query("SELECT label FROM probe_runs").map { try $0.decode("label", as: String.self) }
            #expect(labels == ["retried"])
        }
    }
}
