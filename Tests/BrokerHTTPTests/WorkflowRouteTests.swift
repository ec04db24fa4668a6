import Broker
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The supporters register and brokerage workflow routes: what each role may see and do, the
/// workflow's 409s, If-Match and Idempotency-Key.
@Suite("Supporter and partnership routes")
struct WorkflowRouteTests {
    /// Supporter 1 (the fixture's supporter user's record, based at 100003 in LA 885, capacity 2)
    /// and a partnership offered to it for school 100001's need; returns the partnership's id.
    static func seed(_ fixture: APIFixture) async throws -> Int64 {
        try await fixture.pool.query(
            """
            INSERT INTO supporters (name, kind, home_urn, phases, capacity, status)
            VALUES ('Claines First School', 'school', 100003, '{primary}', 2, 'confirmed')
            """)
        let need: Int64 = try await fixture.pool.query("SELECT id FROM needs WHERE urn = 100001")[0].decode("id")
        let admin = fixture.users[.admin]!
        let partnership = try await fixture.pool.withTransaction { connection in
            try await PartnershipStore.create(NewPartnership(supporterID: 1, needIDs: [need]), by: admin, on: connection)
        }
        _ = try await PartnershipStore.transition(
            partnership.id, PartnershipTransitionRequest(to: .offered), by: admin, in: fixture.pool)
        return partnership.id
    }

    struct Call {
        var method: HTTPRequest.Method
        var path: String
        var json: String?
        var headers: HTTPFields = [:]
    }

