import Broker
import Foundation
import Hummingbird
import OpenAPIRuntime
import Postgres

/// An RFC 9457 problem: what clients receive for every error, as `application/problem+json`,
/// with a stable `type` per kind and, for validation, the fields at fault. It never carries SQL,
/// server messages or stack traces.
struct Problem: Codable, Sendable, Error {
    var type: String
    var title: String
    var status: Int
    var detail: String?
    var errors: [FieldError]?
    /// For an illegal workflow move: the moves that are allowed.
    var allowed: [String]?

    /// The base of every problem `type` URI.
    static let typeBase = "https://schoolbroker.example/problems/"

    init(_ kind: String, title: String, status: HTTPResponse.Status, detail: String? = nil, errors: [FieldError]? = nil) {
        self.type = Self.typeBase + kind
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    static func unauthorized(_ detail: String) -> Problem {
        Problem("unauthorized", title: "Authentication required", status: .unauthorized, detail: detail)
    }

    /// The problem a thrown error becomes.
    init(for error: any Error) {
        switch error {
        case let problem as Problem:
            self = problem
        case let error as ServerError:
            // The generated server wraps what the handler threw; an error before the input was
            // decoded is the client's malformed request.
            if error.operationInput == nil, !(error.underlyingError is Problem) {
                self = Problem.badRequest(error.underlyingError)
            } else {
                self = Problem(for: error.underlyingError)
            }
        case let error as ValidationFailed:
            self = Problem("validation", title: "The request is invalid", status: .unprocessableContent,
                           detail: error.description, errors: error.errors)
        case let error as AccessDenied:
            self = Problem("forbidden", title: "Not allowed", status: .forbidden, detail: error.reason)
        case let error as NotFound:
            self = Problem("not-found", title: "Not found", status: .notFound, detail: error.description)
        case let error as Conflict:
            self = Problem("conflict", title: "Conflict", status: .conflict, detail: error.reason)
        case let error as any IllegalWorkflowMove:
            self = Problem("illegal-transition", title: "Not allowed from the current status", status: .conflict,
                           detail: error.description)
            allowed = error.allowedStatuses
        case let error as CapacityExceeded:
            self = Problem("capacity", title: "Supporter at capacity", status: .conflict, detail: error.description)
        case let error as PreconditionFailed:
            self = Problem("precondition-failed", title: "Changed since read", status: .preconditionFailed,
                           detail: error.description)
        case let error as PostgresError where [.connection, .poolExhausted, .poolClosed].contains(error.kind):
            self = Problem("unavailable", title: "Service unavailable", status: .serviceUnavailable,
                           detail: error.description)
        case let error as PostgresError where error.isUniqueViolation:
            // Two requests raced to create the same thing; the loser is told so.
            self = Problem("conflict", title: "Conflict", status: .conflict,
                           detail: "the request conflicts with a change made at the same time; read and retry")
        case let error as PostgresError where error.isIntegrityViolation:
            // A constraint no check before it caught: the request's fault, said without the server's words.
            self = Problem("invalid-value", title: "The request is invalid", status: .unprocessableContent,
                           detail: "a value in the request breaks a rule of the data")
        case let error as PostgresError where error.isDataException:
            // A value the database cannot hold (a year beyond its integers, a NUL in text) that
            // no check before it caught: the request's fault, said without the server's words.
            self = Problem("invalid-value", title: "The request is invalid", status: .unprocessableContent,
                           detail: "a value in the request is out of range or malformed")
        case let error as any HTTPResponseError:
            self = Problem("http-\(error.status.code)", title: error.status.reasonPhrase, status: error.status)
        default:
            self = Problem("internal", title: "Internal server error", status: .internalServerError)
        }
    }

    /// A malformed request: the field a decoding error names, without the decoder's internals.
    static func badRequest(_ error: any Error) -> Problem {
        let field: String
        let message: String
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            message = "is required"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context):
            field = context.codingPath.map(\.stringValue).joined(separator: ".")
            message = "has the wrong type or format"
        default:
            return Problem("bad-request", title: "Malformed request", status: .badRequest,
                           detail: "a parameter, header or the body could not be read")
        }
        return Problem("bad-request", title: "Malformed request", status: .badRequest,
                       detail: "\(field.isEmpty ? "the body" : field) \(message)",
                       errors: [FieldError(field.isEmpty ? "body" : field, message)])
    }

    /// The problem as a response.
    var response: Response {
        let data = (try? Self.encoder.encode(self)) ?? Data()
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
