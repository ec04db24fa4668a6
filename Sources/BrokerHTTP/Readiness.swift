import Postgres

/// Whether the daemon can serve: the database answers and every migration this build knows is applied.
struct Readiness: Sendable {
    enum Database: String, Sendable {
        case ok
        case unreachable
        case migrationsPending = "migrations-pending"
    }

    var database: Database
    var pendingMigrations: [String]
    var isReady: Bool { database == .ok }

    static func check(pool: PostgresPool, migrator: Migrator) async -> Readiness {
        do {
            let pending = try await pool.withConnection { connection in
                try await migrator.status(on: connection).filter { !$0.isApplied }.map { "\($0.version) \($0.name)" }
            }
            return Readiness(database: pending.isEmpty ? .ok : .migrationsPending, pendingMigrations: pending)
        } catch is MigrationError {
            // Applied migrations this build does not know, or edited ones: not this build's schema.
            return Readiness(database: .migrationsPending, pendingMigrations: [])
        } catch {
            return Readiness(database: .unreachable, pendingMigrations: [])
        }
    }
}
