import ArgumentParser
import Logging

/// `schoolbroker serve`: the HTTP daemon (see ``ServeSettings`` for its configuration).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API (health, readiness and Prometheus metrics included).",
        discussion: """
            Without a configured database, starts the embedded cluster and stops it on shutdown. \
            SIGTERM or SIGINT stops accepting, finishes in-flight requests, closes the pool.
            """
    )

    @OptionGroup var serve: ServeOptions
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let settings = try await serve.settings(databaseURL: database.databaseURL)
        settings.bootstrapLogging()
        let logger = Logger(label: "schoolbroker")
        var database = database
        database.databaseURL = settings.databaseURL
        try await database.withDatabase(logger: logger) { configuration in
            try await Daemon.serve(configuration: configuration, settings: settings, logger: logger) { port in
                logger.info("listening", metadata: ["url": "http://\(settings.host):\(port)"])
            }
        }
    }
}
