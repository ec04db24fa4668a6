import Foundation

/// Reads the records of one import file: checks its header by name, then decodes each data
/// record into a `Record`, streaming.
///
/// Errors are ``ImportError``s. ``next()`` serves all-or-nothing imports (the first bad record
/// throws); ``next(rejecting:)`` serves `--skip-invalid` imports (bad records are handed to a
/// callback and skipped; only unrecoverable problems, such as malformed CSV, throw).
public final class ImportReader<Record> {
    /// The file's name or path.
    public let file: String
    /// Header names that the importer does not read, in file order.
    public let unusedColumns: [String]
    /// Data records read so far, including rejected and skipped ones.
    public private(set) var recordsRead = 0
    /// Data records the decoder skipped as holding nothing to import (such as a coordinates row
    /// without a location).
    public private(set) var recordsSkipped = 0
    /// The physical line on which the record last read starts (0 before the first).
    public private(set) var line = 0

    /// Bytes of the file read so far (by whole chunks), for a progress bar.
    public var bytesRead: Int { csv.bytesRead }

    private let csv: CSVReader
    private let headerCount: Int
    private let nullMarkers: Set<String>
    private let decode: (ImportRow) throws -> Record?

    /// Reads the header of `csv`, lets `bind` resolve the columns it needs (returning the
    /// decoder of one record, or `nil` for a record to skip), and checks that every required
    /// column is present.
    /// - Parameter nullMarkers: field texts that mean "missing" in this format (`NULL`).
    /// - Throws: ``ImportError`` for an empty file, a malformed header or missing columns.
    public init(csv: CSVReader, nullMarkers: Set<String> = [],
                bind: (inout ImportColumns) throws -> (ImportRow) throws -> Record?) throws {
        guard let header = try csv.next() else {
            throw ImportError(file: csv.name, line: 1, reason: "file is empty (no header line)")
        }
        var columns = ImportColumns(header: header.fields, file: csv.name)
        let decode = try bind(&columns)
        try columns.validate()
        csv.fieldNames = header.fields
        csv.skippedFields = columns.unusedIndices
        self.file = csv.name
        self.csv = csv
        self.headerCount = header.fields.count
        self.nullMarkers = nullMarkers
        self.unusedColumns = columns.unusedColumns
        self.decode = decode
    }

    /// The next record, or `nil` at the end of the file. Throws on the first bad record.
    public func next() throws -> Record? {
        while let record = try csv.next() {
            if let decoded = try decodeCounting(record) { return decoded }
        }
        return nil
    }

    /// The next good record, or `nil` at the end of the file; each bad record is passed to
    /// `reject` and skipped.
    public func next(rejecting reject: (ImportError) -> Void) throws -> Record? {
        while let record = try csv.next() {
            do {
                if let decoded = try decodeCounting(record) { return decoded }
            } catch let error as ImportError {
                reject(error)
            }
        }
        return nil
    }

    /// Every remaining record (for small files and tests; stream large files with ``next()``).
    public func readAll() throws -> [Record] {
        var records: [Record] = []
        while let record = try next() { records.append(record) }
        return records
    }

    private func decodeCounting(_ record: CSVRecord) throws -> Record? {
        recordsRead += 1
        line = record.line
        if record.fields.count > headerCount,
           record.fields[headerCount...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ImportError(file: file, line: record.line,
                              reason: "record has \(record.fields.count) fields but the header has \(headerCount)")
        }
        let row = ImportRow(file: file, line: record.line, fields: record.fields, nullMarkers: nullMarkers)
        guard let decoded = try decode(row) else {
            recordsSkipped += 1
            return nil
        }
        return decoded
    }
}
