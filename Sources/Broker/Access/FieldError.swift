/// One thing wrong with one field of a request, for a client to show beside that field.
public struct FieldError: Codable, Sendable, Equatable {
    /// The field's name as the client sent it (`severity`, `areaCode`).
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// A request that cannot be carried out as given, with what is wrong field by field (HTTP 422).
public struct ValidationFailed: Error, Sendable, CustomStringConvertible {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public var description: String { errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }
}

/// What was asked for does not exist (HTTP 404).
public struct NotFound: Error, Sendable, CustomStringConvertible {
    public var entity: String
    public var id: String

    public init(entity: String, id: String) {
        self.entity = entity
        self.id = id
    }

    public var description: String { "no \(entity) \(id)" }
}

/// The request clashes with the current state, such as a duplicate (HTTP 409).
public struct Conflict: Error, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
