import BrokerHTTP
import Logging
import Postgres
import ServiceLifecycle

/// Runs the HTTP daemon on a database until SIGTERM or SIGINT: the server stops accepting,
/// finishes its in-flight requests (for at most `shutdownGrace`), then the pool closes.
enum Daemon {
    static let shutdownGrace: Duration = .seconds(10)

    static func serve(
        configuration: PostgresConfiguration, settings: ServeSettings, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let pool = PostgresPool(configuration: configuration, maximumConnections: settings.poolSize, logger: logger)
        let application = try BrokerApplication.make(
            pool: pool, settings: .init(host: settings.host, port: settings.port), logger: logger,
            onServerRunning: onServerRunning)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: application)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownGrace
        try await ServiceGroup(configuration: configuration).run()
        logger.info("stopped")
    }
}
