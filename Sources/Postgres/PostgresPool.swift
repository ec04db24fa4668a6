import Logging
import ServiceLifecycle
import Synchronization

/// A bounded pool of ``PostgresConnection``s, run as a swift-service-lifecycle `Service`.
///
/// - At most `maximumConnections` exist; a caller waits up to `acquireTimeout` for one, then gets
///   ``PostgresError/Kind/poolExhausted``.
/// - An idle connection is health-checked before reuse (no round trip: it polls the socket for
///   anything the server sent while idle), so a restarted server costs no request; broken
///   connections are replaced.
/// - A connection comes back only idle: one left in a transaction is rolled back, one in an
///   unknown state is closed.
/// - On graceful shutdown, waiters fail, idle connections close, busy ones close on release.
///
/// The state sits behind a mutex rather than in an actor: lending and taking back an idle
/// connection is a few instructions under a lock, with no executor hop on the hot path.
public final class PostgresPool: Service, Sendable {
    public let configuration: PostgresConfiguration
    public let maximumConnections: Int
    public let acquireTimeout: Duration
    public let logger: Logger

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var inUse = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<PostgresConnection, Error>)] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
        var counters = PostgresPoolStatistics()
    }

    /// What `acquire` should do next, decided under the lock and carried out outside it.
    private enum Step {
        case use(PostgresConnection)
        case discard(PostgresConnection)
        case connect
        case wait
    }

    private let state = Mutex(State())

    public init(
        configuration: PostgresConfiguration,
        maximumConnections: Int = 8,
        acquireTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "schoolbroker.postgres.pool")
    ) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever happens.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            await release(connection)
            return value
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs `body` in a transaction on one pooled connection (see
    /// ``PostgresConnection/withTransaction(_:)``).
    @discardableResult
    public func withTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { try await $0.withTransaction(body) }
    }

    /// Counts for metrics: open, in use, idle, waiting, and totals since start.
    public func statistics() -> PostgresPoolStatistics {
        state.withLock { state in
            var snapshot = state.counters
            snapshot.open = state.open
            snapshot.inUse = state.inUse
            snapshot.idle = state.idle.count
            snapshot.waiting = state.waiters.count
            snapshot.maximum = maximumConnections
            return snapshot
        }
    }

    /// Runs until graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Fails every waiter and closes every idle connection; busy ones close when released.
    public func close() async {
        let (waiters, idle) = state.withLock { state in
            guard !state.closed else { return (Array(state.waiters.prefix(0)), [PostgresConnection]()) }
            state.closed = true
            defer {
                state.waiters.removeAll()
                state.idle.removeAll()
            }
            state.open -= state.idle.count
            return (state.waiters, state.idle)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: PostgresError(.poolClosed, message: "pool closed"))
        }
        for connection in idle { await connection.close() }
    }

    // MARK: - Acquire and release

    /// Takes a healthy idle connection, opens a new one under the limit, or waits.
    func acquire() async throws -> PostgresConnection {
        while true {
            let step: Step = try state.withLock { state in
                guard !state.closed else { throw PostgresError(.poolClosed, message: "pool closed") }
                if let connection = state.idle.popLast() {
                    if connection.isHealthy {
                        state.inUse += 1
                        return .use(connection)
                    }
                    state.open -= 1
                    state.counters.discarded += 1
                    return .discard(connection)
                }
                if state.open < maximumConnections {
                    state.open += 1
                    return .connect
                }
                return .wait
            }
            switch step {
            case .use(let connection):
                return connection
            case .discard(let connection):
                logger.info("discarding a broken idle connection")
                await connection.close()
            case .connect:
                return try await connect()
            case .wait:
                return try await waitForConnection()
            }
        }
    }

    /// Opens a connection for a slot already reserved in `open`.
    private func connect() async throws -> PostgresConnection {
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
            state.withLock {
                $0.counters.created += 1
                $0.inUse += 1
            }
            return connection
        } catch {
            state.withLock {
                $0.open -= 1
                $0.counters.connectFailures += 1
            }
            throw error
        }
    }

    private func waitForConnection() async throws -> PostgresConnection {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timeout = acquireTimeout
        let timer = Task { [self] in
            try await Task.sleep(for: timeout)
            failWaiter(id, PostgresError(.poolExhausted, message: "no connection free within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            failWaiter(id, CancellationError())
        }
    }

    private func failWaiter(_ id: UInt64, _ error: Error) {
        let waiter = state.withLock { state -> CheckedContinuation<PostgresConnection, Error>? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            if let poolError = error as? PostgresError, poolError.kind == .poolExhausted {
                state.counters.acquireTimeouts += 1
            }
            return state.waiters.remove(at: index).continuation
        }
        waiter?.resume(throwing: error)
    }

    /// Returns a connection, making sure it is idle first.
    func release(_ connection: PostgresConnection) async {
        var usable = true
        switch connection.transactionStatus {
        case .idle:
            break
        case .inTransaction, .failed:
            do {
                try await connection.simpleQuery("ROLLBACK")
            } catch {
                usable = false
            }
            usable = usable && connection.transactionStatus == .idle
        case .active, .unknown:
            usable = false
        }
        if usable {
            let waiter = state.withLock { state -> CheckedContinuation<PostgresConnection, Error>?? in
                guard !state.closed else { return .none }
                guard !state.waiters.isEmpty else {
                    state.inUse -= 1
                    state.idle.append(connection)
                    return .some(nil)
                }
                return .some(state.waiters.removeFirst().continuation)
            }
            switch waiter {
            case .some(let waiter?):
                waiter.resume(returning: connection)
                return
            case .some(nil):
                return  // parked idle
            case .none:
                break  // the pool is closed
            }
        }
        // Broken, or the pool is closed: close it, and let a waiter open a replacement.
        let waiter = state.withLock { state -> CheckedContinuation<PostgresConnection, Error>? in
            state.inUse -= 1
            state.open -= 1
            state.counters.discarded += usable ? 0 : 1
            guard !state.closed, !state.waiters.isEmpty else { return nil }
            state.open += 1
            return state.waiters.removeFirst().continuation
        }
        await connection.close()
        if let waiter {
            do {
                waiter.resume(returning: try await connect())
            } catch {
                waiter.resume(throwing: error)
            }
        }
    }
}

/// A snapshot of the pool for metrics and health pages.
public struct PostgresPoolStatistics: Sendable, Equatable {
    public var maximum = 0
    public var open = 0
    public var inUse = 0
    public var idle = 0
    public var waiting = 0
    /// Connections opened since the pool started.
    public var created = 0
    /// Connections closed because they broke or came back in an unknown state.
    public var discarded = 0
    /// Attempts to open a connection that failed.
    public var connectFailures = 0
    /// Callers that gave up waiting for a connection.
    public var acquireTimeouts = 0
}
