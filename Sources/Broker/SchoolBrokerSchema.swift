import Foundation
import Postgres

/// The application's database schema: the migrations in `sql/migrations`, shipped as resources
/// of this module.
public enum SchoolBrokerSchema {
    /// Every migration, in order.
    public static func migrations() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "Migrations", withExtension: nil) else {
            throw MigrationError.badFileName("Migrations (resource folder missing from the build)")
        }
        return try Migration.load(from: directory)
    }

    /// A migrator for the application's schema.
    public static func migrator() throws -> Migrator {
        Migrator(migrations: try migrations())
    }
}
