import Analysis
import Broker
import BrokerHTTP
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import TestSupport

/// A demo county set up as `schoolbroker demo` does (imported with its supporters, analysed for
/// 2025, matched) on a fresh database, with a user and token for every role: the adviser in the
/// county's main LA, the head teacher of one of its schools, and an adviser of another LA.
struct RunFixture {
    let pool: PostgresPool
    let setup: DemoCountySetup.Outcome
    /// The LA most of the county's schools belong to, and the school of the head teacher.
    let homeLA: Int
    let headURN: Int
    var tokens: [String: String] = [:]
    var users: [String: User] = [:]

    /// Runs `body` with the fixture on a fresh database.
    static func with(_ body: (RunFixture) async throws -> Void) async throws {
        try await TestDatabase.withDatabase(maximumConnections: 6) { pool in
            // Planned on 1 September 2024, so no activity was past due when planned.
            let setup = try await DemoCountySetup.prepare(schools: 60, seed: 5, into: pool, today: CivilDate(2024, 9, 1))
            let la = try await pool.query(
                "SELECT la_code, min(urn) AS urn FROM schools GROUP BY la_code ORDER BY count(*) DESC, la_code LIMIT 1")[0]
            var fixture = RunFixture(
                pool: pool, setup: setup, homeLA: try la.decode("la_code", as: Int.self),
                headURN: try la.decode("urn", as: Int.self))
            try await fixture.addUsers()
            try await body(fixture)
        }
    }

    private mutating func addUsers() async throws {
        let otherLA = homeLA == 1 ? 2 : 1
        try await pool.query("INSERT INTO school_groups (name, kind, la_code) VALUES ('Home cluster', 'district_cluster', \(homeLA))")
        let people: [(String, UserStore.NewUser)] = [
            ("admin", .init(name: "Ada Admin", email: "admin@example.org", role: .admin)),
            ("adviser", .init(name: "Avery Adviser", email: "adviser@example.org", role: .adviser, laCode: homeLA)),
            ("otherAdviser", .init(name: "Olly Other", email: "other@example.org", role: .adviser, laCode: otherLA)),
            ("headteacher", .init(name: "Harper Head", email: "head@example.org", role: .headteacher, urn: headURN)),
            ("supporter", .init(name: "Sam Supporter", email: "supporter@example.org", role: .supporter, supporterID: 1)),
            ("group", .init(name: "Gus Group", email: "group@example.org", role: .group, groupID: 1)),
        ]
        for (key, person) in people {
            let user = try await UserStore.create(person, in: pool)
            users[key] = user
            tokens[key] = try await TokenStore.create(for: user, in: pool).secret
        }
    }

    /// A token by its key in ``users`` (`admin`, `adviser`, `otherAdviser`, `headteacher`, `supporter`, `group`).
    func token(_ key: String) -> String? { tokens[key] }

    /// Runs `body` with a test client of the daemon's router on this fixture's database.
    func withClient(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let router = try BrokerApplication.router(pool: pool, logger: Logger(label: "test"))
        try await Application(router: router).test(.router, body)
    }

    /// Counts rows of `sql` (a `SELECT count(*) AS n …` written in the test).
    func count(_ sql: PostgresQuery) async throws -> Int {
        try await pool.query(sql)[0].decode("n", as: Int.self)
    }
}
