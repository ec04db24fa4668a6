import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The generated server percent-encodes response header values as if they were URI components
/// (`/needs/3` becomes `%2Fneeds%2F3`). Location and ETag must go out verbatim for clients to
/// follow and send back, so this undoes that for them.
struct HeaderValueMiddleware: ServerMiddleware {
    static let verbatimHeaders: [HTTPField.Name] = [.location, .eTag]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, body, metadata)
        for name in Self.verbatimHeaders {
            if let value = response.headerFields[name], let decoded = value.removingPercentEncoding {
                response.headerFields[name] = decoded
            }
        }
        return (response, responseBody)
    }
}
