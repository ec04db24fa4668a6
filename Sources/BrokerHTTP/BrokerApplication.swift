import Broker
import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import Postgres
import ServiceLifecycle

/// The daemon's HTTP application: the generated API routes behind metrics, problem+json errors
/// and bearer authentication, with the pool as a service of the application (so it closes after
/// the server has finished its in-flight requests).
public enum BrokerApplication {
    /// Where to listen and what to name the server.
    public struct Settings: Sendable {
        public var host: String
        public var port: Int

        public init(host: String = "127.0.0.1", port: Int = 8080) {
            self.host = host
            self.port = port
        }
    }

    /// The generated server's configuration: keys sorted, so a body (and its ETag) is the same
    /// from one process to the next.
    static let openAPIConfiguration = Configuration(jsonEncodingOptions: [.sortedKeys])

    /// The router with every route and middleware, for tests (`HummingbirdTesting`) and ``make(pool:settings:logger:onServerRunning:)``.
    public static func router(pool: PostgresPool, logger: Logger) throws -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let metrics = BrokerMetrics(pool: pool)
        // Outermost first: metrics see the final status of every request, problems included.
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuthenticationMiddleware(pool: pool))
        let api = BrokerAPI(pool: pool, metrics: metrics, migrator: try SchoolBrokerSchema.migrator())
        try api.registerHandlers(
            on: router, configuration: openAPIConfiguration,
            middlewares: [
                EmptyBodyMiddleware(), HeaderValueMiddleware(), EntityTagMiddleware(), IdempotentReplayMiddleware(),
            ])
        return router
    }

    /// The application serving the API on `settings`' address; `pool` runs as one of its services.
    public static func make(
        pool: PostgresPool, settings: Settings, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var application = Application(
            router: try router(pool: pool, logger: logger),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "schoolbroker"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        application.addServices(pool)
        return application
    }
}
