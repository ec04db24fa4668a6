import CLibPQ
import Foundation
import Logging

/// One libpq connection and the thread that owns it.
///
/// Every blocking libpq call for the connection runs on its ``ConnectionThread``; callers await.
/// A connection serves one task at a time — share connections through ``PostgresPool``.
/// Cancelling the awaiting task sends the server a cancel request (`PQcancel`) for the running
/// statement.
public final class PostgresConnection: @unchecked Sendable {
    // `handle` is touched only on `thread`, except by `isHealthy`, which the pool calls only
    // while it holds the connection idle (no job can be running then).
    let handle: OpaquePointer
    /// `PGcancel*`, freed on close; the lock keeps a cancel in flight from outliving it.
    private var cancelHandle: OpaquePointer?
    private let cancelLock = NSLock()
    private let thread: ConnectionThread
    private let noticeSink: NoticeSink
    let statements: StatementCache
    /// The logger that receives server notices and connection events.
    public let logger: Logger

    private init(
        handle: OpaquePointer, thread: ConnectionThread, noticeSink: NoticeSink, statementCacheCapacity: Int,
        logger: Logger
    ) {
        self.handle = handle
        self.statements = StatementCache(capacity: statementCacheCapacity)
        self.thread = thread
        self.noticeSink = noticeSink
        self.logger = logger
        self.cancelHandle = PQgetCancel(handle)
    }

    /// Opens a connection. A failed attempt is `PQfinish`ed and its thread stopped.
    public static func connect(
        configuration: PostgresConfiguration,
        logger: Logger = Logger(label: "schoolbroker.postgres")
    ) async throws -> PostgresConnection {
        let thread = ConnectionThread(name: "postgres-connection")
        do {
            let pairs = configuration.keywordValuePairs
            let handle = try await thread.run { () throws -> ConnectionHandle in
                try ConnectionHandle(pairs: pairs)
            }
            let sink = NoticeSink(logger: logger)
            let connection = PostgresConnection(
                handle: handle.raw, thread: thread, noticeSink: sink,
                statementCacheCapacity: configuration.statementCacheCapacity, logger: logger)
            try await thread.run { connection.installNoticeReceiver() }
            // The decoders read ISO dates; fix the session so a server configured otherwise
            // cannot change what `Date` columns mean.
            try await connection.simpleQuery("SET DateStyle TO ISO; SET TimeZone TO 'UTC'")
            return connection
        } catch {
            thread.stop()
            throw error
        }
    }

