import Configuration
import Logging

/// The daemon's settings, each read from (first match wins) its command-line flag, the
/// environment, the optional JSON file given by `--config` (or `SCHOOLBROKER_CONFIG`), then the
/// default.
///
/// | key | environment | default |
/// |---|---|---|
/// | `http.host` | `HTTP_HOST` | `127.0.0.1` |
/// | `http.port` | `HTTP_PORT` | `8080` |
/// | `database.url` | `DATABASE_URL` | embedded cluster |
/// | `database.pool.size` | `DATABASE_POOL_SIZE` | `8` |
/// | `log.level` | `LOG_LEVEL` | `info` |
/// | `log.format` | `LOG_FORMAT` | `text` (or `json`) |
struct ServeSettings: Sendable {
    var host: String
    var port: Int
    var databaseURL: String?
    var poolSize: Int
    var logLevel: Logger.Level
    var jsonLogs: Bool

    /// Reads the settings; `flags` holds the values given on the command line.
    static func load(flags: [AbsoluteConfigKey: ConfigValue], configFile: String?) async throws -> ServeSettings {
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: flags), EnvironmentVariablesProvider(),
        ]
        let environment = ConfigReader(provider: EnvironmentVariablesProvider())
        if let file = configFile ?? environment.string(forKey: "schoolbroker.config") {
            let fileReader = ConfigReader(provider: InMemoryProvider(values: ["filePath": .init(.string(file), isSecret: false)]))
            providers.append(try await FileProvider<JSONSnapshot>(config: fileReader))
        }
        let config = ConfigReader(providers: providers)
        let levelText = config.string(forKey: "log.level", default: "info")
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw OperatorError(message: "log level '\(levelText)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let format = config.string(forKey: "log.format", default: "text")
        guard ["text", "json"].contains(format) else {
            throw OperatorError(message: "log format '\(format)' is not text or json")
        }
        let settings = ServeSettings(
            host: config.string(forKey: "http.host", default: "127.0.0.1"),
            port: config.int(forKey: "http.port", default: 8080),
            databaseURL: config.string(forKey: "database.url", isSecret: true),
            poolSize: config.int(forKey: "database.pool.size", default: 8),
            logLevel: level, jsonLogs: format == "json")
        guard (0...65535).contains(settings.port) else { throw OperatorError(message: "port \(settings.port) is out of range") }
        guard settings.poolSize >= 1 else { throw OperatorError(message: "the pool size must be at least 1") }
        return settings
    }
}
