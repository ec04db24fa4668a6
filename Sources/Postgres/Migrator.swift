import Logging

/// Applies ``Migration``s in order, each in its own transaction, recording each in
/// `schema_migrations` with a SHA-256 checksum of its text.
///
/// A session-level advisory lock serialises migrators, so two processes starting at once are
/// safe: the second waits, then finds nothing left to do.
public struct Migrator: Sendable {
    /// The state of one known migration.
    public struct Status: Sendable, Equatable {
        public var version: Int
        public var name: String
        public var appliedAt: String?
        public var isApplied: Bool { appliedAt != nil }
    }

    public var migrations: [Migration]
    public var logger: Logger
    /// Arbitrary constant naming the migration lock among the database's advisory locks.
    static let lockKey: Int64 = 0x5343_4842_5247_0001

    public init(migrations: [Migration], logger: Logger = Logger(label: "schoolbroker.migrations")) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every pending migration; returns those applied. Refuses to run if an applied
    /// migration was edited.
    @discardableResult
    public func migrate(on connection: PostgresConnection) async throws -> [Migration] {
        try await withLock(on: connection) {
            let applied = try await appliedChecksums(on: connection)
            try await verify(applied, on: connection)
            var done: [Migration] = []
            for migration in migrations where applied[migration.version] == nil {
                try await connection.withTransaction { connection in
                    try await connection.simpleQuery(migration.sql)
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name),
                                encode(sha256(convert_to(\(migration.sql)::text, 'UTF8')), 'hex'))
                        """)
                }
                logger.info(
                    "applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                done.append(migration)
            }
            return done
        }
    }

    /// Every known migration with when it was applied, after checking applied ones are unchanged.
    public func status(on connection: PostgresConnection) async throws -> [Status] {
        try await withLock(on: connection) {
            let applied = try await appliedChecksums(on: connection)
            try await verify(applied, on: connection)
            let rows = try await connection.query(
                "SELECT version, to_char(applied_at, 'YYYY-MM-DD HH24:MI:SS') AS applied_at FROM schema_migrations")
            var appliedAt: [Int: String] = [:]
            for row in rows { appliedAt[try row.decode("version")] = try row.decode("applied_at") }
            return migrations.map { Status(version: $0.version, name: $0.name, appliedAt: appliedAt[$0.version]) }
        }
    }

    private func withLock<T: Sendable>(on connection: PostgresConnection, _ body: () async throws -> T) async throws
        -> T
    {
        try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        do {
            try await connection.simpleQuery(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let value = try await body()
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
            return value
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
            throw error
        }
    }

    private func appliedChecksums(on connection: PostgresConnection) async throws -> [Int: String] {
        var applied: [Int: String] = [:]
        for row in try await connection.query("SELECT version, checksum FROM schema_migrations") {
            applied[try row.decode("version")] = try row.decode("checksum")
        }
        return applied
    }

    private func verify(_ applied: [Int: String], on connection: PostgresConnection) async throws {
        let known = Set(migrations.map(\.version))
        if let unknown = applied.keys.filter({ !known.contains($0) }).min() {
            throw MigrationError.unknownAppliedVersion(unknown)
        }
        let appliedMigrations = migrations.filter { applied[$0.version] != nil }
        let current = try await checksums(of: appliedMigrations.map(\.sql), on: connection)
        for (migration, current) in zip(appliedMigrations, current) where applied[migration.version] != current {
            throw MigrationError.checksumMismatch(
                version: migration.version, name: migration.name, applied: applied[migration.version] ?? "",
                current: current)
        }
    }

    /// The server computes SHA-256 (so this module needs no crypto dependency), for every script
    /// in one round trip.
    private func checksums(of scripts: [String], on connection: PostgresConnection) async throws -> [String] {
        guard !scripts.isEmpty else { return [] }
        return try await connection.query(
            """
            SELECT encode(sha256(convert_to(script, 'UTF8')), 'hex') AS checksum
            FROM unnest(\(scripts)::text[]) WITH ORDINALITY AS s(script, position)
            ORDER BY position
            """
        ).map { try $0.decode("checksum", as: String.self) }
    }
}
