import Broker
import BrokerHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import TestSupport

/// A small world for API tests on a fresh migrated database: two LAs, five schools, measures
/// with comparators, an inspection, a need, and a user with a token for every role.
struct APIFixture {
    let pool: PostgresPool
    /// Tokens by role: admin, adviser (LA 885), headteacher (school 100001), supporter, group.
    var tokens: [UserRole: String] = [:]
    var users: [UserRole: User] = [:]
    /// A second adviser, in LA 330, and a head teacher of school 100002.
    var otherAdviserToken = ""
    var otherHeadteacherToken = ""

    static let schools: [(urn: Int, la: Int, name: String, phase: String, postcode: String, trust: String?)] = [
        (100001, 885, "Abbey Primary School", "Primary", "WR1 1AA", "T1"),
        (100002, 885, "Bredon Hill Academy", "Secondary", "WR10 2BB", "T1"),
        (100003, 885, "Claines First School", "Primary", "WR3 7CC", nil),
        (100004, 330, "Digbeth Primary", "Primary", "B5 6DD", nil),
        (100005, 330, "Edgbaston High", "Secondary", "B15 2EE", "T2"),
    ]

    /// Runs `body` with the fixture loaded into a fresh database.
    static func with(_ body: (APIFixture) async throws -> Void) async throws {
        try await TestDatabase.withDatabase(maximumConnections: 4) { pool in
            var fixture = APIFixture(pool: pool)
            try await fixture.load()
            try await body(fixture)
        }
    }

    private mutating func load() async throws {
        try await pool.query("INSERT INTO trusts (reference, name) VALUES ('T1', 'Severn Trust'), ('T2', 'City Trust')")
        for school in Self.schools {
            try await pool.query(
                """
                INSERT INTO schools (urn, la_code, la_name, name, phase, postcode, trust_reference, district, statutory_low_age,
                                     statutory_high_age)
                VALUES (\(school.urn), \(school.la), \(school.la == 885 ? "Worcestershire" : "Birmingham"), \(school.name),
                        \(school.phase), \(school.postcode), \(school.trust), \(school.la == 885 ? "Wychavon" : "Ladywood"), 4, 11)
                """)
        }
        try await pool.query(
            """
            INSERT INTO measures (dataset, code, title, unit, higher_is_better) VALUES ('ks2', 'PTRWM_EXP', 'RWM expected', 'percent', true);
            """)
        try await pool.query(
            """
            INSERT INTO school_measures (urn, academic_year, dataset, measure, value, suppression)
            VALUES (100001, 2025, 'ks2', 'PTRWM_EXP', 55, NULL), (100001, 2024, 'ks2', 'PTRWM_EXP', NULL, 'SUPP')
            """)
        try await pool.query(
            """
            INSERT INTO comparator_measures (level, la_code, record_group, academic_year, dataset, measure, value)
            VALUES ('local-authority', 885, '', 2025, 'ks2', 'PTRWM_EXP', 60), ('england', 0, '4', 2025, 'ks2', 'PTRWM_EXP', 62)
            """)
        try await pool.query(
            """
            INSERT INTO inspections (urn, framework, inspection_number, start_date, overall_effectiveness, quality_of_education,
                                     safeguarding_effective)
            VALUES (100001, 'legacy', '10000001', '2023-03-01', '3', '3', true)
            """)
        try await pool.query(
            """
            INSERT INTO needs (urn, area_code, academic_year, severity, source, rationale) VALUES
              (100001, 'ks2-reading', 2025, 3, 'analysis', 'reading below LA'),
              (100004, 'ks2-maths', 2025, 4, 'analysis', 'maths well below England')
            """)
        // Group 1, for the group user: Wychavon's cluster, without members until a test adds them.
        try await pool.query("INSERT INTO school_groups (name, kind, la_code) VALUES ('Wychavon cluster', 'district_cluster', 885)")
        let people: [(UserRole, UserStore.NewUser)] = [
            (.admin, .init(name: "Ada Admin", email: "admin@example.org", role: .admin)),
            (.adviser, .init(name: "Avery Adviser", email: "adviser@example.org", role: .adviser, laCode: 885)),
            (.headteacher, .init(name: "Harper Head", email: "head@example.org", role: .headteacher, urn: 100001)),
            (.supporter, .init(name: "Sam Supporter", email: "supporter@example.org", role: .supporter, supporterID: 1)),
            (.group, .init(name: "Gus Group", email: "group@example.org", role: .group, groupID: 1)),
        ]
        for (role, person) in people {
            let user = try await UserStore.create(person, in: pool)
            users[role] = user
            tokens[role] = try await TokenStore.create(for: user, in: pool).secret
        }
        let otherAdviser = try await UserStore.create(
            .init(name: "Brum Adviser", email: "adviser@birmingham.example", role: .adviser, laCode: 330), in: pool)
        otherAdviserToken = try await TokenStore.create(for: otherAdviser, in: pool).secret
        let otherHead = try await UserStore.create(
            .init(name: "Bredon Head", email: "head@bredon.example", role: .headteacher, urn: 100002), in: pool)
        otherHeadteacherToken = try await TokenStore.create(for: otherHead, in: pool).secret
    }

    /// Runs `body` with a test client of the daemon's router on this fixture's database.
    func withClient(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = try BrokerApplication.router(pool: pool, logger: Logger(label: "test"))
        try await Application(router: router).test(.router, body)
    }
}

/// Request helpers for the tests.
extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body; returns the response.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers,
                                 body: json.map { ByteBuffer(string: $0) }) { $0 }
    }
}

extension TestResponse {
    /// The body parsed as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8))) as? [String: Any] ?? [:]
    }

    /// The `items` of a page, as objects.
    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }
}
