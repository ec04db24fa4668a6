/// The result of a statement, copied out of libpq into Swift memory before it left the
/// connection's thread. Cells are stored contiguously in text format.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// Column names, in result order.
    public let columns: [String]
    /// Column type OIDs, in result order.
    public let columnTypes: [UInt32]
    /// Rows affected by an INSERT/UPDATE/DELETE/COPY (libpq's `PQcmdTuples`), else the row count.
    public let affectedRows: Int

    let storage: [UInt8]
    /// Per cell (row-major): start offset in `storage`, or -1 for NULL.
    let offsets: [Int]
    /// Per cell: byte length.
    let lengths: [Int]
    let columnIndex: [String: Int]

    init(columns: [String], columnTypes: [UInt32], affectedRows: Int, storage: [UInt8], offsets: [Int], lengths: [Int])
    {
        self.columns = columns
        self.columnTypes = columnTypes
        self.affectedRows = affectedRows
        self.storage = storage
        self.offsets = offsets
        self.lengths = lengths
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        self.columnIndex = index
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns.isEmpty ? 0 : offsets.count / columns.count }

    public subscript(position: Int) -> PostgresRow { PostgresRow(rows: self, row: position) }

    func cell(row: Int, column: Int) -> ArraySlice<UInt8>? {
        let cell = row * columns.count + column
        let offset = offsets[cell]
        return offset < 0 ? nil : storage[offset..<offset + lengths[cell]]
    }
}

/// One row of a ``PostgresRows``: decode its columns by name or position.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let row: Int

    /// Decodes a non-NULL column; NULL or malformed text throws ``PostgresDecodingError``
    /// naming the column and the type.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let value = try decode(column, as: T?.self) else {
            throw PostgresDecodingError(column: column, type: "\(T.self)", reason: "value is NULL")
        }
        return value
    }

    /// Decodes a nullable column: NULL is `nil`.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T?.Type = T?.self) throws -> T? {
        guard let position = rows.columnIndex[column] else {
            throw PostgresDecodingError(column: column, type: "\(T.self)", reason: "no such column in the result")
        }
        return try decode(position, as: T?.self)
    }

    /// Decodes a non-NULL column by position.
    public func decode<T: PostgresDecodable>(_ position: Int, as type: T.Type = T.self) throws -> T {
        guard let value = try decode(position, as: T?.self) else {
            throw PostgresDecodingError(column: rows.columns[position], type: "\(T.self)", reason: "value is NULL")
        }
        return value
    }

    /// Decodes a nullable column by position: NULL is `nil`.
    public func decode<T: PostgresDecodable>(_ position: Int, as type: T?.Type = T?.self) throws -> T? {
        guard let bytes = rows.cell(row: row, column: position) else { return nil }
        do {
            return try T(postgresText: bytes, typeOID: rows.columnTypes[position])
        } catch {
            throw PostgresDecodingError(column: rows.columns[position], type: "\(T.self)", reason: error.reason)
        }
    }

    /// True when the column is SQL NULL.
    public func isNull(_ column: String) -> Bool {
        guard let position = rows.columnIndex[column] else { return true }
        return rows.cell(row: row, column: position) == nil
    }
}
