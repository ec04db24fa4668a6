import Broker
import Foundation
import Postgres

/// A demo county of 120 schools with its supporters register, and needs for 2025 spread over
/// schools and areas by a fixed hash (about 6 % of the school × area pairs that fit the school's ages).
enum MatchFixture {
    static let county = Result { try DemoCounty.write(schools: 120, seed: 7, to: ImportFixtures.temporaryDirectory()) }

    static func load(into pool: PostgresPool) async throws {
        let files = try county.get()
        _ = try await ImportKind.gias.run(files.gias, into: pool, policy: .allOrNothing)
        _ = try await ImportKind.coordinates.run(files.coordinates, into: pool, policy: .allOrNothing)
        _ = try await ImportKind.supporters.run(files.supporters, into: pool, policy: .allOrNothing)
        try await pool.query("""
            INSERT INTO needs (urn, area_code, academic_year, severity, source)
            SELECT school.urn, area.code, 2025, 1 + abs(hashtext(school.urn || area.code)) % 5, 'analysis'
            FROM schools AS school CROSS JOIN areas AS area
            WHERE abs(hashtext(area.code || school.urn)) % 100 < 6
              AND (area.applies_to_age IS NULL OR (school.statutory_low_age <= area.applies_to_age
                                                   AND school.statutory_high_age >= area.applies_from_age))
            """)
    }

    /// Creates a partnership of `supporter` in `status` serving `needs`.
    static func partnership(_ pool: PostgresPool, supporter: Int, status: String, needs: [Int]) async throws {
        try await pool.query("""
            WITH created AS (
                INSERT INTO partnerships (supporter_id, status, academic_year)
                VALUES (\(supporter), CAST(\(status) AS partnership_status), 2025) RETURNING id)
            INSERT INTO partnership_needs (partnership_id, need_id) SELECT created.id, need FROM created, unnest(\(needs)) AS need
            """)
    }

    static func count(_ table: String, in pool: PostgresPool) async throws -> Int {
        // Table names come from the tests' own literals.
        try await pool.query(PostgresQuery(sql: "SELECT count(*) AS n FROM \(table)"))[0].decode("n", as: Int.self)
    }
}
