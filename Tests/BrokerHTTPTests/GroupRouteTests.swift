import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The head teacher group and partner search routes: what each role may see and do, If-Match,
/// Idempotency-Key, and the errors' statuses.
@Suite("Group and partner search routes")
struct GroupRouteTests {
    typealias Call = WorkflowRouteTests.Call

    /// Coordinates for Abbey (100001) and Claines (100003, 4 km north), and a confirmed supporter
    /// based at Claines with reading evidence.
    static func seedSupporter(_ fixture: APIFixture) async throws {
        try await fixture.pool.query(
            """
            INSERT INTO school_coordinates (urn, latitude, longitude, source)
            VALUES (100001, 52.192, -2.220, 'lat-lon'), (100003, 52.228, -2.220, 'lat-lon')
            """)
        try await fixture.pool.query(
            """
            WITH s AS (INSERT INTO supporters (name, kind, home_urn, phases, capacity, status)
                       VALUES ('Claines First School', 'school', 100003, '{primary}', 2, 'confirmed') RETURNING id)
            INSERT INTO supporter_specialisms (supporter_id, area_code, strength, evidence) SELECT id, 'ks2-reading', 0.8, 'Reading 20 points above England' FROM s
            """)
    }

    @Test("creating groups: admins and the LA's advisers; 401, 403, 409, 422; Idempotency-Key replays")
    func create() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                let body = #"{"name":"Pershore heads","kind":"representative_group","laCode":885,"members":[100001,100003]}"#
                try await WorkflowRouteTests.expect(Call(method: .post, path: "/groups", json: body), [
                    (nil, .unauthorized), (t[.headteacher], .forbidden), (t[.group], .forbidden), (t[.supporter], .forbidden),
                    (fixture.otherAdviserToken, .forbidden), (t[.adviser], .created), (t[.admin], .conflict),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(
                    method: .post, path: "/groups", json: #"{"name":"Cross","kind":"alliance","laCode":885,"members":[100004]}"#), [
                    (t[.adviser], .unprocessableContent), (t[.admin], .created),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(
                    method: .post, path: "/groups", json: #"{"name":"Zero","kind":"alliance","laCode":0}"#), [
                    (t[.admin], .unprocessableContent),
                ], client: client)
                let keyed = Call(method: .post, path: "/groups", json: #"{"name":"Keyed","kind":"alliance","laCode":885}"#,
                                 headers: [HTTPField.Name("Idempotency-Key")!: "group-1"])
                let first = try await client.send(keyed.method, keyed.path, token: t[.admin], json: keyed.json, headers: keyed.headers)
                let again = try await client.send(keyed.method, keyed.path, token: t[.admin], json: keyed.json, headers: keyed.headers)
                #expect(first.status == .created && again.status == .created)
                #expect(first.object["id"] as? Int == again.object["id"] as? Int)
                #expect(first.headers[.location] == "/groups/\(first.object["id"] as? Int ?? 0)")
            }
        }
    }

    @Test("reading, changing and membership: each role its scope; If-Match; 404")
    func readAndChange() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let t = fixture.tokens
                try await WorkflowRouteTests.expect(Call(method: .put, path: "/groups/1/members/100001", json: #"{"since":"2024-09-02"}"#), [
                    (nil, .unauthorized), (t[.group], .forbidden), (t[.headteacher], .forbidden), (fixture.otherAdviserToken, .forbidden),
                    (t[.adviser], .ok),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .put, path: "/groups/1/members/100004", json: "{}"), [
                    (t[.adviser], .unprocessableContent), (t[.admin], .ok),
                ], client: client)
                // No body at all is as good as `{}`, again and again.
                try await WorkflowRouteTests.expect(Call(method: .put, path: "/groups/1/members/100004"), [
                    (t[.admin], .ok), (t[.admin], .ok),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/groups/1"), [
                    (nil, .unauthorized), (t[.admin], .ok), (t[.adviser], .ok), (t[.group], .ok), (t[.headteacher], .ok),
                    (fixture.otherAdviserToken, .forbidden), (fixture.otherHeadteacherToken, .forbidden), (t[.supporter], .forbidden),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/groups/999"), [(t[.admin], .notFound)], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/groups"), [
                    (nil, .unauthorized), (t[.supporter], .forbidden), (t[.group], .ok),
                ], client: client)
                #expect(try await client.send(.get, "/groups", token: fixture.otherHeadteacherToken).items.isEmpty)
                #expect(try await client.send(.get, "/groups", token: t[.headteacher]).items.count == 1)

                let read = try await client.send(.get, "/groups/1", token: t[.admin])
                let tag = try #require(read.headers[.eTag])
                #expect((read.object["members"] as? [[String: Any]])?.map { $0["urn"] as? Int } == [100001, 100004])
                let rename = #"{"name":"Wychavon heads"}"#
                try await WorkflowRouteTests.expect(Call(method: .patch, path: "/groups/1", json: rename, headers: [.ifMatch: tag]), [
                    (t[.group], .forbidden), (t[.adviser], .ok),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .patch, path: "/groups/1", json: rename, headers: [.ifMatch: tag]), [
                    (t[.adviser], .preconditionFailed),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .delete, path: "/groups/1/members/100004"), [
                    (t[.headteacher], .forbidden), (t[.admin], .ok), (t[.admin], .notFound),
                ], client: client)
            }
        }
    }

    @Test("the members' overview: levels and areas for the group, 403 for others, 422 for a bad year")
    func overview() async throws {
        try await APIFixture.with { fixture in
            try await fixture.pool.query("INSERT INTO school_group_members (group_id, urn) VALUES (1, 100001)")
            try await fixture.withClient { client in
                let t = fixture.tokens
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/groups/1/schools?year=2025"), [
                    (nil, .unauthorized), (t[.group], .ok), (t[.headteacher], .ok), (fixture.otherHeadteacherToken, .forbidden),
                    (t[.supporter], .forbidden),
                ], client: client)
                try await WorkflowRouteTests.expect(Call(method: .get, path: "/groups/1/schools?year=1999"), [
                    (t[.group], .unprocessableContent),
                ], client: client)
                let body = try await client.send(.get, "/groups/1/schools?year=2025", token: t[.group]).object
                #expect((body["schools"] as? [[String: Any]])?.map { $0["urn"] as? Int } == [100001])
            }
        }
    }

    @Test("partner search: ranked candidates for members, 403 outside, 422 for bad limits or areas")
    func partnerSearch() async throws {
        try await APIFixture.with { fixture in
            try await Self.seedSupporter(fixture)
            try await fixture.pool.query("INSERT INTO school_group_members (group_id, urn) VALUES (1, 100001)")
            try await fixture.withClient { client in
                let t = fixture.tokens
                let path = "/groups/1/partner-search?urn=100001&area=ks2-reading&year=2025"
                try await WorkflowRouteTests.expect(Call(method: .get, path: path), [
                    (nil, .unauthorized), (t[.group], .ok), (t[.headteacher], .ok), (t[.admin], .ok),
                    (fixture.otherAdviserToken, .forbidden), (fixture.otherHeadteacherToken, .forbidden), (t[.supporter], .forbidden),
                ], client: client)
                for bad in ["&maxKm=0", "&maxKm=301", "&limit=51"] {
                    try await WorkflowRouteTests.expect(Call(method: .get, path: path + bad), [(t[.group], .unprocessableContent)], client: client)
                }
                for area in ["knitting", "%00"] {
                    try await WorkflowRouteTests.expect(Call(
                        method: .get, path: "/groups/1/partner-search?urn=100001&area=\(area)&year=2025"), [
                        (t[.group], .unprocessableContent),
                    ], client: client)
                }
                try await WorkflowRouteTests.expect(Call(
                    method: .get, path: "/groups/9/partner-search?urn=100001&area=ks2-reading&year=2025"), [
                    (t[.admin], .notFound),
                ], client: client)
                let body = try await client.send(.get, path, token: t[.group]).object
                let candidates = try #require(body["candidates"] as? [[String: Any]])
                #expect(candidates.count == 1 && candidates[0]["name"] as? String == "Claines First School")
                #expect((candidates[0]["explanation"] as? [String])?.count == 6)
                let score = try #require(candidates[0]["score"] as? [String: Any])
                #expect(abs((score["distanceKm"] as? Double ?? 0) - 4.0) < 0.1)
                // At capacity (two active engagements), the supporter drops out and is counted.
                try await fixture.pool.query(
                    """
                    WITH p AS (INSERT INTO partnerships (supporter_id, status, academic_year, urn) VALUES (1, 'active', 2025, 100004) RETURNING id)
                    INSERT INTO partnership_needs (partnership_id, need_id) SELECT p.id, needs.id FROM p, needs
                    """)
                let full = try await client.send(.get, path, token: t[.group]).object
                #expect((full["candidates"] as? [Any])?.isEmpty == true)
                #expect((full["excluded"] as? [String: Int]) == ["no_free_capacity": 1])
            }
        }
    }
}
