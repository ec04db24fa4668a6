/// An error from the database or from talking to it.
///
/// The server's fields are kept for logs and for code that reacts to a specific SQLSTATE or
/// constraint; ``description`` is deliberately generic so that it can be shown to a client
/// without leaking SQL, data values or server internals.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: String, Sendable {
        /// Could not connect, or the connection broke.
        case connection
        /// The server rejected a statement (see ``PostgresError/sqlState``).
        case server
        /// The pool had no connection free within its acquire timeout.
        case poolExhausted
        /// The pool has been shut down.
        case poolClosed
        /// libpq answered something this client does not expect.
        case unexpectedResponse
    }

    public var kind: Kind
    /// The five-character SQLSTATE, such as `23505` for a unique violation.
    public var sqlState: String?
    /// The server's or libpq's primary message. May contain data values: log with care.
    public var message: String
    public var detail: String?
    public var hint: String?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var constraint: String?

    public init(
        _ kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil,
        hint: String? = nil, schema: String? = nil, table: String? = nil, column: String? = nil,
        constraint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
    }

    /// A generic, client-safe summary: no SQL, no values, no server text.
    public var description: String {
        switch kind {
        case .connection: "database connection failed"
        case .server: "database error (SQLSTATE \(sqlState ?? "unknown"))"
        case .poolExhausted: "no database connection became free in time"
        case .poolClosed: "the database pool is shut down"
        case .unexpectedResponse: "unexpected response from the database"
        }
    }

    /// Everything known, for operators' logs. Contains the server's message and detail.
    public var diagnostics: String {
        var parts = ["\(description): \(message)"]
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        return parts.joined(separator: "; ")
    }

    /// True for SQLSTATE class 23 (integrity constraint violation) code 23505.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// Whether a constraint refused the statement (SQLSTATE class 23: not null, check, foreign
    /// key, unique, exclusion).
    public var isIntegrityViolation: Bool { sqlState?.hasPrefix("23") == true }
    /// Whether a value could not be taken as given (SQLSTATE class 22: out of range, invalid
    /// text representation, a NUL in text, …).
    public var isDataException: Bool { sqlState?.hasPrefix("22") == true }
    /// True when the server cancelled the statement on request (SQLSTATE 57014).
    public var isQueryCanceled: Bool { sqlState == "57014" }
}

/// A column's value could not be turned into the requested Swift type.
public struct PostgresDecodingError: Error, Sendable, CustomStringConvertible {
    /// The column's name as the query returned it.
    public var column: String
    /// The Swift type asked for.
    public var type: String
    /// Why it failed, e.g. "NULL" or "'abc' is not an integer".
    public var reason: String

    public init(column: String, type: String, reason: String) {
        self.column = column
        self.type = type
        self.reason = reason
    }

    public var description: String { "cannot decode column '\(column)' as \(type): \(reason)" }
}
