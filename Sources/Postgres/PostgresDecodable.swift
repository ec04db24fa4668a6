import Foundation

/// A Swift value that can be read from a column in libpq's text format.
public protocol PostgresDecodable {
    /// Reads a non-NULL value from its text representation.
    init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure)
}

/// Why a column's text could not be decoded; the row adds the column and type names.
public struct PostgresDecodeFailure: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

extension ArraySlice<UInt8> {
    /// The bytes as a String, for messages and string-based parsing.
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// Parses a decimal integer without going through `String` (a national analysis run decodes
/// about a million): an optional sign, then digits, as `T(String)` accepts them.
private func parseInteger<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, as: T.Type) throws(PostgresDecodeFailure)
    -> T
{
    var index = bytes.startIndex
    let negative = index < bytes.endIndex && bytes[index] == UInt8(ascii: "-")
    if index < bytes.endIndex && (negative || bytes[index] == UInt8(ascii: "+")) { index += 1 }
    guard index < bytes.endIndex else { throw PostgresDecodeFailure("'\(bytes.text)' is not a valid \(T.self)") }
    var value: T = 0
    while index < bytes.endIndex {
        let digit = bytes[index] &- UInt8(ascii: "0")
        // Accumulated towards the sign, so T.min parses without overflowing.
        let (tens, overflowed) = value.multipliedReportingOverflow(by: 10)
        let (next, overflowedAgain) =
            negative ? tens.subtractingReportingOverflow(T(truncatingIfNeeded: digit))
            : tens.addingReportingOverflow(T(truncatingIfNeeded: digit))
        guard digit < 10, !overflowed, !overflowedAgain else {
            throw PostgresDecodeFailure("'\(bytes.text)' is not a valid \(T.self)")
        }
        value = next
        index += 1
    }
    return value
}

extension Int: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        self = try parseInteger(bytes, as: Int.self)
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        self = try parseInteger(bytes, as: Int64.self)
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        self = try parseInteger(bytes, as: Int32.self)
    }
}

extension Int16: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        self = try parseInteger(bytes, as: Int16.self)
    }
}

extension Double: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        switch bytes.text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        case let text:
            guard let value = Double(text) else {
                throw PostgresDecodeFailure("'\(text)' is not a number")
            }
            self = value
        }
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        switch bytes.first {
        case UInt8(ascii: "t"): self = true
        case UInt8(ascii: "f"): self = false
        default: throw PostgresDecodeFailure("'\(bytes.text)' is not a boolean")
        }
    }
}

extension String: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        self = bytes.text
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        guard let value = UUID(uuidString: bytes.text) else {
            throw PostgresDecodeFailure("'\(bytes.text)' is not a UUID")
        }
        self = value
    }
}

extension Date: PostgresDecodable {
    /// Reads `timestamptz`, `timestamp` (taken as UTC) and `date` (midnight UTC) in ISO style.
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        guard let date = PostgresTimestamp.parse(bytes.text) else {
            throw PostgresDecodeFailure("'\(bytes.text)' is not an ISO timestamp")
        }
        self = date
    }
}

extension Data: PostgresDecodable {
    /// Reads `bytea` in its hex text form (`\x0a1b…`).
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\\"),
            bytes[bytes.startIndex + 1] == UInt8(ascii: "x"), bytes.count % 2 == 0
        else { throw PostgresDecodeFailure("bytea is not in hex format") }
        var data = Data(capacity: (bytes.count - 2) / 2)
        var index = bytes.startIndex + 2
        while index < bytes.endIndex {
            guard let high = hexValue(bytes[index]), let low = hexValue(bytes[index + 1]) else {
                throw PostgresDecodeFailure("bytea has a non-hex digit")
            }
            data.append(high << 4 | low)
            index += 2
        }
        self = data
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    /// Reads a one-dimensional array literal; a NULL element is an error.
    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        let elements = try PostgresArrayLiteral.parse(bytes.text)
        self = try elements.map { (element) throws(PostgresDecodeFailure) -> Element in
            guard let element else { throw PostgresDecodeFailure("array has a NULL element") }
            return try Element(postgresText: ArraySlice(element.utf8), typeOID: 0)
        }
    }
}
