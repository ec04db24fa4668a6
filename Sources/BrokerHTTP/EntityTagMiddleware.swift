import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Strong ETags for the operations whose contract promises one: the tag is a hash of the
/// response body as sent, so it changes exactly when the representation does (including what
/// the caller's scope lets it see). A request whose `If-None-Match` names the current tag gets
/// 304 with no body.
struct EntityTagMiddleware: ServerMiddleware {
    /// Operation ids of `openapi.yaml` that declare an ETag.
    static let taggedOperations: Set<String> = ["getSchool"]
    /// Larger bodies are sent untagged rather than held in memory.
    static let maximumTaggedBytes = 8 << 20

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, responseBody) = try await next(request, body, metadata)
        guard Self.taggedOperations.contains(operationID), response.status == .ok, let responseBody else {
            return (response, responseBody)
        }
        let bytes = try await [UInt8](collecting: responseBody, upTo: Self.maximumTaggedBytes)
        let tag = EntityTag.of(bytes)
        response.headerFields[.eTag] = tag
        if EntityTag.matches(ifNoneMatch: request.headerFields[.ifNoneMatch], tag: tag) {
            return (HTTPResponse(status: .notModified, headerFields: [.eTag: tag]), nil)
        }
        return (response, HTTPBody(bytes))
    }
}
