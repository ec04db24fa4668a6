import Broker

/// The authenticated user of the request being handled, set by ``AuthenticationMiddleware`` for
/// the generated handlers (which see only the HTTP request, not the router's context).
enum RequestUser {
    @TaskLocal static var current: User?

    /// The request's user.
    /// - Throws: a 401 ``Problem`` when the request was not authenticated.
    static func required() throws -> User {
        guard let current else { throw Problem.unauthorized("a bearer token is required") }
        return current
    }
}