    /// Runs a statement with bound parameters and returns its rows.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try Task.checkCancellation()
        return try await cancellable { [self] in try execute(query) }
    }

    /// Runs one or more statements given as trusted SQL text with no values (migrations, fixed
    /// session settings). Values always go through ``query(_:)`` as bound parameters.
    public func simpleQuery(_ sql: String) async throws {
        try Task.checkCancellation()
        try await cancellable { [self] in
            let result = PQexec(handle, sql)
            defer { PQclear(result) }
            _ = try rows(from: result)
        }
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    ///
    /// A statement that failed inside `body` aborts the transaction even if `body` caught the
    /// error; committing then throws rather than silently rolling back.
    @discardableResult
    public func withTransaction<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await simpleQuery("BEGIN")
        let value: T
        do {
            value = try await body(self)
        } catch {
            try? await simpleQuery("ROLLBACK")
            throw error
        }
        if transactionStatus == .failed {
            try? await simpleQuery("ROLLBACK")
            throw PostgresError(.server, message: "transaction was aborted by an earlier error", sqlState: "25P02")
        }
        try await simpleQuery("COMMIT")
        return value
    }

    /// Where the connection stands between statements.
    public enum TransactionStatus: Sendable {
        case idle, active, inTransaction, failed, unknown
    }

    /// libpq's `PQtransactionStatus`: idle, in a transaction, in a failed one, or broken.
    public var transactionStatus: TransactionStatus {
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: .idle
        case PQTRANS_ACTIVE: .active
        case PQTRANS_INTRANS: .inTransaction
        case PQTRANS_INERROR: .failed
        default: .unknown
        }
    }

    /// Reports whether an idle connection is still usable, without a round trip: a restarted or
    /// crashed server shows up as a readable (closed) socket, found before a request is lost on it.
    var isHealthy: Bool {
        guard PQstatus(handle) == CONNECTION_OK else { return false }
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        // Nothing to read is the healthy case: one poll, no read.
        guard poll(&descriptor, 1, 0) > 0 else { return true }
        // A first read may consume the server's farewell message; the second then sees the EOF.
        for _ in 0..<2 where PQconsumeInput(handle) == 0 { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Asks the server to cancel the statement running on this connection, if any.
    ///
    /// `PQcancel` opens a connection of its own and waits for the server, so it runs on a thread
    /// of its own: never on the caller's, which may be an event loop or Swift's pool.
    public func cancel() {
        Thread.detachNewThread { [self] in
            cancelLock.withLock {
                guard let cancelHandle else { return }
                var buffer = [CChar](repeating: 0, count: 256)
                if PQcancel(cancelHandle, &buffer, Int32(buffer.count)) == 0 {
                    let reason = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                    logger.warning("cancel request failed", metadata: ["reason": "\(reason)"])
                }
            }
        }
    }

    /// Closes the connection (`PQfinish`) and stops its thread.
    public func close() async {
        _ = try? await thread.run { [self] in PQfinish(handle) }
        cancelLock.withLock {
            if let cancelHandle { PQfreeCancel(cancelHandle) }
            cancelHandle = nil
        }
        thread.stop()
    }

    // MARK: - On the connection's thread

    /// Runs `body` on the connection's thread; cancelling the awaiting task cancels the statement.
    func cancellable<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await withTaskCancellationHandler {
                try await thread.run(body)
            } onCancel: { [self] in
                cancel()
            }
        } catch let error as PostgresError where error.isQueryCanceled && Task.isCancelled {
            throw CancellationError()
        }
    }

    func execute(_ query: PostgresQuery) throws -> PostgresRows {
        let parameters = try BoundParameters(query.binds)
        guard statements.capacity > 0 else {
            let result = PQexecParams(
                handle, query.sql, parameters.count, parameters.types, parameters.values, parameters.lengths,
                parameters.formats, 0)
            defer { PQclear(result) }
            return try rows(from: result)
        }
        let key = StatementCache.Key(sql: query.sql, types: parameters.types)
        return try retryingChangedResultType(forgetting: [key]) {
            let name = try preparedStatement(for: key)
            let result = PQexecPrepared(handle, name, parameters.count, parameters.values, parameters.lengths, parameters.formats, 0)
            defer { PQclear(result) }
            return try rows(from: result)
        }
    }

    /// Runs `body` once more after PostgreSQL's "cached plan must not change result type" (a table
    /// changed shape under a cached `SELECT *`): the statements did not run, so `keys` are
    /// prepared afresh. Only outside a transaction block, where nothing else was undone.
    func retryingChangedResultType<T>(forgetting keys: [StatementCache.Key], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == "0A000" && transactionStatus == .idle {
            keys.forEach(forget)
            return try body()
        }
    }

    func forget(_ key: StatementCache.Key) {
        guard let name = statements.name(for: key) else { return }
        statements.remove(key)
        PQclear(PQexec(handle, "DEALLOCATE \(name)"))
    }

    /// The name of a server-side prepared statement for `sql` with these parameter types,
    /// preparing it (and evicting the least recently prepared one when full) on first use.
    func preparedStatement(for key: StatementCache.Key) throws -> String {
        if let name = statements.name(for: key) { return name }
        let (name, evicted) = statements.insert(key)
        if let evicted { PQclear(PQexec(handle, "DEALLOCATE \(evicted)")) }
        let result = PQprepare(handle, name, key.sql, Int32(key.types.count), key.types)
        defer { PQclear(result) }
        do {
            _ = try rows(from: result)
        } catch {
            statements.remove(key)
            throw error
        }
        return name
    }

    /// Copies a result into Swift memory, or turns it into a ``PostgresError``.
    func rows(from result: OpaquePointer?) throws -> PostgresRows {
        guard let result else { throw connectionError() }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return copyRows(result)
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw error(from: result)
        default:
            throw PostgresError(.unexpectedResponse, message: String(cString: PQresStatus(PQresultStatus(result))))
        }
    }

    private func copyRows(_ result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [String] = []
        var types: [UInt32] = []
        for column in 0..<columnCount {
            columns.append(String(cString: PQfname(result, Int32(column))))
            types.append(PQftype(result, Int32(column)))
        }
        var offsets = [Int](repeating: -1, count: rowCount * columnCount)
        var lengths = [Int](repeating: 0, count: rowCount * columnCount)
        var storage: [UInt8] = []
        for row in 0..<rowCount {
            for column in 0..<columnCount where PQgetisnull(result, Int32(row), Int32(column)) == 0 {
                let cell = row * columnCount + column
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                offsets[cell] = storage.count
                lengths[cell] = length
                PQgetvalue(result, Int32(row), Int32(column)).withMemoryRebound(to: UInt8.self, capacity: length) {
                    storage.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                }
            }
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? rowCount
        return PostgresRows(
            columns: columns, columnTypes: types, affectedRows: affected, storage: storage, offsets: offsets,
            lengths: lengths)
    }

    private func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        guard let sqlState = field(CLibPQ_DIAG_SQLSTATE) else { return connectionError() }
        return PostgresError(
            .server, message: field(CLibPQ_DIAG_MESSAGE_PRIMARY) ?? "", sqlState: sqlState,
            detail: field(CLibPQ_DIAG_MESSAGE_DETAIL), hint: field(CLibPQ_DIAG_MESSAGE_HINT),
            schema: field(CLibPQ_DIAG_SCHEMA_NAME), table: field(CLibPQ_DIAG_TABLE_NAME),
            column: field(CLibPQ_DIAG_COLUMN_NAME), constraint: field(CLibPQ_DIAG_CONSTRAINT_NAME))
    }

    func connectionError() -> PostgresError {
        PostgresError(
            .connection,
            message: String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func installNoticeReceiver() {
        PQsetNoticeReceiver(
            handle,
            { context, result in
                guard let context, let result else { return }
                Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue().receive(result)
            }, Unmanaged.passUnretained(noticeSink).toOpaque())
    }

    // MARK: - COPY

    /// Starts `COPY … FROM STDIN` (trusted SQL text naming the table and columns).
    func beginCopy(_ statement: String) async throws {
        try await thread.run { [self] in
            let result = PQexec(handle, statement)
            defer { PQclear(result) }
            guard let result, PQresultStatus(result) == PGRES_COPY_IN else {
                _ = try rows(from: result)
                throw PostgresError(.unexpectedResponse, message: "statement did not start COPY FROM STDIN")
            }
        }
    }

    /// Sends one chunk of COPY data.
    func sendCopyData(_ chunk: [UInt8]) async throws {
        try await thread.run { [self] in
            let sent = chunk.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 { throw connectionError() }
        }
    }

    /// Ends COPY: `failure` nil commits the data, otherwise the server aborts the COPY.
    /// Returns the rows copied.
    func endCopy(failure: String?) async throws -> Int {
        try await thread.run { [self] in
            guard PQputCopyEnd(handle, failure) == 1 else { throw connectionError() }
            var copied = 0
            var firstError: Error?
            while let result = PQgetResult(handle) {
                defer { PQclear(result) }
                do {
                    copied = try rows(from: result).affectedRows
                } catch {
                    firstError = firstError ?? error
                }
            }
            if let firstError { throw firstError }
            return copied
        }
    }
}

/// `PGconn*` crossing from the connection's thread back to the task that awaited the connect.
private struct ConnectionHandle: @unchecked Sendable {
    let raw: OpaquePointer

    /// Connects with `PQconnectdbParams`; `PQfinish` on failure too.
    init(pairs: [(String, String)]) throws {
        let keywords = pairs.map { strdup($0.0) } + [nil]
        let values = pairs.map { strdup($0.1) } + [nil]
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordPointers in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valuePointers in
                PQconnectdbParams(keywordPointers.baseAddress, valuePointers.baseAddress, 1)
            }
        }
        guard let connection else { throw PostgresError(.connection, message: "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PostgresError(.connection, message: message)
        }
        raw = connection
    }
}

/// Forwards server notices (`RAISE NOTICE`, "relation already exists, skipping", …) to swift-log.
final class NoticeSink: Sendable {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func receive(_ result: OpaquePointer) {
        func field(_ code: Int32) -> String {
            PQresultErrorField(result, code).map { String(cString: $0) } ?? ""
        }
        let severity = field(CLibPQ_DIAG_SEVERITY)
        // NOTICE and below are chatter ("already exists, skipping"); warnings deserve attention.
        let level: Logger.Level = severity == "WARNING" ? .warning : .debug
        logger.log(
            level: level, "postgres \(severity.lowercased()): \(field(CLibPQ_DIAG_MESSAGE_PRIMARY))",
            metadata: ["sqlstate": "\(field(CLibPQ_DIAG_SQLSTATE))"])
    }
}
