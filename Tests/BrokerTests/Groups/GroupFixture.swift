import Broker
import Postgres
import TestSupport

/// A small world for group and partner-search tests around Abbey Primary (100001, Worcester):
/// primary schools at known places, a secondary, a school of the same trust, one in Birmingham
/// (LA 330), a school in intensive support, supporters that each fail one constraint, two groups
/// and a user of every role.
struct GroupFixture {
    let pool: PostgresPool
    var users: [String: User] = [:]
    /// Group "Wychavon cluster" (LA 885: 100001, 100002) and "Ladywood alliance" (LA 330: 100006).
    var wychavon: Int64 = 0
    var ladywood: Int64 = 0
    /// Supporter ids by name.
    var supporters: [String: Int64] = [:]

    /// (urn, la, name, low age, high age, trust, latitude, longitude)
    static let schools: [(Int, Int, String, Int, Int, String?, Double, Double)] = [
        (100001, 885, "Abbey Primary", 4, 11, "T1", 52.192, -2.220),
        (100002, 885, "Bredon Primary", 4, 11, nil, 52.232, -2.220),
        (100003, 885, "Claines Secondary", 11, 16, nil, 52.200, -2.220),
        (100004, 885, "Droitwich Primary", 4, 11, "T1", 52.300, -2.150),
        (100005, 885, "Evesham Primary", 4, 11, nil, 52.100, -1.950),
        (100006, 330, "Far Primary", 4, 11, nil, 52.480, -1.900),
        (100007, 885, "Grafton Primary", 4, 11, nil, 52.150, -2.250),
    ]

    /// The confirmed supporters, each with a ks2-reading specialism: (name, home, phases,
    /// capacity, strength, latitude, longitude).
    static let register: [(String, Int?, String, Int, Double, Double?, Double?)] = [
        ("near", 100002, "{primary}", 2, 0.8, nil, nil),
        ("evesham", 100005, "{primary}", 1, 0.9, nil, nil),
        ("secondary only", 100003, "{secondary}", 1, 1.0, nil, nil),
        ("same trust", 100004, "{primary}", 1, 1.0, nil, nil),
        ("birmingham", 100006, "{primary}", 1, 1.0, nil, nil),
        ("full leader", nil, "{primary}", 1, 1.0, 52.19, -2.21),
        ("conflicted leader", nil, "{primary}", 1, 1.0, 52.20, -2.23),
        ("intensive home", 100007, "{primary}", 1, 1.0, nil, nil),
    ]

    static func with(_ body: (GroupFixture) async throws -> Void) async throws {
        try await TestDatabase.withDatabase { pool in
            var fixture = GroupFixture(pool: pool)
            try await fixture.load()
            try await body(fixture)
        }
    }

