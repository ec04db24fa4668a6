import HTTPTypes
import OpenAPIRuntime
import Synchronization

/// Marks a create's answer that is the stored answer of an earlier request with the same
/// `Idempotency-Key` with `Idempotent-Replayed: true`, so a client can tell that this request
/// created nothing.
///
/// The handler learns whether it replayed deep inside a store call; it reports that through a
/// marker this middleware gives the request's task.
struct IdempotentReplayMiddleware: ServerMiddleware {
    static let header = HTTPField.Name("Idempotent-Replayed")!

    /// Whether the request being handled replayed a stored answer.
    final class Marker: Sendable {
        let replayed = Atomic<Bool>(false)
    }

    @TaskLocal static var marker: Marker?

    /// Records that the current request answered with a stored answer.
    static func markReplayed() {
        marker?.replayed.store(true, ordering: .relaxed)
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        // Only creates take an Idempotency-Key; reads skip the marker.
        guard request.method == .post else { return try await next(request, body, metadata) }
        let marker = Marker()
        var (response, responseBody) = try await Self.$marker.withValue(marker) {
            try await next(request, body, metadata)
        }
        if marker.replayed.load(ordering: .relaxed) {
            response.headerFields[Self.header] = "true"
        }
        return (response, responseBody)
    }
}
