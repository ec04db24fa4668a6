import ArgumentParser
import Configuration

/// The daemon's command-line flags; each overrides its environment variable and config-file key
/// (see ``ServeSettings``).
struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on (default: $HTTP_HOST or 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (default: $HTTP_PORT or 8080).")
    var port: Int?

    @Option(name: .customLong("pool-size"), help: "Database connections (default: $DATABASE_POOL_SIZE or 8).")
    var poolSize: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL or info).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text or json (default: $LOG_FORMAT or text).")
    var logFormat: String?

    @Option(help: "A JSON configuration file with the same keys (http.port, database.url, …).")
    var config: String?

    /// The settings, with `databaseURL` the `--database-url` flag if given.
    func settings(databaseURL: String?) async throws -> ServeSettings {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { flags["http.host"] = .init(.string(host), isSecret: false) }
        if let port { flags["http.port"] = .init(.int(port), isSecret: false) }
        if let poolSize { flags["database.pool.size"] = .init(.int(poolSize), isSecret: false) }
        if let logLevel { flags["log.level"] = .init(.string(logLevel), isSecret: false) }
        if let logFormat { flags["log.format"] = .init(.string(logFormat), isSecret: false) }
        if let databaseURL { flags["database.url"] = .init(.string(databaseURL), isSecret: true) }
        return try await ServeSettings.load(flags: flags, configFile: config)
    }
}
