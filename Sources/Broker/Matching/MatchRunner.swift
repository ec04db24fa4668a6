import Postgres

/// Runs the matcher for an academic year: loads the open needs and available supporters, solves
/// in the requested mode, explains every outcome and stores the run with its proposals and
/// capacity prices — reading and writing in one repeatable-read transaction, so the stored run
/// is exactly the solution of the inputs its fingerprint names. A dry run reads in a read-only
/// transaction and stores nothing; a stored run holds an advisory lock on its year, so two
/// replicas never store runs of one year at once (the second gets ``MatchRunError``).
public struct MatchRunner: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Runs one match; the outcome carries the stored run's id unless `request.dryRun`.
    /// - Parameter beforeCommit: called with the stored run's outcome in its transaction, just
    ///   before it commits (an `Idempotency-Key` records its answer there); not for a dry run.
    public func run(
        _ request: MatchRunRequest,
        beforeCommit: (@Sendable (PostgresConnection, MatchRunOutcome) async throws -> Void)? = nil
    ) async throws -> MatchRunOutcome {
        try await pool.withTransaction { connection in
            try await connection.simpleQuery(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ" + (request.dryRun ? ", READ ONLY" : ""))
            if !request.dryRun {
                // One stored run per year at a time, whichever replica asks (DESIGN.md, "Scaling out").
                let locked = try await connection.query("""
                    SELECT pg_try_advisory_xact_lock(hashtext('schoolbroker.match-run'), CAST(\(request.academicYear) AS integer))
                        AS locked
                    """)[0].decode("locked", as: Bool.self)
                guard locked else { throw MatchRunError.alreadyRunning(academicYear: request.academicYear) }
            }
            let clock = ContinuousClock()
            var timings = MatchRunTimings()
            let loadStart = clock.now
            let inputs = try await MatchInputLoader(connection: connection).load(
                academicYear: request.academicYear, mode: request.mode)
            timings.load = (clock.now - loadStart).seconds
            var outcome = MatchComputation.compute(inputs, request: request, timings: &timings)
            guard !request.dryRun else { return outcome }
            let storeStart = clock.now
            let id = try await MatchRunStore.insert(outcome, createdBy: request.createdBy, on: connection)
            outcome.runID = id
            outcome.timings.store = (clock.now - storeStart).seconds
            try await MatchRunStore.recordTimings(outcome.timings, runID: id, on: connection)
            try await beforeCommit?(connection, outcome)
            return outcome
        }
    }
}

/// Why a match run did not start.
public enum MatchRunError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Another match run of the same year is being stored right now.
    case alreadyRunning(academicYear: Int)

    public var description: String {
        switch self {
        case .alreadyRunning(let year): "a match run for academic year \(year) is already in progress; try again when it ends"
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
