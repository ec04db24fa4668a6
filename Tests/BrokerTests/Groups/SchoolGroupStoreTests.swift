@testable import Broker
import Foundation
import Postgres
import Testing

@Suite("Head teacher groups")
struct SchoolGroupStoreTests {
    @Test("create with members, audited; advisers in their LA only; names unique per LA; bad fields refused")
    func create() async throws {
        try await GroupFixture.with { fixture in
            let adviser = fixture.users["adviser"]!
            let created = try await fixture.pool.withTransaction { connection in
                try await SchoolGroupStore.create(
                    NewSchoolGroup(name: "Primary heads", kind: .representativeGroup, laCode: 885, members: [100004, 100005]),
                    by: adviser, on: connection)
            }
            #expect(created.members.map(\.urn) == [100004, 100005] && created.kind == .representativeGroup && created.version == 1)
            let audits = try await fixture.pool.query(
                "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'school_group' AND action = 'create' AND actor_id = \(adviser.id)")
            #expect(try audits[0].decode("n", as: Int.self) == 1)

            func attempt(_ group: NewSchoolGroup, by key: String) async throws {
                _ = try await fixture.pool.withTransaction { connection in
                    try await SchoolGroupStore.create(group, by: fixture.users[key]!, on: connection)
                }
            }
            await #expect(throws: AccessDenied.self) {
                try await attempt(NewSchoolGroup(name: "Brum", kind: .alliance, laCode: 330), by: "adviser")
            }
            await #expect(throws: AccessDenied.self) {
                try await attempt(NewSchoolGroup(name: "Heads", kind: .alliance, laCode: 885), by: "head")
            }
            await #expect(throws: Conflict.self) {
                try await attempt(NewSchoolGroup(name: "Primary heads", kind: .alliance, laCode: 885), by: "admin")
            }
            let outside = await #expect(throws: ValidationFailed.self) {
                try await attempt(NewSchoolGroup(name: "Cross", kind: .alliance, laCode: 885, members: [100006]), by: "adviser")
            }
            #expect(outside?.errors.map(\.field) == ["members"])
            let bad = await #expect(throws: ValidationFailed.self) {
                try await attempt(NewSchoolGroup(name: "  ", kind: .alliance, laCode: 0, members: [1, 1]), by: "admin")
            }
            #expect(bad?.errors.map(\.field) == ["name", "laCode", "members"])
            await #expect(throws: ValidationFailed.self) {
                try await attempt(NewSchoolGroup(name: "Nul\u{0}", kind: .alliance, laCode: 885), by: "admin")
            }
            // An admin's alliance may cross LAs.
            try await attempt(NewSchoolGroup(name: "Cross", kind: .alliance, laCode: 885, members: [100006]), by: "admin")
        }
    }

    @Test("lists and reads within scope: admin all, adviser its LA, a group itself, a head teacher its school's groups")
    func scope() async throws {
        try await GroupFixture.with { fixture in
            func listed(_ key: String) async throws -> [Int64] {
                try await SchoolGroupStore.list(for: fixture.users[key]!, limit: 50, after: nil, in: fixture.pool).items.map(\.id)
            }
            let (wychavon, ladywood) = (fixture.wychavon, fixture.ladywood)
            #expect(try await listed("admin") == [wychavon, ladywood])
            #expect(try await listed("adviser") == [wychavon])
            #expect(try await listed("otherAdviser") == [ladywood])
            #expect(try await listed("group") == [wychavon])
            #expect(try await listed("head") == [wychavon])
            #expect(try await listed("farHead") == [ladywood])
            await #expect(throws: AccessDenied.self) { _ = try await listed("supporter") }

            let page = try await SchoolGroupStore.list(for: fixture.users["admin"]!, limit: 1, after: nil, in: fixture.pool)
            let cursor = try PageCursor<Int64>(token: try #require(page.nextCursor)).position
            let next = try await SchoolGroupStore.list(for: fixture.users["admin"]!, limit: 1, after: cursor, in: fixture.pool)
            #expect(page.items.map(\.id) == [wychavon] && next.items.map(\.id) == [ladywood] && next.nextCursor == nil)

            for key in ["admin", "adviser", "group", "head"] {
                #expect(try await SchoolGroupStore.read(wychavon, for: fixture.users[key]!, in: fixture.pool).id == wychavon)
            }
            for key in ["otherAdviser", "otherGroup", "farHead", "supporter"] {
                await #expect(throws: AccessDenied.self) {
                    _ = try await SchoolGroupStore.read(wychavon, for: fixture.users[key]!, in: fixture.pool)
                }
            }
            await #expect(throws: NotFound.self) { _ = try await SchoolGroupStore.read(999, for: fixture.users["admin"]!, in: fixture.pool) }
        }
    }

    @Test("update with If-Match; add and remove members; each change bumps the version and is audited")
    func changes() async throws {
        try await GroupFixture.with { fixture in
            let (adviser, id, pool) = (fixture.users["adviser"]!, fixture.wychavon, fixture.pool)
            let renamed = try await SchoolGroupStore.update(id, SchoolGroupChanges(name: "Wychavon heads"), ifMatch: "\"g\(id)-v1\"", by: adviser, in: pool)
            #expect(renamed.name == "Wychavon heads" && renamed.kind == .districtCluster && renamed.version == 2)
            await #expect(throws: PreconditionFailed.self) {
                _ = try await SchoolGroupStore.update(id, SchoolGroupChanges(kind: .alliance), ifMatch: "g\(id)-v1", by: adviser, in: pool)
            }
            await #expect(throws: AccessDenied.self) {
                _ = try await SchoolGroupStore.update(
                    id, SchoolGroupChanges(kind: .alliance), ifMatch: renamed.entityTag, by: fixture.users["group"]!, in: pool)
            }
            await #expect(throws: ValidationFailed.self) {
                _ = try await SchoolGroupStore.update(id, SchoolGroupChanges(), ifMatch: renamed.entityTag, by: adviser, in: pool)
            }
            let added = try await SchoolGroupStore.addMember(100003, since: "2025-01-06", to: id, by: adviser, in: pool)
            #expect(added.members.map(\.urn) == [100001, 100002, 100003] && added.members.last?.since == "2025-01-06")
            let redated = try await SchoolGroupStore.addMember(100003, since: "2025-02-03", to: id, by: adviser, in: pool)
            #expect(redated.members.count == 3 && redated.members.last?.since == "2025-02-03")
            await #expect(throws: ValidationFailed.self) {
                _ = try await SchoolGroupStore.addMember(100006, since: nil, to: id, by: adviser, in: pool)
            }
            await #expect(throws: ValidationFailed.self) {
                _ = try await SchoolGroupStore.addMember(100003, since: "yesterday", to: id, by: adviser, in: pool)
            }
            let removed = try await SchoolGroupStore.removeMember(100002, from: id, by: adviser, in: pool)
            #expect(removed.members.map(\.urn) == [100001, 100003] && removed.version == 5)
            await #expect(throws: NotFound.self) { _ = try await SchoolGroupStore.removeMember(100002, from: id, by: adviser, in: pool) }
            await #expect(throws: NotFound.self) { _ = try await SchoolGroupStore.addMember(100002, since: nil, to: 999, by: adviser, in: pool) }
            let audits = try await pool.query(
                "SELECT string_agg(action, ',' ORDER BY id) AS actions FROM audit_log WHERE entity = 'school_group' AND entity_id = \(String(id))")
            #expect(try audits[0].decode("actions", as: String.self) == "update,add_member,add_member,remove_member")
        }
    }

    @Test("the overview shows members' effective levels and areas, never decision reasons, and only to those who may see the group")
    func overview() async throws {
        try await GroupFixture.with { fixture in
            let overview = try await SchoolGroupStore.overview(fixture.wychavon, academicYear: 2025, for: fixture.users["group"]!, in: fixture.pool)
            #expect(overview.schools.map(\.urn) == [100001, 100002])
            let abbey = overview.schools[0]
            // The adviser's override (intensive) wins over the run's proposal (focus), as in school_levels_in.
            let expected = try await fixture.pool.query("SELECT effective_level::text AS level FROM school_levels_in(2025) WHERE urn = 100001")
            #expect(abbey.effectiveLevel == (try expected[0].decode("level", as: String.self)))
            #expect(abbey.effectiveLevel == "intensive")
            #expect(abbey.areasForImprovement.map(\.areaCode) == ["ks2-reading", "ks2-maths"])
            #expect(overview.schools[1].effectiveLevel == nil && overview.schools[1].areasForImprovement.isEmpty)
            let json = String(decoding: try JSONEncoder().encode(overview), as: UTF8.self)
            #expect(!json.contains("PRIVATE") && !json.contains("100006"))
            await #expect(throws: AccessDenied.self) {
                _ = try await SchoolGroupStore.overview(fixture.wychavon, academicYear: 2025, for: fixture.users["otherGroup"]!, in: fixture.pool)
            }
        }
    }

    @Test("a group user must name an existing group")
    func groupUsers() async throws {
        try await GroupFixture.with { fixture in
            let error = await #expect(throws: ValidationFailed.self) {
                _ = try await UserStore.create(
                    .init(name: "Nobody", email: "nobody@example.org", role: .group, groupID: 999), in: fixture.pool)
            }
            #expect(error?.errors.map(\.field) == ["group"])
        }
    }
}