    /// Sends `call` with each token and expects the statuses given, in order.
    static func expect(_ call: Call, _ expectations: [(String?, HTTPResponse.Status)], client: some TestClientProtocol,
                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for (token, status) in expectations {
            let response = try await client.send(call.method, call.path, token: token, json: call.json, headers: call.headers)
            #expect(response.status == status, "\(call.method) \(call.path): \(String(buffer: response.body))",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("reading partnerships: each role its scope (401 without a token, 403 outside scope)")
    func readScope() async throws {
        try await APIFixture.with { fixture in
            let id = try await Self.seed(fixture)
            try await fixture.withClient { client in
                let t = fixture.tokens
                try await Self.expect(Call(method: .get, path: "/partnerships/\(id)"), [
                    (nil, .unauthorized), (t[.admin], .ok), (t[.adviser], .ok), (fixture.otherAdviserToken, .forbidden),
                    (t[.headteacher], .ok), (fixture.otherHeadteacherToken, .forbidden), (t[.supporter], .ok), (t[.group], .forbidden),
                ], client: client)
                try await Self.expect(Call(method: .get, path: "/partnerships"), [
                    (nil, .unauthorized), (t[.group], .forbidden),
                ], client: client)
                try await Self.expect(Call(method: .get, path: "/partnerships?urn=100004"), [(t[.headteacher], .forbidden)], client: client)
                func count(_ token: String?) async throws -> Int { try await client.send(.get, "/partnerships", token: token).items.count }
                #expect(try await count(t[.admin]) == 1)
                #expect(try await count(fixture.otherAdviserToken) == 0)
                #expect(try await count(fixture.otherHeadteacherToken) == 0)
                #expect(try await count(t[.supporter]) == 1)
                let detail = try await client.send(.get, "/partnerships/\(id)", token: t[.admin])
                #expect(detail.headers[.eTag] == "p\(id)-v2")
                #expect((detail.object["transitions"] as? [Any])?.count == 2)
            }
        }
    }

    @Test("proposing partnerships: admins anywhere, advisers in their LA, nobody else; Idempotency-Key replays")
    func createScope() async throws {
        try await APIFixture.with { fixture in
            _ = try await Self.seed(fixture)
            let need: Int64 = try await fixture.pool.query("SELECT id FROM needs WHERE urn = 100004")[0].decode("id")
            try await fixture.withClient { client in
                let t = fixture.tokens
                let body = #"{"supporterId":1,"needIds":[\#(need)],"objectives":["Maths mastery"],"daysCommitted":4}"#
                try await Self.expect(Call(method: .post, path: "/partnerships", json: body), [
                    (nil, .unauthorized), (t[.adviser], .forbidden), (t[.headteacher], .forbidden), (t[.supporter], .forbidden),
                    (t[.group], .forbidden),
                ], client: client)
                let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "p-1"]
                let first = try await client.send(.post, "/partnerships", token: fixture.otherAdviserToken, json: body, headers: key)
                let again = try await client.send(.post, "/partnerships", token: fixture.otherAdviserToken, json: body, headers: key)
                #expect(first.status == .created && again.status == .created)
                #expect(first.object["id"] as? Int == again.object["id"] as? Int)
                #expect(first.object["status"] as? String == "proposed")
                #expect(first.object["objectives"] as? [String] == ["Maths mastery"])
                let duplicate = try await client.send(.post, "/partnerships", token: t[.admin], json: body)
                #expect(duplicate.status == .conflict)
                let invalid = try await client.send(.post, "/partnerships", token: t[.admin], json: #"{"supporterId":99,"needIds":[]}"#)
                #expect(invalid.status == .unprocessableContent)
                let fields = (invalid.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(Set(fields) == ["needIds"])
            }
        }
    }

    @Test("moves: the supporter accepts its offer, a head teacher may only withdraw, illegal moves are 409 with the allowed ones")
    func transitions() async throws {
        try await APIFixture.with { fixture in
            let id = try await Self.seed(fixture)
            try await fixture.withClient { client in
                let t = fixture.tokens
                let path = "/partnerships/\(id)/transitions"
                try await Self.expect(Call(method: .post, path: path, json: #"{"to":"accepted"}"#), [
                    (nil, .unauthorized), (t[.group], .forbidden), (t[.headteacher], .forbidden),
                    (fixture.otherAdviserToken, .forbidden),
                ], client: client)
                let illegal = try await client.send(.post, path, token: t[.admin], json: #"{"to":"completed","impactNote":"x"}"#)
                #expect(illegal.status == .conflict)
                #expect(illegal.object["allowed"] as? [String] == ["accepted", "declined", "withdrawn"])
                let noReason = try await client.send(.post, path, token: t[.supporter], json: #"{"to":"declined"}"#)
                #expect(noReason.status == .unprocessableContent)

                let accepted = try await client.send(.post, path, token: t[.supporter], json: #"{"to":"accepted"}"#)
                #expect(accepted.status == .ok)
                #expect(accepted.object["status"] as? String == "accepted")
                let supporterNext = try await client.send(.post, path, token: t[.supporter], json: #"{"to":"active"}"#)
                #expect(supporterNext.status == .forbidden)
                let withdrawn = try await client.send(
                    .post, path, token: t[.headteacher], json: #"{"to":"withdrawn","reason":"new head teacher"}"#)
                #expect(withdrawn.status == .ok)
                let needs = try await client.send(.get, "/needs?urn=100001", token: t[.headteacher])
                #expect(needs.items.first?["status"] as? String == "open")
                let audit = try await fixture.pool.query(
                    "SELECT actor_id FROM audit_log WHERE entity = 'partnership' AND action = 'withdrawn'")
                #expect(try audit.map { try $0.decode("actor_id", as: Int64.self) } == [fixture.users[.headteacher]!.id])
            }
        }
    }

    @Test("changing terms needs a current If-Match: missing is 400, stale 412; only admins and the LA's advisers")
    func updateTerms() async throws {
        try await APIFixture.with { fixture in
            let id = try await Self.seed(fixture)
            try await fixture.withClient { client in
                let t = fixture.tokens
                let path = "/partnerships/\(id)"
                let tag = try #require(try await client.send(.get, path, token: t[.admin]).headers[.eTag])
                let body = #"{"reviewDates":["2026-01-15"]}"#
                let match: HTTPFields = [.ifMatch: tag]
                #expect(try await client.send(.patch, path, token: t[.admin], json: body).status == .badRequest)
                try await Self.expect(Call(method: .patch, path: path, json: body, headers: match), [
                    (nil, .unauthorized), (t[.headteacher], .forbidden), (t[.supporter], .forbidden), (t[.group], .forbidden),
                    (fixture.otherAdviserToken, .forbidden),
                ], client: client)
                let changed = try await client.send(.patch, path, token: t[.adviser], json: body, headers: match)
                #expect(changed.status == .ok)
                #expect(changed.object["reviewDates"] as? [String] == ["2026-01-15"])
                #expect(changed.headers[.eTag] != tag)
                let stale = try await client.send(.patch, path, token: t[.adviser], json: body, headers: match)
                #expect(stale.status == .preconditionFailed)
            }
        }
    }

    @Test("the register: a supporter sees its own record only; writes are for admins and advisers in scope")
    func supporterScope() async throws {
        try await APIFixture.with { fixture in
            _ = try await Self.seed(fixture)
            try await fixture.pool.query(
                "INSERT INTO supporters (name, kind, home_urn, phases, capacity) VALUES ('Digbeth Primary', 'school', 100004, '{primary}', 1)")
            try await fixture.withClient { client in
                let t = fixture.tokens
                func ids(_ token: String?) async throws -> [Int] {
                    try await client.send(.get, "/supporters", token: token).items.compactMap { $0["id"] as? Int }
                }
                #expect(try await ids(t[.admin]) == [1, 2])
                #expect(try await ids(t[.supporter]) == [1])
                #expect(try await ids(t[.group]) == [1, 2])
                let byDistrict = try await client.send(.get, "/supporters?district=Ladywood&status=proposed", token: t[.admin])
                #expect(byDistrict.items.compactMap { $0["id"] as? Int } == [2])
                try await Self.expect(Call(method: .get, path: "/supporters/2"), [
                    (nil, .unauthorized), (t[.supporter], .forbidden), (t[.headteacher], .ok),
                ], client: client)
                #expect(try await client.send(.get, "/supporters/1", token: t[.headteacher]).object["conflicts"] == nil)

                let tag = try #require(try await client.send(.get, "/supporters/2", token: t[.admin]).headers[.eTag])
                try await Self.expect(Call(method: .patch, path: "/supporters/2", json: #"{"capacity":3}"#, headers: [.ifMatch: tag]), [
                    (nil, .unauthorized), (t[.supporter], .forbidden), (t[.headteacher], .forbidden), (t[.group], .forbidden),
                    (t[.adviser], .forbidden), (fixture.otherAdviserToken, .ok),
                ], client: client)
                try await Self.expect(Call(method: .post, path: "/supporters/2/confirm"), [
                    (t[.group], .forbidden), (t[.adviser], .forbidden), (fixture.otherAdviserToken, .ok),
                ], client: client)

                let newSupporter = #"{"name":"Abbey Primary School","kind":"school","homeUrn":100001,"phases":["primary"],"capacity":2,"specialisms":[{"areaCode":"phonics","strength":0.8,"evidence":"phonics 95%"}]}"#
                try await Self.expect(Call(method: .post, path: "/supporters", json: newSupporter), [
                    (nil, .unauthorized), (t[.group], .forbidden), (t[.supporter], .forbidden), (t[.headteacher], .forbidden),
                    (fixture.otherAdviserToken, .forbidden), (t[.adviser], .created),
                ], client: client)
                let invalid = try await client.send(
                    .post, "/supporters", token: t[.admin],
                    json: #"{"name":"X","kind":"school","phases":["primary"],"capacity":2,"specialisms":[{"areaCode":"knitting","strength":0.5}]}"#)
                #expect(invalid.status == .unprocessableContent)
                // Text PostgreSQL cannot store (a NUL) is refused, not a server error.
                let nul = try await client.send(
                    .post, "/supporters", token: t[.admin],
                    json: #"{"name":"X\u0000","kind":"system_leader","phases":["primary"],"capacity":2,"specialisms":[{"areaCode":"reading\u0000","strength":0.5}]}"#)
                #expect(nul.status == .unprocessableContent, "\(nul.status)")
                try await Self.expect(Call(method: .post, path: "/supporters/proposals", json: #"{"year":2026}"#), [
                    (nil, .unauthorized), (t[.group], .forbidden), (t[.headteacher], .forbidden), (t[.supporter], .forbidden),
                    (t[.admin], .ok),
                ], client: client)
                let writes = try await fixture.pool.query(
                    "SELECT action FROM audit_log WHERE entity = 'supporter' ORDER BY id")
                #expect(try writes.map { try $0.decode("action", as: String.self) } == ["update", "confirm", "create"])
            }
        }
    }
}
