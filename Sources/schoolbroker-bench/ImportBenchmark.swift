import ArgumentParser
import Broker
import Foundation
import Postgres
import PostgresServer

/// `schoolbroker import` of a national demo set (GIAS all-establishment data and a KS2 table)
/// side by side with `psql \copy` of the same files into a plain all-text staging table, on the
/// same server in the same run. Goal: the import within 2× `\copy`'s time.
struct ImportBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "GIAS and KS2 import of a national demo set vs psql \\copy of the same files."
    )

    @Option(help: "Schools in the generated demo set.")
    var schools = 22_000

    @Option(help: "Demo set seed.")
    var seed: UInt64 = 1

    @Option(help: "Runs of each measurement (the best is reported).")
    var runs = 3

    @OptionGroup var database: BenchDatabase

    func run() async throws {
        let folder = URL(fileURLWithPath: "/tmp/schoolbroker-bench-import-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try DemoCounty.write(schools: schools, seed: seed, to: folder.appendingPathComponent("data"))
        let (cluster, configuration) = try await database.start(in: folder)
        defer { try? cluster?.stop() }
        let pool = PostgresPool(configuration: configuration, maximumConnections: 1)

        let ks2Year = DemoCounty.academicYears.last!
        let cases: [(name: String, file: URL, table: String, read: () throws -> Int,
                     load: () async throws -> ImportSummary)] = [
            ("gias", files.gias, "schools", { try count(GIASReader.open(files.gias).reader) },
             { try await ImportKind.gias.run(files.gias, into: pool, policy: .allOrNothing) }),
            ("ks2", files.ks2[ks2Year]!, "school_measures",
             { try count(MeasureTableReader.open(files.ks2[ks2Year]!, catalog: .ks2, academicYear: ks2Year)) }, {
                try await ImportKind.ks2.run(files.ks2[ks2Year]!, academicYear: ks2Year, into: pool, policy: .allOrNothing)
            }),
        ]
        print("| file | rows | read only s | import (insert) s | re-import (unchanged) s | psql \\copy s "
              + "| main table rows | INSERT … SELECT floor s | COPY floor s | import / \\copy |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        var json: [String] = []
        for test in cases {
            let copy = try await best { try await psqlCopy(test.file, configuration: configuration) }
            let read = try await best {
                let started = ContinuousClock.now
                _ = try test.read()
                return seconds(since: started)
            }
            var summary = ImportSummary(file: test.file.path)
            let first = try await best {
                try await pool.query(PostgresQuery(sql: "TRUNCATE schools, school_measures, comparator_measures CASCADE"))
                let started = ContinuousClock.now
                summary = try await test.load()
                return seconds(since: started)
            }
            let again = try await best {
                let started = ContinuousClock.now
                _ = try await test.load()
                return seconds(since: started)
            }
            let floor = try await storageFloor(test.table, in: folder, pool: pool, configuration: configuration)
            let rows = summary.inserted + summary.updated + summary.unchanged
            print("| \(test.name) | \(rows) | \(format(read)) | \(format(first)) | \(format(again)) | \(format(copy)) "
                  + "| \(floor.rows) | \(format(floor.insert)) | \(format(floor.copy)) | \(String(format: "%.2f", first / copy)) |")
            json.append("\"\(test.name)\": {\"rows\": \(rows), \"read_s\": \(format(read)), \"import_s\": \(format(first)), "
                        + "\"reimport_s\": \(format(again)), \"psql_copy_s\": \(format(copy)), "
                        + "\"floor_rows\": \(floor.rows), \"floor_insert_s\": \(format(floor.insert)), "
                        + "\"floor_copy_s\": \(format(floor.copy))}")
        }
        await pool.close()
        print("{" + json.joined(separator: ", ") + "}")
    }

    /// The floor under an import of the rows `table` now holds: the best times to store them
    /// again in the emptied table with its indexes and constraints, by a bare
    /// `INSERT INTO table SELECT * FROM` a plain table already holding them, and by `psql \\copy
    /// table FROM` a file of them. No import can store the same rows faster.
    private func storageFloor(
        _ table: String, in folder: URL, pool: PostgresPool, configuration: PostgresConfiguration
    ) async throws -> (rows: Int, insert: Double, copy: Double) {
        // `table` is one of this benchmark's fixed names: trusted SQL with no values.
        let file = folder.appendingPathComponent("\(table).copy")
        try await pool.query(PostgresQuery(sql: "DROP TABLE IF EXISTS floor_rows"))
        try await pool.query(PostgresQuery(sql: "CREATE TABLE floor_rows AS SELECT * FROM \(table)"))
        let rows = try await pool.query(PostgresQuery(sql: "SELECT count(*) AS rows FROM floor_rows"))[0]
            .decode("rows", as: Int.self)
        try await psql("\\copy floor_rows TO '\(file.path)'", configuration: configuration)
        let insert = try await best {
            try await pool.query(PostgresQuery(sql: "TRUNCATE \(table) CASCADE"))
            let started = ContinuousClock.now
            try await pool.query(PostgresQuery(sql: "INSERT INTO \(table) SELECT * FROM floor_rows"))
            return seconds(since: started)
        }
        let copy = try await best {
            try await pool.query(PostgresQuery(sql: "TRUNCATE \(table) CASCADE"))
            return try await psql("\\copy \(table) FROM '\(file.path)'", configuration: configuration)
        }
        try await pool.query(PostgresQuery(sql: "DROP TABLE floor_rows"))
        return (rows, insert, copy)
    }

    /// Runs one psql meta-command against the server; returns its wall time.
    @discardableResult
    private func psql(_ command: String, configuration: PostgresConfiguration) async throws -> Double {
        let started = ContinuousClock.now
        let (status, output) = try await Subprocess.run("/usr/bin/psql", [
            configuration.connectionString, "-v", "ON_ERROR_STOP=1", "-c", command,
        ])
        let elapsed = seconds(since: started)
        guard status == 0 else { throw ValidationError("psql \(command) failed:\n\(output)") }
        return elapsed
    }

    /// The best (smallest) of ``runs`` timings returned by `body`.
    private func best(_ body: () async throws -> Double) async throws -> Double {
        var result = Double.infinity
        for _ in 0..<runs { result = min(result, try await body()) }
        return result
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// Every record of `reader`, decoded and counted: the reading share of an import.
    private func count<Record>(_ reader: ImportReader<Record>) throws -> Int {
        var records = 0
        while try reader.next() != nil { records += 1 }
        return records
    }

    /// Times `psql \copy` of `file` into a fresh plain table of text columns, one per header
    /// field: a client-side bulk load with no parsing or upsert. `COPY … CSV` needs every record
    /// to have every field, and the DfE leaves trailing fields off, so the timed file is `file`
    /// re-written in UTF-8 with every record padded to the header's width.
    private func psqlCopy(_ file: URL, configuration: PostgresConfiguration) async throws -> Double {
        let reader = try CSVReader(contentsOf: file, encoding: .automatic)
        guard let header = try reader.next() else { throw ValidationError("\(file.path) is empty") }
        let padded = file.deletingPathExtension().appendingPathExtension("padded.csv")
        let writer = try CSVWriter(url: padded, encoding: .utf8)
        try writer.write(header.fields)
        while let record = try reader.next() {
            try writer.write(record.fields + Array(repeating: "", count: max(0, header.fields.count - record.fields.count)))
        }
        try writer.close()
        // Generated column names and a fixed table name: trusted SQL with no values.
        let columns = (1...header.fields.count).map { "c\($0) text" }.joined(separator: ", ")
        let connection = try await PostgresConnection.connect(configuration: configuration)
        try await connection.simpleQuery("DROP TABLE IF EXISTS psql_staging; CREATE TABLE psql_staging (\(columns))")
        await connection.close()
        return try await psql(
            "\\copy psql_staging FROM '\(padded.path)' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')",
            configuration: configuration)
    }
}
