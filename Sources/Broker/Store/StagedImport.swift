import Foundation
import Postgres

/// One import's plan: a temporary staging table that the file's records are copied into with
/// `COPY`, and the set-based statements that then move the staged rows into the schema — all in
/// one transaction.
struct StagedImport {
    /// A statement run after the rows are staged: either an upsert whose changed rows are counted
    /// in the summary, or a supporting statement (such as registering the trusts that schools
    /// reference).
    enum Statement {
        case counted(Upsert)
        case supporting(String)
    }

    /// The staging table's columns and their SQL types. A first column, `seq`, numbering the
    /// staged rows in file order, is added.
    let columns: [(name: String, type: String)]
    /// What to run once the rows are staged, in order.
    let statements: [Statement]

    /// The temporary table's name (dropped at commit).
    static let stagingTable = "import_staging"

    /// `work_mem` for the import's transaction.
    static let workMemory = "256MB"

    /// Streams the records of `reader` into staging and runs the statements, in one transaction
    /// on `pool`. `prepare` runs first in the same transaction; `rows` turns a record into its
    /// staging rows (in `columns` order).
    ///
    /// Under ``ImportPolicy/allOrNothing`` the first bad record throws its ``ImportError`` and
    /// the transaction rolls back; under ``ImportPolicy/skipInvalid`` bad records are collected
    /// in the summary. `progress` is told the bytes read every few thousand records.
    func run<Record>(
        on pool: PostgresPool, reader: ImportReader<Record>, policy: ImportPolicy,
        progress: (Int) -> Void = { _ in },
        prepare: (PostgresConnection) async throws -> Void = { _ in },
        rows: (Record) -> [[String?]]
    ) async throws -> ImportSummary {
        let columns = [(name: "seq", type: "integer")] + self.columns
        let definition = columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        let copy = "COPY \(Self.stagingTable) (\(columns.map(\.name).joined(separator: ", "))) FROM STDIN"
        return try await pool.withTransaction { connection in
            // Room to sort a national file's staged rows in memory (the default spills them to disk).
            try await connection.simpleQuery("SET LOCAL work_mem = '\(Self.workMemory)'")
            try await prepare(connection)
            try await connection.simpleQuery("CREATE TEMPORARY TABLE \(Self.stagingTable) (\(definition)) ON COMMIT DROP")
            var rejected: [ImportError] = []
            // The line each staged row came from, by `seq` - 1: a row the database refuses is
            // reported at its file line.
            var lines: [Int32] = []
            let staged = try await connection.copyFrom(copy) { writer in
                while let record = try policy == .allOrNothing ? reader.next()
                    : reader.next(rejecting: { rejected.append($0) }) {
                    for row in rows(record) {
                        lines.append(Int32(reader.line))
                        try await writer.append([lines.count.stagingText] + row)
                    }
                    if reader.recordsRead % 4096 == 0 { progress(reader.bytesRead) }
                }
            }
            progress(reader.bytesRead)
            // Without statistics the planner takes a national file's staged rows for a few dozen
            // and probes the target row by row, through any index. A small sample is enough.
            try await connection.simpleQuery(
                "SET LOCAL default_statistics_target = 10; ANALYZE \(Self.stagingTable)")
            var summary = ImportSummary(file: reader.file)
            summary.skipped = reader.recordsSkipped
            let (placed, refusedRows) = try await place(
                on: connection, file: reader.file, lines: lines, policy: policy, into: &summary)
            summary.rejected = rejected + summary.rejected
            summary.unchanged = placed - summary.inserted - summary.updated
            summary.skipped += staged - placed - refusedRows
            return summary
        }
    }

    /// Runs the statements on the staged rows, counting into `summary`; returns the staged rows
    /// the upserts placed and those unstaged as refused.
    ///
    /// A row the database refuses (a constraint the reader did not check) is found by bisection
    /// and reported at its file line: the import fails under ``ImportPolicy/allOrNothing``;
    /// under ``ImportPolicy/skipInvalid`` its record is unstaged and the statements run again.
    private func place(
        on connection: PostgresConnection, file: String, lines: [Int32], policy: ImportPolicy,
        into summary: inout ImportSummary
    ) async throws -> (placed: Int, refused: Int) {
        try await connection.simpleQuery("SAVEPOINT staged_statements")
        var refused = 0
        while true {
            var counted = ImportSummary(file: file)
            var placed = 0
            var failure: (statement: Int, error: PostgresError)?
            run: for (index, statement) in statements.enumerated() {
                do {
                    if let counts = try await execute(statement, on: connection) {
                        counted.inserted += try counts.decode("inserted", as: Int.self)
                        counted.updated += try counts.decode("updated", as: Int.self)
                        placed += try counts.decode("staged", as: Int.self)
                    }
                } catch let error as PostgresError where error.isIntegrityViolation {
                    guard case .counted = statement else { throw error }
                    failure = (index, error)
                    break run
                }
            }
            guard let failure else {
                (summary.inserted, summary.updated) = (counted.inserted, counted.updated)
                return (placed, refused)
            }
            let (sequence, refusal) = try await refusedRow(
                of: failure.statement, rowCount: lines.count, on: connection) ?? (lines.count, failure.error)
            let error = ImportError(file: file, line: Int(lines[sequence - 1]), reason: Self.reason(refusal))
            guard policy == .skipInvalid else { throw error }
            summary.rejected.append(error)
            // The whole record goes: all its staged rows share its line, and they are adjacent.
            var (first, last) = (sequence, sequence)
            while first > 1, lines[first - 2] == lines[sequence - 1] { first -= 1 }
            while last < lines.count, lines[last] == lines[sequence - 1] { last += 1 }
            refused += last - first + 1
            try await connection.query(PostgresQuery(
                sql: "DELETE FROM \(Self.stagingTable) WHERE seq BETWEEN $1 AND $2", binds: [first.postgresBind, last.postgresBind]))
            // Keep the deletion when the statements next roll back to the savepoint.
            try await connection.simpleQuery("RELEASE SAVEPOINT staged_statements; SAVEPOINT staged_statements")
        }
    }

