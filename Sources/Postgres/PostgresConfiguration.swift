import Foundation

/// Where and how to connect: a `postgres://` URL, a libpq connection string
/// (`host=/tmp dbname=broker`), or nothing at all, in which case libpq's standard `PG*`
/// environment variables (`PGHOST`, `PGDATABASE`, …) and defaults apply.
///
/// The value is passed to `PQconnectdbParams` as `dbname` with `expand_dbname` set, so libpq
/// itself parses every form; we never pick connection strings apart.
public struct PostgresConfiguration: Sendable, Hashable {
    /// A URL or connection string; empty means "libpq defaults and `PG*` variables".
    public var connectionString: String
    /// Reported to the server as `application_name` unless the connection string sets one.
    public var applicationName: String

    /// How many distinct statements each connection keeps prepared on the server (0 disables).
    /// Preparing once and then only binding and executing spares the server a parse and a plan
    /// per call. Behind a pooler in transaction mode without prepared-statement support
    /// (PgBouncer before 1.21), set 0.
    public var statementCacheCapacity: Int

    public init(
        connectionString: String = "", applicationName: String = "schoolbroker", statementCacheCapacity: Int = 256
    ) {
        self.connectionString = connectionString
        self.applicationName = applicationName
        self.statementCacheCapacity = statementCacheCapacity
    }

    /// Reads `DATABASE_URL`, falling back to libpq's `PG*` variables when it is not set.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        variable: String = "DATABASE_URL"
    ) -> PostgresConfiguration {
        PostgresConfiguration(connectionString: environment[variable] ?? "")
    }

    /// The same server, another database: appended as a `dbname` override, which libpq applies
    /// after expanding the connection string.
    public func database(_ name: String) -> PostgresConfiguration {
        var copy = self
        copy.databaseOverride = name
        return copy
    }

    /// A database name that replaces the one in `connectionString`.
    public var databaseOverride: String?

    /// Keyword/value pairs for `PQconnectdbParams`. Later pairs override earlier ones.
    var keywordValuePairs: [(String, String)] {
        var pairs: [(String, String)] = []
        if !connectionString.isEmpty { pairs.append(("dbname", connectionString)) }
        pairs.append(("fallback_application_name", applicationName))
        pairs.append(("client_encoding", "UTF8"))
        if let databaseOverride { pairs.append(("dbname", databaseOverride)) }
        return pairs
    }
}
