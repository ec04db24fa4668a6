import HTTPTypes
import OpenAPIRuntime

/// A request that sends no body at all (no `Content-Type`, no bytes) reaches the generated
/// server as "no body", so an operation whose body is optional (`PUT /groups/{id}/members/{urn}`)
/// accepts it. Otherwise the server reads the empty body as a JSON document and answers 400.
struct EmptyBodyMiddleware: ServerMiddleware {
    /// A body without a content type is read to see whether it is empty only up to this size.
    static let inspectedBytes = 1 << 20
    /// The methods whose operations take a body; other requests pass untouched.
    static let methodsWithBodies: Set<HTTPRequest.Method> = [.post, .put, .patch]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        guard let body, request.headerFields[.contentType] == nil, Self.methodsWithBodies.contains(request.method) else {
            return try await next(request, body, metadata)
        }
        if case .known(let length) = body.length {
            return try await next(request, length == 0 ? nil : body, metadata)
        }
        let bytes: [UInt8]
        do {
            bytes = try await [UInt8](collecting: body, upTo: Self.inspectedBytes)
        } catch {
            throw Problem(
                "bad-request", title: "Malformed request", status: .badRequest,
                detail: "a request body needs a Content-Type header")
        }
        return try await next(request, bytes.isEmpty ? nil : HTTPBody(bytes), metadata)
    }
}