    /// The `seq` of a staged row that makes statement `index` fail, and why: the smallest `k`
    /// for which the upsert of the rows up to `k` fails (adding row `k` to rows that pass can only
    /// change its own key's outcome, so row `k` is refused); `nil` if no subset fails. Leaves the
    /// transaction as at the savepoint.
    private func refusedRow(
        of index: Int, rowCount: Int, on connection: PostgresConnection
    ) async throws -> (sequence: Int, refusal: PostgresError)? {
        try await connection.simpleQuery("ROLLBACK TO SAVEPOINT staged_statements")
        // The statements before it, in their order (a supporting one may feed a later upsert).
        for statement in statements[..<index] { _ = try await execute(statement, on: connection) }
        guard case .counted(let upsert) = statements[index] else { preconditionFailure("only upserts are bisected") }
        /// The refusal of the rows up to `sequence`, if they are refused.
        func probe(_ sequence: Int) async throws -> PostgresError? {
            try await connection.simpleQuery("SAVEPOINT probe")
            var refusal: PostgresError?
            do {
                _ = try await connection.query(upsert.counting(throughSequence: sequence))
            } catch let error as PostgresError where error.isIntegrityViolation {
                refusal = error
            }
            try await connection.simpleQuery("ROLLBACK TO SAVEPOINT probe")
            return refusal
        }
        var (passes, fails) = (0, rowCount)  // rows up to `passes` are accepted, up to `fails` refused
        var refusal: PostgresError?
        while fails - passes > 1 {
            let middle = (passes + fails) / 2
            if let error = try await probe(middle) { (fails, refusal) = (middle, error) } else { passes = middle }
        }
        // The whole set's refusal may have come from a later row than the first refused one.
        if refusal == nil { refusal = try await probe(fails) }
        try await connection.simpleQuery("ROLLBACK TO SAVEPOINT staged_statements")
        return refusal.map { (fails, $0) }
    }

    /// Runs `statement`; an upsert's counts row (`inserted`, `updated`, `staged`), else `nil`.
    private func execute(_ statement: Statement, on connection: PostgresConnection) async throws -> PostgresRow? {
        switch statement {
        case .supporting(let sql):
            try await connection.simpleQuery(sql)
            return nil
        case .counted(let upsert):
            return try await connection.query(upsert.counting())[0]
        }
    }

    /// Why the database refused a row, without the whole row it may quote.
    private static func reason(_ error: PostgresError) -> String {
        var reason = "rejected by the database: \(error.message)"
        if let detail = error.detail, detail.hasPrefix("Key (") { reason += " (\(detail))" }
        return reason
    }
}

/// A set-based upsert from the staging table into one table: the latest staged row for each key
/// is inserted, or updates the existing row only where some value differs, so re-importing the
/// same file changes nothing. Rows equal to the stored ones are dropped by an anti-join before
/// the `INSERT … ON CONFLICT`, which would otherwise lock (and write) every existing row it meets.
struct Upsert {
    /// The target table.
    let table: String
    /// The target's key columns (its primary key).
    let key: [String]
    /// The target's other columns.
    let columns: [String]
    /// A `SELECT` over ``StagedImport/stagingTable`` giving the key columns, then the other
    /// columns, then `seq` (which of several rows with one key wins: the last).
    let source: String

    /// The statement, returning one row: `inserted`, `updated` and `staged` (source rows); with
    /// `throughSequence`, of the staged rows up to that `seq` only.
    func counting(throughSequence: Int? = nil) -> PostgresQuery {
        let all = key + columns
        let keyList = key.joined(separator: ", ")
        let conflict = columns.isEmpty ? "DO NOTHING" : """
            DO UPDATE SET \(columns.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", "))
            WHERE (\(columns.map { "\(table).\($0)" }.joined(separator: ", ")))
                IS DISTINCT FROM (\(columns.map { "EXCLUDED.\($0)" }.joined(separator: ", ")))
            """
        let stored = key.map { "stored.\($0) = latest.\($0)" }
            + (columns.isEmpty ? [] : ["""
                (\(columns.map { "stored.\($0)" }.joined(separator: ", ")))
                    IS NOT DISTINCT FROM (\(columns.map { "latest.\($0)" }.joined(separator: ", ")))
                """])
        // `source` is read twice; NOT MATERIALIZED scans the staging table twice rather than
        // copying all its rows into a work table.
        return PostgresQuery(
            sql: """
                WITH source AS NOT MATERIALIZED (
                    SELECT * FROM (\(source)) AS staged WHERE $1::integer IS NULL OR seq <= $1::integer),
                changed AS (
                    INSERT INTO \(table) (\(all.joined(separator: ", ")))
                    SELECT \(all.joined(separator: ", ")) FROM (
                        SELECT DISTINCT ON (\(keyList)) \(all.joined(separator: ", ")) FROM source
                        ORDER BY \(keyList), seq DESC) AS latest
                    WHERE NOT EXISTS (SELECT FROM \(table) AS stored WHERE \(stored.joined(separator: " AND ")))
                    ON CONFLICT (\(keyList)) \(conflict)
                    RETURNING (xmax = 0) AS inserted)
                SELECT (SELECT count(*) FROM changed WHERE inserted) AS inserted,
                       (SELECT count(*) FROM changed WHERE NOT inserted) AS updated,
                       (SELECT count(*) FROM source) AS staged
                """,
            binds: [throughSequence?.postgresBind ?? .null])
    }
}
