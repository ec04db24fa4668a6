import Logging
import ServiceLifecycle

/// A bounded pool of ``PostgresConnection``s, run as a swift-service-lifecycle `Service`.
///
/// - At most `maximumConnections` exist; a caller waits up to `acquireTimeout` for one, then gets
///   ``PostgresError/Kind/poolExhausted``.
/// - An idle connection is health-checked before reuse (no round trip: it reads what the server
///   sent while idle), so a restarted server costs no request; broken connections are replaced.
/// - A connection comes back only idle: one left in a transaction is rolled back, one in an
///   unknown state is closed.
/// - On graceful shutdown, waiters fail, idle connections close, busy ones close on release.
public actor PostgresPool: Service {
    public let configuration: PostgresConfiguration
    public let maximumConnections: Int
    public let acquireTimeout: Duration
    nonisolated public let logger: Logger

    private var idle: [PostgresConnection] = []
    private var open = 0
    private var inUse = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<PostgresConnection, Error>)] = []
    private var nextWaiterID: UInt64 = 0
    private var closed = false
    private var counters = PostgresPoolStatistics()

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
    public nonisolated func withConnection<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
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
    public nonisolated func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs `body` in a transaction on one pooled connection (see
    /// ``PostgresConnection/withTransaction(_:)``).
    @discardableResult
    public nonisolated func withTransaction<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { try await $0.withTransaction(body) }
    }

    /// Counts for metrics: open, in use, idle, waiting, and totals since start.
    public func statistics() -> PostgresPoolStatistics {
        var snapshot = counters
        snapshot.open = open
        snapshot.inUse = inUse
        snapshot.idle = idle.count
        snapshot.waiting = waiters.count
        snapshot.maximum = maximumConnections
        return snapshot
    }

    /// Runs until graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Fails every waiter and closes every idle connection; busy ones close when released.
    public func close() async {
        guard !closed else { return }
        closed = true
        for waiter in waiters {
            waiter.continuation.resume(throwing: PostgresError(.poolClosed, message: "pool closed"))
        }
        waiters.removeAll()
        let connections = idle
        idle.removeAll()
        open -= connections.count
        for connection in connections { await connection.close() }
    }

    // MARK: - Acquire and release

    /// Takes a healthy idle connection, opens a new one under the limit, or waits.
    func acquire() async throws -> PostgresConnection {
        while true {
            guard !closed else { throw PostgresError(.poolClosed, message: "pool closed") }
            if let connection = idle.popLast() {
                if connection.isHealthy {
                    inUse += 1
                    return connection
                }
                open -= 1
                counters.discarded += 1
                logger.info("discarding a broken idle connection")
                Task { await connection.close() }
                continue
            }
            if open < maximumConnections {
                open += 1
                do {
                    let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
                    counters.created += 1
                    inUse += 1
                    return connection
                } catch {
                    open -= 1
                    counters.connectFailures += 1
                    throw error
                }
            }
            return try await waitForConnection()
        }
    }

    private func waitForConnection() async throws -> PostgresConnection {
        nextWaiterID += 1
        let id = nextWaiterID
        let timeout = acquireTimeout
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.failWaiter(id, PostgresError(.poolExhausted, message: "no connection free within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                }
            }
        } onCancel: {
            Task { await self.failWaiter(id, CancellationError()) }
        }
    }

    private func failWaiter(_ id: UInt64, _ error: Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        if let poolError = error as? PostgresError, poolError.kind == .poolExhausted { counters.acquireTimeouts += 1 }
        waiters.remove(at: index).continuation.resume(throwing: error)
    }

    /// Returns a connection, making sure it is idle first.
    nonisolated func release(_ connection: PostgresConnection) async {
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
        await checkIn(connection, usable: usable)
    }

    private func checkIn(_ connection: PostgresConnection, usable: Bool) async {
        inUse -= 1
        if usable, !closed {
            if waiters.isEmpty {
                idle.append(connection)
            } else {
                inUse += 1
                waiters.removeFirst().continuation.resume(returning: connection)
            }
            return
        }
        open -= 1
        counters.discarded += 1
        await connection.close()
        // A waiter may now open a replacement.
        if !waiters.isEmpty, !closed {
            let waiter = waiters.removeFirst()
            Task {
                do {
                    waiter.continuation.resume(returning: try await self.acquire())
                } catch {
                    waiter.continuation.resume(throwing: error)
                }
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
