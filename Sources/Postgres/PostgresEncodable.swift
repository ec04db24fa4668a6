import Foundation

/// A Swift value that can be sent to the server as a bound parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in the form libpq sends it.
    var postgresBind: PostgresBind { get }
}

extension String: PostgresEncodable {
    // Type 0 ("unknown") lets the server infer text, varchar, a date literal or an enum from
    // context, as a string literal would be.
    public var postgresBind: PostgresBind { PostgresBind(typeOID: 0, bytes: Array(utf8)) }
}

extension Int: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: PostgresType.int8) }
}

extension Int64: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: PostgresType.int8) }
}

extension Int32: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: PostgresType.int4) }
}

extension Int16: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: PostgresType.int2) }
}

extension Double: PostgresEncodable {
    public var postgresBind: PostgresBind {
        // Swift's description is the shortest text that reads back to the same Double.
        let text: String
        if isNaN {
            text = "NaN"
        } else if isInfinite {
            text = self < 0 ? "-Infinity" : "Infinity"
        } else {
            text = description
        }
        return PostgresBind(text: text, typeOID: PostgresType.float8)
    }
}

extension Bool: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: self ? "t" : "f", typeOID: PostgresType.bool) }
}

extension UUID: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: uuidString, typeOID: PostgresType.uuid) }
}

extension Date: PostgresEncodable {
    /// Sent as `timestamptz` in UTC with microseconds.
    public var postgresBind: PostgresBind {
        PostgresBind(text: PostgresTimestamp.format(self), typeOID: PostgresType.timestamptz)
    }
}

extension Data: PostgresEncodable {
    /// Sent as `bytea` in binary format: no escaping, no size blow-up.
    public var postgresBind: PostgresBind {
        PostgresBind(typeOID: PostgresType.bytea, bytes: [UInt8](self), format: .binary)
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// Sent as an array literal (`{…}`) of the element's array type.
    public var postgresBind: PostgresBind {
        PostgresBind(text: PostgresArrayLiteral.format(map(\.arrayElementText)), typeOID: Element.arrayTypeOID)
    }
}

/// A Codable value stored as `jsonb`.
public struct PostgresJSON<Value: Codable & Sendable>: PostgresEncodable, PostgresDecodable, Sendable {
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public var postgresBind: PostgresBind {
        // Encoding a Codable value the caller built cannot fail short of a bug in its
        // `encode(to:)`; surface that loudly rather than binding something else.
        let bytes = try! JSONEncoder().encode(value)
        return PostgresBind(typeOID: PostgresType.jsonb, bytes: [UInt8](bytes))
    }

    public init(postgresText bytes: ArraySlice<UInt8>, typeOID: UInt32) throws(PostgresDecodeFailure) {
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(bytes))
        } catch {
            throw PostgresDecodeFailure("invalid JSON for \(Value.self): \(error)")
        }
    }
}
