import Foundation
import Postgres
import PostgresServer
import Synchronization
import TestSupport
import Testing

@Suite("Connection pool")
struct PoolTests {
    @Test("500 concurrent tasks over a pool of 8 all finish")
    func manyTasksFewConnections() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 8) { pool in
            let sum = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<500 {
                    group.addTask { try await pool.query("SELECT \(task)::int8 + 1 AS n")[0].decode("n", as: Int.self) }
                }
                return try await group.reduce(0, +)
            }
            #expect(sum == (1...500).reduce(0, +))
            let statistics = pool.statistics()
            #expect(statistics.created <= 8)
            #expect(statistics.inUse == 0)
            #expect(statistics.waiting == 0)
        }
    }

    @Test("blocking queries never starve other tasks", .timeLimit(.minutes(1)))
    func otherTasksKeepRunning() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 6) { pool in
            // A connection outside the pool holds a lock that six pooled statements then wait
            // for inside the server: more blocked statements than this machine has cores, so if
            // libpq blocked cooperative threads nothing else could run meanwhile. The lock, not a
            // timer, decides how long they block, so a slow machine cannot end them early.
            let holder = try await PostgresConnection.connect(configuration: pool.configuration)
            try await holder.query("SELECT pg_advisory_lock(4242)")
            let waiters = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<6 {
                        group.addTask { try await pool.query("SELECT pg_advisory_lock_shared(4242)") }
                    }
                    try await group.waitForAll()
                }
            }
            let blocked = try await waitForLockWaiters(6, on: holder)
            #expect(blocked == 6)
            #expect(pool.statistics().inUse == 6)
            // An unrelated task ticks every 10 ms while all six stay blocked. It must reach 20
            // ticks: within a fifth of a second on an idle machine, within seconds on a loaded
            // one, never if the blocked statements held the cooperative threads.
            let ticks = Atomic<Int>(0)
            let ticker = Task {
                while !Task.isCancelled {
                    ticks.add(1, ordering: .relaxed)
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            let deadline = ContinuousClock.now + .seconds(20)
            while ticks.load(ordering: .relaxed) < 20, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            ticker.cancel()
            #expect(ticks.load(ordering: .relaxed) >= 20)
            #expect(try await waitForLockWaiters(6, on: holder) == 6, "the six statements are still blocked")
            #expect(pool.statistics().inUse == 6)
            try await holder.query("SELECT pg_advisory_unlock(4242)")
            try await waiters.value
            await holder.close()
        }
    }

    /// Polls `pg_locks` until `count` sessions wait for the test's advisory lock (at most 30 s,
    /// for a heavily loaded machine), and returns how many wait.
    private func waitForLockWaiters(_ count: Int, on connection: PostgresConnection) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            // Only this test's lock in this test's database: other tests take advisory locks too.
            let waiting = try await connection.query("""
                SELECT count(*)::int8 AS n FROM pg_locks
                WHERE locktype = 'advisory' AND objid = 4242 AND objsubid = 1 AND NOT granted
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """)[0].decode("n", as: Int.self)
            if waiting >= count || ContinuousClock.now > deadline { return waiting }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("an exhausted pool fails a waiter with a clear error after its acquire timeout")
    func acquireTimeout() async throws {
        try await TestDatabase.withDatabase(maximumConnections: 1, acquireTimeout: .milliseconds(300)) { pool in
            async let holder: Void = pool.withConnection { connection in
                // Long enough that, even on a loaded machine, a waiter failing before it ends failed
                // by its own timeout, not by waiting for this connection.
                try await connection.query("SELECT pg_sleep(5)")
            }
            // Until the holder has its connection, a waiter could take the free slot instead.
            while pool.statistics().inUse < 1 { try await Task.sleep(for: .milliseconds(10)) }
            let started = ContinuousClock.now
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error?.kind == .poolExhausted)
            #expect(ContinuousClock.now - started < .seconds(4))
            try await holder
            #expect(pool.statistics().acquireTimeouts == 1)
            // The pool still works once the connection is back.
            #expect(try await pool.query("SELECT 2 AS n")[0].decode("n", as: Int.self) == 2)
        }
    }

    @Test("cancelling a task stops pg_sleep(30) long before it would end")
    func cancellation() async throws {
        try await TestDatabase.withDatabase { pool in
            let sleeper = Task { try await pool.query("SELECT pg_sleep(30)") }
            // Cancel once the statement is in the server, however slowly the connection came up.
            while pool.statistics().inUse < 1 { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(300))
            let cancelled = ContinuousClock.now
            sleeper.cancel()
            let result = await sleeper.result
            // The cancel request opens a connection of its own; on a loaded machine that took 4 s.
            #expect(ContinuousClock.now - cancelled < .seconds(10))
            #expect(throws: CancellationError.self) { try result.get() }
            // The connection is reusable afterwards.
            #expect(try await pool.query("SELECT 7 AS n")[0].decode("n", as: Int.self) == 7)
        }
    }

    @Test("the pool recovers after the server restarts, losing no request once it is back")
    func serverRestart() async throws {
        let cluster = try TestDatabase.startCluster()
        let pool = PostgresPool(configuration: cluster.configuration(), maximumConnections: 4)
        // Warm all four connections.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await pool.query("SELECT pg_sleep(0.1)") } }
            try await group.waitForAll()
        }
        #expect(pool.statistics().idle == 4)
        try cluster.restart()
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<50 {
                group.addTask { try await pool.query("SELECT \(task)::int8 AS n")[0].decode("n", as: Int.self) }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(answers.sorted() == Array(0..<50))
        #expect(pool.statistics().discarded >= 4)
        await pool.close()
        try cluster.stop()
    }

    @Test("requests while the server is down fail with a connection error, then succeed once it is back")
    func serverDown() async throws {
        let cluster = try TestDatabase.startCluster()
        let pool = PostgresPool(configuration: cluster.configuration(), maximumConnections: 2)
        try await pool.query("SELECT 1")
        try cluster.stop()
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.kind == .connection)
        #expect(error?.description == "database connection failed")
        try cluster.start()
        #expect(try await pool.query("SELECT 3 AS n")[0].decode("n", as: Int.self) == 3)
        await pool.close()
        try cluster.stop()
    }

    @Test("after shutdown the pool refuses work")
    func closedPool() async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query("SELECT 1")
            await pool.close()
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error?.kind == .poolClosed)
        }
    }
}
