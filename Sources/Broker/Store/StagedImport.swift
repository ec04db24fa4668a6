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
            try await prepare(connection)
            try await connection.simpleQuery("CREATE TEMPORARY TABLE \(Self.stagingTable) (\(definition)) ON COMMIT DROP")
            var rejected: [ImportError] = []
            var sequence = 0
            let staged = try await connection.copyFrom(copy) { writer in
                while let record = try policy == .allOrNothing ? reader.next()
                    : reader.next(rejecting: { rejected.append($0) }) {
                    for row in rows(record) {
                        sequence += 1
                        try await writer.append([sequence.stagingText] + row)
                    }
                    if reader.recordsRead % 4096 == 0 { progress(reader.bytesRead) }
                }
            }
            progress(reader.bytesRead)
            var summary = ImportSummary(file: reader.file)
            summary.rejected = rejected
            summary.skipped = reader.recordsSkipped
            var placed = 0
            for statement in statements {
                switch statement {
                case .supporting(let sql):
                    try await connection.simpleQuery(sql)
                case .counted(let upsert):
                    let counts = try await connection.query(PostgresQuery(sql: upsert.countingSQL))[0]
                    summary.inserted += try counts.decode("inserted", as: Int.self)
                    summary.updated += try counts.decode("updated", as: Int.self)
                    placed += try counts.decode("staged", as: Int.self)
                }
            }
            summary.unchanged = placed - summary.inserted - summary.updated
            summary.skipped += staged - placed
            return summary
        }
    }
}

/// A set-based upsert from the staging table into one table: the latest staged row for each key
/// is inserted, or updates the existing row only where some value differs, so re-importing the
/// same file changes nothing.
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

    /// The statement, returning one row: `inserted`, `updated` and `staged` (source rows).
    var countingSQL: String {
        let all = key + columns
        let keyList = key.joined(separator: ", ")
        let conflict = columns.isEmpty ? "DO NOTHING" : """
            DO UPDATE SET \(columns.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", "))
            WHERE (\(columns.map { "\(table).\($0)" }.joined(separator: ", ")))
                IS DISTINCT FROM (\(columns.map { "EXCLUDED.\($0)" }.joined(separator: ", ")))
            """
        return """
            WITH source AS (\(source)),
            changed AS (
                INSERT INTO \(table) (\(all.joined(separator: ", ")))
                SELECT DISTINCT ON (\(keyList)) \(all.joined(separator: ", ")) FROM source
                ORDER BY \(keyList), seq DESC
                ON CONFLICT (\(keyList)) \(conflict)
                RETURNING (xmax = 0) AS inserted)
            SELECT (SELECT count(*) FROM changed WHERE inserted) AS inserted,
                   (SELECT count(*) FROM changed WHERE NOT inserted) AS updated,
                   (SELECT count(*) FROM source) AS staged
            """
    }
}
