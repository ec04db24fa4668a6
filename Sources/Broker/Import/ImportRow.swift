import Foundation

/// One data record of an import file, read by column with typed accessors.
///
/// Every accessor treats an empty or all-space field (and any of the file's null markers, such
/// as Ofsted's `NULL`) as missing and returns `nil`; text that is present but not of the expected
/// kind throws an ``ImportError`` located at `file:line: column`. A record shorter than the header
/// (the DfE truncates rows of schools without data) reads as missing in its absent fields.
public struct ImportRow {
    /// The file the record comes from.
    public let file: String
    /// The physical line the record starts on.
    public let line: Int
    /// The record's fields; those the importer does not read are empty (see
    /// ``CSVReader/skippedFields``).
    public let fields: [String]
    let nullMarkers: Set<String>

    /// The trimmed text of `column`, or `nil` if missing.
    public func text(_ column: ImportColumn?) -> String? {
        guard let column, column.index < fields.count else { return nil }
        let raw = fields[column.index]
        let text = Self.hasEdgeWhitespace(raw) ? raw.trimmingCharacters(in: .whitespacesAndNewlines) : raw
        return text.isEmpty || (!nullMarkers.isEmpty && nullMarkers.contains(text)) ? nil : text
    }

    /// Whether `text` begins or ends with whitespace. ASCII edges (nearly every field) are
    /// decided on their bytes: `Character.isWhitespace` looks up Unicode properties, which cost
    /// more than the rest of reading a field.
    static func hasEdgeWhitespace(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        guard first < 0x80, last < 0x80 else {
            return text.first?.isWhitespace == true || text.last?.isWhitespace == true
        }
        /// Tab, line feed, vertical tab, form feed, carriage return and space: the ASCII characters
        /// `Character.isWhitespace` accepts.
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        return isWhitespace(first) || isWhitespace(last)
    }

    /// The text of a column that must have a value.
    public func requiredText(_ column: ImportColumn) throws -> String {
        guard let text = text(column) else { throw error(column, "value is required") }
        return text
    }

    /// A whole number.
    public func integer(_ column: ImportColumn?) throws -> Int? {
        try parse(column, expected: "a whole number", ValueParsing.integer)
    }

    /// A whole number that must be present (and lie within `range`, when given).
    public func requiredInteger(_ column: ImportColumn, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let value = try integer(column) else { throw error(column, "value is required") }
        return try range.map { try within($0, value, column)! } ?? value
    }

    /// A whole number that must lie within `range` when present (the schema's limits: checked
    /// here so that a bad value is reported at its column, not by the database).
    public func integer(_ column: ImportColumn?, in range: ClosedRange<Int>) throws -> Int? {
        try within(range, try integer(column), column)
    }

    /// A decimal number (see ``decimal(_:)``) that must lie within `range` when present.
    public func decimal(_ column: ImportColumn?, in range: ClosedRange<Decimal>) throws -> Decimal? {
        try within(range, try decimal(column), column)
    }

    private func within<T: Comparable>(_ range: ClosedRange<T>, _ value: T?, _ column: ImportColumn?) throws -> T? {
        guard let value, !range.contains(value) else { return value }
        throw error(column, "\(value) is outside \(range.lowerBound)–\(range.upperBound)")
    }

    /// A decimal number, possibly with a `%` sign.
    public func decimal(_ column: ImportColumn?) throws -> Decimal? {
        try parse(column, expected: "a number", ValueParsing.decimal)
    }

    /// A decimal number (see ``decimal(_:)``) as the nearest `Double` (coordinates).
    public func double(_ column: ImportColumn?) throws -> Double? {
        try parse(column, expected: "a number") { text in
            ValueParsing.decimal(text) == nil ? nil : Double(text.hasSuffix("%") ? String(text.dropLast()) : text)
        }
    }

    /// A number or a suppression code.
    public func measure(_ column: ImportColumn?) throws -> MeasureValue? {
        try parse(column, expected: "a number or a suppression code "
                  + "(\(SuppressionCode.allCases.map(\.rawValue).joined(separator: ", ")))",
                  ValueParsing.measure)
    }

    /// A date written `dd<separator>mm<separator>yyyy`.
    public func date(_ column: ImportColumn?, separator: Character) throws -> CalendarDay? {
        try parse(column, expected: "a date in the form dd\(separator)mm\(separator)yyyy") {
            CalendarDay(dayMonthYear: $0, separator: separator)
        }
    }

    /// A value from a fixed vocabulary: `decode` maps the text, `vocabulary` describes the
    /// accepted values for the error message.
    public func value<T>(_ column: ImportColumn?, vocabulary: @autoclosure () -> String,
                         _ decode: (String) -> T?) throws -> T? {
        try parse(column, expected: vocabulary(), decode)
    }

    /// An ``ImportError`` about `column` on this record.
    public func error(_ column: ImportColumn?, _ reason: String) -> ImportError {
        ImportError(file: file, line: line, column: column?.name, reason: reason)
    }

    private func parse<T>(_ column: ImportColumn?, expected: @autoclosure () -> String,
                          _ decode: (String) -> T?) throws -> T? {
        guard let text = text(column) else { return nil }
        guard let value = decode(text) else {
            throw error(column, "invalid value \"\(text)\" (expected \(expected()))")
        }
        return value
    }
}
