import Postgres

/// A second connection that reads exactly what a transaction's connection sees at the moment it
/// is opened (`pg_export_snapshot()` imported with `SET TRANSACTION SNAPSHOT`), so a long read
/// can run beside the transaction's own statements: two server processes and the client's
/// decoding then share the cores instead of taking turns.
enum SnapshotReader {
    /// Opens a reader on `transaction`'s current snapshot, lends it to `body` and closes it.
    /// `transaction` must be inside a transaction; the reader's is read-only and ends with `body`.
    static func withReader<T: Sendable>(
        beside transaction: PostgresConnection, configuration: PostgresConfiguration,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let snapshot = try await transaction.query("SELECT pg_export_snapshot() AS snapshot")[0]
            .decode("snapshot", as: String.self)
        // SET takes no bound parameters: the identifier (the server's, hex digits and dashes) is
        // checked before it is written into the statement.
        guard !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw PostgresError(.unexpectedResponse, message: "unexpected snapshot identifier \(snapshot)")
        }
        let reader = try await PostgresConnection.connect(configuration: configuration)
        do {
            try await reader.simpleQuery(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '\(snapshot)'; SET LOCAL jit = off")
            let value = try await body(reader)
            try await reader.simpleQuery("COMMIT")
            await reader.close()
            return value
        } catch {
            await reader.close()
            throw error
        }
    }
}
