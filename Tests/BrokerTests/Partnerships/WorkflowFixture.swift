import Broker
import Postgres
import TestSupport

/// A small world for workflow tests: schools in LA 885 (URNs from 300001), one open need each,
/// a confirmed supporter based at another school, and an admin.
struct WorkflowFixture {
    let pool: PostgresPool
    let admin: User
    let supporterID: Int64
    /// Need ids, one per supported school, in URN order.
    let needIDs: [Int64]

    /// Runs `body` on a fresh database holding `schools` supported schools and a supporter of `capacity`.
    static func with(schools: Int = 3, capacity: Int = 2, maximumConnections: Int = 4,
                     _ body: (WorkflowFixture) async throws -> Void) async throws {
        try await TestDatabase.withDatabase(maximumConnections: maximumConnections) { pool in
            try await pool.query(
                """
                INSERT INTO schools (urn, la_code, la_name, name, phase, district)
                SELECT 300000 + g, 885, 'Worcestershire', 'School ' || g, 'Primary', 'Wychavon' FROM generate_series(0, \(schools)) g
                """)
            let needIDs = try await pool.query(
                """
                INSERT INTO needs (urn, area_code, academic_year, severity, source)
                SELECT 300000 + g, 'ks2-reading', 2026, 3, 'analysis' FROM generate_series(1, \(schools)) g
                RETURNING id
                """).map { try $0.decode("id", as: Int64.self) }.sorted()
            let supporterID: Int64 = try await pool.query(
                """
                INSERT INTO supporters (name, kind, home_urn, phases, capacity, status)
                VALUES ('School 0', 'school', 300000, '{primary}', \(capacity), 'confirmed') RETURNING id
                """)[0].decode("id")
            let admin = try await UserStore.create(.init(name: "Ada Admin", email: "admin@example.org", role: .admin), in: pool)
            try await body(WorkflowFixture(pool: pool, admin: admin, supporterID: supporterID, needIDs: needIDs))
        }
    }

    /// Proposes a partnership of the supporter for `needs` (default: the first need).
    func propose(_ needs: [Int64]? = nil) async throws -> Partnership {
        try await pool.withTransaction { connection in
            try await PartnershipStore.create(
                NewPartnership(supporterID: supporterID, needIDs: needs ?? [needIDs[0]]), by: admin, on: connection)
        }
    }

    /// Moves a partnership as the admin, with a reason and impact note so every move is well-formed.
    @discardableResult
    func move(_ id: Int64, to status: PartnershipStatus, by user: User? = nil) async throws -> Partnership {
        try await PartnershipStore.transition(
            id, PartnershipTransitionRequest(to: status, reason: "because", impactNote: "reading up 12 points"),
            by: user ?? admin, in: pool)
    }

    /// The statuses of these needs, by id.
    func needStatuses(_ ids: [Int64]) async throws -> [Int64: String] {
        var statuses: [Int64: String] = [:]
        for row in try await pool.query("SELECT id, status::text AS status FROM needs WHERE id = ANY (\(ids))") {
            statuses[try row.decode("id")] = try row.decode("status")
        }
        return statuses
    }
}
