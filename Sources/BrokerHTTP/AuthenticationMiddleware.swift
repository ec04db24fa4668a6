import Broker
import Hummingbird
import Postgres

/// Bearer-token authentication: every route except the public operations routes needs a live
/// API token; the token's user is then ``RequestUser/current`` while the request is handled.
/// Known tokens are remembered for a few seconds (``TokenCache``). Missing or unknown tokens get 401; what a known user may see is each route's decision (403).
struct AuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let pool: PostgresPool
    let cache = TokenCache()
    /// Routes anyone may call (probes and scrapers carry no token).
    static var publicPaths: Set<String> { ["/healthz", "/readyz", "/metrics"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if Self.publicPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let authorization = request.headers[.authorization] else {
            throw Problem.unauthorized("a bearer token is required")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("the Authorization header must be 'Bearer TOKEN'")
        }
        let token = String(parts[1])
        let user: User
        if let cached = cache.user(for: token) {
            user = cached
        } else if let known = try await TokenStore.authenticate(token, in: pool) {
            cache.remember(known, for: token)
            user = known
        } else {
            throw Problem.unauthorized("the token is unknown or revoked")
        }
        return try await RequestUser.$current.withValue(user) { try await next(request, context) }
    }
}
