import Postgres

/// The transaction-scoped advisory lock that serialises everything that writes a year's levels
/// and plans: analysis runs and advisers' level decisions. `SupportPlanner` relies on it (it
/// inserts a school's first plan without `ON CONFLICT`), so both take it here, under one key.
enum AnalysisYearLock {
    /// Waits for, then holds until `connection`'s transaction ends, the lock of `academicYear`.
    static func acquire(academicYear: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtext('schoolbroker.analysis'), \(academicYear)::integer)")
    }
}
