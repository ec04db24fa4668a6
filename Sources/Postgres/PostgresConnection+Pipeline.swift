import CLibPQ

extension PostgresConnection {
    /// Runs `queries` in one round trip to the server (libpq's pipeline mode) and returns their
    /// rows in order.
    ///
    /// A request that needs several independent reads pays for one network round trip and one
    /// hand-off to the connection's thread instead of one per statement. Outside a transaction
    /// block the statements run in one implicit transaction, so they see one snapshot under
    /// `REPEATABLE READ` and a failing one undoes any before it. The first failure is thrown; the
    /// statements after it do not run.
    public func pipeline(_ queries: [PostgresQuery]) async throws -> [PostgresRows] {
        try Task.checkCancellation()
        guard !queries.isEmpty else { return [] }
        return try await cancellable { [self] in try executePipeline(queries) }
    }

    /// On the connection's thread: prepares what the cache lacks, then sends every statement and a
    /// sync, and reads each statement's results up to the sync's.
    private func executePipeline(_ queries: [PostgresQuery]) throws -> [PostgresRows] {
        guard statements.capacity > 0 else { return try queries.map(execute) }
        let parameters = try queries.map { try BoundParameters($0.binds) }
        let keys = zip(queries, parameters).map { StatementCache.Key(sql: $0.sql, types: $1.types) }
        return try retryingChangedResultType(forgetting: keys) {
            let names = try keys.map(preparedStatement(for:))
            // Preparing one may have evicted another of this pipeline from a small cache.
            guard zip(keys, names).allSatisfy({ statements.name(for: $0) == $1 }) else {
                return try queries.map(execute)
            }
            guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
            defer { PQexitPipelineMode(handle) }
            for (name, parameters) in zip(names, parameters) {
                let sent = PQsendQueryPrepared(
                    handle, name, parameters.count, parameters.values, parameters.lengths, parameters.formats, 0)
                guard sent == 1 else { throw connectionError() }
            }
            guard PQpipelineSync(handle) == 1 else { throw connectionError() }
            var outcomes: [Result<PostgresRows, Error>] = []
            for _ in queries {
                var outcome: Result<PostgresRows, Error>?
                // Each statement's results end with a null; an aborted one (after a failure) has none to give.
                while let result = PQgetResult(handle) {
                    defer { PQclear(result) }
                    if outcome == nil, PQresultStatus(result) != PGRES_PIPELINE_ABORTED {
                        outcome = Result { try rows(from: result) }
                    }
                }
                outcomes.append(outcome ?? .failure(PostgresError(.unexpectedResponse, message: "statement did not run")))
            }
            guard let sync = PQgetResult(handle) else { throw connectionError() }
            defer { PQclear(sync) }
            guard PQresultStatus(sync) == PGRES_PIPELINE_SYNC else {
                throw PostgresError(.unexpectedResponse, message: "pipeline did not end with its sync")
            }
            // The real failure precedes the statements it aborted.
            return try outcomes.map { try $0.get() }
        }
    }
}
