import Broker
import Postgres
import TestSupport

/// A small world for practice and self-evaluation tests: schools 310001–310003 in LA 885
/// (districts Wychavon, Wychavon, Malvern Hills) and 320001 in LA 886, a supporter based at
/// 310003, and one user of each role.
struct PracticeFixture {
    let pool: PostgresPool
    let admin: User
    let adviser: User
    let otherAdviser: User
    let headTeacher: User
    let supporterUser: User
    let groupUser: User
    let supporterID: Int64

    static func with(_ body: (PracticeFixture) async throws -> Void) async throws {
        try await TestDatabase.withDatabase { pool in
            try await pool.query(
                """
                INSERT INTO schools (urn, la_code, la_name, name, phase, district) VALUES
                    (310001, 885, 'Worcestershire', 'Abbey Primary', 'Primary', 'Wychavon'),
                    (310002, 885, 'Worcestershire', 'Brook Primary', 'Primary', 'Wychavon'),
                    (310003, 885, 'Worcestershire', 'Castle High', 'Secondary', 'Malvern Hills'),
                    (320001, 886, 'Herefordshire', 'Dale Primary', 'Primary', 'Hereford')
                """)
            let supporterID: Int64 = try await pool.query(
                """
                INSERT INTO supporters (name, kind, home_urn, phases, capacity, status)
                VALUES ('Castle High', 'school', 310003, '{primary,secondary}', 3, 'confirmed') RETURNING id
                """)[0].decode("id")
            let groupID: Int64 = try await pool.query(
                "INSERT INTO school_groups (name, kind, la_code) VALUES ('Malvern cluster', 'district_cluster', 885) RETURNING id"
            )[0].decode("id")
            func user(_ name: String, _ role: UserRole, la: Int? = nil, urn: Int? = nil, supporter: Int64? = nil, group: Int64? = nil)
                async throws -> User
            {
                try await UserStore.create(
                    .init(name: name, email: "\(name.lowercased())@example.org", role: role, laCode: la, urn: urn,
                          supporterID: supporter, groupID: group),
                    in: pool)
            }
            try await body(PracticeFixture(
                pool: pool, admin: try await user("Ada", .admin), adviser: try await user("Avery", .adviser, la: 885),
                otherAdviser: try await user("Olive", .adviser, la: 886),
                headTeacher: try await user("Hana", .headteacher, urn: 310001),
                supporterUser: try await user("Sam", .supporter, supporter: supporterID),
                groupUser: try await user("Gus", .group, group: groupID), supporterID: supporterID))
        }
    }

    /// Content with these words, in the first area given.
    static func content(
        title: String = "Reading for pleasure across the school", summary: String = "Daily class reading time.",
        body: String = "We read aloud every day.", areas: [String] = ["ks2-reading"], phase: String = "primary",
        consent: String? = "2025-07-01"
    ) -> PracticeContent {
        PracticeContent(title: title, summary: summary, body: body, areas: areas, phase: phase, consentDate: consent)
    }

    /// Creates a record as `user` (default: the admin) for school `urn`.
    func create(_ content: PracticeContent = PracticeFixture.content(), urn: Int? = 310001, supporterID: Int64? = nil,
                partnershipID: Int64? = nil, by user: User? = nil) async throws -> PracticeRecord {
        try await pool.withTransaction { connection in
            try await PracticeStore.create(
                NewPracticeRecord(content: content, urn: urn, supporterID: supporterID, partnershipID: partnershipID),
                by: user ?? admin, on: connection)
        }
    }

    /// Creates and publishes a record.
    func published(_ content: PracticeContent = PracticeFixture.content(), urn: Int? = 310001) async throws -> PracticeRecord {
        let record = try await create(content, urn: urn)
        return try await PracticeStore.transition(record.id, to: .published, by: admin, in: pool)
    }
}
