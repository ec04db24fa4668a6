import Hummingbird
import Logging
import OpenAPIRuntime
import Postgres

/// Turns every error thrown below it into an `application/problem+json` response, logging the
/// full error (server diagnostics included) for operators only.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem(for: error)
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(Self.diagnostics(error))"])
            } else {
                context.logger.debug("request refused", metadata: ["problem": "\(problem.type)"])
            }
            return problem.response
        }
    }

    /// The error for the log: never the request itself, whose headers carry the bearer token.
    private static func diagnostics(_ error: any Error) -> String {
        switch error {
        case let error as ServerError: "\(error.operationID): \(diagnostics(error.underlyingError))"
        case let error as PostgresError: error.diagnostics
        default: String(reflecting: error)
        }
    }
}