    private mutating func load() async throws {
        try await pool.query("INSERT INTO trusts (reference, name) VALUES ('T1', 'Severn Trust')")
        for (urn, la, name, low, high, trust, latitude, longitude) in Self.schools {
            try await pool.query(
                """
                INSERT INTO schools (urn, la_code, name, phase, statutory_low_age, statutory_high_age, trust_reference, district,
                                     fsm_percent, pupils, urban_rural)
                VALUES (\(urn), \(la), \(name), \(high > 11 ? "Secondary" : "Primary"), \(low), \(high), \(trust),
                        \(la == 885 ? "Wychavon" : "Ladywood"), 20, 300, 'Urban city and town')
                """)
            try await pool.query(
                """
                INSERT INTO school_coordinates (urn, latitude, longitude, source)
                VALUES (\(urn), \(latitude), \(longitude), 'lat-lon')
                """)
        }
        // 100007 is in intensive support in 2025.
        let run = try await RecordedRun.insert(year: 2025, in: pool)
        try await pool.query(
            """
            INSERT INTO analysis_results (run_id, urn, level, explained_by)
            VALUES (\(run), 100007, 'intensive', \(run)), (\(run), 100001, 'focus', \(run)),
                   (\(run), 100006, 'light_touch', \(run))
            """)
        try await pool.query(
            """
            INSERT INTO analysis_areas (run_id, urn, area_code, position, severity)
            VALUES (\(run), 100001, 'ks2-reading', 0, 4), (\(run), 100001, 'ks2-maths', 1, 2),
                   (\(run), 100006, 'ks2-writing', 0, 3)
            """)
        try await pool.query(
            """
            INSERT INTO level_decisions (urn, academic_year, kind, level, proposed_level, proposed_by_run, reason, decided_by)
            VALUES (100001, 2025, 'overridden', 'intensive', 'focus', \(run), 'PRIVATE: governors in dispute', 'Avery Adviser')
            """)
        try await pool.query(
            """
            INSERT INTO needs (urn, area_code, academic_year, severity, source)
            VALUES (100001, 'ks2-reading', 2025, 4, 'analysis'), (100002, 'ks2-maths', 2025, 2, 'analysis')
            """)
        for (name, home, phases, capacity, strength, latitude, longitude) in Self.register {
            let id: Int64 = try await pool.query(
                """
                INSERT INTO supporters (name, kind, home_urn, phases, capacity, status, latitude, longitude)
                VALUES (\(name), \(home == nil ? "system_leader" : "school")::supporter_kind, \(home), \(phases)::text[], \(capacity),
                        'confirmed', \(latitude), \(longitude))
                RETURNING id
                """)[0].decode("id")
            supporters[name] = id
            try await pool.query(
                """
                INSERT INTO supporter_specialisms (supporter_id, area_code, strength, evidence)
                VALUES (\(id), 'ks2-reading', \(strength), \("evidence of " + name))
                """)
        }
        try await pool.query(
            "INSERT INTO supporter_conflicts (supporter_id, urn, reason) VALUES (\(supporters["conflicted leader"]!), 100001, 'former head')")
        // The full leader's one engagement: an active partnership for 100002's maths need.
        let partnership: Int64 = try await pool.query(
            """
            INSERT INTO partnerships (supporter_id, status, academic_year, urn)
            VALUES (\(supporters["full leader"]!), 'active', 2025, 100002) RETURNING id
            """)[0].decode("id")
        try await pool.query(
            """
            INSERT INTO partnership_needs (partnership_id, need_id)
            SELECT \(partnership), id FROM needs WHERE urn = 100002 AND area_code = 'ks2-maths'
            """)
        wychavon = try await pool.query(
            "INSERT INTO school_groups (name, kind, la_code) VALUES ('Wychavon cluster', 'district_cluster', 885) RETURNING id")[0]
            .decode("id")
        ladywood = try await pool.query(
            "INSERT INTO school_groups (name, kind, la_code) VALUES ('Ladywood alliance', 'alliance', 330) RETURNING id")[0]
            .decode("id")
        try await pool.query(
            """
            INSERT INTO school_group_members (group_id, urn, since)
            VALUES (\(wychavon), 100001, '2024-09-01'), (\(wychavon), 100002, '2024-09-01'), (\(ladywood), 100006, '2024-09-01')
            """)
        let people: [(String, UserStore.NewUser)] = [
            ("admin", .init(name: "Ada Admin", email: "admin@example.org", role: .admin)),
            ("adviser", .init(name: "Avery Adviser", email: "adviser@example.org", role: .adviser, laCode: 885)),
            ("otherAdviser", .init(name: "Brum Adviser", email: "brum@example.org", role: .adviser, laCode: 330)),
            ("head", .init(name: "Abbey Head", email: "head@abbey.example", role: .headteacher, urn: 100001)),
            ("farHead", .init(name: "Far Head", email: "head@far.example", role: .headteacher, urn: 100006)),
            ("group", .init(name: "Wychavon Group", email: "group@wychavon.example", role: .group, groupID: wychavon)),
            ("otherGroup", .init(name: "Ladywood Group", email: "group@ladywood.example", role: .group, groupID: ladywood)),
            ("supporter", .init(name: "Sam Supporter", email: "sam@example.org", role: .supporter, supporterID: supporters["near"]!)),
        ]
        for (key, person) in people { users[key] = try await UserStore.create(person, in: pool) }
    }
}
