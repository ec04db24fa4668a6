import Broker
import HTTPTypes
import Hummingbird
import Foundation
import HummingbirdTesting
import Testing

@Suite("Need routes")
struct NeedRouteTests {
    static let newNeed = #"{"urn":100001,"areaCode":"phonics","academicYear":2026,"severity":3,"rationale":"phonics check results fell"}"#

    @Test("the needs list shows each role its scope, and refuses what lies outside it")
    func listScope() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                func urns(_ query: String, _ token: String?) async throws -> [Int] {
                    try await client.send(.get, "/needs" + query, token: token).items.compactMap { $0["urn"] as? Int }
                }
                #expect(Set(try await urns("", fixture.tokens[.admin])) == [100001, 100004])
                #expect(try await urns("", fixture.tokens[.adviser]) == [100001])
                #expect(try await urns("", fixture.otherAdviserToken) == [100004])
                #expect(try await urns("", fixture.tokens[.headteacher]) == [100001])
                #expect(try await urns("", fixture.otherHeadteacherToken) == [])
                #expect(try await urns("?year=2025&area=ks2-maths&status=open", fixture.tokens[.admin]) == [100004])
                #expect(try await urns("?year=2024", fixture.tokens[.admin]) == [])

                let refused: [(String, String?)] = [
                    ("?la=330", fixture.tokens[.adviser]), ("?urn=100004", fixture.tokens[.headteacher]),
                    ("", fixture.tokens[.supporter]), ("", fixture.tokens[.group]),
                ]
                for (query, token) in refused {
                    let response = try await client.send(.get, "/needs" + query, token: token)
                    #expect(response.status == .forbidden)
                    #expect(response.object["type"] as? String == "https://schoolbroker.example/problems/forbidden")
                }
            }
        }
    }

    @Test("needs page newest first without repeats")
    func pages() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let first = try await client.send(.get, "/needs?limit=1", token: fixture.tokens[.admin])
                let cursor = try #require(first.object["nextCursor"] as? String)
                let second = try await client.send(.get, "/needs?limit=1&cursor=\(cursor)", token: fixture.tokens[.admin])
                #expect(first.items.first?["urn"] as? Int == 100004)
                #expect(second.items.first?["urn"] as? Int == 100001)
                #expect(second.object["nextCursor"] == nil || second.object["nextCursor"] is NSNull)
            }
        }
    }

    @Test("a head teacher self-refers its own school; the need and its audit row are written together")
    func selfReferral() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let response = try await client.send(.post, "/needs", token: fixture.tokens[.headteacher], json: Self.newNeed)
                #expect(response.status == .created)
                #expect(response.object["source"] as? String == "self_referral")
                #expect(response.object["status"] as? String == "open")
                let id = try #require(response.object["id"] as? Int)
                #expect(response.headers[.location] == "/needs/\(id)")
                let audit = try await fixture.pool.query(
                    """
                    SELECT actor_id, action, after ->> 'areaCode' AS area FROM audit_log
                    WHERE entity = 'need' AND entity_id = \(String(id))
                    """)
                #expect(audit.count == 1)
                #expect(try audit[0].decode("actor_id", as: Int64.self) == fixture.users[.headteacher]!.id)
                #expect(try audit[0].decode("action", as: String.self) == "create")
                #expect(try audit[0].decode("area", as: String.self) == "phonics")
            }
        }
    }

    @Test("an adviser raises needs within its LA only; supporters and groups raise none; others' schools are refused")
    func createScope() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let adviser = try await client.send(.post, "/needs", token: fixture.tokens[.adviser], json: Self.newNeed)
                #expect(adviser.status == .created)
                #expect(adviser.object["source"] as? String == "adviser")
                let refused: [String?] = [
                    fixture.otherAdviserToken, fixture.otherHeadteacherToken, fixture.tokens[.supporter], fixture.tokens[.group],
                ]
                for token in refused {
                    let response = try await client.send(.post, "/needs", token: token, json: Self.newNeed)
                    #expect(response.status == .forbidden)
                }
                let count = try await fixture.pool.query("SELECT count(*) AS n FROM needs WHERE area_code = 'phonics'")
                #expect(try count[0].decode("n", as: Int.self) == 1)
            }
        }
    }

    @Test("invalid fields are a 422 problem listing each field; malformed JSON a 400; a duplicate a 409")
    func validation() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let token = fixture.tokens[.admin]
                let invalid = try await client.send(
                    .post, "/needs", token: token,
                    json: #"{"urn":100001,"areaCode":"knitting","academicYear":2026,"severity":9}"#)
                #expect(invalid.status == .unprocessableContent)
                let fields = (invalid.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(Set(fields) == ["severity", "areaCode"])

                let missing = try await client.send(.post, "/needs", token: token, json: #"{"urn":100001}"#)
                #expect(missing.status == .badRequest)
                #expect(missing.headers[.contentType] == "application/problem+json")

                let unknownSchool = try await client.send(
                    .post, "/needs", token: token, json: #"{"urn":999999,"areaCode":"phonics","academicYear":2026,"severity":2}"#)
                #expect(unknownSchool.status == .unprocessableContent)

                #expect(try await client.send(.post, "/needs", token: token, json: Self.newNeed).status == .created)
                let duplicate = try await client.send(.post, "/needs", token: token, json: Self.newNeed)
                #expect(duplicate.status == .conflict)
                #expect(duplicate.object["type"] as? String == "https://schoolbroker.example/problems/conflict")
                #expect(!String(buffer: duplicate.body).contains("INSERT"))
            }
        }
    }

    @Test("a create retried with the same Idempotency-Key returns the first answer and writes once; a reused key with another body is a 409")
    func idempotentCreate() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let token = fixture.tokens[.headteacher]
                let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "retry-1"]
                let first = try await client.send(.post, "/needs", token: token, json: Self.newNeed, headers: key)
                let second = try await client.send(.post, "/needs", token: token, json: Self.newNeed, headers: key)
                #expect(first.status == .created)
                #expect(second.status == .created)
                #expect(first.object["id"] as? Int == second.object["id"] as? Int)
                #expect(first.object["createdAt"] as? String == second.object["createdAt"] as? String)
                // Only the retry says it created nothing.
                #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
                #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                let needs = try await fixture.pool.query("SELECT count(*) AS n FROM needs WHERE area_code = 'phonics'")
                #expect(try needs[0].decode("n", as: Int.self) == 1)
                let audits = try await fixture.pool.query("SELECT count(*) AS n FROM audit_log WHERE entity = 'need'")
                #expect(try audits[0].decode("n", as: Int.self) == 1)

                let other = Self.newNeed.replacingOccurrences(of: "\"severity\":3", with: "\"severity\":4")
                let reused = try await client.send(.post, "/needs", token: token, json: other, headers: key)
                #expect(reused.status == .conflict)
            }
        }
    }
}
